package publish

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"

	"go.yaml.in/yaml/v4"

	"github.com/mobmock/mobmock/internal/jsonpatch"
	"github.com/mobmock/mobmock/schemas"
)

// Reading is which reading of the contract a published document describes.
type Reading string

// The two readings.
const (
	// Default is what the mock and `mobmock validate` accept by default
	// (the lenient reading).
	Default Reading = "default"
	// Strict is the attribute tables to the letter (--strict).
	Strict Reading = "strict"
)

// Readings lists the readings in the order they are generated.
var Readings = []Reading{Default, Strict}

// APIs lists the APIs in the order they are generated.
var APIs = []schemas.API{schemas.MOBPROC, schemas.Mobile}

// sources names each API's source document in the spec folder.
var sources = map[schemas.API]string{schemas.MOBPROC: "mobproc.yaml", schemas.Mobile: "mobile.yaml"}

// Path returns where the published document of api in reading r lives,
// relative to the spec folder: "dist/mobproc.yaml", "dist/strict/mobproc.yaml".
func Path(api schemas.API, r Reading) string {
	if r == Strict {
		return "dist/strict/" + sources[api]
	}
	return "dist/" + sources[api]
}

// File is one published document.
type File struct {
	// Path is the file's path relative to the spec folder (see Path).
	Path string
	// API and Reading say what it describes.
	API     schemas.API
	Reading Reading
	// Data is the document, YAML.
	Data []byte
}

// Generate builds every published document from the OpenAPI sources in
// specFS (laid out like spec.FS) and the schema files and register in
// schemaFS (laid out like schemas.FS). It returns an error naming the part
// of a source it could not turn into a published document.
func Generate(specFS, schemaFS fs.FS) ([]File, error) {
	set, err := schemas.New(schemaFS)
	if err != nil {
		return nil, err
	}
	var out []File
	for _, api := range APIs {
		for _, r := range Readings {
			doc, err := Build(specFS, set, api, r)
			if err != nil {
				return nil, fmt.Errorf("publish %s: %w", Path(api, r), err)
			}
			data, err := Marshal(doc)
			if err != nil {
				return nil, fmt.Errorf("publish %s: %w", Path(api, r), err)
			}
			out = append(out, File{Path: Path(api, r), API: api, Reading: r, Data: data})
		}
	}
	return out, nil
}

// key names a schema of the schema files: a whole file, or one $defs entry
// of it.
type key struct {
	file string // "mobproc/common.json"
	def  string // "serviceId", or "" for the whole file
}

func (k key) String() string {
	if k.def == "" {
		return k.file
	}
	return k.file + "#/$defs/" + k.def
}

// builder turns one source document into one published document.
type builder struct {
	set     *schemas.Set
	api     schemas.API
	reading Reading
	docs    map[string]any // schema files, decoded, in the reading
	names   map[key]string // component name of each schema used
	// pins holds, per component, the discriminating property the dispatch
	// that refers to it sets (P: const V).
	pins map[string]map[string]any
}

// Build returns the published document of api in reading r as a decoded
// tree (maps, slices, strings, int64, float64, bools).
func Build(specFS fs.FS, set *schemas.Set, api schemas.API, r Reading) (map[string]any, error) {
	data, err := fs.ReadFile(specFS, sources[api])
	if err != nil {
		return nil, err
	}
	var src any
	if err := yaml.Unmarshal(data, &src); err != nil {
		return nil, fmt.Errorf("%s: %w", sources[api], err)
	}
	root, ok := norm(src).(map[string]any)
	if !ok {
		return nil, fmt.Errorf("%s: not a mapping", sources[api])
	}
	b := &builder{set: set, api: api, reading: r, docs: map[string]any{}, names: map[key]string{}, pins: map[string]map[string]any{}}
	if err := b.loadSchemas(); err != nil {
		return nil, err
	}
	// The schemas the document uses, directly or through other schemas.
	used, err := b.reach(root)
	if err != nil {
		return nil, err
	}
	if err := b.name(root, used); err != nil {
		return nil, err
	}
	if r == Strict {
		if err := b.dropRefusedExamples(root); err != nil {
			return nil, err
		}
	}
	comps := map[string]any{}
	for _, k := range used {
		node, err := b.component(k)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", k, err)
		}
		comps[b.names[k]] = node
	}
	for name, props := range b.pins {
		if err := pin(comps[name], props); err != nil {
			return nil, fmt.Errorf("component %s: %w", name, err)
		}
	}
	if err := rewriteRefs(root, "../schemas/", b.ref); err != nil {
		return nil, err
	}
	components, _ := root["components"].(map[string]any)
	if components == nil {
		components = map[string]any{}
		root["components"] = components
	}
	components["schemas"] = comps
	prov, err := readProvenance(specFS, api)
	if err != nil {
		return nil, err
	}
	if err := b.trace(root, prov); err != nil {
		return nil, err
	}
	typeEnums(root)
	b.describe(root)
	return root, nil
}

// loadSchemas decodes the schema files of the API in the builder's reading,
// marking each relaxation of the register in the default reading.
func (b *builder) loadSchemas() error {
	for _, name := range b.set.Files() {
		if !strings.HasPrefix(name, string(b.api)+"/") {
			continue
		}
		var doc any
		var ok bool
		if b.reading == Strict {
			doc, ok = b.set.Document(name)
			doc = jsonpatch.Clone(doc)
		} else {
			doc, ok = b.set.LenientDocument(name)
		}
		if !ok {
			return fmt.Errorf("schema %s does not load", name)
		}
		b.docs[name] = norm(doc)
	}
	if b.reading == Strict {
		return nil
	}
	for _, e := range b.set.Register().Entries {
		for _, x := range e.Lenient {
			doc, ok := b.docs[x.Schema]
			if !ok {
				continue
			}
			strict, _ := b.set.Document(x.Schema)
			if err := mark(doc, strict, x, e.ID); err != nil {
				return fmt.Errorf("register %s: %w", e.ID, err)
			}
		}
	}
	return nil
}

// mark annotates the part of a lenient schema document that relaxation x of
// register entry id changed: "x-mobmock-register" lists the entries, and a
// field that only the lenient reading knows (an alias, an added property)
// is deprecated. When the relaxation widens a type (strict "string",
// lenient ["string", "integer"]), the types only the lenient reading takes
// are noted (tolerated), for splitUnion to deprecate their branches.
func mark(doc, strict any, x schemas.Relaxation, id string) error {
	ptr := x.Path
	switch x.Op {
	case "alias":
		ptr = x.Path + "/properties/" + jsonpatch.Escape(x.Field)
	case "remove":
		ptr, _ = jsonpatch.Parent(x.Path)
	}
	node, err := jsonpatch.Get(doc, ptr)
	if err != nil {
		return fmt.Errorf("%s %s: %w", x.Schema, ptr, err)
	}
	m, ok := node.(map[string]any)
	if !ok {
		return fmt.Errorf("%s %s is not a schema object", x.Schema, ptr)
	}
	ids, _ := m["x-mobmock-register"].([]any)
	for _, have := range ids {
		if have == id {
			return nil
		}
	}
	m["x-mobmock-register"] = append(ids, id)
	if x.Op == "replace" {
		if sn, err := jsonpatch.Get(strict, ptr); err == nil {
			if st, ok := sn.(map[string]any)["type"].(string); ok {
				var extra []any
				for _, t := range asList(m["type"]) {
					if t != st && t != "null" {
						extra = append(extra, t)
					}
				}
				if len(extra) > 0 {
					m[tolerated] = extra
				}
			}
		}
	}
	if x.Op == "alias" || (x.Op == "add" && strings.Contains(x.Path, "/properties/")) {
		m["deprecated"] = true
		note := fmt.Sprintf("Accepted by default only (register %s); the strict reading refuses it.", id)
		if x.Op == "alias" && pascal(x.Field) == pascal(x.Canonical) {
			// Generators would name both fields alike (Go: one struct
			// field declared twice); oapi-codegen reads x-go-name.
			m["x-go-name"] = pascal(x.Field) + "Misspelled"
		}
		if x.Op == "alias" {
			note = fmt.Sprintf("A misspelling of %s that the mock accepts by default, with a warning (register %s); the strict reading refuses it.", x.Canonical, id)
		}
		if d, _ := m["description"].(string); d != "" {
			note = d + " " + note
		}
		m["description"] = note
	}
	return nil
}

// resolve turns a $ref written in schema file from into the key it names.
func resolve(from, ref string) (key, error) {
	file, frag, _ := strings.Cut(ref, "#")
	k := key{file: from}
	if file != "" {
		k.file = path.Clean(path.Join(path.Dir(from), file))
	}
	switch {
	case frag == "":
	case strings.HasPrefix(frag, "/$defs/") && !strings.Contains(frag[len("/$defs/"):], "/"):
		k.def = jsonpatch.Unescape(frag[len("/$defs/"):])
	default:
		return key{}, fmt.Errorf("$ref %q in %s: only whole files and $defs entries can be published", ref, from)
	}
	return k, nil
}

// node returns the schema a key names, as it is in the schema files.
func (b *builder) node(k key) (map[string]any, error) {
	doc, ok := b.docs[k.file].(map[string]any)
	if !ok {
		return nil, fmt.Errorf("%s is not a schema file of the %s API", k.file, b.api)
	}
	if k.def == "" {
		return doc, nil
	}
	defs, _ := doc["$defs"].(map[string]any)
	n, ok := defs[k.def].(map[string]any)
	if !ok {
		return nil, fmt.Errorf("%s has no $defs entry %q", k.file, k.def)
	}
	return n, nil
}

// reach lists, sorted, every schema the document refers to, directly or
// through other schemas.
func (b *builder) reach(root map[string]any) ([]key, error) {
	seen := map[key]bool{}
	var queue []key
	add := func(from, ref string) error {
		k, err := resolve(from, ref)
		if err != nil {
			return err
		}
		if !seen[k] {
			seen[k] = true
			queue = append(queue, k)
		}
		return nil
	}
	err := walkRefs(root, func(ref string) error {
		rest, ok := strings.CutPrefix(ref, "../schemas/")
		if !ok {
			return nil
		}
		file, frag, _ := strings.Cut(rest, "#")
		return add(file, "#"+frag)
	})
	if err != nil {
		return nil, err
	}
	for len(queue) > 0 {
		k := queue[0]
		queue = queue[1:]
		n, err := b.node(k)
		if err != nil {
			return nil, err
		}
		if err := walkRefs(withoutDefs(n), func(ref string) error { return add(k.file, ref) }); err != nil {
			return nil, err
		}
	}
	keys := make([]key, 0, len(seen))
	for k := range seen {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i].String() < keys[j].String() })
	return keys, nil
}

// withoutDefs returns a schema file's root without its $defs, which are
// components of their own.
func withoutDefs(n map[string]any) map[string]any {
	if _, ok := n["$defs"]; !ok {
		return n
	}
	out := make(map[string]any, len(n))
	for k, v := range n {
		if k != "$defs" {
			out[k] = v
		}
	}
	return out
}

// ref rewrites a $ref of the source document or of a schema file (from) to
// the component it names.
func (b *builder) ref(from, ref string) (string, error) {
	var k key
	var err error
	if rest, ok := strings.CutPrefix(ref, "../schemas/"); ok && from == "" {
		file, frag, _ := strings.Cut(rest, "#")
		k, err = resolve(file, "#"+frag)
	} else if from != "" {
		k, err = resolve(from, ref)
	} else {
		return ref, nil
	}
	if err != nil {
		return "", err
	}
	name, ok := b.names[k]
	if !ok {
		return "", fmt.Errorf("$ref %q: %s is not a published component", ref, k)
	}
	return "#/components/schemas/" + name, nil
}

// component returns the published schema of a key: a copy of the source
// with its $refs pointing at components, without $id, $schema and $defs,
// its type dispatch turned into a oneOf.
func (b *builder) component(k key) (map[string]any, error) {
	n, err := b.node(k)
	if err != nil {
		return nil, err
	}
	c := jsonpatch.Clone(withoutDefs(n)).(map[string]any)
	delete(c, "$id")
	delete(c, "$schema")
	c["x-mobmock-schema"] = k.String()
	if err := rewriteRefs(c, "", func(_, ref string) (string, error) { return b.ref(k.file, ref) }); err != nil {
		return nil, err
	}
	if err := b.dispatch(c); err != nil {
		return nil, err
	}
	return c, nil
}

// walkRefs calls fn with every $ref string of a decoded tree.
func walkRefs(v any, fn func(string) error) error {
	switch v := v.(type) {
	case map[string]any:
		if r, ok := v["$ref"].(string); ok {
			if err := fn(r); err != nil {
				return err
			}
		}
		for k, x := range v {
			if k == "examples" || k == "example" {
				continue
			}
			if err := walkRefs(x, fn); err != nil {
				return err
			}
		}
	case []any:
		for _, x := range v {
			if err := walkRefs(x, fn); err != nil {
				return err
			}
		}
	}
	return nil
}

// rewriteRefs replaces every $ref of a decoded tree with what fn makes of
// it; only refs starting with prefix are passed to fn.
func rewriteRefs(v any, prefix string, fn func(from, ref string) (string, error)) error {
	switch v := v.(type) {
	case map[string]any:
		if r, ok := v["$ref"].(string); ok && strings.HasPrefix(r, prefix) {
			nr, err := fn("", r)
			if err != nil {
				return err
			}
			v["$ref"] = nr
		}
		for k, x := range v {
			if k == "examples" || k == "example" {
				continue
			}
			if err := rewriteRefs(x, prefix, fn); err != nil {
				return err
			}
		}
	case []any:
		for _, x := range v {
			if err := rewriteRefs(x, prefix, fn); err != nil {
				return err
			}
		}
	}
	return nil
}

// norm converts a decoded YAML or JSON tree to one value type per kind:
// int64 for whole numbers, float64 for others, map[string]any for objects.
func norm(v any) any {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			v[k] = norm(x)
		}
		return v
	case []any:
		for i, x := range v {
			v[i] = norm(x)
		}
		return v
	case json.Number:
		if i, err := v.Int64(); err == nil {
			return i
		}
		f, _ := v.Float64()
		return f
	case int:
		return int64(v)
	case uint64:
		return int64(v)
	case float64:
		if v == float64(int64(v)) && v < 1e15 && v > -1e15 {
			return int64(v)
		}
		return v
	}
	return v
}

// Marshal renders a published document as YAML, its top-level sections in
// the usual order and everything below with sorted keys.
func Marshal(doc map[string]any) ([]byte, error) {
	order := []string{"openapi", "info", "jsonSchemaDialect", "servers", "tags", "security", "paths", "webhooks", "components"}
	rank := map[string]int{}
	for i, k := range order {
		rank[k] = i
	}
	keys := make([]string, 0, len(doc))
	for k := range doc {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		ri, iok := rank[keys[i]]
		rj, jok := rank[keys[j]]
		switch {
		case iok && jok:
			return ri < rj
		case iok != jok:
			return iok
		}
		return keys[i] < keys[j]
	})
	top := &yaml.Node{Kind: yaml.MappingNode}
	for _, k := range keys {
		var v yaml.Node
		if err := v.Encode(doc[k]); err != nil {
			return nil, fmt.Errorf("%s: %w", k, err)
		}
		top.Content = append(top.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: k}, &v)
	}
	var buf bytes.Buffer
	buf.WriteString("# Generated by go generate ./spec (internal/cmd/publish) from spec/, schemas/ and the discrepancy register; do not edit.\n")
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(top); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
