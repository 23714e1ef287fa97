package spec

import (
	"net/http/httptest"
	"strings"
	"testing"
)

// TestStaticRoutesAreTheRouters: every path without parameters is found
// without the router, and the route is the one the router finds, for every
// method of every such path of both documents (and on any host).
func TestStaticRoutesAreTheRouters(t *testing.T) {
	s, err := bundled(FS)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, d := range s.Docs {
		doc, err := d.OpenAPI()
		if err != nil {
			t.Fatal(err)
		}
		for tmpl, item := range doc.Paths.Map() {
			if strings.Contains(tmpl, "{") {
				continue
			}
			for method, o := range item.Operations() {
				req := httptest.NewRequest(method, "http://acme.thefutureis.mobi"+d.Base+tmpl, nil)
				cached, ok := d.static[method+" "+d.Base+tmpl]
				if !ok {
					t.Errorf("%s %s%s is not in the static table", method, d.Base, tmpl)
					continue
				}
				want, _, err := d.router.FindRoute(req)
				if err != nil || want.Operation != o || cached.Operation != o || cached.Path != want.Path || cached.Method != want.Method {
					t.Errorf("%s %s%s: cached %s %s, router %v (%v)", method, d.Base, tmpl, cached.Method, cached.Path, want, err)
				}
				_, got, params, err := s.FindRoute(req)
				if err != nil || got != cached || len(params) != 0 {
					t.Errorf("%s %s%s: FindRoute gave %v %v %v", method, d.Base, tmpl, got, params, err)
				}
				n++
			}
		}
	}
	if n < 20 {
		t.Errorf("only %d static routes: the table is not built", n)
	}
}
