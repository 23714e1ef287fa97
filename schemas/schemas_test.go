package schemas_test

import (
	"fmt"
	"io/fs"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/mobmock/mobmock/fixtures"
	"github.com/mobmock/mobmock/internal/jsonpatch"
	"github.com/mobmock/mobmock/schemas"
)

func load(t testing.TB) *schemas.Set {
	t.Helper()
	s, err := schemas.Load()
	if err != nil {
		t.Fatalf("load schemas: %v", err)
	}
	return s
}

func loadCases(t testing.TB) *fixtures.Set {
	t.Helper()
	c, err := fixtures.Embedded()
	if err != nil {
		t.Fatalf("load fixtures: %v", err)
	}
	return c
}

// TestFilesFollowConventions checks the authoring rules of README.md on every
// schema file: titles, hints beside patterns, words for inferred schemas.
func TestFilesFollowConventions(t *testing.T) {
	s := load(t)
	if err := s.CompileAll(); err != nil {
		t.Fatalf("compile: %v", err)
	}
	for _, name := range s.Files() {
		t.Run(name, func(t *testing.T) {
			doc, _ := s.Document(name)
			root := doc.(map[string]any)
			if root["title"] == nil || root["description"] == nil {
				t.Errorf("file needs a title and a description")
			}
			walk(doc, "", func(ptr string, m map[string]any) {
				if _, ok := m["pattern"].(string); ok && m["x-hint"] == nil {
					t.Errorf("%s: a pattern needs an x-hint saying the format in words", ptr)
				}
				if inf, ok := m["x-inferred"]; ok && (inf != true || m["description"] == nil) {
					t.Errorf("%s: x-inferred must be true and come with a description", ptr)
				}
				for _, kw := range []string{"contains", "not"} {
					if _, ok := m[kw]; ok && m["x-message"] == nil {
						t.Errorf("%s: %s needs an x-message", ptr, kw)
					}
				}
			})
		})
	}
}

// walk calls fn for every object in a decoded JSON document.
func walk(v any, ptr string, fn func(string, map[string]any)) {
	switch c := v.(type) {
	case map[string]any:
		fn(ptr, c)
		for k, x := range c {
			walk(x, jsonpatch.Append(ptr, k), fn)
		}
	case []any:
		for i, x := range c {
			walk(x, fmt.Sprintf("%s/%d", ptr, i), fn)
		}
	}
}

// TestDocumentedRequestsAccepted: partners copy the documented examples, so
// the lenient reading accepts every one of them.
func TestDocumentedRequestsAccepted(t *testing.T) {
	s := load(t)
	files, err := fs.Glob(fixtures.FS, "documented/*/*.request.json")
	if err != nil || len(files) == 0 {
		t.Fatalf("no documented requests: %v", err)
	}
	for _, f := range files {
		t.Run(f, func(t *testing.T) {
			payload := readJSON(t, f)
			api, ok := schemas.DetectAPI(payload)
			if !ok {
				t.Fatalf("cannot tell the API from the envelope")
			}
			for _, p := range s.Validate(payload, api, schemas.Lenient) {
				if p.Severity == schemas.Error {
					t.Errorf("lenient error: %s: %s %s", p.Pointer, p.Message, p.Hint)
				}
			}
		})
	}
}

func readJSON(t testing.TB, name string) any {
	t.Helper()
	data, err := fs.ReadFile(fixtures.FS, name)
	if err != nil {
		t.Fatal(err)
	}
	var v any
	if err := jsonpatch.Unmarshal(data, &v); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return v
}

// bodySteps yields every fixture step that posts a request body to one of
// the two request envelopes, which is what the validator can judge alone.
func bodySteps(t testing.TB) []bodyStep {
	var out []bodyStep
	for _, c := range loadCases(t).Cases {
		for i, st := range c.Steps {
			api := fixtures.APIOf(st.Request.Path)
			if st.Request.Method != "POST" || st.Request.Payload == nil || st.Request.RawBody != nil {
				continue
			}
			if !strings.HasSuffix(st.Request.Path, "/orders") && !strings.HasSuffix(st.Request.Path, "/activities") {
				continue
			}
			if strings.Contains(st.Request.Path, "{{") || st.Request.UsesCaptures() {
				continue // complete only when the case runs
			}
			out = append(out, bodyStep{c: c, i: i, api: schemas.API(api)})
		}
	}
	return out
}

type bodyStep struct {
	c   *fixtures.Case
	i   int
	api schemas.API
}

// TestCases validates every fixture body in both modes and checks that the
// problems each case expects are found where it says, and that cases the API
// must accept (or reject for reasons beyond the body) have no body errors.
func TestCases(t *testing.T) {
	s := load(t)
	steps := bodySteps(t)
	if len(steps) == 0 {
		t.Fatal("no body cases")
	}
	for _, bs := range steps {
		st := bs.c.Steps[bs.i]
		t.Run(fmt.Sprintf("%s/step%d", bs.c.Name, bs.i+1), func(t *testing.T) {
			for _, mode := range []schemas.Mode{schemas.Lenient, schemas.Strict} {
				exp := st.Expect
				if mode == schemas.Strict && st.Strict != nil {
					exp = *st.Strict
				}
				// Re-decode so that ApplyRenames elsewhere cannot leak.
				payload := jsonpatch.Clone(st.Request.Payload)
				got := s.Validate(payload, bs.api, mode)
				if (bs.c.HasTag("business") || bs.c.HasTag("headers")) && (mode == schemas.Lenient || st.Strict == nil) {
					// The problems come from the target's rules and world
					// (or headers), not the body: the body itself is valid.
					exp = fixtures.Expect{Status: 200}
				}
				checkProblems(t, mode, exp, got)
			}
		})
	}
}

func checkProblems(t *testing.T, mode schemas.Mode, exp fixtures.Expect, got []schemas.Problem) {
	t.Helper()
	var errs []schemas.Problem
	for _, p := range got {
		if p.Message == "" || strings.ContainsAny(p.Message, "%{}") || strings.Contains(p.Message, "jsonschema") {
			t.Errorf("%s: problem at %s has a message that is not for people: %q", mode, p.Pointer, p.Message)
		}
		if p.Severity == schemas.Error {
			errs = append(errs, p)
		}
		if mode == schemas.Strict && p.Severity != schemas.Error {
			t.Errorf("strict: problem at %s is a %s; strict mode has only errors", p.Pointer, p.Severity)
		}
	}
	if exp.Status != 400 {
		for _, p := range errs {
			t.Errorf("%s: expected the body to be valid (status %d), got error at %s: %s", mode, exp.Status, p.Pointer, p.Message)
		}
	}
	for _, want := range exp.Problems {
		sev := want.Severity
		if sev == "" {
			sev = "error"
		}
		if sev == "error" && exp.Status != 400 {
			continue // a business rule of the target (409, 422), not the body
		}
		found := false
		for _, p := range got {
			if p.Pointer == want.Pointer && p.Code == want.Code && string(p.Severity) == sev &&
				(want.Discrepancy == "" || want.Discrepancy == p.Discrepancy) {
				found = true
			}
		}
		if !found {
			t.Errorf("%s: missing %s %s at %s (discrepancy %q); got:\n%s", mode, sev, want.Code, want.Pointer, want.Discrepancy, describe(got))
		}
	}
}

func describe(ps []schemas.Problem) string {
	var b strings.Builder
	for _, p := range ps {
		fmt.Fprintf(&b, "    %s %s %s [%s] %s %s\n", p.Severity, p.Code, p.Pointer, p.Discrepancy, p.Message, p.Hint)
	}
	if b.Len() == 0 {
		return "    (no problems)\n"
	}
	return b.String()
}

// TestRegisterExercised: every register entry enforced by the schema has a
// case that shows the lenient reading accepting (with a warning citing the
// entry) what the strict reading rejects.
func TestRegisterExercised(t *testing.T) {
	s := load(t)
	steps := bodySteps(t)
	for _, e := range s.Register().Entries {
		if e.Enforced != "schema" {
			continue
		}
		t.Run(e.ID, func(t *testing.T) {
			exercised := false
			for _, bs := range steps {
				st := bs.c.Steps[bs.i]
				if !contains(bs.c.Discrepancies, e.ID) || st.Strict == nil || st.Strict.Status != 400 || st.Expect.Status == 400 {
					continue
				}
				lenient := s.Validate(jsonpatch.Clone(st.Request.Payload), bs.api, schemas.Lenient)
				strict := s.Validate(jsonpatch.Clone(st.Request.Payload), bs.api, schemas.Strict)
				var warned []string
				for _, p := range lenient {
					if p.Discrepancy == e.ID && p.Severity == schemas.Warning {
						warned = append(warned, p.Pointer)
					}
				}
				if len(warned) == 0 {
					t.Errorf("case %s: lenient reading gives no warning citing %s:\n%s", bs.c.Name, e.ID, describe(lenient))
					continue
				}
				for _, ptr := range warned {
					if !hasError(strict, ptr) {
						t.Errorf("case %s: strict reading has no error at %s:\n%s", bs.c.Name, ptr, describe(strict))
					}
				}
				exercised = true
			}
			if !exercised {
				t.Errorf("no case lists %s in discrepancies with a lenient expect that accepts and a strict one (status 400) that rejects", e.ID)
			}
		})
	}
}

func hasError(ps []schemas.Problem, ptr string) bool {
	for _, p := range ps {
		if p.Pointer == ptr && p.Severity == schemas.Error {
			return true
		}
	}
	return false
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

var idRE = regexp.MustCompile(`^(MP|MB)-[1-9][0-9]*$`)

// TestRegisterReferences: ids are well formed, and every id cited by a case
// or a fixture rule exists.
func TestRegisterReferences(t *testing.T) {
	s := load(t)
	known := map[string]bool{}
	for _, e := range s.Register().Entries {
		if !idRE.MatchString(e.ID) {
			t.Errorf("register id %q must look like MP-1 or MB-1", e.ID)
		}
		known[e.ID] = true
	}
	cs := loadCases(t)
	var cited []string
	for _, c := range cs.Cases {
		cited = append(cited, c.Discrepancies...)
		for _, st := range c.Steps {
			for _, e := range []*fixtures.Expect{&st.Expect, st.Strict} {
				if e == nil {
					continue
				}
				for _, r := range cs.RulesFor(e) {
					if r.Discrepancy != "" {
						cited = append(cited, r.Discrepancy)
					}
				}
				for _, p := range e.Problems {
					if p.Discrepancy != "" {
						cited = append(cited, p.Discrepancy)
					}
				}
			}
		}
	}
	sort.Strings(cited)
	for _, id := range cited {
		if !known[id] {
			t.Errorf("fixtures cite register entry %s, which does not exist", id)
		}
	}
}

// TestMockEntriesExercised: every register entry the mock enforces is cited
// by a fixture case (in its discrepancies, a rule or a problem), so the
// conformance suite exercises it against the mock in both readings.
func TestMockEntriesExercised(t *testing.T) {
	s := load(t)
	cs := loadCases(t)
	cited := map[string]bool{}
	for _, c := range cs.Cases {
		for _, id := range c.Discrepancies {
			cited[id] = true
		}
		for _, st := range c.Steps {
			for _, e := range []*fixtures.Expect{&st.Expect, st.Strict} {
				if e == nil {
					continue
				}
				for _, r := range cs.RulesFor(e) {
					cited[r.Discrepancy] = true
				}
				for _, p := range e.Problems {
					cited[p.Discrepancy] = true
				}
			}
		}
	}
	for _, e := range s.Register().Entries {
		if e.Enforced == "mock" && !cited[e.ID] {
			t.Errorf("%s (%s) is enforced by the mock but no fixture case cites it", e.ID, e.Title)
		}
	}
}
