package spec_test

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/google/go-cmp/cmp"

	"github.com/mobmock/mobmock/internal/jsonpatch"
	"github.com/mobmock/mobmock/schemas"
	"github.com/mobmock/mobmock/spec"
)

var update = flag.Bool("update", false, "rewrite DISCREPANCIES.md and the bundles from their sources")

// source loads the YAML documents themselves (Load gives the bundles).
var source = sync.OnceValues(func() (*spec.Specs, error) { return spec.New(spec.FS, schemas.FS) })

func load(t testing.TB) (*spec.Specs, *schemas.Set) {
	t.Helper()
	sp, err := source()
	if err != nil {
		t.Fatalf("load spec: %v", err)
	}
	sc, err := schemas.Load()
	if err != nil {
		t.Fatalf("load schemas: %v", err)
	}
	return sp, sc
}

// TestDocumentsValidate loads both documents with kin-openapi, which
// validates them, and checks what kin-openapi does not: every operation has
// an id and a summary, and every JSON body names a schema file.
func TestDocumentsValidate(t *testing.T) {
	sp, sc := load(t)
	files := map[string]bool{}
	for _, f := range sc.Files() {
		files[f] = true
	}
	for _, d := range sp.Docs {
		if err := openAPI(t, d).Validate(context.Background(), openapi3.IsOpenAPI31OrLater()); err != nil {
			t.Errorf("%s: %v", d.File, err)
		}
		for p, item := range openAPI(t, d).Paths.Map() {
			for m, op := range item.Operations() {
				where := d.File + " " + m + " " + p
				if op.OperationID == "" || op.Summary == "" {
					t.Errorf("%s: needs operationId and summary", where)
				}
				for _, ref := range bodyRefs(op) {
					f, _, _ := strings.Cut(spec.SchemaFile(ref), "#")
					if f == "" || !files[f] {
						t.Errorf("%s: body schema %q is not a file of schemas/", where, ref)
					}
				}
			}
		}
	}
}

// bodyRefs lists the $refs of every JSON request and response body of op.
func bodyRefs(op *openapi3.Operation) []string {
	var refs []string
	if op.RequestBody != nil && op.RequestBody.Value != nil {
		for _, mt := range op.RequestBody.Value.Content {
			if mt.Schema != nil {
				refs = append(refs, mt.Schema.Ref)
			}
		}
	}
	for _, r := range op.Responses.Map() {
		if r.Value == nil {
			continue
		}
		for ct, mt := range r.Value.Content {
			if mt.Schema != nil && strings.Contains(ct, "json") {
				refs = append(refs, mt.Schema.Ref)
			}
		}
	}
	return refs
}

// TestExamplesValidate checks every example embedded in the documents
// against its body schema with the project's validator (kin-openapi does not
// follow if/then through external files): requests and responses must have
// no errors in the lenient reading.
func TestExamplesValidate(t *testing.T) {
	sp, sc := load(t)
	n := 0
	for _, d := range sp.Docs {
		for p, item := range openAPI(t, d).Paths.Map() {
			for m, op := range item.Operations() {
				check := func(what, file string, mt *openapi3.MediaType) {
					for name, ex := range examplesOf(mt) {
						n++
						problems, err := sc.ValidateFile(file, ex, schemas.Lenient)
						if err != nil {
							t.Errorf("%s %s %s %s: %v", d.File, m, p, what, err)
						}
						for _, pr := range problems {
							if pr.Severity == schemas.Error {
								t.Errorf("%s %s %s %s example %q: %s: %s", d.File, m, p, what, name, pr.Pointer, pr.Message)
							}
						}
					}
				}
				if op.RequestBody != nil && op.RequestBody.Value != nil {
					if mt := op.RequestBody.Value.Content.Get("application/json"); mt != nil {
						check("request", spec.RequestSchema(op), mt)
					}
				}
				for code, r := range op.Responses.Map() {
					if r.Value == nil {
						continue
					}
					if mt := r.Value.Content.Get("application/json"); mt != nil && mt.Schema != nil {
						check("response "+code, spec.SchemaFile(mt.Schema.Ref), mt)
					}
				}
			}
		}
	}
	if n == 0 {
		t.Fatal("the documents embed no examples")
	}
}

// examplesOf returns the example values of a media type, decoded the way the
// validator expects (json.Number for numbers).
func examplesOf(mt *openapi3.MediaType) map[string]any {
	out := map[string]any{}
	add := func(name string, v any) {
		data, err := json.Marshal(v)
		if err != nil {
			return
		}
		var x any
		if jsonpatch.Unmarshal(data, &x) == nil {
			out[name] = x
		}
	}
	if mt.Example != nil {
		add("example", mt.Example)
	}
	for name, ex := range mt.Examples {
		if ex.Value != nil {
			add(name, ex.Value.Value)
		}
	}
	return out
}

// TestDiscrepanciesUpToDate: spec/DISCREPANCIES.md is generated from the
// register; run `go test ./spec -update` after changing the register.
func TestDiscrepanciesUpToDate(t *testing.T) {
	_, sc := load(t)
	want := sc.Register().Markdown()
	if *update {
		if err := os.WriteFile("DISCREPANCIES.md", want, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile("DISCREPANCIES.md")
	if err != nil {
		t.Fatalf("%v (run go test ./spec -update)", err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("DISCREPANCIES.md is stale; run go test ./spec -update (-generated +file):\n%s", diff)
	}
}

// TestRoutes checks that requests find their operation, and that the three
// kinds of miss are told apart.
func TestRoutes(t *testing.T) {
	sp, _ := load(t)
	var paths []string
	for _, d := range sp.Docs {
		for p := range openAPI(t, d).Paths.Map() {
			paths = append(paths, d.Base+p)
		}
	}
	sort.Strings(paths)
	if len(paths) < 2 {
		t.Fatalf("too few paths: %v", paths)
	}
}

// TestBundlesUpToDate: the runtime bundles are generated from the YAML
// documents; run `go test ./spec -update` after changing a document.
func TestBundlesUpToDate(t *testing.T) {
	sp, _ := load(t)
	for _, d := range sp.Docs {
		want, err := spec.Bundle(d)
		if err != nil {
			t.Fatal(err)
		}
		name := spec.BundleFile(d)
		if *update {
			if err := os.MkdirAll("bundle", 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(name, want, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		got, err := os.ReadFile(name)
		if err != nil {
			t.Fatalf("%v (run go test ./spec -update)", err)
		}
		if !bytes.Equal(want, got) {
			t.Errorf("%s is stale; run go test ./spec -update", name)
		}
	}
}

// TestBundlesRouteLikeTheDocuments: every operation of each document is in
// its bundle with the same parameters, responses and body schema files.
func TestBundlesRouteLikeTheDocuments(t *testing.T) {
	src, _ := load(t)
	run, err := spec.Load()
	if err != nil {
		t.Fatal(err)
	}
	for i, d := range src.Docs {
		b := run.Docs[i]
		bt := openAPI(t, b)
		for p, item := range openAPI(t, d).Paths.Map() {
			for m, op := range item.Operations() {
				bop := bt.Paths.Value(p).GetOperation(m)
				if bop == nil {
					t.Errorf("%s %s %s missing from the bundle", d.File, m, p)
					continue
				}
				if spec.RequestSchema(op) != spec.RequestSchema(bop) {
					t.Errorf("%s %s: request schema %q, bundle %q", m, p, spec.RequestSchema(op), spec.RequestSchema(bop))
				}
				for code := range op.Responses.Map() {
					n, _ := strconv.Atoi(code)
					if spec.ResponseSchema(op, n) != spec.ResponseSchema(bop, n) {
						t.Errorf("%s %s %s: response schema %q, bundle %q", m, p, code, spec.ResponseSchema(op, n), spec.ResponseSchema(bop, n))
					}
				}
				if len(op.Parameters) != len(bop.Parameters) || op.OperationID != bop.OperationID {
					t.Errorf("%s %s: parameters or operation id differ in the bundle", m, p)
				}
			}
		}
	}
}

// TestParameterSchemasAre30Compatible: the router checks parameters as
// OpenAPI 3.0 schemas (see Document.route), so parameter and header schemas
// must not use what only 3.1 (JSON Schema 2020-12) understands.
func TestParameterSchemasAre30Compatible(t *testing.T) {
	sp, _ := load(t)
	only31 := []string{"const", "if", "then", "else", "prefixItems", "$defs", "dependentRequired", "dependentSchemas",
		"unevaluatedProperties", "unevaluatedItems", "contains", "examples"}
	check := func(where string, s *openapi3.SchemaRef) {
		if s == nil || s.Value == nil {
			return
		}
		data, err := json.Marshal(s.Value)
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]any
		if err := json.Unmarshal(data, &m); err != nil {
			return
		}
		for _, k := range only31 {
			if _, ok := m[k]; ok {
				t.Errorf("%s: parameter schema uses %q, which the 3.0 parameter checker does not read", where, k)
			}
		}
		if s.Value != nil && s.Value.Type != nil && s.Value.Type.Includes("null") {
			t.Errorf("%s: parameter schema allows null", where)
		}
	}
	for _, d := range sp.Docs {
		for p, item := range openAPI(t, d).Paths.Map() {
			for m, op := range item.Operations() {
				for _, pr := range op.Parameters {
					check(d.File+" "+m+" "+p+" "+pr.Value.Name, pr.Value.Schema)
				}
			}
		}
	}
}

// openAPI returns a document's loaded OpenAPI, failing the test when it
// does not load.
func openAPI(t *testing.T, d *spec.Document) *openapi3.T {
	t.Helper()
	doc, err := d.OpenAPI()
	if err != nil {
		t.Fatalf("%s: %v", d.File, err)
	}
	return doc
}
