package spec

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"

	"github.com/getkin/kin-openapi/openapi3"
)

// The runtime does not load the YAML documents: kin-openapi reads every
// schema file they refer to through its YAML parser, once per reference,
// which takes the better part of a second. It loads a bundle instead: the
// same document as JSON, with what serving does not use taken out
// (examples) and each body schema replaced by the name of its schema file
// (package schemas validates bodies; kin-openapi only routes and checks
// parameters, headers and security). The bundles are generated from the
// documents by `go test ./spec -update`, and a test fails when they are
// stale.

// schemaExt names the schema file of a body in a bundle.
const schemaExt = "x-mobmock-schema"

// BundleFile is the bundle's file name for a document ("bundle/mobproc.json").
func BundleFile(d *Document) string { return "bundle/" + string(d.API) + ".json" }

// Bundle renders the runtime bundle of a document loaded from its YAML.
func Bundle(d *Document) ([]byte, error) {
	src, err := d.OpenAPI()
	if err != nil {
		return nil, err
	}
	// Work on a deep copy: the loaded document is shared.
	raw, err := json.Marshal(src)
	if err != nil {
		return nil, err
	}
	var t openapi3.T
	if err := json.Unmarshal(raw, &t); err != nil {
		return nil, err
	}
	// The copy lost what $refs resolved to; the original knows it.
	for path, item := range src.Paths.Map() {
		for method, op := range item.Operations() {
			cp := t.Paths.Value(path).GetOperation(method)
			if op.RequestBody != nil && op.RequestBody.Value != nil && cp.RequestBody != nil && cp.RequestBody.Value != nil {
				slim(op.RequestBody.Value.Content, cp.RequestBody.Value.Content)
			}
			for code, r := range op.Responses.Map() {
				if cr := cp.Responses.Value(code); cr != nil && cr.Value != nil && r.Value != nil && cr.Ref == "" {
					slim(r.Value.Content, cr.Value.Content)
					slimHeaders(cr.Value.Headers)
				}
			}
			for i, p := range cp.Parameters {
				if p.Value != nil && p.Ref == "" {
					slimParameter(op.Parameters[i].Value, p.Value)
				}
			}
		}
	}
	if c, cc := src.Components, t.Components; c != nil && cc != nil {
		for name, r := range c.Responses {
			if cr := cc.Responses[name]; cr != nil && cr.Value != nil && r.Value != nil {
				slim(r.Value.Content, cr.Value.Content)
				slimHeaders(cr.Value.Headers)
			}
		}
		for name, p := range cc.Parameters {
			if p.Value != nil && c.Parameters[name] != nil {
				slimParameter(c.Parameters[name].Value, p.Value)
			}
		}
		for _, h := range cc.Headers {
			if h.Value != nil {
				h.Value.Example, h.Value.Examples = nil, nil
			}
		}
		cc.Examples = nil
	}
	raw, err = json.Marshal(&t)
	if err != nil {
		return nil, err
	}
	// The runtime reads no prose but a parameter's description (the hint
	// of a parameter error): the rest goes, and the bundle is compact, for
	// kin-openapi decodes each level of a document more than once.
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var doc any
	if err := dec.Decode(&doc); err != nil {
		return nil, err
	}
	dropProse(doc)
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(doc); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// dropProse removes the descriptions of everything but parameters (objects
// with "in") from a decoded document.
func dropProse(v any) {
	switch v := v.(type) {
	case map[string]any:
		if _, param := v["in"]; !param {
			if _, ok := v["description"].(string); ok {
				delete(v, "description")
			}
		}
		for _, x := range v {
			dropProse(x)
		}
	case []any:
		for _, x := range v {
			dropProse(x)
		}
	}
}

// slim replaces each body schema of cp by the name of the schema file src
// refers to, and drops the examples.
func slim(src, cp openapi3.Content) {
	for ct, mt := range cp {
		from := src[ct]
		mt.Example, mt.Examples = nil, nil
		if from == nil || from.Schema == nil {
			continue
		}
		if name := SchemaFile(from.Schema.Ref); name != "" {
			mt.Schema = &openapi3.SchemaRef{Value: &openapi3.Schema{}}
			if mt.Extensions == nil {
				mt.Extensions = map[string]any{}
			}
			mt.Extensions[schemaExt] = name
		}
	}
}

// slimParameter drops a parameter's examples and inlines a schema it takes
// from a schema file (the bundle has no references outside itself).
func slimParameter(src, cp *openapi3.Parameter) {
	cp.Example, cp.Examples = nil, nil
	if cp.Schema != nil && cp.Schema.Ref != "" && src.Schema != nil && src.Schema.Value != nil {
		cp.Schema = &openapi3.SchemaRef{Value: src.Schema.Value}
	}
}

func slimHeaders(h openapi3.Headers) {
	for _, x := range h {
		if x.Value != nil {
			x.Value.Example, x.Value.Examples = nil, nil
		}
	}
}

// loadBundle reads a document's runtime bundle.
func loadBundle(specFS fs.FS, d *Document) (*openapi3.T, error) {
	data, err := fs.ReadFile(specFS, BundleFile(d))
	if err != nil {
		return nil, fmt.Errorf("spec bundle %s: %w (run go test ./spec -update)", BundleFile(d), err)
	}
	var t openapi3.T
	if err := json.Unmarshal(data, &t); err != nil {
		return nil, fmt.Errorf("spec bundle %s: %w", BundleFile(d), err)
	}
	loader := openapi3.NewLoader()
	if err := loader.ResolveRefsIn(&t, nil); err != nil {
		return nil, fmt.Errorf("spec bundle %s: %w", BundleFile(d), err)
	}
	return &t, nil
}
