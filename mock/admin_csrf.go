package mock

import (
	"mime"
	"net/http"
)

// adminNoForms refuses a state-changing admin request whose body is of a
// type an HTML form of any site can send without asking (form-encoded,
// multipart, text/plain): with sameOrigin (which checks Origin and
// Sec-Fetch-Site) no page elsewhere can reset the mock. curl and scripts
// send no body or JSON, and are unaffected.
func (s *Server) adminNoForms(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if ct := r.Header.Get("Content-Type"); ct != "" {
			mt, _, err := mime.ParseMediaType(ct)
			if err != nil || mt == "application/x-www-form-urlencoded" || mt == "multipart/form-data" || mt == "text/plain" {
				s.writeError(&call{w: w, r: r, rec: &record{}}, failf(codeUnsupportedMedia,
					"Send no body, or Content-Type: application/json; the admin API refuses what an HTML form can send, so that no other site can change the mock.",
					"The admin API does not take %q.", ct))
				return
			}
		}
		h.ServeHTTP(w, r)
	})
}
