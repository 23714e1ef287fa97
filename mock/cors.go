package mock

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/rs/cors"
)

// corsExposed are the response headers a browser app may read: the ones a
// client of the mock needs beyond the CORS-safelisted few.
var corsExposed = []string{"Location", "X-Mobmock-Warning", "X-Request-Id", "Retry-After", "WWW-Authenticate",
	"Preference-Applied", "X-Mobmock-Fault", "X-Mobmock-Override"}

// newCORS returns the CORS handler for origins (nil when the list is empty:
// CORS off). "*" allows any origin; otherwise each entry must be an origin
// such as http://localhost:3000. The error names the entry that is not.
func newCORS(origins []string) (*cors.Cors, error) {
	if len(origins) == 0 {
		return nil, nil
	}
	any := false
	for _, o := range origins {
		if o == "*" {
			any = true
			continue
		}
		u, err := url.Parse(o)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || (u.Path != "" && u.Path != "/") || u.RawQuery != "" {
			return nil, fmt.Errorf("CORS origin %q is not an origin such as http://localhost:3000 (or * for any)", o)
		}
	}
	opts := cors.Options{
		AllowedOrigins: origins,
		AllowedMethods: []string{http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete},
		// "*" makes the library echo what the preflight asks for, which is
		// how Authorization, X-TNGO-TENANT and client_id get through: a
		// literal "*" in Access-Control-Allow-Headers never covers
		// Authorization.
		AllowedHeaders: []string{"*"},
		ExposedHeaders: corsExposed,
		MaxAge:         600,
		// Cookies and HTTP auth only for origins named one by one: a
		// browser refuses credentials with Access-Control-Allow-Origin: *.
		// Bearer tokens are headers, not credentials, and work either way.
		AllowCredentials: !any,
	}
	if any {
		opts.AllowedOrigins = []string{"*"}
	}
	return cors.New(opts), nil
}

// preflight adds the CORS headers to every answer and answers a CORS
// preflight (OPTIONS with Access-Control-Request-Method) itself, reporting
// whether it did. The admin API and the console's own endpoints stay
// closed to other origins: a web page the developer happens to visit must
// not reset or rig the mock, nor read a tenant's traffic and state (the
// console page is served by the mock itself and needs no CORS).
func (s *Server) preflight(w http.ResponseWriter, r *http.Request) bool {
	if s.cors == nil || strings.HasPrefix(r.URL.Path, "/__admin/") || strings.HasPrefix(r.URL.Path, "/__console/") {
		return false
	}
	s.cors.HandlerFunc(w, r)
	return r.Method == http.MethodOptions && r.Header.Get("Access-Control-Request-Method") != ""
}
