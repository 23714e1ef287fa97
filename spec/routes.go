package spec

import (
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/routers"
)

// routeTable holds the router's answers for a document's paths, so that
// FindRoute can give them without the router. kin-openapi's gorilla/mux
// router tries one regular expression per path, in the order of
// openapi3.Paths.InMatchingOrder, against the escaped path, and copies the
// route it finds; for GET /orders/{orderId} that was 7% of the mock's CPU
// time (bench/profile.sh get, 2026-12-03). The table decides the same way
// on the path's segments: the first path, in the router's order (paths
// without parameters first), whose literal segments are equal and whose
// parameters are non-empty (the router's [^/]+) is the answer, with the
// router's route for the method or, when the path has no such method,
// ErrMethodNotAllowed as the router says. Every caller gets the same
// *routers.Route for an operation: callers must not change it. What the table does not match goes to the router
// (TestRouteTableIsTheRouter compares both on every path and method).
type routeTable struct {
	// static maps "METHOD /base/path" of the paths without parameters, and
	// staticPaths holds those paths: the router answers 405 for a path it
	// matches first without the method, before trying any template.
	static      map[string]*routers.Route
	staticPaths map[string]bool
	// templates are the paths with parameters, in the router's order.
	templates []pathTemplate
	// base is the document's base path.
	base string
}

// pathTemplate is one path with parameters, split on its slashes.
type pathTemplate struct {
	// segments are the path's segments after the base: a literal, or ""
	// where names holds a parameter's name.
	segments, names []string
	// routes are the router's routes for the path, by method.
	routes map[string]*routers.Route
}

// newRouteTable asks router for the route of every path and method of t
// once, with base before each path. A path whose route the router does not
// give back as expected is left to the router, and so is every path after it
// in the router's order.
func newRouteTable(t *openapi3.T, base string, router routers.Router) *routeTable {
	rt := &routeTable{static: map[string]*routers.Route{}, staticPaths: map[string]bool{}, base: base}
	for _, tmpl := range t.Paths.InMatchingOrder() {
		item := t.Paths.Value(tmpl)
		var p pathTemplate
		if !strings.Contains(tmpl, "{") && url.PathEscape(strings.ReplaceAll(tmpl, "/", "")) != strings.ReplaceAll(tmpl, "/", "") {
			return rt // a path the router sees escaped
		}
		if strings.Contains(tmpl, "{") {
			p = pathTemplate{routes: map[string]*routers.Route{}}
			for _, s := range strings.Split(strings.TrimPrefix(tmpl, "/"), "/") {
				if strings.HasPrefix(s, "{") && strings.HasSuffix(s, "}") && !strings.ContainsAny(s[1:len(s)-1], "{}:*") {
					p.segments, p.names = append(p.segments, ""), append(p.names, s[1:len(s)-1])
				} else if s != "" && !strings.ContainsAny(s, "{}") && url.PathEscape(s) == s {
					p.segments, p.names = append(p.segments, s), append(p.names, "")
				} else {
					return rt // a template the segments cannot express
				}
			}
		}
		for method := range item.Operations() {
			path := tmpl
			for _, n := range p.names {
				if n != "" {
					path = strings.Replace(path, "{"+n+"}", "p", 1)
				}
			}
			req := &http.Request{Method: method, URL: &url.URL{Path: base + path}, Host: "mobmock.invalid"}
			route, _, err := router.FindRoute(req)
			if err != nil || route.Path != tmpl || route.Method != method {
				return rt
			}
			if p.routes == nil {
				rt.static[method+" "+base+tmpl] = route
			} else {
				p.routes[method] = route
			}
		}
		if p.routes != nil {
			rt.templates = append(rt.templates, p)
		} else {
			rt.staticPaths[base+tmpl] = true // every method is in static
		}
	}
	return rt
}

// errAskRouter is find's answer for a path the table does not match.
var errAskRouter = errors.New("ask the router")

// find answers for req as the router would, or errAskRouter when the table
// does not match its path.
func (rt *routeTable) find(req *http.Request) (*routers.Route, map[string]string, error) {
	escaped := req.URL.EscapedPath() // what the router matches
	if route, ok := rt.static[req.Method+" "+escaped]; ok {
		return route, map[string]string{}, nil
	}
	if rt.staticPaths[escaped] {
		return nil, nil, routers.ErrMethodNotAllowed
	}
	rel, ok := strings.CutPrefix(escaped, rt.base+"/")
	if !ok {
		return nil, nil, errAskRouter
	}
	for i := range rt.templates {
		p := &rt.templates[i]
		if !p.matches(rel) {
			continue
		}
		route := p.routes[req.Method]
		if route == nil {
			return nil, nil, routers.ErrMethodNotAllowed
		}
		params := make(map[string]string, 2)
		for _, name := range p.names {
			seg, rest, _ := strings.Cut(rel, "/")
			if name != "" {
				params[name] = seg
			}
			rel = rest
		}
		return route, params, nil
	}
	return nil, nil, errAskRouter
}

// matches reports whether rel, an escaped path after the base and its
// slash, has p's literal segments and a non-empty segment for each of its
// parameters.
func (p *pathTemplate) matches(rel string) bool {
	for i, want := range p.segments {
		seg := rel
		if j := strings.IndexByte(rel, '/'); j >= 0 {
			if i == len(p.segments)-1 {
				return false // more segments than p has
			}
			seg, rel = rel[:j], rel[j+1:]
		} else if i < len(p.segments)-1 {
			return false // fewer segments than p has
		} else {
			rel = ""
		}
		if want == "" && seg == "" || want != "" && seg != want {
			return false
		}
	}
	return true
}
