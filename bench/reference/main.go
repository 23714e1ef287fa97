// Command reference is the bare net/http server the benchmark compares
// mobmock with: it decodes the request body, if any, and writes a fixed
// JSON answer (the documented SWAP_DEVICES confirmation). No routing, no
// validation, no state: the practical ceiling of a Go HTTP server on the
// machine.
package main

import (
	"encoding/json"
	"io"
	"log"
	"net/http"
	"os"

	"github.com/mobmock/mobmock/bench/internal/benchserver"
)

func main() {
	// It takes mobmock's command line, so that bench/startup can start
	// either the same way.
	addr := benchserver.Addr("reference", "127.0.0.1:8090", os.Args[1:])
	answer, length := benchserver.Answer, benchserver.AnswerLength
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Body != nil {
			var v any
			data, _ := io.ReadAll(r.Body)
			if len(data) > 0 {
				_ = json.Unmarshal(data, &v)
			}
		}
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", length)
		_, _ = w.Write(answer)
	})
	log.Fatal(http.ListenAndServe(addr, h))
}
