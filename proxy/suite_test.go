package proxy_test

import (
	"os"
	"testing"

	"github.com/mobmock/mobmock/fixtures"
	"github.com/mobmock/mobmock/mock"
	"github.com/mobmock/mobmock/mock/mocktest"
	"github.com/mobmock/mobmock/proxy"
)

// TestConformanceSuiteThroughProxy runs the whole embedded conformance
// suite (documented flows, negative cases, business rules, tenancy)
// through the proxy to the mock, the client's Host kept (one case takes
// the tenant from the host's subdomain): every case still passes, so the proxy
// changes nothing a client can see, and the mock's answers break nothing
// the proxy judges (no response, domain or upstream violation; the
// negative cases' own requests are request violations, as they should be).
// Then the recording of all that traffic replays green against a fresh mock.
func TestConformanceSuiteThroughProxy(t *testing.T) {
	up := mocktest.Start(t, mock.Config{})
	dir := t.TempDir()
	p, base := start(t, proxy.Config{Target: up.URL, PreserveHost: true, Record: dir})
	set, err := fixtures.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	rep := conform(t, "through the proxy", base, set)
	pr := p.Report()
	if n := pr.Total(proxy.Response, proxy.Domain, proxy.Upstream); n != 0 {
		t.Errorf("%d violations of the mock's answers:\n%s", n, pr.Summary())
	}
	if pr.Total(proxy.Request) == 0 || pr.Exchanges < 200 {
		t.Errorf("%d exchanges, %d request violations: the negative cases did not go through", pr.Exchanges, pr.Total(proxy.Request))
	}
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
	recorded, err := fixtures.Load(os.DirFS(dir))
	if err != nil {
		t.Fatal(err)
	}
	fresh := mocktest.Start(t, mock.Config{})
	if replay := conform(t, "replay", fresh.URL, recorded); replay.Passed < len(rep.Results) {
		t.Errorf("replay: %s, from %d recorded exchanges", replay.Summary(), pr.Recorded)
	}
}
