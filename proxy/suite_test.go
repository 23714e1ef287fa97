package proxy_test

import (
	"os"
	"strings"
	"testing"

	"github.com/mobmock/mobmock/fixtures"
	"github.com/mobmock/mobmock/mock"
	"github.com/mobmock/mobmock/mock/mocktest"
	"github.com/mobmock/mobmock/proxy"
)

// TestConformanceSuiteThroughProxy runs the whole embedded conformance
// suite (documented flows, negative cases, business rules, tenancy)
// through the proxy to the mock, configured as the README says: by
// default (links to the target rewritten to the proxy, so a client that
// follows _meta.href, a next page or a Location stays behind it), and with
// PreserveHost for the cases that name their tenant by host name. Every
// case still passes, so the proxy changes nothing a client relies on, and
// the mock's answers break nothing the proxy judges (no response, domain
// or upstream violation; the negative cases' own requests are request
// violations, as they should be). Then the recording of the default run's
// traffic replays green against a fresh mock.
func TestConformanceSuiteThroughProxy(t *testing.T) {
	set, err := fixtures.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	plain, byHost := &fixtures.Set{RuleSets: set.RuleSets}, &fixtures.Set{RuleSets: set.RuleSets}
	for _, c := range set.Cases {
		if namesHost(c) {
			byHost.Cases = append(byHost.Cases, c)
		} else {
			plain.Cases = append(plain.Cases, c)
		}
	}
	if len(byHost.Cases) == 0 {
		t.Fatal("no case names its tenant by host name: the PreserveHost run checks nothing")
	}
	up := mocktest.Start(t, mock.Config{})
	hp, hbase := start(t, proxy.Config{Target: up.URL, PreserveHost: true})
	conform(t, "through the proxy with PreserveHost", hbase, byHost)
	if hr := hp.Report(); hr.Total(proxy.Response, proxy.Domain, proxy.Upstream) != 0 {
		t.Errorf("violations of the mock's answers with PreserveHost:\n%s", hr.Summary())
	}

	dir := t.TempDir()
	p, base := start(t, proxy.Config{Target: up.URL, Record: dir})
	rep := conform(t, "through the proxy", base, plain)
	pr := p.Report()
	if n := pr.Total(proxy.Response, proxy.Domain, proxy.Upstream); n != 0 {
		t.Errorf("%d violations of the mock's answers:\n%s", n, pr.Summary())
	}
	if pr.Total(proxy.Request) == 0 || pr.Exchanges < 200 {
		t.Errorf("%d exchanges, %d request violations: the negative cases did not go through", pr.Exchanges, pr.Total(proxy.Request))
	}
	if pr.LinksRewritten == 0 {
		t.Errorf("no answer had its links rewritten: the mock's links did not point at the target")
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

// namesHost reports whether a step of c sends its own Host header (the
// Mobile API's tenant by subdomain), which reaches the target only with
// PreserveHost.
func namesHost(c *fixtures.Case) bool {
	for _, st := range c.Steps {
		for k := range st.Request.Headers {
			if strings.EqualFold(k, "Host") {
				return true
			}
		}
	}
	return false
}
