package proxy_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/mobmock/mobmock/mock"
	"github.com/mobmock/mobmock/mock/mocktest"
	"github.com/mobmock/mobmock/proxy"
)

// TestLinksPointAtTheProxy: by default the links of an answer that lead
// to the target (a submission's _meta links, an activity's Location) lead
// to the proxy instead, the answer says how many were rewritten, and the
// journal counts them; with KeepLinks they are the target's, as sent.
func TestLinksPointAtTheProxy(t *testing.T) {
	up := mocktest.Start(t, mock.Config{})
	for _, tt := range []struct {
		name, tenant string
		keepLinks    bool
	}{
		{name: "rewritten by default", tenant: "links-a"},
		{name: "kept with KeepLinks", tenant: "links-b", keepLinks: true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, base := start(t, proxy.Config{Target: up.URL, KeepLinks: tt.keepLinks})
			want, other := base, up.URL
			if tt.keepLinks {
				want, other = up.URL, base
			}
			sub := send(t, "POST", base+"/mobproc/v1/orders", tt.tenant, documented(t, "mobproc/suspend.request.json"))
			act := send(t, "POST", base+"/1/activities", tt.tenant, documented(t, "mobile/new-line.request.json"))
			if sub.status != http.StatusCreated && sub.status != http.StatusOK || act.status != http.StatusCreated {
				t.Fatalf("submission %d, activity %d", sub.status, act.status)
			}
			if !strings.Contains(string(sub.body), `"`+want+`/mobproc/v1/`) || strings.Contains(string(sub.body), other+"/") {
				t.Errorf("submission's links do not lead to %s:\n%s", want, sub.body)
			}
			if loc := act.header.Get("Location"); !strings.HasPrefix(loc, want+"/1/activities/") {
				t.Errorf("Location %q does not lead to %s", loc, want)
			}
			if got := act.header.Get(proxy.HeaderLinksRewritten) != ""; got == tt.keepLinks {
				t.Errorf("%s: %q", proxy.HeaderLinksRewritten, act.header.Get(proxy.HeaderLinksRewritten))
			}
			// The answer as the client got it is still whole JSON.
			var doc map[string]any
			if err := json.Unmarshal(sub.body, &doc); err != nil || len(violations(sub)) != 0 {
				t.Errorf("submission: %v, violations %q", err, violations(sub))
			}
			j := journalEntries(t, base)
			if len(j) != 2 {
				t.Fatalf("journal: %+v", j)
			}
			if rewritten := j[0].LinksRewritten > 0 && j[1].LinksRewritten > 0; rewritten == tt.keepLinks {
				t.Errorf("journal's linksRewritten: %+v", j)
			}
		})
	}
}
