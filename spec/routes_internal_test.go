package spec

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestRouteTableIsTheRouter: for every path of both documents, with
// parameters filled in many ways (encoded, empty, too few or too many
// segments, a trailing slash, another case) and for every method, the route
// table gives the router's answer (route, parameters, error) or leaves the
// request to it; and it answers every method and path the documents define
// itself, without the router.
func TestRouteTableIsTheRouter(t *testing.T) {
	s, err := bundled(FS)
	if err != nil {
		t.Fatal(err)
	}
	values := []string{"8712220", "x", "a.b", "a%2Fb", "%E2%82%AC", "a%20b", "A-Z_0~9", "%7Bid%7D", "%", ""}
	methods := []string{"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "get", "PROPFIND"}
	defined, compared := 0, 0
	for _, d := range s.Docs {
		doc, err := d.OpenAPI()
		if err != nil {
			t.Fatal(err)
		}
		var paths []string
		for tmpl := range doc.Paths.Map() {
			for _, v := range values {
				p := d.Base + tmpl
				for strings.Contains(p, "{") {
					i, j := strings.Index(p, "{"), strings.Index(p, "}")
					p = p[:i] + v + p[j+1:]
				}
				paths = append(paths, p, p+"/", p+"/x", strings.ToUpper(p), strings.TrimSuffix(p, "/"+v))
			}
		}
		paths = append(paths, d.Base, d.Base+"/", d.Base+"//", d.Base+"/nope", d.Base+"/orders/1/2/3/4")
		for _, p := range paths {
			for _, m := range methods {
				u, err := url.Parse("http://acme.thefutureis.mobi" + p)
				if err != nil {
					continue // not a path a client can send
				}
				req := &http.Request{Method: m, URL: u, Host: u.Host}
				got, gotParams, gotErr := d.routes.find(req)
				if gotErr == errAskRouter {
					continue
				}
				compared++
				want, wantParams, wantErr := d.router.FindRoute(req)
				if gotErr != wantErr {
					t.Errorf("%s %s: table error %v, router error %v", m, p, gotErr, wantErr)
					continue
				}
				if wantErr != nil {
					continue
				}
				if got.Path != want.Path || got.Method != want.Method || got.Operation != want.Operation || got.PathItem != want.PathItem {
					t.Errorf("%s %s: table %s %s, router %s %s", m, p, got.Method, got.Path, want.Method, want.Path)
				}
				if diff := cmp.Diff(wantParams, gotParams); diff != "" {
					t.Errorf("%s %s: parameters (-router +table):\n%s", m, p, diff)
				}
			}
		}
		for tmpl, item := range doc.Paths.Map() {
			p := d.Base + strings.NewReplacer("{", "", "}", "").Replace(tmpl)
			for m, o := range item.Operations() {
				defined++
				req := httptest.NewRequest(m, "http://acme.thefutureis.mobi"+p, nil)
				_, route, _, err := s.FindRoute(req)
				if err != nil || route.Operation != o {
					t.Errorf("%s %s: FindRoute gave %v, %v", m, p, route, err)
				}
				if _, _, err := d.routes.find(req); err == errAskRouter {
					t.Errorf("%s %s (%s) is not in the route table", m, p, tmpl)
				}
			}
		}
	}
	if defined < 40 || compared < 1000 {
		t.Errorf("only %d operations and %d comparisons: the table is not built", defined, compared)
	}
}
