package spec

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/google/go-cmp/cmp"
)

// TestRouteTableIsTheRouter: for every path of both documents, with
// parameters filled in many ways and for every method, the route table gives
// the router's answer (route, parameters, error) or leaves the request to
// it; and it answers every method and path the documents define itself,
// without the router.
func TestRouteTableIsTheRouter(t *testing.T) {
	s, err := bundled(FS)
	if err != nil {
		t.Fatal(err)
	}
	defined, compared := 0, 0
	for _, d := range s.Docs {
		doc, err := d.OpenAPI()
		if err != nil {
			t.Fatal(err)
		}
		compared += compareWithRouter(t, d, doc, "/orders/1/2/3/4")
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

// TestRouteTableShapes: paths the documents do not have today but could: a
// path without parameters that lacks a method while a template also matches
// it (the router answers 405 without trying the template), a path item
// without operations, a template ending in a slash (an empty literal
// segment), templates that overlap, a path the router sees escaped.
func TestRouteTableShapes(t *testing.T) {
	ok := func() *openapi3.Operation {
		return &openapi3.Operation{Responses: openapi3.NewResponses(openapi3.WithStatus(200, &openapi3.ResponseRef{Value: openapi3.NewResponse().WithDescription("ok")}))}
	}
	param := func(name string) *openapi3.ParameterRef {
		return &openapi3.ParameterRef{Value: openapi3.NewPathParameter(name).WithSchema(openapi3.NewStringSchema())}
	}
	doc := &openapi3.T{OpenAPI: "3.0.3", Info: &openapi3.Info{Title: "shapes", Version: "1"}, Paths: openapi3.NewPaths(
		openapi3.WithPath("/people/find_one", &openapi3.PathItem{Get: ok()}),
		openapi3.WithPath("/people/{id}", &openapi3.PathItem{Get: ok(), Delete: ok(), Parameters: openapi3.Parameters{param("id")}}),
		openapi3.WithPath("/empty", &openapi3.PathItem{}),
		openapi3.WithPath("/a/{id}/", &openapi3.PathItem{Get: ok(), Parameters: openapi3.Parameters{param("id")}}),
		openapi3.WithPath("/things/{id}/{sub}", &openapi3.PathItem{Get: ok(), Parameters: openapi3.Parameters{param("id"), param("sub")}}),
		openapi3.WithPath("/things/{id}/special", &openapi3.PathItem{Post: ok(), Parameters: openapi3.Parameters{param("id")}}),
	)}
	d := &Document{Base: "/x"}
	if err := d.route(doc); err != nil {
		t.Fatal(err)
	}
	if n := compareWithRouter(t, d, doc, "/a/1/x", "/people/find_one/x", "/things/1/special"); n < 100 {
		t.Errorf("only %d comparisons", n)
	}
	// A path the router matches in its escaped form comes first among the
	// paths without parameters: the table then leaves everything to the
	// router.
	doc.Paths.Set("/sp ace", &openapi3.PathItem{Get: ok()})
	d = &Document{Base: "/x"}
	if err := d.route(doc); err != nil {
		t.Fatal(err)
	}
	if n := compareWithRouter(t, d, doc); n != 0 {
		t.Errorf("the table answered %d requests for a document it cannot express", n)
	}
}

// compareWithRouter compares the route table of d with d's router for every
// path of doc with its parameters filled in many ways (encoded, empty, too
// few or too many segments, a trailing slash, another case), for the extra
// paths, and for many methods; it returns how many requests the table
// answered.
func compareWithRouter(t *testing.T, d *Document, doc *openapi3.T, extra ...string) int {
	t.Helper()
	values := []string{"8712220", "x", "a.b", "a%2Fb", "%E2%82%AC", "a%20b", "A-Z_0~9", "%7Bid%7D", "%", "", "special", "find_one"}
	methods := []string{"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "get", "PROPFIND"}
	var paths []string
	for tmpl := range doc.Paths.Map() {
		for _, v := range values {
			p := d.Base + tmpl
			for strings.Contains(p, "{") {
				i, j := strings.Index(p, "{"), strings.Index(p, "}")
				p = p[:i] + v + p[j+1:]
			}
			paths = append(paths, p, p+"/", p+"/x", strings.ToUpper(p), strings.TrimSuffix(p, "/"+v), strings.ReplaceAll(p, " ", "%20"))
		}
	}
	paths = append(paths, d.Base, d.Base+"/", d.Base+"//", d.Base+"/nope")
	for _, e := range extra {
		paths = append(paths, d.Base+e)
	}
	compared := 0
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
	return compared
}
