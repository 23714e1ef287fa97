// Command publish writes the OpenAPI documents mobmock publishes for
// third-party tools (spec/dist/, see package internal/publish) from the
// sources in spec/ and schemas/. It is run by go generate in package spec:
//
//	go generate ./spec
//
// which runs `go run ../internal/cmd/publish -spec . -schemas ../schemas -out .`
// from the spec folder. It exits 1 when a document cannot be built, 2 on a
// usage error.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/mobmock/mobmock/internal/publish"
)

func main() { os.Exit(run(os.Args[1:], os.Stderr)) }

func run(args []string, stderr io.Writer) int {
	fl := flag.NewFlagSet("publish", flag.ContinueOnError)
	fl.SetOutput(stderr)
	specDir := fl.String("spec", "spec", "the folder of the OpenAPI sources (mobproc.yaml, mobile.yaml)")
	schemaDir := fl.String("schemas", "schemas", "the folder of the schema files and the register")
	out := fl.String("out", "spec", "the folder the documents are written under (as dist/…)")
	if err := fl.Parse(args); err != nil {
		return 2
	}
	files, err := publish.Generate(os.DirFS(*specDir), os.DirFS(*schemaDir))
	if err != nil {
		fmt.Fprintln(stderr, "publish:", err)
		return 1
	}
	for _, f := range files {
		name := filepath.Join(*out, filepath.FromSlash(f.Path))
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			fmt.Fprintln(stderr, "publish:", err)
			return 1
		}
		if err := os.WriteFile(name, f.Data, 0o644); err != nil {
			fmt.Fprintln(stderr, "publish:", err)
			return 1
		}
	}
	return 0
}
