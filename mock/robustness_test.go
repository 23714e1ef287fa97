package mock_test

import (
	"bytes"
	"flag"
	"fmt"
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mobmock/mobmock/mock"
)

var update = flag.Bool("update", false, "rewrite docs/robustness.md from the bad-input table and the recorded answers in testdata/answers")

// badInput is one class of bad input, as docs/robustness.md lists it.
type badInput struct {
	class   string
	method  string
	path    string
	ctype   string // "" sends application/json; "-" sends none
	body    string
	headers map[string]string
	host    string // the Host to call, when not the listener's
	status  int
	code    string
	// also must appear in the answer (a header, a message part).
	also string
}

func badInputs() []badInput {
	order := `{"orderRequest":{"transactionType":"SUSPEND","serviceId":"38382335"}}`
	deep := strings.Repeat(`{"a":`, 40) + "1" + strings.Repeat("}", 40)
	return []badInput{
		{class: "Malformed JSON", method: "POST", path: "/mobproc/v1/orders?confirm=true", body: `{"orderRequest": {"transactionType" "SUSPEND"}}`, status: 400, code: "invalid-json", also: "line 1, column 37 (byte 36)"},
		{class: "Truncated JSON", method: "POST", path: "/mobproc/v1/orders?confirm=true", body: `{"orderRequest": {"serviceId": "38`, status: 400, code: "invalid-json", also: "unexpected end of the body"},
		{class: "Empty body", method: "POST", path: "/mobproc/v1/orders", body: "", status: 400, code: "empty-body"},
		{class: "Body that is not an object", method: "POST", path: "/1/activities", body: `[1, 2]`, status: 400, code: "type"},
		{class: "Non-JSON content type", method: "POST", path: "/mobproc/v1/orders", ctype: "text/plain", body: order, status: 415, code: "unsupported-media-type"},
		{class: "Missing content type", method: "POST", path: "/1/activities", ctype: "-", body: `{"activity":{}}`, status: 415, code: "unsupported-media-type"},
		{class: "Invalid UTF-8", method: "POST", path: "/mobproc/v1/orders", body: "{\"orderRequest\": {\"externalOrderNumber\": \"\xc3\x28\"}}", status: 400, code: "invalid-json", also: "invalid UTF-8"},
		{class: "Body over the limit (--max-body, default 1 MiB)", method: "POST", path: "/mobproc/v1/orders", body: `{"x": "` + strings.Repeat("a", 2<<20) + `"}`, status: 413, code: "body-too-large"},
		{class: "JSON nested deeper than 32 levels", method: "POST", path: "/1/activities", body: deep, status: 400, code: "too-deep"},
		{class: "Huge number", method: "POST", path: "/1/activities", body: `{"activity":{"activity_type_id":2,"employee_id":"10000","line_id":1` + strings.Repeat("0", 80) + `}}`, status: 400, code: "invalid-json", also: "longer than 64"},
		{class: "Number out of range", method: "POST", path: "/1/activities", body: `{"activity":{"activity_type_id":2,"employee_id":"10000","line_id":1e400}}`, status: 400, code: "invalid-json", also: "out of range"},
		{class: "Id too large to be exact", method: "POST", path: "/1/activities", body: `{"activity":{"activity_type_id":2,"employee_id":"10000","line_id":12345678901234567890}}`, status: 400, code: "range"},
		{class: "Duplicate keys", method: "POST", path: "/mobproc/v1/orders", body: `{"orderRequest": {"serviceId": "1", "serviceId": "2"}}`, status: 400, code: "duplicate-key", also: "appears twice"},
		{class: "Unknown query parameter", method: "GET", path: "/mobproc/v1/orders?colour=red", status: 400, code: "unknown-parameter", also: "colour"},
		{class: "Query parameter of the wrong type", method: "GET", path: "/mobproc/v1/orders?limit=ten", status: 400, code: "invalid-parameter", also: "limit"},
		{class: "Path id that is not an id", method: "GET", path: "/1/activities/not-a-number", status: 400, code: "invalid-parameter", also: "id"},
		{class: "Id that does not exist (or is another tenant's)", method: "GET", path: "/mobproc/v1/orders/8712220", status: 404, code: "not-found"},
		{class: "Path that no operation has", method: "GET", path: "/mobproc/v1/order", status: 404, code: "not-found"},
		{class: "Path outside both APIs", method: "GET", path: "/mobproc/v2/orders", status: 404, code: "not-found"},
		{class: "Unsupported method", method: "DELETE", path: "/mobproc/v1/orders", status: 405, code: "method-not-allowed", also: "GET, HEAD, POST"},
		{class: "Missing required header", method: "POST", path: "/mobproc/v1/orders?confirm=true", body: order, headers: map[string]string{"client_id": ""}, status: 400, code: "missing-header", also: "client_id"},
		{class: "Malformed tenant header", method: "GET", path: "/mobproc/v1/orders", headers: map[string]string{"X-TNGO-TENANT": "acme corp; drop"}, status: 400, code: "invalid-parameter", also: "X-TNGO-TENANT"},
		{class: "Tenant header too long", method: "GET", path: "/1/lines?employee_id=10000", headers: map[string]string{"X-TNGO-TENANT": strings.Repeat("t", 65)}, status: 400, code: "invalid-parameter", also: "X-TNGO-TENANT"},
		{class: "Empty or malformed subdomain (Host .x.y)", method: "GET", path: "/1/lines?employee_id=10000", headers: map[string]string{"X-TNGO-TENANT": ""}, host: ".x.y", status: 400, code: "invalid-parameter", also: "Host"},
		{class: "Query that does not parse whole (bad escape, semicolon, over 10,000 parameters)", method: "POST", path: "/mobproc/v1/orders?confirm=true&x=%zz", body: order, status: 400, code: "invalid-parameter", also: "query string"},
		{class: "Boolean parameter not spelled true or false", method: "POST", path: "/mobproc/v1/orders?confirm=TRUE", body: order, status: 400, code: "invalid-parameter", also: "confirm"},
		{class: "Compressed body (Content-Encoding)", method: "POST", path: "/1/activities", body: `{"activity":{}}`, headers: map[string]string{"Content-Encoding": "gzip"}, status: 415, code: "unsupported-media-type", also: "gzip"},
		{class: "Body with over 2,000 members and items", method: "POST", path: "/mobproc/v1/orders?confirm=true", body: `{"orderRequest":{"properties":[` + strings.Repeat("{},", 2500) + `{}]}}`, status: 400, code: "too-many-values"},
		{class: "Unsupported method outside the APIs", method: "POST", path: "/healthz", status: 405, code: "method-not-allowed", also: "GET, HEAD"},
	}
}

// TestBadInput: every class of bad input gets a clear error in the documented
// error shape of the API called, with the right status: never a 5xx, a
// panic, or a Go error string.
func TestBadInput(t *testing.T) {
	s, _ := start(t, mock.Config{})
	for _, bi := range badInputs() {
		t.Run(bi.class, func(t *testing.T) {
			req := newRequest(t, bi.method, s.URL+bi.path, bi.body, nil)
			if bi.body == "" && bi.method == "POST" {
				req.Header.Set("Content-Type", "application/json")
			}
			switch bi.ctype {
			case "":
			case "-":
				req.Header.Del("Content-Type")
			default:
				req.Header.Set("Content-Type", bi.ctype)
			}
			req.Header["X-TNGO-TENANT"] = []string{"acme"}
			req.Header["client_id"] = []string{"test"}
			for k, v := range bi.headers {
				if v == "" {
					delete(req.Header, k)
				} else {
					req.Header[k] = []string{v}
				}
			}
			if bi.host != "" {
				req.Host = bi.host
			}
			r := (&client{t: t, hc: s.Client()}).send(req)
			if r.Status != bi.status {
				t.Fatalf("status %d, want %d: %s", r.Status, bi.status, r.Raw)
			}
			if ct := r.Header.Get("Content-Type"); ct != "application/json" {
				t.Errorf("Content-Type %q", ct)
			}
			if !r.hasError(bi.code, "*") {
				t.Errorf("no %s error: %s", bi.code, r.Raw)
			}
			m, _ := r.Body.(map[string]any)
			if strings.HasPrefix(bi.path, "/mobproc/") && m["status"] != "ERROR" {
				t.Errorf("MOBPROC error without status ERROR: %s", r.Raw)
			}
			text := string(r.Raw) + fmt.Sprint(r.Header)
			if bi.also != "" && !strings.Contains(text, bi.also) {
				t.Errorf("answer does not say %q: %s %v", bi.also, r.Raw, r.Header)
			}
			for _, leak := range []string{"json:", "runtime error", "strconv.", "goroutine", "openapi3", "jsonschema", "%!"} {
				if strings.Contains(string(r.Raw), leak) {
					t.Errorf("answer shows internals (%q): %s", leak, r.Raw)
				}
			}
		})
	}
}

// TestRobustnessDoc: docs/robustness.md lists exactly the classes above
// with their statuses and codes (go test ./mock -update rewrites it).
func TestRobustnessDoc(t *testing.T) {
	const path = "../docs/robustness.md"
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	begin, end := []byte("<!-- bad-input table: generated -->\n"), []byte("<!-- end of table -->")
	i, j := bytes.Index(data, begin), bytes.Index(data, end)
	if i < 0 || j < i {
		t.Fatalf("%s lacks the table markers", path)
	}
	var table strings.Builder
	table.WriteString("| bad input | example | status | error code |\n|---|---|---|---|\n")
	for _, bi := range badInputs() {
		example := bi.method + " " + bi.path
		if len(example) > 60 {
			example = example[:57] + "..."
		}
		fmt.Fprintf(&table, "| %s | `%s` | %d %s | `%s` |\n", bi.class, example, bi.status, http.StatusText(bi.status), bi.code)
	}
	rewriteOrCompare(t, path, string(data[:i+len(begin)])+table.String()+string(data[j:]), string(data))
}

// rewriteOrCompare rewrites a document with want under -update, and
// otherwise fails the test when it is not want.
func rewriteOrCompare(t *testing.T, path, want, got string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("%s is stale; run go test ./mock -update:\n%s", path, diff)
	}
}
