package mock

import (
	"net/http"
	"strings"
)

// Limit wraps h so that at most n requests are served at once. Past that it
// answers at once with 503 and Retry-After, in the error shape of the API the
// request was for, instead of queueing without bound.
func Limit(h http.Handler, n int) http.Handler {
	sem := make(chan struct{}, n)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case sem <- struct{}{}:
			defer func() { <-sem }()
			h.ServeHTTP(w, r)
		default:
			api := apiMOBPROC
			if strings.HasPrefix(r.URL.Path, "/1/") {
				api = apiMobile
			}
			w.Header().Set("Retry-After", "1")
			_ = writeJSON(w, http.StatusServiceUnavailable, errorBody(api, []errorItem{{Code: codeOverloaded,
				Message: "The mock is serving as many requests as it is allowed to at once.",
				Hint:    "Retry after a second, or start it with a higher --max-in-flight."}}), "")
		}
	})
}
