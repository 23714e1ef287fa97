package schemas_test

import (
	"encoding/json"
	"hash/maphash"
	"io/fs"
	"path"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mobmock/mobmock/fixtures"
	"github.com/mobmock/mobmock/internal/jsonpatch"
	"github.com/mobmock/mobmock/schemas"
)

// documented is one documented request type with its example body.
type documented struct {
	api     schemas.API
	name    string // the slug: "swap-devices", "new-line"
	payload any
}

// documentedRequests returns the 43 documented request types: the 12 MOBPROC
// transaction types (the body of each type's confirm case in
// fixtures/cases/mobproc/requests.json, which is the documented example
// where the documents give one) and the 31 Mobile activity types (the
// documented examples of fixtures/documented/mobile).
func documentedRequests(tb testing.TB) []documented {
	tb.Helper()
	var out []documented
	cases := loadCases(tb)
	for _, c := range cases.Cases {
		slug, ok := strings.CutSuffix(strings.TrimPrefix(c.Name, "mobproc/"), "/confirm")
		if !ok || c.API() != "mobproc" || !c.HasTag("positive") || strings.Contains(slug, "/") {
			continue
		}
		out = append(out, documented{schemas.MOBPROC, slug, redecode(tb, c.Steps[0].Request.Payload)})
	}
	files, err := fs.Glob(fixtures.FS, "documented/mobile/*.request.json")
	if err != nil {
		tb.Fatal(err)
	}
	for _, f := range files {
		data, err := fs.ReadFile(fixtures.FS, f)
		if err != nil {
			tb.Fatal(err)
		}
		out = append(out, documented{schemas.Mobile, strings.TrimSuffix(path.Base(f), ".request.json"), redecode(tb, data)})
	}
	if len(out) != 43 {
		tb.Fatalf("found %d documented request types, want 43 (12 MOBPROC, 31 Mobile)", len(out))
	}
	return out
}

// redecode turns a body (bytes or a decoded value) into what Decode returns.
func redecode(tb testing.TB, body any) any {
	tb.Helper()
	data, ok := body.([]byte)
	if !ok {
		var err error
		if data, err = json.Marshal(body); err != nil {
			tb.Fatal(err)
		}
	}
	v, err := schemas.Decode(data)
	if err != nil {
		tb.Fatal(err)
	}
	return v
}

// leaf is a string or number of a payload that a variant may change.
type leaf struct {
	ptr  string
	orig any
}

// mutate rewrites the leaf for variant seed: every digit becomes another
// digit and every letter another letter of the same case, so that lengths,
// and the patterns that only count characters of a kind, still hold. The
// first character stays as it is (leading digits are often constrained).
func (l leaf) mutate(seed uint64) any {
	s, isString := l.orig.(string)
	if !isString {
		s = string(l.orig.(json.Number))
	}
	b := []byte(s)
	for i := len(b) - 1; i >= 1; i-- {
		c := b[i]
		switch {
		case c >= '0' && c <= '9':
			b[i] = '0' + byte(seed%10)
			seed /= 10
		case c >= 'a' && c <= 'z':
			b[i] = 'a' + byte(seed%26)
			seed /= 26
		case c >= 'A' && c <= 'Z':
			b[i] = 'A' + byte(seed%26)
			seed /= 26
		}
	}
	if isString {
		return string(b)
	}
	return json.Number(b)
}

// capacity is how many distinct values mutate gives the leaf.
func (l leaf) capacity() uint64 {
	s, _ := l.orig.(string)
	if n, ok := l.orig.(json.Number); ok {
		s = string(n)
	}
	c := uint64(1)
	for i := 1; i < len(s) && c < 1<<40; i++ {
		switch ch := s[i]; {
		case ch >= '0' && ch <= '9':
			c *= 10
		case (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z'):
			c *= 26
		}
	}
	return c
}

func leaves(v any, ptr string, out *[]leaf) {
	switch x := v.(type) {
	case map[string]any:
		for k, y := range x {
			leaves(y, jsonpatch.Append(ptr, k), out)
		}
	case []any:
		for i, y := range x {
			leaves(y, jsonpatch.Append(ptr, jsonIndex(i)), out)
		}
	case string:
		*out = append(*out, leaf{ptr, x})
	case json.Number:
		if strings.Trim(string(x), "-0123456789") == "" {
			*out = append(*out, leaf{ptr, x})
		}
	}
}

func jsonIndex(i int) string {
	data, _ := json.Marshal(i)
	return string(data)
}

// variation is what may change in one documented request: the leaves whose
// values the contract leaves free, found by trying values and keeping the
// leaves whose problems, in both readings, stay exactly those of the
// example.
type variation struct {
	doc     documented
	want    map[schemas.Mode][]schemas.Problem
	free    []leaf
	counter int // the free leaf with the most values: it makes bodies unique
}

func problemsOf(set *schemas.Set, api schemas.API, payload any) map[schemas.Mode][]schemas.Problem {
	out := map[schemas.Mode][]schemas.Problem{}
	for _, m := range []schemas.Mode{schemas.Lenient, schemas.Strict} {
		out[m] = set.Validate(jsonpatch.Clone(payload), api, m)
	}
	return out
}

// vary finds the free leaves of a documented request.
func vary(tb testing.TB, set *schemas.Set, d documented) *variation {
	tb.Helper()
	v := &variation{doc: d, want: problemsOf(set, d.api, d.payload)}
	var all []leaf
	leaves(d.payload, "", &all)
	sort.Slice(all, func(i, j int) bool { return all[i].ptr < all[j].ptr })
	seed := maphash.MakeSeed()
	for _, l := range all {
		// A leaf with few values is tried with each; others with a
		// dozen random ones.
		tries, random := l.capacity(), false
		if tries > 100 {
			tries, random = 12, true
		}
		free := tries > 1
		for try := range tries {
			s := try
			if random {
				s = maphash.Comparable(seed, [2]any{l.ptr, try})
			}
			p := jsonpatch.Clone(d.payload)
			setLeaf(tb, p, l.ptr, l.mutate(s))
			if !cmp.Equal(problemsOf(set, d.api, p), v.want) {
				free = false
				break
			}
		}
		if free {
			v.free = append(v.free, l)
		}
	}
	if len(v.free) == 0 {
		tb.Fatalf("%s/%s: no value of the example can change without changing its problems", d.api, d.name)
	}
	for i, l := range v.free {
		if l.capacity() > v.free[v.counter].capacity() {
			v.counter = i
		}
	}
	return v
}

// bodies returns n distinct variants of the request (distinct as long as n
// is within the capacity of the counter leaf, which the benchmark reports),
// and checks that the first few have exactly the example's problems.
func (v *variation) bodies(tb testing.TB, set *schemas.Set, n int) [][]byte {
	tb.Helper()
	seed := maphash.MakeSeed()
	out := make([][]byte, n)
	for i := range out {
		var p any
		// Two items of a list may come out equal, which uniqueItems
		// forbids: draw again.
		for salt := 0; p == nil || repeats(p) > repeats(v.doc.payload); salt++ {
			p = jsonpatch.Clone(v.doc.payload)
			for j, l := range v.free {
				s := maphash.Comparable(seed, [3]any{l.ptr, i, salt})
				if j == v.counter {
					s = uint64(i)
				}
				setLeaf(tb, p, l.ptr, l.mutate(s))
			}
		}
		data, err := json.Marshal(p)
		if err != nil {
			tb.Fatal(err)
		}
		out[i] = data
		if i < 3 {
			if got := problemsOf(set, v.doc.api, redecode(tb, data)); !cmp.Equal(got, v.want) {
				tb.Fatalf("%s/%s: variant %s has other problems than the example:\n%s", v.doc.api, v.doc.name, data, cmp.Diff(v.want, got))
			}
		}
	}
	return out
}

// repeats counts the lists of v, at any depth, that hold an item twice.
func repeats(v any) int {
	n := 0
	switch x := v.(type) {
	case map[string]any:
		for _, y := range x {
			n += repeats(y)
		}
	case []any:
		for i := range x {
			n += repeats(x[i])
			if slices.ContainsFunc(x[:i], func(y any) bool { return jsonpatch.Equal(x[i], y) }) {
				n++
			}
		}
	}
	return n
}

func setLeaf(tb testing.TB, payload any, ptr string, value any) {
	tb.Helper()
	parentPtr, last := jsonpatch.Parent(ptr)
	parent, err := jsonpatch.Get(payload, parentPtr)
	if err != nil {
		tb.Fatal(err)
	}
	switch c := parent.(type) {
	case map[string]any:
		c[last] = value
	case []any:
		var i int
		if err := json.Unmarshal([]byte(last), &i); err != nil {
			tb.Fatal(err)
		}
		c[i] = value
	}
}

// TestVariantsKeepProblems: the bodies the benchmarks send are distinct,
// and each has, in both readings, exactly the problems of the example it
// varies.
func TestVariantsKeepProblems(t *testing.T) {
	set := load(t)
	for _, d := range documentedRequests(t) {
		t.Run(string(d.api)+"/"+d.name, func(t *testing.T) {
			v := vary(t, set, d)
			seen := map[string]bool{}
			for _, b := range v.bodies(t, set, 50) {
				if seen[string(b)] {
					t.Fatalf("variant repeated: %s", b)
				}
				seen[string(b)] = true
				if got := problemsOf(set, d.api, redecode(t, b)); !cmp.Equal(got, v.want) {
					t.Fatalf("variant %s has other problems than the example:\n%s", b, cmp.Diff(v.want, got))
				}
			}
		})
	}
}
