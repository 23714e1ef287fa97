package schemas_test

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"math/big"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mobmock/mobmock/fixtures"
	"github.com/mobmock/mobmock/internal/jsonpatch"
	"github.com/mobmock/mobmock/schemas"
)

// seedBodies adds every documented example and every fixture request body
// to a fuzz corpus.
func seedBodies(f *testing.F) {
	files, _ := fs.Glob(fixtures.FS, "documented/*/*.json")
	for _, name := range files {
		data, err := fs.ReadFile(fixtures.FS, name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	set, err := fixtures.Embedded()
	if err != nil {
		f.Fatal(err)
	}
	for _, c := range set.Cases {
		for _, st := range c.Steps {
			if st.Request.RawBody != nil {
				f.Add([]byte(*st.Request.RawBody))
			}
			if st.Request.Payload != nil {
				data, _ := json.Marshal(st.Request.Payload)
				f.Add(data)
			}
		}
	}
}

// FuzzDecode: Decode never panics, and whatever it accepts encoding/json
// accepts too and decodes to the same value.
func FuzzDecode(f *testing.F) {
	seedBodies(f)
	f.Add([]byte(`{"a": "\ud83d\ude00", "b": [1e5, -0.0, true, null]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		got, err := schemas.Decode(data)
		if err != nil {
			var se *schemas.SyntaxError
			if !asSyntax(err, &se) || se.Code == "" || se.Offset < 0 || se.Offset > len(data) {
				t.Fatalf("error %v is not a SyntaxError with an offset inside the input", err)
			}
			return
		}
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.UseNumber()
		var want any
		if err := dec.Decode(&want); err != nil {
			t.Fatalf("Decode accepted what encoding/json refuses (%v): %q", err, data)
		}
		if diff := cmp.Diff(want, got, sameNumber); diff != "" {
			t.Fatalf("Decode(%q) differs from encoding/json:\n%s", data, diff)
		}
	})
}

// sameNumber compares numbers by value: Decode writes an integral 3.0 or
// 1e5 as the integer it is.
var sameNumber = cmp.Comparer(func(a, b json.Number) bool {
	x, okx := new(big.Rat).SetString(string(a))
	y, oky := new(big.Rat).SetString(string(b))
	return okx && oky && x.Cmp(y) == 0
})

// withoutInput removes from a message every key and string of the payload,
// as written and as quoted, so that what a sender wrote ("%!x") is not
// taken for a formatting slip.
func withoutInput(msg string, payload any) string {
	var words []string
	var walk func(any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			for k, y := range x {
				walk(k)
				walk(y)
			}
		case []any:
			for _, y := range x {
				walk(y)
			}
		case string:
			words = append(words, x)
			if r := []rune(x); len(r) > 60 {
				words = append(words, string(r[:57])) // as messages shorten it
			}
		}
	}
	walk(payload)
	sort.Slice(words, func(i, j int) bool { return len(words[i]) > len(words[j]) })
	for _, w := range words {
		if w == "" {
			continue
		}
		q := strconv.Quote(w)
		msg = strings.ReplaceAll(msg, q[1:len(q)-1], "")
		msg = strings.ReplaceAll(msg, w, "")
	}
	return msg
}

func asSyntax(err error, target **schemas.SyntaxError) bool {
	se, ok := err.(*schemas.SyntaxError)
	*target = se
	return ok
}

// FuzzValidate: validating any JSON document against both APIs in both
// readings never panics and yields well-formed problems written for people.
func FuzzValidate(f *testing.F) {
	seedBodies(f)
	set, err := schemas.Load()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		payload, err := schemas.Decode(data)
		if err != nil {
			return
		}
		for _, api := range []schemas.API{schemas.MOBPROC, schemas.Mobile} {
			for _, mode := range []schemas.Mode{schemas.Lenient, schemas.Strict} {
				for _, p := range set.Validate(jsonpatch.Clone(payload), api, mode) {
					if _, err := jsonpatch.Split(p.Pointer); err != nil {
						t.Fatalf("bad pointer %q: %v", p.Pointer, err)
					}
					if p.Code == "" || p.Message == "" || (p.Severity != schemas.Error && p.Severity != schemas.Warning) {
						t.Fatalf("malformed problem %+v", p)
					}
					if mode == schemas.Strict && p.Severity != schemas.Error {
						t.Fatalf("strict warning %+v", p)
					}
					text := withoutInput(p.Message+p.Hint, payload)
					for _, leak := range []string{"%!", "jsonschema", "<nil>", "map["} {
						if strings.Contains(text, leak) {
							t.Fatalf("problem shows internals: %+v", p)
						}
					}
				}
			}
		}
	})
}
