package mock_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/mobmock/mobmock/mock"
)

// conflict is an answer the contract documents for createOrder (409).
var conflict = map[string]any{"status": "ERROR", "errors": []any{map[string]any{"code": "wrong-state", "message": "Forced by the test."}}}

// TestOverridesConsumedExactlyNTimes: an override for the next 5 matching
// requests answers exactly 5 of 40 concurrent ones; requests that do not
// match its body pointer, and other tenants, get the mock's own answers.
func TestOverridesConsumedExactlyNTimes(t *testing.T) {
	s := devServer(t, mock.Config{})
	got := devAdmin(t, s, "POST", "/__admin/tenants/acme/overrides", map[string]any{
		"method": "POST", "path": "/mobproc/v1/orders", "match": map[string]any{"/orderRequest/transactionType": "SUSPEND"},
		"times": 5, "status": 409, "body": conflict, "headers": map[string]string{"Retry-After": "3"},
	}, 201)
	var ov mock.Override
	if err := json.Unmarshal(got.body, &ov); err != nil || ov.ID == "" || ov.Remaining != 5 || ov.Operation != "createOrder" || len(ov.Warnings) != 0 {
		t.Fatalf("registered: %v %s", err, got.body)
	}
	suspend := devFixture(t, "mobproc/suspend.request.json")
	swap := devFixture(t, "mobproc/swap-devices.request.json")
	var (
		wg         sync.WaitGroup
		mu         sync.Mutex
		overridden int
		others     []int
	)
	for i := range 40 {
		wg.Go(func() {
			tenant, body := "acme", suspend
			switch i % 4 {
			case 1:
				body = swap // does not match the pointer
			case 2:
				tenant = "globex" // another tenant
			}
			a := devDo(t, s.Client(), devReq(t, "POST", s.URL+"/mobproc/v1/orders?confirm=true", tenant, body))
			mu.Lock()
			defer mu.Unlock()
			if a.header.Get("X-Mobmock-Override") == ov.ID {
				overridden++
				if a.status != 409 || a.header.Get("Retry-After") != "3" || !strings.Contains(string(a.body), "Forced by the test.") || tenant != "acme" || i%4 == 1 {
					t.Errorf("request %d (%s): overridden with status %d: %s", i, tenant, a.status, a.body)
				}
				return
			}
			others = append(others, a.status)
		})
	}
	wg.Wait()
	if overridden != 5 {
		t.Errorf("the override answered %d requests, want exactly 5", overridden)
	}
	for _, st := range others {
		if st != 200 {
			t.Errorf("a request the override did not answer got %d", st)
		}
	}
	if list := devAdmin(t, s, "GET", "/__admin/tenants/acme/overrides", nil, 200); !strings.Contains(string(list.body), `"overrides":[]`) {
		t.Errorf("a used-up override is still listed: %s", list.body)
	}
	if j := journalInjected(t, s, "acme"); !hasPrefixIn(j, "override "+ov.ID) {
		t.Errorf("the journal does not mark overridden answers: %q", j)
	}
}

// TestOverridesAreCheckedAgainstTheContract: strict mode refuses an
// override the contract does not allow; lenient mode accepts it with the
// warnings; an override for no operation is always refused.
func TestOverridesAreCheckedAgainstTheContract(t *testing.T) {
	tests := []struct {
		name     string
		strict   bool
		override map[string]any
		want     int
		mention  string
	}{
		{name: "undocumented status, strict", strict: true, want: 422, mention: "no 418",
			override: map[string]any{"method": "GET", "path": "/mobproc/v1/orders", "status": 418}},
		{name: "undocumented status, lenient", want: 201, mention: "no 418",
			override: map[string]any{"method": "GET", "path": "/mobproc/v1/orders", "status": 418}},
		{name: "body against the schema, strict", strict: true, want: 422, mention: "body",
			override: map[string]any{"method": "GET", "path": "/mobproc/v1/orders/*", "status": 404, "body": map[string]any{"oops": true}}},
		{name: "body against the schema, lenient", want: 201, mention: "body",
			override: map[string]any{"method": "GET", "path": "/mobproc/v1/orders/*", "status": 404, "body": map[string]any{"oops": true}}},
		{name: "a valid override, strict", strict: true, want: 201,
			override: map[string]any{"method": "POST", "path": "/mobproc/v1/orders", "status": 409, "body": conflict}},
		{name: "no such operation", want: 400, mention: "No operation",
			override: map[string]any{"method": "DELETE", "path": "/mobproc/v1/orders", "status": 200}},
		{name: "not a pointer", want: 400, mention: "JSON pointer",
			override: map[string]any{"method": "POST", "path": "/mobproc/v1/orders", "status": 409, "body": conflict, "match": map[string]any{"orderRequest": 1}}},
		// Answers no client can read as one: an informational status (101
		// would leave it waiting for a protocol switch), a body where the
		// status has none, headers that frame the message or belong to
		// CORS or to the mock.
		{name: "status 101", want: 400, mention: "from 200 to 599",
			override: map[string]any{"method": "GET", "path": "/mobproc/v1/orders", "status": 101}},
		{name: "status 100", want: 400, mention: "from 200 to 599",
			override: map[string]any{"method": "GET", "path": "/mobproc/v1/orders", "status": 100}},
		{name: "body on a 204", want: 400, mention: "no body",
			override: map[string]any{"method": "GET", "path": "/mobproc/v1/orders", "status": 204, "body": map[string]any{"a": 1}}},
		{name: "Content-Length", want: 400, mention: "Content-Length",
			override: map[string]any{"method": "GET", "path": "/mobproc/v1/orders", "status": 200, "headers": map[string]any{"Content-Length": "99999"}}},
		{name: "Transfer-Encoding", want: 400, mention: "transfer-encoding",
			override: map[string]any{"method": "GET", "path": "/mobproc/v1/orders", "status": 200, "headers": map[string]any{"transfer-encoding": "chunked"}}},
		{name: "Connection", want: 400, mention: "Connection",
			override: map[string]any{"method": "GET", "path": "/mobproc/v1/orders", "status": 200, "headers": map[string]any{"Connection": "upgrade"}}},
		{name: "CORS header", want: 400, mention: "--cors",
			override: map[string]any{"method": "GET", "path": "/mobproc/v1/orders", "status": 200, "headers": map[string]any{"Access-Control-Allow-Origin": "*"}}},
		{name: "the mock's own header", want: 400, mention: "the mock sets it",
			override: map[string]any{"method": "GET", "path": "/mobproc/v1/orders", "status": 200, "headers": map[string]any{"X-Mobmock-Override": "x"}}},
		{name: "header name with a space", want: 400, mention: "not a header name",
			override: map[string]any{"method": "GET", "path": "/mobproc/v1/orders", "status": 200, "headers": map[string]any{"X Bad": "x"}}},
		{name: "header value with a line break", want: 400, mention: "line breaks",
			override: map[string]any{"method": "GET", "path": "/mobproc/v1/orders", "status": 200, "headers": map[string]any{"X-Note": "a\r\nSet-Cookie: x=1"}}},
		{name: "body on a 205", want: 400, mention: "no body",
			override: map[string]any{"method": "GET", "path": "/mobproc/v1/orders", "status": 205, "body": map[string]any{"a": 1}}},
		{name: "Content-Type", want: 400, mention: "application/json",
			override: map[string]any{"method": "GET", "path": "/mobproc/v1/orders", "status": 200, "headers": map[string]any{"Content-Type": "text/html"}}},
		{name: "one header twice", want: 400, mention: "name the same header",
			override: map[string]any{"method": "GET", "path": "/mobproc/v1/orders", "status": 200, "headers": map[string]any{"x-a": "1", "X-A": "2"}}},
		{name: "a header it may set", want: 201,
			override: map[string]any{"method": "POST", "path": "/mobproc/v1/orders", "status": 409, "body": conflict, "headers": map[string]any{"X-Trace": "abc", "Cache-Control": "no-store"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := devServer(t, mock.Config{Strict: tt.strict})
			a := devAdmin(t, s, "POST", "/__admin/tenants/acme/overrides", tt.override, tt.want)
			if !strings.Contains(string(a.body), tt.mention) {
				t.Errorf("the answer does not mention %q: %s", tt.mention, a.body)
			}
		})
	}
}

// TestOverridesListDeleteReset: overrides are listed, deleted one by one,
// and dropped with their tenant.
func TestOverridesListDeleteReset(t *testing.T) {
	s := devServer(t, mock.Config{})
	add := func() string {
		a := devAdmin(t, s, "POST", "/__admin/tenants/acme/overrides",
			map[string]any{"method": "GET", "path": "/mobproc/v1/orders/*", "status": 404, "times": 3}, 201)
		var ov mock.Override
		if err := json.Unmarshal(a.body, &ov); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(a.body), `"body"`) {
			t.Errorf("an override without a body is shown with one: %s", a.body)
		}
		return ov.ID
	}
	count := func() int {
		var l struct{ Overrides []mock.Override }
		if err := json.Unmarshal(devAdmin(t, s, "GET", "/__admin/tenants/acme/overrides", nil, 200).body, &l); err != nil {
			t.Fatal(err)
		}
		return len(l.Overrides)
	}
	first := add()
	add()
	if n := count(); n != 2 {
		t.Fatalf("%d listed", n)
	}
	devAdmin(t, s, "DELETE", "/__admin/tenants/acme/overrides/"+first, nil, 200)
	devAdmin(t, s, "DELETE", "/__admin/tenants/acme/overrides/"+first, nil, 404)
	if n := count(); n != 1 {
		t.Fatalf("%d listed after a delete", n)
	}
	if a := devDo(t, s.Client(), devReq(t, "GET", s.URL+"/mobproc/v1/orders/8711660", "acme", nil)); a.status != 404 || a.header.Get("X-Mobmock-Override") == "" {
		t.Errorf("status %d, override %q", a.status, a.header.Get("X-Mobmock-Override"))
	}
	devAdmin(t, s, "POST", "/__admin/tenants/acme/reset", nil, 200)
	if n := count(); n != 0 {
		t.Errorf("%d listed after the tenant was reset", n)
	}
}

// TestOverridesAreBounded: a tenant keeps at most 100 overrides; the 101st
// is refused (507) with a hint, and deleting one makes room.
func TestOverridesAreBounded(t *testing.T) {
	s := devServer(t, mock.Config{})
	ov := map[string]any{"method": "GET", "path": "/mobproc/v1/orders", "status": 200}
	for i := 0; i < 100; i++ {
		devAdmin(t, s, "POST", "/__admin/tenants/acme/overrides", ov, 201)
	}
	a := devAdmin(t, s, "POST", "/__admin/tenants/acme/overrides", ov, 507)
	if !strings.Contains(string(a.body), "100 overrides") || !strings.Contains(string(a.body), "DELETE /__admin/tenants/acme/overrides") {
		t.Errorf("the refusal does not say the bound and the way out: %s", a.body)
	}
	devAdmin(t, s, "POST", "/__admin/tenants/globex/overrides", ov, 201) // another tenant has its own room
	devAdmin(t, s, "DELETE", "/__admin/tenants/acme/overrides/ov1", nil, 200)
	devAdmin(t, s, "POST", "/__admin/tenants/acme/overrides", ov, 201)

	// 10,000 in all: 100 tenants of 100 each.
	for i := 0; i < 98; i++ {
		for j := 0; j < 100; j++ {
			devAdmin(t, s, "POST", fmt.Sprintf("/__admin/tenants/t%d/overrides", i), ov, 201)
		}
	}
	for j := 0; j < 99; j++ {
		devAdmin(t, s, "POST", "/__admin/tenants/globex/overrides", ov, 201)
	}
	a = devAdmin(t, s, "POST", "/__admin/tenants/initech/overrides", ov, 507)
	if !strings.Contains(string(a.body), "10000 overrides") {
		t.Errorf("the 10,001st: %s", a.body)
	}
}

// TestOverridesAreBoundedInBytes: overrides weigh at most 64 MiB in all,
// whatever --max-body lets one body be; deleting makes room again.
func TestOverridesAreBoundedInBytes(t *testing.T) {
	s := devServer(t, mock.Config{MaxBody: 2 << 20})
	big := strings.Repeat("x", 1<<20)
	ov := map[string]any{"method": "GET", "path": "/mobproc/v1/orders/*", "status": 404,
		"body": map[string]any{"status": "ERROR", "errors": []any{map[string]any{"code": "not-found", "message": big}}}}
	n := 0
	for ; n < 100; n++ {
		tenant := fmt.Sprintf("t%d", n)
		req, err := http.NewRequest("POST", s.URL+"/__admin/tenants/"+tenant+"/overrides", strings.NewReader(mustJSON(t, ov)))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/json")
		if a := devDo(t, s.Client(), req); a.status == 507 {
			if !strings.Contains(string(a.body), "would take them past") {
				t.Errorf("the refusal: %.300s", a.body)
			}
			break
		} else if a.status != 201 {
			t.Fatalf("override %d: %d %.300s", n, a.status, a.body)
		}
	}
	if n < 60 || n > 64 {
		t.Fatalf("%d overrides of 1 MiB were taken before the 507, want about 64", n)
	}
	devAdmin(t, s, "DELETE", "/__admin/tenants/t0/overrides", nil, 200)
	req, _ := http.NewRequest("POST", s.URL+"/__admin/tenants/t0/overrides", strings.NewReader(mustJSON(t, ov)))
	req.Header.Set("Content-Type", "application/json")
	if a := devDo(t, s.Client(), req); a.status != 201 {
		t.Errorf("after a delete: %d %.300s", a.status, a.body)
	}
}

func mustJSON(t testing.TB, v any) string {
	t.Helper()
	data, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}
