package proxy_test

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"testing"

	"github.com/mobmock/mobmock/fixtures"
	"github.com/mobmock/mobmock/mock"
	"github.com/mobmock/mobmock/mock/mocktest"
	"github.com/mobmock/mobmock/proxy"
)

// TestDocumentedTrafficPasses sends every documented flow through the
// proxy to the mock: confirm, submit, read back, history and shipments of
// the three MOBPROC examples, create and read back each of the 31 Mobile
// activities, and lookups. Nothing is reported.
func TestDocumentedTrafficPasses(t *testing.T) {
	up := mocktest.Start(t, mock.Config{})
	p, base := start(t, proxy.Config{Target: up.URL})
	check := func(what string, a answer, want int) {
		t.Helper()
		if a.status != want {
			t.Errorf("%s: status %d, want %d\n%s", what, a.status, want, a.body)
		}
		if vs := violations(a); len(vs) > 0 || a.header.Get(proxy.HeaderViolations) != "" {
			t.Errorf("%s: violations reported:\n  %s", what, strings.Join(vs, "\n  "))
		}
	}
	for _, typ := range []string{"suspend", "swap-devices", "port-number"} {
		body := documented(t, "mobproc/"+typ+".request.json")
		tenant := "doc-" + typ
		check(typ+" confirm", send(t, "POST", base+"/mobproc/v1/orders?confirm=true", tenant, body), 200)
		sub := send(t, "POST", base+"/mobproc/v1/orders", tenant, body)
		check(typ+" submit", sub, 200)
		id := field(t, sub.body, "order.orderId")
		check(typ+" read back", send(t, "GET", base+"/mobproc/v1/orders/"+id, tenant, nil), 200)
		var order struct {
			Order struct {
				OrderSegments struct {
					Items []struct {
						OrderSegmentID string `json:"orderSegmentId"`
					} `json:"items"`
				} `json:"orderSegments"`
			} `json:"order"`
		}
		if err := json.Unmarshal(sub.body, &order); err != nil || len(order.Order.OrderSegments.Items) == 0 {
			t.Fatalf("%s: no segment in %s", typ, sub.body)
		}
		seg := order.Order.OrderSegments.Items[0].OrderSegmentID
		check(typ+" history", send(t, "GET", base+"/mobproc/v1/orders/"+id+"/history?orderSegment="+seg, tenant, nil), 200)
		check(typ+" shipments", send(t, "GET", base+"/mobproc/v1/orders/"+id+"/shipments?orderSegment="+seg, tenant, nil), 200)
	}
	for _, get := range []string{"/mobproc/v1/orders", "/mobproc/v1/assets/services/38382335", "/mobproc/v1/regions", "/mobproc/v1/vendors/105",
		"/mobproc/v1/employees/28673732", "/1/carriers", "/1/lines?per_page=5"} {
		check(get, send(t, "GET", base+get, "doc-lookups", nil), 200)
	}
	files, err := fs.Glob(fixtures.FS, "documented/mobile/*.request.json")
	if err != nil || len(files) != 31 {
		t.Fatalf("%d documented Mobile requests: %v", len(files), err)
	}
	for i, f := range files {
		name := strings.TrimSuffix(path.Base(f), ".request.json")
		tenant := fmt.Sprintf("doc-mobile-%d", i)
		created := send(t, "POST", base+"/1/activities", tenant, documented(t, "mobile/"+path.Base(f)))
		check(name+" create", created, 201)
		check(name+" read back", send(t, "GET", base+"/1/activities/"+field(t, created.body, "id"), tenant, nil), 200)
	}
	rep := p.Report()
	if n := rep.Total(); n != 0 {
		t.Errorf("%d violations in the report:\n%s", n, rep.Summary())
	}
	if rep.Exchanges < 80 || len(rep.Operations) < 10 {
		t.Errorf("report: %d exchanges, %d operations", rep.Exchanges, len(rep.Operations))
	}
}

// TestWarningsAreNotViolations: a lenient request with an undocumented
// field is forwarded, answered, and reported as a warning only; --strict
// makes it a request violation, and the mock's lenient 200 then a domain
// violation too.
func TestWarningsAreNotViolations(t *testing.T) {
	up := mocktest.Start(t, mock.Config{})
	body := []byte(strings.Replace(string(documented(t, "mobproc/suspend.request.json")), `"transactionType"`, `"note": "x", "transactionType"`, 1))
	for _, strict := range []bool{false, true} {
		p, base := start(t, proxy.Config{Target: up.URL, Strict: strict})
		a := send(t, "POST", base+"/mobproc/v1/orders?confirm=true", "warn", body)
		rep := p.Report()
		if a.status != 200 || rep.Operations[0].Warnings == 0 && !strict {
			t.Errorf("strict=%v: status %d, warnings %d", strict, a.status, rep.Operations[0].Warnings)
		}
		if got := rep.Total(proxy.Request) > 0; got != strict {
			t.Errorf("strict=%v: request violations %d\n%s", strict, rep.Total(proxy.Request), rep.Summary())
		}
		if got := rep.Total(proxy.Domain) > 0; got != strict {
			t.Errorf("strict=%v: domain violations %d\n%s", strict, rep.Total(proxy.Domain), rep.Summary())
		}
	}
}

// TestRequestViolations: what the client sends wrong is reported, the
// request is forwarded anyway, and the mock's refusal passes through.
func TestRequestViolations(t *testing.T) {
	up := mocktest.Start(t, mock.Config{})
	_, base := start(t, proxy.Config{Target: up.URL})
	suspend := documented(t, "mobproc/suspend.request.json")
	tests := []struct {
		name   string
		method string
		path   string
		body   []byte
		omit   string
		want   string
	}{
		{"body field missing", "POST", "/mobproc/v1/orders?confirm=true",
			[]byte(strings.Replace(string(suspend), `"serviceId"`, `"serviceIdx"`, 1)), "", "request required /orderRequest/serviceId"},
		{"header missing", "POST", "/mobproc/v1/orders?confirm=true", suspend, "client_id", "request missing-header (client_id)"},
		{"bad query value", "POST", "/mobproc/v1/orders?confirm=maybe", suspend, "", "request invalid-parameter (confirm)"},
		{"unknown query parameter", "GET", "/mobproc/v1/orders?colour=red", nil, "", "request unknown-parameter (colour)"},
		{"no such operation", "GET", "/mobproc/v1/nothing", nil, "", "request no-such-operation"},
		{"method not in the contract", "DELETE", "/mobproc/v1/orders", nil, "", "request method-not-allowed"},
		{"not JSON", "POST", "/1/activities", []byte(`{"activity":`), "", "request invalid-json"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, _ := http.NewRequest(tt.method, base+tt.path, strings.NewReader(string(tt.body)))
			req.Header["X-TNGO-TENANT"] = []string{"reqs"}
			if tt.omit != "client_id" {
				req.Header["client_id"] = []string{"x"}
			}
			req.Header.Set("Content-Type", "application/json")
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode < 400 {
				t.Errorf("the mock answered %d", resp.StatusCode)
			}
			got := strings.Join(resp.Header.Values(proxy.HeaderViolation), "\n")
			if !strings.Contains(got, tt.want) {
				t.Errorf("violations %q, want one starting %q", got, tt.want)
			}
		})
	}
}
