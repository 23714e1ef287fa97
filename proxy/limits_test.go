package proxy_test

import (
	"testing"

	"github.com/mobmock/mobmock/mock"
	"github.com/mobmock/mobmock/mock/mocktest"
	"github.com/mobmock/mobmock/proxy"
)

// TestMockLimitAnswersAreDocumented: the answers the mock gives at its own
// limits (406 for an Accept without JSON, 507 for a tenant that is full) are
// in the contract, so the proxy, which judges every answer against it,
// finds nothing wrong with them in either API.
func TestMockLimitAnswersAreDocumented(t *testing.T) {
	up := mocktest.Start(t, mock.Config{MaxRecordsPerTenant: 1})
	p, base := start(t, proxy.Config{Target: up.URL})
	for _, tt := range []struct {
		method, path, tenant string
		body                 []byte
		extra                []string
		want                 int
	}{
		{"GET", "/mobproc/v1/orders", "acme", nil, []string{"Accept", "text/html"}, 406},
		{"GET", "/1/lines?employee_id=10000", "acme", nil, []string{"Accept", "text/html"}, 406},
		{"POST", "/mobproc/v1/orders", "full1", documented(t, "mobproc/suspend.request.json"), nil, 200},
		{"POST", "/mobproc/v1/orders", "full1", documented(t, "mobproc/swap-devices.request.json"), nil, 507},
		{"POST", "/1/activities", "full2", documented(t, "mobile/new-line.request.json"), nil, 201},
		{"POST", "/1/activities", "full2", documented(t, "mobile/suspend.request.json"), nil, 507},
	} {
		if a := send(t, tt.method, base+tt.path, tt.tenant, tt.body, tt.extra...); a.status != tt.want {
			t.Errorf("%s %s: status %d, want %d: %s", tt.method, tt.path, a.status, tt.want, a.body)
		}
	}
	rep := p.Report()
	if n := rep.Total(proxy.Response); n != 0 {
		t.Errorf("%d response violations:\n%s", n, rep.Summary())
	}
}
