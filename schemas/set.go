package schemas

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/santhosh-tekuri/jsonschema/v5"

	"github.com/mobmock/mobmock/internal/jsonpatch"
)

// BaseURL is the base of every schema's $id. The .invalid top-level domain
// can never resolve, so nothing is ever fetched: every reference is answered
// from the embedded files.
const BaseURL = "https://mobmock.invalid/schemas/"

// draft2020 is the $schema every file must declare.
const draft2020 = "https://json-schema.org/draft/2020-12/schema"

// API names one of the two APIs.
type API string

// The two APIs.
const (
	MOBPROC API = "mobproc"
	Mobile  API = "mobile"
)

// Mode selects the reading of the contract a payload is held to.
type Mode int

const (
	// Lenient accepts every documented example and reports where a payload
	// leans on a registered relaxation as a warning. It is the default.
	Lenient Mode = iota
	// Strict holds payloads to the attribute tables and rejects fields the
	// contract does not name.
	Strict
)

func (m Mode) String() string {
	if m == Strict {
		return "strict"
	}
	return "lenient"
}

// Envelope returns the schema file that describes the request body of api.
func Envelope(api API) string {
	if api == Mobile {
		return "mobile/activity-request.json"
	}
	return "mobproc/order-request.json"
}

// Set is the compiled schema files of both APIs in both readings, with the
// register they were derived from. It is safe for concurrent use.
type Set struct {
	reg     *Register
	strict  reading
	lenient reading
	// relaxations, grouped by schema file, in register order.
	relax map[string][]located
}

type reading struct {
	// files are the schema files by name, as read.
	files map[string][]byte
	// docs returns the decoded files (decoding them on first use).
	docs func() map[string]any
	// fragments caches compiled schemas by name: a file
	// ("mobproc/order-request.json") or a file and fragment
	// ("mobproc/lookups.json#/$defs/region"), compiled on first use.
	fragments *sync.Map
	// fast caches, by name, the schema reshaped for the fast path (a nil
	// *fnode when the fast path cannot judge it).
	fast *sync.Map
	// problem caches what the findings builder reads from the schema
	// documents (see builder.node and builder.words), by location: it
	// depends on the schemas alone, so it is bounded by their size
	// (and by maxCached besides).
	problem *cache
	// v5Only sends every payload to jsonschema/v5 (the tests compare the
	// fast path's problems with it).
	v5Only bool
	// mu guards compiler, which is not safe for concurrent use.
	mu       *sync.Mutex
	compiler *jsonschema.Compiler
}

// fastNode returns the schema ref reshaped for the fast path, reshaping it
// on first use; nil when the fast path cannot judge it.
func (r reading) fastNode(ref string, sch *jsonschema.Schema) *fnode {
	return r.fastEntry(ref, sch).n
}

// fastEntry is a schema reshaped for the fast path, and whether the last
// payload checked against it was invalid.
type fastEntry struct {
	n *fnode
	// invalid says the last payload was invalid. Payloads come in runs of
	// one kind (every documented Mobile request is invalid in the strict
	// reading, whose errors are its default reading's warnings), so after
	// an invalid one check goes straight to the walk that writes the
	// errors instead of first walking for the verdict alone.
	invalid atomic.Bool
}

func (r reading) fastEntry(ref string, sch *jsonschema.Schema) *fastEntry {
	e, known := r.fast.Load(ref)
	if !known {
		e, _ = r.fast.LoadOrStore(ref, &fastEntry{n: compileFast(sch)})
	}
	return e.(*fastEntry)
}

// check validates payload against the schema ref and returns nil or the
// *jsonschema.ValidationError jsonschema/v5 gives: from the fast path when
// it can tell, or else from v5.
func (r reading) check(ref string, sch *jsonschema.Schema, payload any) error {
	e := r.fastEntry(ref, sch)
	n := e.n
	if n == nil || r.v5Only {
		return sch.Validate(payload)
	}
	if e.invalid.Load() {
		// The last payload was invalid: write this one's errors at once.
		// Errors written are the answer, as below; a payload found valid
		// (or one the fast path cannot judge) takes the usual way.
		if ve, written := fastCheck(n, payload); written && ve != nil {
			return ve
		}
		e.invalid.Store(false)
	}
	// Most payloads are valid: the verdict alone is the cheaper walk.
	ok, sure := valid(n, payload)
	if ok && sure {
		return nil
	}
	// The errors of an invalid payload, when the fast path can write them
	// (and, belt and braces, finds some).
	if sure {
		if ve, written := fastCheck(n, payload); written && ve != nil {
			e.invalid.Store(true)
			return ve
		}
	}
	return sch.Validate(payload)
}

// schema returns the compiled schema for a file name, optionally with a
// fragment, compiling and caching fragments on first use.
func (r reading) schema(ref string) (*jsonschema.Schema, error) {
	if s, ok := r.fragments.Load(ref); ok {
		return s.(*jsonschema.Schema), nil
	}
	file, _, _ := strings.Cut(ref, "#")
	if _, known := r.files[file]; !known {
		return nil, fmt.Errorf("no schema file %q", ref)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if s, ok := r.fragments.Load(ref); ok {
		return s.(*jsonschema.Schema), nil
	}
	s, err := r.compiler.Compile(BaseURL + ref)
	if err != nil {
		return nil, fmt.Errorf("schema %s: %w", ref, err)
	}
	r.fragments.Store(ref, s)
	return s, nil
}

type located struct {
	Relaxation
	entry string
	// warned and refused end the hint of a problem the relaxation covers,
	// as a lenient warning and as a strict error.
	warned, refused string
}

// covers reports whether a strict finding is one the relaxation lets
// through: the finding is about the very part of the schema it edits.
func (x located) covers(f finding) bool {
	switch x.Op {
	case "alias":
		return f.Code == CodeUnknownField && f.field == x.Field &&
			(f.frag == x.Path+"/additionalProperties" || f.frag == x.Path+"/unevaluatedProperties")
	case "unrequire":
		_, field := jsonpatch.Parent(f.Pointer)
		return f.frag == x.Path+"/required" && field == x.Field
	case "add":
		if f.Code == CodeUnknownField {
			return addsProperty(x.Path, f)
		}
	}
	return within(f.frag, x.Path)
}

var embedded = sync.OnceValues(func() (*Set, error) { return New(FS) })

// Load returns the Set of the embedded files. It reads them on the first
// call only; later calls return the same Set.
func Load() (*Set, error) { return embedded() }

// New reads the schema files and register found in fsys, which must be laid
// out like FS. It returns an error naming the file when a schema does not
// parse, or when the register is inconsistent. Each schema is compiled the
// first time a payload is validated against it, so that a server starts
// without compiling an API it has not been asked about yet; CompileAll
// compiles them all now (the tests do).
func New(fsys fs.FS) (*Set, error) {
	reg, err := LoadRegister(fsys)
	if err != nil {
		return nil, err
	}
	s := &Set{reg: reg, relax: map[string][]located{}}
	for _, e := range reg.Entries {
		for _, x := range e.Lenient {
			s.relax[x.Schema] = append(s.relax[x.Schema], located{x, e.ID,
				fmt.Sprintf("Accepted because the documents disagree (register %s: %s); strict mode rejects it.", e.ID, e.Title),
				fmt.Sprintf("The default, lenient mode accepts it because the documents disagree (register %s: %s).", e.ID, e.Title)})
		}
	}
	// The files are decoded once, into the documents the lenient reading
	// edits. The strict reading compiles the files as they are and decodes
	// them again only when a problem needs their annotations.
	lenientDocs, raw, err := readDocs(fsys)
	if err != nil {
		return nil, err
	}
	for name := range s.relax {
		if _, ok := lenientDocs[name]; !ok {
			return nil, fmt.Errorf("register relaxes %s, which is not a schema file", name)
		}
	}
	for name, doc := range lenientDocs {
		for _, x := range s.relax[name] {
			if doc, err = x.apply(doc); err != nil {
				return nil, fmt.Errorf("register %s: relaxing %s: %w", x.entry, name, err)
			}
		}
		allowUnknown(doc)
		lenientDocs[name] = doc
	}
	strictDocs := sync.OnceValue(func() map[string]any {
		docs := make(map[string]any, len(raw))
		for name, data := range raw {
			if doc, err := Decode(data); err == nil { // readDocs decoded it once
				docs[name] = doc
			}
		}
		return docs
	})
	s.strict = newReading(raw, strictDocs, true)
	// A payload needs the lenient reading only when the strict one refuses
	// it: its schemas are compiled then, the first time.
	s.lenient = newReading(raw, func() map[string]any { return lenientDocs }, false)
	return s, nil
}

// Prepare does now what the first validation of a request of api would
// otherwise do: compile its envelope in both readings, reshape it for the
// fast path, and decode the files problems are described from. A server
// calls it in the background once it listens; validations running at the
// same time wait for the part they need rather than repeat it.
func (s *Set) Prepare(api API) error {
	name := Envelope(api)
	for _, r := range []reading{s.strict, s.lenient} {
		sch, err := r.schema(name)
		if err != nil {
			return err
		}
		r.fastNode(name, sch)
	}
	s.strict.docs()
	return nil
}

// Register returns the discrepancy register the set was built from.
func (s *Set) Register() *Register { return s.reg }

// CompileAll compiles every schema file in both readings, which New leaves
// for their first use. It returns the first error, naming the file.
func (s *Set) CompileAll() error {
	for _, name := range s.Files() {
		if _, err := s.strict.schema(name); err != nil {
			return err
		}
		if _, err := s.lenient.schema(name); err != nil {
			return fmt.Errorf("lenient reading: %w", err)
		}
	}
	return nil
}

// Files lists the schema files by name ("mobproc/order-request.json"), sorted.
func (s *Set) Files() []string {
	names := make([]string, 0, len(s.strict.files))
	for n := range s.strict.files {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Document returns the decoded strict schema file name, for readers that need
// its annotations (titles, x-inferred). The value must not be modified.
func (s *Set) Document(name string) (any, bool) {
	d, ok := s.strict.docs()[name]
	return d, ok
}

func readDocs(fsys fs.FS) (map[string]any, map[string][]byte, error) {
	docs := map[string]any{}
	raw := map[string][]byte{}
	for _, root := range []string{"mobproc", "mobile"} {
		if _, err := fs.Stat(fsys, root); err != nil {
			continue
		}
		err := fs.WalkDir(fsys, root, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(p, ".json") {
				return err
			}
			data, err := fs.ReadFile(fsys, p)
			if err != nil {
				return err
			}
			// The payload decoder reads JSON as encoding/json does with
			// UseNumber, several times faster; schema files nest far less
			// deeply than its limit.
			doc, err := Decode(data)
			if err != nil {
				return fmt.Errorf("schema %s: %w", p, err)
			}
			m, ok := doc.(map[string]any)
			if !ok {
				return fmt.Errorf("schema %s: not a JSON object", p)
			}
			if m["$schema"] != draft2020 {
				return fmt.Errorf("schema %s: $schema must be %s", p, draft2020)
			}
			if m["$id"] != BaseURL+p {
				return fmt.Errorf("schema %s: $id must be %s", p, BaseURL+p)
			}
			docs[p], raw[p] = doc, data
			return nil
		})
		if err != nil {
			return nil, nil, err
		}
	}
	if len(docs) == 0 {
		return nil, nil, errors.New("no schema files under mobproc/ or mobile/")
	}
	return docs, raw, nil
}

// newReading adds the schema files to a compiler, which compiles each when
// it is first used: as they are (asIs), or from their decoded documents.
func newReading(raw map[string][]byte, docs func() map[string]any, asIs bool) reading {
	c := jsonschema.NewCompiler()
	c.Draft = jsonschema.Draft2020
	c.AssertFormat = true
	// Files reach the compiler when a schema first refers to them: a file
	// nobody uses is never parsed twice. The strict reading hands over the
	// files as they are; the lenient one its edited documents.
	c.LoadURL = func(u string) (io.ReadCloser, error) {
		name, ok := strings.CutPrefix(u, BaseURL)
		if data, found := raw[name]; ok && found && asIs {
			return io.NopCloser(bytes.NewReader(data)), nil
		}
		doc, found := docs()[name]
		if !ok || !found {
			return nil, fmt.Errorf("schema reference %s is not one of the embedded files", u)
		}
		data, err := json.Marshal(doc)
		if err != nil {
			return nil, err
		}
		return io.NopCloser(bytes.NewReader(data)), nil
	}
	return reading{files: raw, docs: docs, fragments: &sync.Map{}, fast: &sync.Map{}, problem: &cache{},
		mu: &sync.Mutex{}, compiler: c}
}

// allowUnknown removes every "additionalProperties": false and
// "unevaluatedProperties": false from a schema document: the lenient reading
// accepts fields the contract does not name (and the validator warns about
// them). It walks schema positions only, so a property that happens to be
// called "additionalProperties" is left alone.
func allowUnknown(node any) {
	m, ok := node.(map[string]any)
	if !ok {
		return
	}
	for _, kw := range []string{"additionalProperties", "unevaluatedProperties"} {
		if b, ok := m[kw].(bool); ok && !b {
			delete(m, kw)
		}
	}
	for kw, v := range m {
		switch kw {
		case "properties", "patternProperties", "$defs", "dependentSchemas":
			if named, ok := v.(map[string]any); ok {
				for _, sub := range named {
					allowUnknown(sub)
				}
			}
		case "allOf", "anyOf", "oneOf", "prefixItems":
			if list, ok := v.([]any); ok {
				for _, sub := range list {
					allowUnknown(sub)
				}
			}
		case "items", "additionalProperties", "unevaluatedProperties", "not", "if", "then", "else",
			"contains", "propertyNames", "unevaluatedItems", "contentSchema":
			allowUnknown(v)
		}
	}
}

// DetectAPI tells which API a request payload is for from its envelope:
// {"orderRequest": …} is MOBPROC, {"activity": …} is Mobile.
func DetectAPI(payload any) (API, bool) {
	m, ok := payload.(map[string]any)
	if !ok {
		return "", false
	}
	_, order := m["orderRequest"]
	_, activity := m["activity"]
	switch {
	case order && !activity:
		return MOBPROC, true
	case activity && !order:
		return Mobile, true
	}
	return "", false
}

// Validate checks a request payload (the whole body, envelope included)
// against api's request schema in the given mode and returns every problem
// found, sorted by pointer. A nil result means the payload is valid with no
// warnings.
func (s *Set) Validate(payload any, api API, mode Mode) []Problem {
	p, err := s.ValidateFile(Envelope(api), payload, mode)
	if err != nil {
		// The envelopes are files of every set, and the tests compile
		// the embedded ones: only a broken build gets here.
		panic(err)
	}
	return p
}

// validateSchema checks payload against the schema file name (see
// ValidateFile, which adds the payload rules of rules.go).
func (s *Set) validateSchema(name string, payload any, mode Mode) ([]Problem, error) {
	strictSchema, err := s.strict.schema(name)
	if err != nil {
		return nil, err
	}
	// A payload valid in the strict reading has no problem in either.
	strictErr := s.strict.check(name, strictSchema, payload)
	if strictErr == nil {
		return nil, nil
	}
	strict := s.findings(strictErr, s.strict, name, payload)
	if mode == Strict {
		out := make([]Problem, len(strict))
		for i, f := range strict {
			out[i] = s.attribute(f, Error)
		}
		return sortProblems(out), nil
	}
	lenientSchema, err := s.lenient.schema(name)
	if err != nil {
		return nil, err
	}
	var lenient []finding
	if err := s.lenient.check(name, lenientSchema, payload); err != nil {
		lenient = s.findings(err, s.lenient, name, payload)
	}
	seen := make(map[string]bool, len(lenient))
	for _, f := range lenient {
		seen[f.key()] = true
	}
	out := make([]Problem, 0, len(strict)+len(lenient))
	for _, f := range lenient {
		f.Severity = Error
		out = append(out, f.Problem)
	}
	var warnings []Problem
	for _, f := range strict {
		if seen[f.key()] {
			continue
		}
		warnings = append(warnings, s.attribute(f, Warning))
	}
	// A misspelled field is one mistake: the strict reading also misses the
	// field under its right name; say it once. Likewise, when the lenient
	// reading wants one of several fields, the strict reading's demand for
	// each of them is the same mistake.
	moved, choice := map[string]bool{}, map[string]bool{}
	for _, w := range warnings {
		if w.Canonical != "" {
			moved[w.Canonical] = true
		}
	}
	for _, e := range out {
		if e.Code == CodeAlternatives {
			choice[parentOf(e.Pointer)] = true
		}
	}
	for _, w := range warnings {
		if w.Code == CodeRequired && (moved[w.Pointer] || choice[parentOf(w.Pointer)]) {
			continue
		}
		out = append(out, w)
	}
	return sortProblems(out), nil
}

// attribute gives a finding its severity and, when a register relaxation
// covers it, the entry: a lenient warning says it was accepted because the
// documents disagree, a strict error that lenient mode would accept it.
func (s *Set) attribute(f finding, sev Severity) Problem {
	p := f.Problem
	p.Severity = sev
	for _, x := range s.relax[f.file] {
		if !x.covers(f) {
			continue
		}
		p.Discrepancy = x.entry
		if x.Op == "alias" && sev == Warning {
			parent, _ := jsonpatch.Parent(p.Pointer)
			p.Code = CodeMisspelledField
			p.Canonical = jsonpatch.Append(parent, x.Canonical)
			p.Message = fmt.Sprintf("%s is a misspelling of %s found in the documents.", fieldName(p.Pointer), x.Canonical)
			p.Hint = fmt.Sprintf("Send %s instead.", x.Canonical)
		} else if x.Op == "alias" {
			p.Hint = fmt.Sprintf("Did you mean %s?", x.Canonical)
		}
		if sev == Warning {
			p.Hint = joinSentences(p.Hint, x.warned)
		} else {
			p.Hint = joinSentences(p.Hint, x.refused)
		}
		return p
	}
	if p.Code == CodeUnknownField && sev == Warning {
		p.Hint = joinSentences(p.Hint, "The contract does not name this field; strict mode rejects it.")
	}
	return p
}

// addsProperty reports whether the relaxation path (".../properties/name")
// adds the very field an unknown-field finding is about.
func addsProperty(path string, f finding) bool {
	props, name := jsonpatch.Parent(path)
	obj, last := jsonpatch.Parent(props)
	return last == "properties" && name == f.field &&
		(f.frag == obj+"/additionalProperties" || f.frag == obj+"/unevaluatedProperties")
}

// within reports whether the schema location frag is at or below path.
func within(frag, path string) bool {
	return frag == path || strings.HasPrefix(frag, path+"/")
}

func joinSentences(a, b string) string {
	if a == "" {
		return b
	}
	return a + " " + b
}

func sortProblems(ps []Problem) []Problem {
	sort.SliceStable(ps, func(i, j int) bool {
		if ps[i].Pointer != ps[j].Pointer {
			return ps[i].Pointer < ps[j].Pointer
		}
		return ps[i].Code < ps[j].Code
	})
	return ps
}

// ApplyRenames moves every value a lenient validation found under a
// misspelled field name to the canonical field it belongs to, so that code
// reading the payload sees one spelling. It changes payload in place and
// leaves a value alone when the canonical field is also present.
func ApplyRenames(payload any, problems []Problem) {
	for _, p := range problems {
		if p.Canonical == "" {
			continue
		}
		parentPtr, from := jsonpatch.Parent(p.Pointer)
		_, to := jsonpatch.Parent(p.Canonical)
		parent, err := jsonpatch.Get(payload, parentPtr)
		if err != nil {
			continue
		}
		m, ok := parent.(map[string]any)
		if !ok {
			continue
		}
		if _, taken := m[to]; taken {
			continue
		}
		if v, ok := m[from]; ok {
			m[to] = v
			delete(m, from)
		}
	}
}
