package proxy_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/mobmock/mobmock/mock"
	"github.com/mobmock/mobmock/mock/mocktest"
	"github.com/mobmock/mobmock/proxy"
)

// consoleTraffic is GET /__console/traffic as the console's page reads it.
type consoleTraffic struct {
	Requests []struct {
		ID       string            `json:"requestId"`
		Method   string            `json:"method"`
		Path     string            `json:"path"`
		Query    string            `json:"query"`
		API      string            `json:"api"`
		Status   int               `json:"status"`
		Errors   []proxy.Violation `json:"errors"`
		Request  consoleMessage    `json:"request"`
		Response consoleMessage    `json:"response"`
	} `json:"requests"`
}

type consoleMessage struct {
	Headers map[string]string `json:"headers"`
	Body    string            `json:"body"`
}

func readTraffic(t *testing.T, base, query string) consoleTraffic {
	t.Helper()
	a := send(t, "GET", base+"/__console/traffic?tenant=ignored"+query, "console", nil)
	if a.status != http.StatusOK {
		t.Fatalf("traffic%s: status %d\n%s", query, a.status, a.body)
	}
	var tr consoleTraffic
	if err := json.Unmarshal(a.body, &tr); err != nil {
		t.Fatalf("traffic%s: %v\n%s", query, err, a.body)
	}
	return tr
}

// TestConsoleTrafficShowsViolations sends a documented and a broken
// request through the proxy to the mock and reads them back from the
// proxy's console: newest first, the broken one with its violation
// (class, code, pointer), both messages in full and the client's token
// masked; the status and API filters select them.
func TestConsoleTrafficShowsViolations(t *testing.T) {
	up := mocktest.Start(t, mock.Config{})
	_, base := start(t, proxy.Config{Target: up.URL})
	good := send(t, "POST", base+"/mobproc/v1/orders?confirm=true", "console", documented(t, "mobproc/suspend.request.json"))
	if good.status != http.StatusOK {
		t.Fatalf("documented confirm: status %d\n%s", good.status, good.body)
	}
	broken := strings.Replace(string(documented(t, "mobproc/suspend.request.json")), `"SUSPEND"`, `"SUSPENDED"`, 1)
	bad := send(t, "POST", base+"/mobproc/v1/orders?confirm=true", "console", []byte(broken), "Authorization", "Bearer secret-console-token")
	if bad.status != http.StatusBadRequest {
		t.Fatalf("broken confirm: status %d, want the mock's 400\n%s", bad.status, bad.body)
	}

	tr := readTraffic(t, base, "")
	if len(tr.Requests) != 2 {
		t.Fatalf("traffic lists %d exchanges, want 2: %+v", len(tr.Requests), tr.Requests)
	}
	x := tr.Requests[0]
	if x.Method != "POST" || x.Path != "/mobproc/v1/orders" || x.Query != "confirm=true" || x.API != "mobproc" || x.Status != http.StatusBadRequest {
		t.Errorf("newest exchange is %s %s?%s (%s) → %d, want the broken POST /mobproc/v1/orders?confirm=true (mobproc) → 400", x.Method, x.Path, x.Query, x.API, x.Status)
	}
	found := false
	for _, v := range x.Errors {
		if v.Class == proxy.Request && v.Pointer == "/orderRequest/transactionType" && v.Code != "" && v.Message != "" {
			found = true
		}
	}
	if !found {
		t.Errorf("the broken exchange's errors lack the request violation at /orderRequest/transactionType: %+v", x.Errors)
	}
	if !strings.Contains(x.Request.Body, `"SUSPENDED"`) || !strings.Contains(x.Response.Body, "errors") {
		t.Errorf("the exchange is not shown in full:\nrequest %q\nresponse %q", x.Request.Body, x.Response.Body)
	}
	if got := x.Request.Headers["Authorization"]; got != "Bearer …" {
		t.Errorf("Authorization shown as %q, want it masked as %q", got, "Bearer …")
	}
	if len(tr.Requests[1].Errors) != 0 || tr.Requests[1].Status != http.StatusOK {
		t.Errorf("older exchange: status %d, errors %+v; want the documented confirm, 200 without violations", tr.Requests[1].Status, tr.Requests[1].Errors)
	}

	for _, c := range []struct {
		query string
		want  []int
	}{
		{"&status=4xx", []int{400}},
		{"&status=200", []int{200}},
		{"&status=5xx", nil},
		{"&api=mobproc", []int{400, 200}},
		{"&api=mobile", nil},
		{"&limit=1", []int{400}},
	} {
		var got []int
		for _, r := range readTraffic(t, base, c.query).Requests {
			got = append(got, r.Status)
		}
		if len(got) != len(c.want) || (len(got) > 0 && got[0] != c.want[0]) {
			t.Errorf("traffic%s lists statuses %v, want %v", c.query, got, c.want)
		}
	}
}

// TestConsolePathsAreTheProxys checks that the console's paths are
// answered by the proxy itself and never reach the target.
func TestConsolePathsAreTheProxys(t *testing.T) {
	var forwarded atomic.Int64
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		forwarded.Add(1)
		t.Errorf("the target got %s %s", r.Method, r.URL)
		w.WriteHeader(http.StatusTeapot)
	}))
	t.Cleanup(up.Close)
	_, base := start(t, proxy.Config{Target: up.URL})
	invalid := strings.Replace(string(documented(t, "mobproc/suspend.request.json")), `"SUSPEND"`, `"SUSPENDED"`, 1)
	for _, c := range []struct {
		name, method, path, body string
		status                   int
		contentType, contains    string
	}{
		{"page", "GET", "/", "", 200, "text/html", "mobmock console"},
		{"script", "GET", "/console/app.js", "", 200, "text/javascript", "proxy()"},
		{"style", "GET", "/console/style.css", "", 200, "text/css", "[hidden]"},
		{"no icon", "GET", "/favicon.ico", "", 404, "application/json", "no icon"},
		{"missing file", "GET", "/console/nope.js", "", 404, "application/json", "no file"},
		{"config says proxy", "GET", "/__console/config", "", 200, "application/json", `"mode": "proxy"`},
		{"empty traffic", "GET", "/__console/traffic?tenant=acme", "", 200, "application/json", `"requests": []`},
		{"bad status filter", "GET", "/__console/traffic?status=abc", "", 400, "application/json", "status must be"},
		{"bad api filter", "GET", "/__console/traffic?api=soap", "", 400, "application/json", "api must be"},
		{"bad limit", "GET", "/__console/traffic?limit=0", "", 400, "application/json", "limit must be"},
		{"no state", "GET", "/__console/state?tenant=acme", "", 404, "application/json", "keeps no orders"},
		{"register", "GET", "/__console/register", "", 200, "application/json", "MP-"},
		{"contract", "GET", "/__console/openapi/mobile", "", 200, "application/json", `"openapi"`},
		{"unknown API document", "GET", "/__console/openapi/soap", "", 404, "application/json", "no API"},
		{"unknown console path", "GET", "/__console/nope", "", 404, "application/json", "nothing at"},
		{"validate", "POST", "/__validate?api=mobproc", invalid, 200, "application/json", "/orderRequest/transactionType"},
		{"validate bad mode", "POST", "/__validate?strict=maybe", invalid, 400, "application/json", "strict must be"},
		{"validate with GET", "GET", "/__validate", "", 405, "application/json", "use POST"},
		{"post to the page", "POST", "/", "{}", 405, "application/json", "does not forward it"},
	} {
		t.Run(c.name, func(t *testing.T) {
			var body []byte
			if c.body != "" {
				body = []byte(c.body)
			}
			a := send(t, c.method, base+c.path, "console", body)
			if a.status != c.status {
				t.Errorf("status %d, want %d\n%s", a.status, c.status, a.body)
			}
			if ct := a.header.Get("Content-Type"); !strings.HasPrefix(ct, c.contentType) {
				t.Errorf("Content-Type %q, want %s", ct, c.contentType)
			}
			if !strings.Contains(string(a.body), c.contains) {
				t.Errorf("body lacks %q:\n%.500s", c.contains, a.body)
			}
		})
	}
	if n := forwarded.Load(); n != 0 {
		t.Errorf("%d console requests were forwarded to the target", n)
	}
}
