// Command floor is the reference server (bench/reference) plus the checks
// every request must pass before mobmock does anything of its own: finding
// the operation (spec.FindRoute: kin-openapi's router, through the table of
// its answers), checking parameters and headers with
// openapi3filter.ValidateRequest (auth off: security passes), and, for a
// request with a body, decoding and validating it in the default reading
// (schemas.Check). The standards require both APIs' requests to be routed
// and checked with kin-openapi and bodies to be validated once; the floor
// does nothing else: no state, no expansion of ids, no journal. It answers
// the reference's fixed answer, or 400 (404 for an unknown path or
// method) when a check fails.
//
// bench/run.sh measures it beside the reference: how far below the bare
// server the plain checks alone put a mock of these APIs. mobmock skips
// part of them where the outcome is known (a header value found valid
// before, an optional header not sent: mock/params.go), so on requests
// with few other checks, such as GET /orders/{orderId}, it could in
// principle pass the floor; on the others the floor is the ceiling against
// which its figures read.
package main

import (
	"bytes"
	"io"
	"log"
	"net/http"
	"os"

	"github.com/getkin/kin-openapi/openapi3filter"

	"github.com/mobmock/mobmock/bench/internal/benchserver"
	"github.com/mobmock/mobmock/schemas"
	"github.com/mobmock/mobmock/spec"
)

func main() {
	addr := benchserver.Addr("floor", "127.0.0.1:8091", os.Args[1:])
	h, err := handler()
	if err != nil {
		log.Fatal(err)
	}
	log.Fatal(http.ListenAndServe(addr, h))
}

// handler answers as described above.
func handler() (http.Handler, error) {
	specs, err := spec.Load()
	if err != nil {
		return nil, err
	}
	set, err := schemas.Load()
	if err != nil {
		return nil, err
	}
	answer, length := benchserver.Answer, benchserver.AnswerLength
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/healthz" {
			w.WriteHeader(http.StatusOK)
			return
		}
		_, route, params, err := specs.FindRoute(r)
		if err != nil {
			http.Error(w, err.Error(), http.StatusNotFound)
			return
		}
		body := r.Body
		r.Body = http.NoBody // the body is read once, below
		in := &openapi3filter.RequestValidationInput{Request: r, PathParams: params, Route: route,
			Options: &openapi3filter.Options{ExcludeRequestBody: true, MultiError: true, AuthenticationFunc: openapi3filter.NoopAuthenticationFunc}}
		if err := openapi3filter.ValidateRequest(r.Context(), in); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		if route.Operation.RequestBody != nil {
			var buf bytes.Buffer
			if _, err := buf.ReadFrom(io.LimitReader(body, 1<<20)); err != nil {
				http.Error(w, err.Error(), http.StatusBadRequest)
				return
			}
			_, ps, err := set.Check(spec.RequestSchema(route.Operation), buf.Bytes(), schemas.Lenient)
			if err != nil {
				http.Error(w, err.Error(), http.StatusBadRequest)
				return
			}
			for _, p := range ps {
				if p.Severity == schemas.Error {
					http.Error(w, p.Message, http.StatusBadRequest)
					return
				}
			}
		}
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", length)
		_, _ = w.Write(answer)
	}), nil
}
