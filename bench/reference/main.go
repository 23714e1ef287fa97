// Command reference is the bare net/http server the benchmark compares
// mobmock with: it decodes the request body, if any, and writes a fixed
// JSON answer (the documented SWAP_DEVICES confirmation). No routing, no
// validation, no state: the practical ceiling of a Go HTTP server on the
// machine.
package main

import (
	_ "embed"
	"encoding/json"
	"flag"
	"io"
	"log"
	"net/http"
	"os"
	"strconv"
)

//go:embed answer.json
var answer []byte

func main() {
	// It takes mobmock's command line ("serve --addr A --log off") so that
	// bench/startup can start either the same way.
	args := os.Args[1:]
	if len(args) > 0 && args[0] == "serve" {
		args = args[1:]
	}
	fs := flag.NewFlagSet("reference", flag.ExitOnError)
	addr := fs.String("addr", "127.0.0.1:8090", "address to listen on")
	fs.String("log", "", "ignored (mobmock's flag)")
	_ = fs.Parse(args)
	length := strconv.Itoa(len(answer))
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
	log.Fatal(http.ListenAndServe(*addr, h))
}
