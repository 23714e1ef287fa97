package schemas

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/santhosh-tekuri/jsonschema/v5"

	"github.com/mobmock/mobmock/fixtures"
)

// agreement checks the fast path against jsonschema/v5 on one payload for
// one schema in one reading: when the fast path can tell, it must give
// v5's verdict, and when it writes the errors of an invalid payload, they
// must give rise to the problems v5's errors give rise to. It returns
// whether the fast path wrote them.
func agreement(t testing.TB, s *Set, r reading, name string, payload any) bool {
	t.Helper()
	sch, err := r.schema(name)
	if err != nil {
		t.Fatal(err)
	}
	n := compileFast(sch)
	if n == nil {
		return false
	}
	slowErr := sch.Validate(payload)
	slow := slowErr == nil
	if fast, sure := valid(n, payload); sure && fast != slow {
		data, _ := json.Marshal(payload)
		t.Errorf("%s: fast path says valid=%v, jsonschema/v5 says valid=%v, for %s", name, fast, slow, data)
	}
	ve, written := fastCheck(n, payload)
	if !written {
		return false
	}
	if fast := ve == nil; fast != slow {
		data, _ := json.Marshal(payload)
		t.Errorf("%s: the fast path's errors say valid=%v, jsonschema/v5 says valid=%v, for %s", name, fast, slow, data)
		return false
	}
	if slow {
		return false
	}
	got, want := sortedFindings(s.findings(ve, r, name, payload)), sortedFindings(s.findings(slowErr, r, name, payload))
	if diff := cmp.Diff(want, got, cmp.AllowUnexported(finding{})); diff != "" {
		data, _ := json.Marshal(payload)
		t.Errorf("%s: the fast path's problems differ from jsonschema/v5's (-v5 +fast) for %s:\n%s", name, data, diff)
	}
	return true
}

// sortedFindings orders findings completely: the order of v5's errors
// follows its map iterations, and the validator sorts problems itself.
func sortedFindings(fs []finding) []finding {
	out := slices.Clone(fs)
	slices.SortFunc(out, func(a, b finding) int {
		return strings.Compare(fmt.Sprintf("%+v", a), fmt.Sprintf("%+v", b))
	})
	return out
}

// payloads returns every fixture request body and documented example.
func payloads(t testing.TB) []any {
	t.Helper()
	var out []any
	files, _ := fs.Glob(fixtures.FS, "documented/*/*.json")
	for _, f := range files {
		data, _ := fs.ReadFile(fixtures.FS, f)
		v, err := Decode(data)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, v)
	}
	set, err := fixtures.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range set.Cases {
		for _, st := range c.Steps {
			if st.Request.Payload != nil {
				data, _ := json.Marshal(st.Request.Payload)
				v, err := Decode(data)
				if err == nil {
					out = append(out, v)
				}
			}
			if st.Expect.Want != nil {
				data, _ := json.Marshal(st.Expect.Want)
				if v, err := Decode(data); err == nil {
					out = append(out, v)
				}
			}
		}
	}
	return out
}

// compiled returns the embedded set with every schema file compiled.
func compiled(t *testing.T) *Set {
	t.Helper()
	s, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	if err := s.CompileAll(); err != nil {
		t.Fatal(err)
	}
	return s
}

// TestFastAgreesWithV5: for every fixture payload and documented example,
// against every schema file, in both readings, the fast path and
// jsonschema/v5 reach the same verdict.
func TestFastAgreesWithV5(t *testing.T) {
	s := compiled(t)
	ps := payloads(t)
	written := 0
	for _, name := range s.Files() {
		for _, r := range []reading{s.strict, s.lenient} {
			for _, p := range ps {
				if agreement(t, s, r, name, p) {
					written++
				}
			}
		}
	}
	// Most payloads are invalid against most files: the comparison of
	// problems must have happened, many times.
	if written < 1000 {
		t.Errorf("the fast path wrote the errors of only %d invalid payloads", written)
	}
}

// TestFastPathCoversEnvelopes: the request envelopes of both APIs, in both
// readings, are judged by the fast path, which reaches a verdict on every
// documented request (valid, in the lenient reading), and the type dispatch
// became a lookup.
func TestFastPathCoversEnvelopes(t *testing.T) {
	s, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, api := range []API{MOBPROC, Mobile} {
		for name, r := range map[string]reading{"strict": s.strict, "lenient": s.lenient} {
			sch, err := r.schema(Envelope(api))
			if err != nil {
				t.Fatal(err)
			}
			n := compileFast(sch)
			if n == nil {
				t.Fatalf("%s %s: the envelope uses a keyword the fast path does not implement", api, name)
			}
			if !hasDispatch(n, map[*fnode]bool{}) {
				t.Errorf("%s %s: no if/const/then dispatch was turned into a lookup", api, name)
			}
			files, _ := fs.Glob(fixtures.FS, "documented/"+string(api)+"/*.request.json")
			if len(files) == 0 {
				t.Fatalf("no documented %s requests", api)
			}
			for _, f := range files {
				data, _ := fs.ReadFile(fixtures.FS, f)
				v, err := Decode(data)
				if err != nil {
					t.Fatal(err)
				}
				ok, sure := valid(n, v)
				if want := sch.Validate(v) == nil; !sure || ok != want || (name == "lenient" && !ok) {
					t.Errorf("%s %s: fast path says valid=%v (sure=%v), jsonschema/v5 valid=%v, for %s", api, name, ok, sure, want, f)
				}
			}
		}
	}
}

func hasDispatch(n *fnode, seen map[*fnode]bool) bool {
	if n == nil || seen[n] {
		return false
	}
	seen[n] = true
	if len(n.dispatch) > 0 {
		return true
	}
	kids := []*fnode{n.ref, n.not, n.cond, n.then, n.els, n.items, n.propertyNames}
	kids = append(append(append(kids, n.allOf...), n.anyOf...), n.oneOf...)
	for _, p := range n.props {
		kids = append(kids, p.node)
	}
	for _, k := range kids {
		if hasDispatch(k, seen) {
			return true
		}
	}
	return false
}

// TestDispatchAgreesWithV5 holds the dispatch lookup to the meaning of the
// if/then branches it replaces, on the instances where a lookup could go
// wrong: keys missing or not strings, non-objects (every if holds), the
// empty string, two branches on one value, and branches that are not
// quite the pattern.
func TestDispatchAgreesWithV5(t *testing.T) {
	const schema = `{
	  "allOf": [
	    {"if": {"required": ["t"], "properties": {"t": {"const": "A"}}}, "then": {"required": ["a"]}},
	    {"if": {"required": ["t"], "properties": {"t": {"const": "A"}}}, "then": {"properties": {"a": {"type": "string"}}}},
	    {"if": {"required": ["t"], "properties": {"t": {"const": ""}}}, "then": {"required": ["e"]}},
	    {"if": {"required": ["t"], "properties": {"t": {"const": "B"}}}, "then": {"required": ["b"]}, "else": {"required": ["x"]}},
	    {"if": {"properties": {"t": {"const": "C"}}}, "then": {"required": ["c"]}},
	    {"if": {"required": ["u"], "properties": {"u": {"const": 1}}}, "then": {"required": ["one"]}},
	    {"if": {"required": ["k"], "properties": {"k": {"const": "K"}}}, "then": false},
	    {"if": {"required": ["n"], "properties": {"n": {"enum": [3, "3", 0.5]}}}, "then": {"required": ["three"]}},
	    {"if": {"required": ["n"], "properties": {"n": {"const": 4}}}, "then": {"required": ["four"]}}
	  ]
	}`
	c := jsonschema.NewCompiler()
	c.Draft = jsonschema.Draft2020
	if err := c.AddResource("d.json", strings.NewReader(schema)); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile("d.json")
	if err != nil {
		t.Fatal(err)
	}
	n := compileFast(sch)
	if n == nil || len(n.dispatch) != 4 || len(n.allOf) != 2 {
		t.Fatalf("want 4 dispatch keys (t, u, k, n) and 2 plain branches (an else, an if without required), got %+v", n)
	}
	for _, in := range []string{
		`{}`, `{"t":"A"}`, `{"t":"A","a":"x"}`, `{"t":"A","a":1}`, `{"t":""}`, `{"t":"","e":1}`,
		`{"t":0}`, `{"t":null,"x":1}`, `{"t":"B"}`, `{"t":"B","b":1}`, `{"x":1}`, `{"t":"Z","x":1}`,
		`{"c":1}`, `{"t":"C","x":1}`, `{"t":"C","c":1,"x":1}`, `{"u":1,"x":1}`, `{"u":1.0,"one":1,"x":1}`,
		`{"k":"K","x":1}`, `{"k":"k","x":1}`, `"A"`, `[]`, `1`, `null`,
		`{"n":3,"x":1}`, `{"n":3.0,"x":1}`, `{"n":3e0,"x":1}`, `{"n":"3","x":1}`, `{"n":"3.0","x":1}`, `{"n":0.5,"x":1}`,
		`{"n":5e-1,"x":1}`, `{"n":3,"three":1,"x":1}`, `{"n":4,"x":1}`, `{"n":40e-1,"four":1,"x":1}`, `{"n":-0,"x":1}`, `{"n":true,"x":1}`,
	} {
		v, err := Decode([]byte(in))
		if err != nil {
			t.Fatal(err)
		}
		fast, sure := valid(n, v)
		slow := sch.Validate(v) == nil
		if !sure || fast != slow {
			t.Errorf("%s: fast path valid=%v (sure=%v), jsonschema/v5 valid=%v", in, fast, sure, slow)
		}
	}
}

// FuzzFastAgreesWithV5 mutates fixture bodies and checks the fast path and
// jsonschema/v5 agree on the request envelopes in both readings: on the
// verdict, and on the problems (errors and, through the strict reading,
// the lenient reading's warnings) of an invalid body.
func FuzzFastAgreesWithV5(f *testing.F) {
	for _, p := range payloads(f) {
		data, _ := json.Marshal(p)
		f.Add(data)
	}
	s, err := Load()
	if err != nil {
		f.Fatal(err)
	}
	slow := withoutFastPath(s)
	f.Fuzz(func(t *testing.T, data []byte) {
		v, err := Decode(data)
		if err != nil {
			return
		}
		for _, api := range []API{MOBPROC, Mobile} {
			agreement(t, s, s.strict, Envelope(api), v)
			agreement(t, s, s.lenient, Envelope(api), v)
			sameProblems(t, s, slow, Envelope(api), v)
		}
	})
}

// withoutFastPath returns a copy of s that sends every payload to
// jsonschema/v5.
func withoutFastPath(s *Set) *Set {
	slow := *s
	slow.strict.v5Only, slow.lenient.v5Only = true, true
	return &slow
}

// sameProblems checks that validating payload against name gives the same
// problems, errors and warnings, in both modes, with the fast path as with
// jsonschema/v5 alone (in the same order but where v5's own order is that of
// its map iterations: problems of one pointer and code).
func sameProblems(t testing.TB, fast, slow *Set, name string, payload any) {
	t.Helper()
	for _, mode := range []Mode{Lenient, Strict} {
		got, err := fast.ValidateFile(name, payload, mode)
		if err != nil {
			t.Fatal(err)
		}
		want, err := slow.ValidateFile(name, payload, mode)
		if err != nil {
			t.Fatal(err)
		}
		byText := func(ps []Problem) []Problem {
			out := slices.Clone(ps)
			slices.SortStableFunc(out, func(a, b Problem) int { return strings.Compare(fmt.Sprint(a), fmt.Sprint(b)) })
			return out
		}
		if diff := cmp.Diff(byText(want), byText(got)); diff != "" {
			data, _ := json.Marshal(payload)
			t.Errorf("%s, %s: the problems with the fast path differ from jsonschema/v5's (-v5 +fast) for %s:\n%s", name, mode, data, diff)
		}
	}
}

// TestProblemsAgreeWithV5: every fixture payload and documented example
// gets the same problems, errors and warnings in both modes, against both
// request envelopes, with the fast path as with jsonschema/v5 alone.
func TestProblemsAgreeWithV5(t *testing.T) {
	s, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	slow := withoutFastPath(s)
	for _, p := range payloads(t) {
		for _, api := range []API{MOBPROC, Mobile} {
			sameProblems(t, s, slow, Envelope(api), p)
		}
	}
}

// TestCheckAfterAnInvalidPayload: check answers the same whether the last
// payload it saw against a schema was invalid (it then writes the errors at
// once) or not (it first walks for the verdict), for every fixture payload
// against every schema file in both readings.
func TestCheckAfterAnInvalidPayload(t *testing.T) {
	s := compiled(t)
	ps := payloads(t)
	shortcuts := 0
	for _, name := range s.Files() {
		for _, r := range []reading{s.strict, s.lenient} {
			sch, err := r.schema(name)
			if err != nil {
				t.Fatal(err)
			}
			e := r.fastEntry(name, sch)
			for _, p := range ps {
				e.invalid.Store(false)
				before := r.check(name, sch, p)
				e.invalid.Store(true)
				after := r.check(name, sch, p)
				if (before == nil) != (after == nil) {
					data, _ := json.Marshal(p)
					t.Fatalf("%s: valid=%v after a valid payload, valid=%v after an invalid one, for %s", name, before == nil, after == nil, data)
				}
				if before == nil {
					continue
				}
				shortcuts++
				got, want := sortedFindings(s.findings(after, r, name, p)), sortedFindings(s.findings(before, r, name, p))
				if diff := cmp.Diff(want, got, cmp.AllowUnexported(finding{})); diff != "" {
					data, _ := json.Marshal(p)
					t.Fatalf("%s: problems after an invalid payload differ (-usual +shortcut):\n%s\nfor %s", name, diff, data)
				}
			}
		}
	}
	if shortcuts < 1000 {
		t.Errorf("only %d invalid payloads compared", shortcuts)
	}
}
