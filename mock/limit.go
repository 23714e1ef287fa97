package mock

import (
	"net/http"

	"github.com/mobmock/mobmock/mock/internal/op"
)

// Limit wraps s so that at most n requests are served at once. Past that it
// answers at once with 503 and Retry-After, in the error shape of the API the
// request was for (as s routes it), instead of queueing without bound.
func Limit(s *Server, n int) http.Handler {
	sem := make(chan struct{}, n)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case sem <- struct{}{}:
			defer func() { <-sem }()
			s.ServeHTTP(w, r)
		default:
			x := s.newExchange(w, r, s.requestID(r))
			x.api = apiOf(r.URL.Path)
			s.reply(x, op.Result{Header: map[string]string{"Retry-After": "1"}}, op.Fail(op.CodeOverloaded,
				"The mock is serving as many requests as it is allowed to at once.",
				"Retry after a second, or start it with a higher --max-in-flight."))
		}
	})
}
