package mock

import (
	"fmt"
	"net/http"
	"path"
	"sort"
	"strings"

	"github.com/gorilla/mux"

	"github.com/mobmock/mobmock/mock/internal/op"
)

// methods are those the mock may answer 405 for, in the order Allow lists
// them.
var methods = []string{http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete, http.MethodOptions}

// handleMethodNotAllowed answers a path outside both APIs that a route
// serves, with another method: 405 with Allow, in the error shape.
func (s *Server) handleMethodNotAllowed(x *exchange) (op.Result, error) {
	r := x.r
	var allow []string
	for _, m := range methods {
		probe := r.Clone(r.Context())
		probe.Method = m
		var match mux.RouteMatch
		if s.router.Match(probe, &match) && match.MatchErr == nil {
			allow = append(allow, m)
		}
	}
	allow = withHead(allow)
	return op.Result{Header: map[string]string{"Allow": strings.Join(allow, ", ")}},
		op.Fail(op.CodeMethodNotAllowed, fmt.Sprintf("%s is not supported on %s.", r.Method, r.URL.Path), "Use "+strings.Join(allow, " or ")+".")
}

// withHead adds HEAD to a list of methods that has GET (the mock answers
// HEAD wherever it answers GET), sorted and without duplicates.
func withHead(ms []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, m := range ms {
		if !seen[m] {
			seen[m] = true
			out = append(out, m)
		}
	}
	if seen[http.MethodGet] && !seen[http.MethodHead] {
		out = append(out, http.MethodHead)
	}
	sort.Strings(out)
	return out
}

// asGet returns a HEAD request as the GET it stands for: the mock answers
// HEAD wherever it answers GET, with the same status and headers (net/http
// drops the body of an answer to HEAD).
func asGet(r *http.Request) *http.Request {
	if r.Method != http.MethodHead {
		return r
	}
	g := r.Clone(r.Context())
	g.Method = http.MethodGet
	return g
}

// cleanPath answers a path outside both APIs that is not in its clean
// form (double slashes, dot segments): a GET or HEAD with a redirect to the
// clean one, with a body that says so. Any other method gets an error (404),
// never a redirect, since a client following it would change its method
// (301) or send its body to a resource it did not name (POST
// /__admin/tenants/../reset is not POST /__admin/reset). It reports whether
// it answered, or the error to answer.
func cleanPath(w http.ResponseWriter, r *http.Request) (bool, error) {
	p := r.URL.Path
	if p == "" {
		return false, nil
	}
	clean := path.Clean(p)
	if strings.HasSuffix(p, "/") && clean != "/" {
		clean += "/"
	}
	if clean == p {
		return false, nil
	}
	if r.Method != http.MethodGet {
		return false, op.Fail(op.CodeNotFound, "Nothing is served at "+p+": the path has empty or dot segments (//, /./, /../).",
			"Send the request to the path itself, without empty or dot segments.")
	}
	u := *r.URL
	u.Path, u.RawPath = clean, ""
	w.Header().Set("Location", u.RequestURI())
	_ = writeJSON(w, http.StatusMovedPermanently, map[string]string{"location": u.RequestURI(),
		"message": "The path is not in its clean form; the resource is at " + u.RequestURI() + "."}, "")
	return true, nil
}

// checkBodyHeaders refuses, before a byte of the body is read, a body the
// mock would not take whatever it holds: one compressed with a
// Content-Encoding (the mock reads JSON as sent), and one whose declared
// length is over the limit. Refusing that before reading means that a
// client sending Expect: 100-continue gets 413 at once, never 100 Continue.
func (s *Server) checkBodyHeaders(x *exchange) error {
	if ce := x.r.Header.Get("Content-Encoding"); ce != "" && !strings.EqualFold(ce, "identity") {
		return op.Fail(op.CodeUnsupportedMedia, fmt.Sprintf("The Content-Encoding %q is not supported.", ce),
			"Send the body uncompressed, without a Content-Encoding header.")
	}
	if x.r.ContentLength > s.cfg.MaxBody {
		return tooLarge(s.cfg.MaxBody)
	}
	return nil
}

// tooLarge is the 413 for a body over limit bytes.
func tooLarge(limit int64) *op.Error {
	return op.Fail(op.CodeBodyTooLarge, fmt.Sprintf("The body is larger than the limit of %d bytes.", limit),
		"Send only the order or activity; the documented payloads are a few kilobytes.")
}
