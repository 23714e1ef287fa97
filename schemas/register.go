package schemas

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"

	"github.com/mobmock/mobmock/internal/jsonpatch"
)

// Register is the machine-readable list of places where the source documents
// contradict themselves, with the decision the toolkit takes for each. It is
// read from the register/*.json files; spec/DISCREPANCIES.md is generated from
// it.
type Register struct {
	Entries []Entry `json:"entries"`
}

// Entry is one recorded contradiction.
type Entry struct {
	// ID is stable and is what warnings, fixtures and code cite ("MP-03").
	ID string `json:"id"`
	// API is "mobproc", "mobile" or "both".
	API string `json:"api"`
	// Kind classifies the contradiction; see Kinds.
	Kind string `json:"kind"`
	// Title says in one line what disagrees.
	Title string `json:"title"`
	// Where lists the seed files and sections involved.
	Where []Place `json:"where"`
	// Says quotes or paraphrases each of the statements that disagree.
	Says []string `json:"says"`
	// Decision says what the toolkit does, in lenient and strict mode.
	Decision string `json:"decision"`
	// Why gives the reason for the decision.
	Why string `json:"why"`
	// Enforced says which part of the toolkit acts on the decision: "schema"
	// (the validator, through Lenient), "mock" (the mock's business rules or
	// world) or "record" (nothing to enforce: the entry documents a choice).
	Enforced string `json:"enforced"`
	// Lenient lists the relaxations that turn the strict schemas into the
	// lenient ones. Only entries enforced by "schema" have them.
	Lenient []Relaxation `json:"lenient,omitempty"`
}

// Place names a section of a seed document.
type Place struct {
	Seed    string `json:"seed"`
	Section string `json:"section"`
}

// Relaxation is one edit of a strict schema file that the lenient reading
// applies. Op is a JSON Patch operation ("add", "remove", "replace") at Path,
// or one of two shorthands: "unrequire" removes Field from the "required"
// list of the schema object at Path, and "alias" accepts Field as another
// spelling of the property Canonical of the object schema at Path (the
// validator warns and reports where the value belongs).
type Relaxation struct {
	Schema    string          `json:"schema"`
	Op        string          `json:"op"`
	Path      string          `json:"path"`
	Value     json.RawMessage `json:"value,omitempty"`
	Field     string          `json:"field,omitempty"`
	Canonical string          `json:"canonical,omitempty"`
}

// Kinds lists the values Entry.Kind may take, with what each means.
var Kinds = map[string]string{
	"spelling":         "a name or enum value spelled two ways",
	"table-vs-example": "the attribute table and the example payload disagree",
	"type":             "a value given as a string in one place and a number in another",
	"format":           "a date or identifier written in two formats",
	"identity":         "one id standing for two different things",
	"echo":             "a response value that does not echo the request",
	"link":             "a link or path that does not match the resource it names",
	"shape":            "a response or request shape the documents leave undefined or give two ways",
	"count":            "a count or list that disagrees with itself",
	"rule":             "a business rule the prose states that an example breaks",
}

// LoadRegister reads and checks every register/*.json file of fsys.
func LoadRegister(fsys fs.FS) (*Register, error) {
	names, err := fs.Glob(fsys, "register/*.json")
	if err != nil {
		return nil, err
	}
	if len(names) == 0 {
		return nil, fmt.Errorf("no register files under register/")
	}
	reg := &Register{}
	for _, name := range names {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		var part Register
		dec := json.NewDecoder(strings.NewReader(string(data)))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&part); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		reg.Entries = append(reg.Entries, part.Entries...)
	}
	sort.Slice(reg.Entries, func(i, j int) bool { return entryLess(reg.Entries[i].ID, reg.Entries[j].ID) })
	return reg, reg.check(fsys)
}

// entryLess orders ids by prefix, then by number, so MP-2 sorts before MP-10.
func entryLess(a, b string) bool {
	pa, na := splitID(a)
	pb, nb := splitID(b)
	if pa != pb {
		return pa < pb
	}
	if len(na) != len(nb) {
		return len(na) < len(nb)
	}
	return na < nb
}

func splitID(id string) (string, string) {
	i := strings.LastIndexByte(id, '-')
	if i < 0 {
		return id, ""
	}
	return id[:i], id[i+1:]
}

// Entry returns the entry with the given id.
func (r *Register) Entry(id string) (Entry, bool) {
	for _, e := range r.Entries {
		if e.ID == id {
			return e, true
		}
	}
	return Entry{}, false
}

func (r *Register) check(fsys fs.FS) error {
	seen := map[string]bool{}
	var errs []string
	for _, e := range r.Entries {
		bad := func(format string, args ...any) {
			errs = append(errs, fmt.Sprintf("%s: %s", e.ID, fmt.Sprintf(format, args...)))
		}
		if e.ID == "" {
			bad("entry without id")
		}
		if seen[e.ID] {
			bad("duplicate id")
		}
		seen[e.ID] = true
		if e.API != "mobproc" && e.API != "mobile" && e.API != "both" {
			bad("api %q is not mobproc, mobile or both", e.API)
		}
		if _, ok := Kinds[e.Kind]; !ok {
			bad("unknown kind %q", e.Kind)
		}
		if e.Title == "" || e.Decision == "" || e.Why == "" || len(e.Says) < 2 || len(e.Where) == 0 {
			bad("title, where, says (at least two statements), decision and why are all required")
		}
		switch e.Enforced {
		case "schema":
			if len(e.Lenient) == 0 {
				bad("enforced by schema but lists no lenient relaxation")
			}
		case "mock", "record":
			if len(e.Lenient) != 0 {
				bad("only entries enforced by schema may list lenient relaxations")
			}
		default:
			bad("enforced %q is not schema, mock or record", e.Enforced)
		}
		for _, p := range e.Where {
			if !strings.HasSuffix(p.Seed, ".txt") && p.Seed != "README.md" {
				bad("where.seed %q is not a seed file name", p.Seed)
			}
		}
		for _, x := range e.Lenient {
			if _, err := fs.Stat(fsys, path.Clean(x.Schema)); err != nil {
				bad("relaxation names schema %q, which does not exist", x.Schema)
			}
			switch x.Op {
			case "add", "replace":
				if len(x.Value) == 0 {
					bad("%s at %s needs a value", x.Op, x.Path)
				}
			case "remove":
			case "unrequire", "alias":
				if x.Field == "" || (x.Op == "alias" && x.Canonical == "") {
					bad("%s at %s needs field (and canonical for alias)", x.Op, x.Path)
				}
			default:
				bad("relaxation op %q is not add, remove, replace, unrequire or alias", x.Op)
			}
		}
	}
	if len(errs) > 0 {
		return fmt.Errorf("discrepancy register: %s", strings.Join(errs, "; "))
	}
	return nil
}

// apply applies the relaxation to the decoded schema document doc.
func (x Relaxation) apply(doc any) (any, error) {
	switch x.Op {
	case "unrequire":
		obj, err := jsonpatch.Get(doc, x.Path)
		if err != nil {
			return nil, err
		}
		m, ok := obj.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("%s is not a schema object", x.Path)
		}
		req, _ := m["required"].([]any)
		kept := make([]any, 0, len(req))
		for _, r := range req {
			if r != x.Field {
				kept = append(kept, r)
			}
		}
		if len(kept) == len(req) {
			return nil, fmt.Errorf("%q is not required at %s", x.Field, x.Path)
		}
		m["required"] = kept
		return doc, nil
	case "alias":
		canon, err := jsonpatch.Get(doc, x.Path+"/properties/"+jsonpatch.Escape(x.Canonical))
		if err != nil {
			return nil, fmt.Errorf("alias target: %w", err)
		}
		props, _ := jsonpatch.Get(doc, x.Path+"/properties")
		props.(map[string]any)[x.Field] = jsonpatch.Clone(canon)
		return doc, nil
	}
	return jsonpatch.Apply(doc, []jsonpatch.Op{{Op: x.Op, Path: x.Path, Value: x.Value}})
}

// Markdown renders the register as the human-readable spec/DISCREPANCIES.md.
func (r *Register) Markdown() []byte {
	var b strings.Builder
	b.WriteString("# Where the documents disagree\n\n")
	b.WriteString("Generated from `schemas/register/*.json` by `go test ./spec -update`; do not edit by hand.\n\n")
	b.WriteString("The source documents (`../shared/seeds/`) contradict themselves in the places below. Each entry says where,\n")
	b.WriteString("what each side says, what mobmock does and why. Policy: by default (lenient) every documented example request\n")
	b.WriteString("is accepted, with a warning naming the entry when it leans on one; `--strict` enforces the stricter reading of\n")
	b.WriteString("the attribute tables. A misspelled enum value is always an error, with a \"did you mean\" hint.\n\n")
	fmt.Fprintf(&b, "%d entries. Enforced by: `schema` = the validator's lenient/strict readings; `mock` = the mock's rules or world; `record` = a documented choice.\n\n", len(r.Entries))
	b.WriteString("| id | api | kind | enforced | title |\n|---|---|---|---|---|\n")
	for _, e := range r.Entries {
		fmt.Fprintf(&b, "| [%s](#%s) | %s | %s | %s | %s |\n", e.ID, strings.ToLower(e.ID), e.API, e.Kind, e.Enforced, mdCell(e.Title))
	}
	for _, e := range r.Entries {
		fmt.Fprintf(&b, "\n## %s\n\n**%s** (%s, %s; enforced by %s)\n\n", e.ID, e.Title, e.API, e.Kind, e.Enforced)
		b.WriteString("Where:\n")
		for _, w := range e.Where {
			fmt.Fprintf(&b, "- `%s`: %s\n", w.Seed, w.Section)
		}
		b.WriteString("\nThe documents say:\n")
		for _, s := range e.Says {
			fmt.Fprintf(&b, "- %s\n", s)
		}
		fmt.Fprintf(&b, "\nDecision: %s\n\nWhy: %s\n", e.Decision, e.Why)
		if len(e.Lenient) > 0 {
			b.WriteString("\nLenient relaxations:\n")
			for _, x := range e.Lenient {
				switch x.Op {
				case "unrequire":
					fmt.Fprintf(&b, "- `%s`: `%s` is not required at `%s`\n", x.Schema, x.Field, orRoot(x.Path))
				case "alias":
					fmt.Fprintf(&b, "- `%s`: `%s` accepted as `%s` at `%s`\n", x.Schema, x.Field, x.Canonical, orRoot(x.Path))
				default:
					fmt.Fprintf(&b, "- `%s`: %s `%s`", x.Schema, x.Op, orRoot(x.Path))
					if len(x.Value) > 0 {
						fmt.Fprintf(&b, " with `%s`", compactJSON(x.Value))
					}
					b.WriteString("\n")
				}
			}
		}
	}
	return []byte(b.String())
}

func orRoot(p string) string {
	if p == "" {
		return "(root)"
	}
	return p
}

func mdCell(s string) string { return strings.ReplaceAll(s, "|", "\\|") }

func compactJSON(raw json.RawMessage) string {
	var b bytes.Buffer
	if err := json.Compact(&b, raw); err != nil {
		return string(raw)
	}
	return b.String()
}
