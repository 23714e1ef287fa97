package jsonpatch

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func decode(t *testing.T, s string) any {
	t.Helper()
	var v any
	if err := Unmarshal([]byte(s), &v); err != nil {
		t.Fatalf("decoding %s: %v", s, err)
	}
	return v
}

func ops(t *testing.T, s string) []Op {
	t.Helper()
	var o []Op
	if err := json.Unmarshal([]byte(s), &o); err != nil {
		t.Fatalf("decoding ops %s: %v", s, err)
	}
	return o
}

// The cases follow the examples of RFC 6902 appendix A.
func TestApply(t *testing.T) {
	tests := []struct {
		name, doc, patch, want string
	}{
		{"add member", `{"foo":"bar"}`, `[{"op":"add","path":"/baz","value":"qux"}]`, `{"baz":"qux","foo":"bar"}`},
		{"add array element", `{"foo":["bar","baz"]}`, `[{"op":"add","path":"/foo/1","value":"qux"}]`, `{"foo":["bar","qux","baz"]}`},
		{"append with dash", `{"foo":["bar"]}`, `[{"op":"add","path":"/foo/-","value":["abc","def"]}]`, `{"foo":["bar",["abc","def"]]}`},
		{"add at array end index", `{"foo":["bar"]}`, `[{"op":"add","path":"/foo/1","value":"x"}]`, `{"foo":["bar","x"]}`},
		{"remove member", `{"baz":"qux","foo":"bar"}`, `[{"op":"remove","path":"/baz"}]`, `{"foo":"bar"}`},
		{"remove array element", `{"foo":["bar","qux","baz"]}`, `[{"op":"remove","path":"/foo/1"}]`, `{"foo":["bar","baz"]}`},
		{"replace", `{"baz":"qux","foo":"bar"}`, `[{"op":"replace","path":"/baz","value":"boo"}]`, `{"baz":"boo","foo":"bar"}`},
		{"replace whole document", `{"a":1}`, `[{"op":"replace","path":"","value":[1]}]`, `[1]`},
		{"move member", `{"foo":{"bar":"baz","waldo":"fred"},"qux":{"corge":"grault"}}`,
			`[{"op":"move","from":"/foo/waldo","path":"/qux/thud"}]`,
			`{"foo":{"bar":"baz"},"qux":{"corge":"grault","thud":"fred"}}`},
		{"move array element", `{"foo":["all","grass","cows","eat"]}`, `[{"op":"move","from":"/foo/1","path":"/foo/3"}]`, `{"foo":["all","cows","eat","grass"]}`},
		{"copy", `{"a":{"b":1}}`, `[{"op":"copy","from":"/a","path":"/c"}]`, `{"a":{"b":1},"c":{"b":1}}`},
		{"test then add", `{"baz":"qux"}`, `[{"op":"test","path":"/baz","value":"qux"},{"op":"add","path":"/n","value":1}]`, `{"baz":"qux","n":1}`},
		{"test compares numbers by value", `{"n":1.0}`, `[{"op":"test","path":"/n","value":1}]`, `{"n":1}`},
		{"escaped tokens", `{"a/b":{"m~n":1}}`, `[{"op":"replace","path":"/a~1b/m~0n","value":2}]`, `{"a/b":{"m~n":2}}`},
		{"nested array in object", `{"o":{"l":[{"x":1}]}}`, `[{"op":"add","path":"/o/l/0/y","value":true}]`, `{"o":{"l":[{"x":1,"y":true}]}}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := decode(t, tt.doc)
			got, err := Apply(doc, ops(t, tt.patch))
			if err != nil {
				t.Fatal(err)
			}
			if want := decode(t, tt.want); !Equal(got, want) {
				t.Errorf("got %v, want %v", got, want)
			}
			if !Equal(doc, decode(t, tt.doc)) {
				t.Errorf("Apply changed its input: %v", doc)
			}
		})
	}
}

func TestApplyErrors(t *testing.T) {
	tests := []struct {
		name, doc, patch, want string
	}{
		{"add to missing parent", `{"foo":"bar"}`, `[{"op":"add","path":"/baz/bat","value":"qux"}]`, "operation 0 (add /baz/bat): no value at pointer: /baz"},
		{"replace missing member", `{}`, `[{"op":"replace","path":"/a","value":1}]`, "no value at pointer: /a"},
		{"remove missing element", `{"l":[1]}`, `[{"op":"remove","path":"/l/1"}]`, "no value at pointer: /l/1"},
		{"index past end", `{"l":[1]}`, `[{"op":"add","path":"/l/3","value":1}]`, "no value at pointer: /l/3"},
		{"leading zero index", `{"l":[1,2]}`, `[{"op":"replace","path":"/l/01","value":1}]`, "no value at pointer: /l/01"},
		{"failed test", `{"baz":"qux"}`, `[{"op":"test","path":"/baz","value":"bar"}]`, "test failed"},
		{"second op fails", `{}`, `[{"op":"add","path":"/a","value":1},{"op":"remove","path":"/b"}]`, "operation 1 (remove /b)"},
		{"missing value", `{}`, `[{"op":"add","path":"/a"}]`, "operation needs a value"},
		{"unknown op", `{}`, `[{"op":"merge","path":"/a","value":1}]`, `unknown operation "merge"`},
		{"remove root", `{}`, `[{"op":"remove","path":""}]`, "cannot remove the whole document"},
		{"pointer without slash", `{}`, `[{"op":"add","path":"a","value":1}]`, `must start with "/"`},
		{"child of scalar", `{"a":1}`, `[{"op":"add","path":"/a/b","value":1}]`, "parent is not an object or array"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := decode(t, tt.doc)
			got, err := Apply(doc, ops(t, tt.patch))
			if err == nil {
				t.Fatalf("no error; got %v", got)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q does not contain %q", err, tt.want)
			}
			if !Equal(doc, decode(t, tt.doc)) {
				t.Errorf("a failed patch changed its input: %v", doc)
			}
		})
	}
}

// The pointers are those of RFC 6901 section 5.
func TestGet(t *testing.T) {
	doc := decode(t, `{"foo":["bar","baz"],"":0,"a/b":1,"c%d":2,"e^f":3,"g|h":4,"i\\j":5,"k\"l":6," ":7,"m~n":8}`)
	tests := map[string]string{
		"":       `{"foo":["bar","baz"],"":0,"a/b":1,"c%d":2,"e^f":3,"g|h":4,"i\\j":5,"k\"l":6," ":7,"m~n":8}`,
		"/foo":   `["bar","baz"]`,
		"/foo/0": `"bar"`,
		"/":      `0`,
		"/a~1b":  `1`,
		"/c%d":   `2`,
		"/e^f":   `3`,
		"/g|h":   `4`,
		"/i\\j":  `5`,
		"/k\"l":  `6`,
		"/ ":     `7`,
		"/m~0n":  `8`,
	}
	for ptr, want := range tests {
		got, err := Get(doc, ptr)
		if err != nil {
			t.Errorf("Get(%q): %v", ptr, err)
			continue
		}
		if !Equal(got, decode(t, want)) {
			t.Errorf("Get(%q) = %v, want %s", ptr, got, want)
		}
	}
	for _, ptr := range []string{"/nope", "/foo/2", "/foo/-", "/foo/bar", "/foo/0/x"} {
		if _, err := Get(doc, ptr); !errors.Is(err, ErrNotFound) {
			t.Errorf("Get(%q) error = %v, want ErrNotFound", ptr, err)
		}
	}
}

func TestPointerTokens(t *testing.T) {
	for _, tokens := range [][]string{{}, {"a"}, {"a/b", "m~n"}, {"~1", "~0", ""}, {"orders", "0", "lines"}} {
		ptr := Join(tokens...)
		got, err := Split(ptr)
		if err != nil {
			t.Fatalf("Split(%q): %v", ptr, err)
		}
		if diff := cmp.Diff(tokens, got, cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("Split(Join(%q)) differs: %s", tokens, diff)
		}
		if len(tokens) > 0 {
			parent, last := Parent(ptr)
			if parent != Join(tokens[:len(tokens)-1]...) || last != tokens[len(tokens)-1] {
				t.Errorf("Parent(%q) = %q, %q", ptr, parent, last)
			}
		}
	}
	if got := Append("/a~1b", "c/d"); got != "/a~1b/c~1d" {
		t.Errorf("Append = %q", got)
	}
}

func TestEqualAndClone(t *testing.T) {
	a := decode(t, `{"n":1.50,"l":[1,{"x":"y"}],"b":true,"z":null}`)
	b := map[string]any{"n": 1.5, "l": []any{1, map[string]any{"x": "y"}}, "b": true, "z": nil}
	if !Equal(a, b) {
		t.Errorf("json.Number and float64 forms differ: %v vs %v", a, b)
	}
	c := Clone(a)
	c.(map[string]any)["l"].([]any)[1].(map[string]any)["x"] = "changed"
	if !Equal(a, b) {
		t.Errorf("Clone shares structure with its input: %v", a)
	}
	for _, pair := range [][2]string{{`1`, `"1"`}, {`[1,2]`, `[2,1]`}, {`{"a":1}`, `{"a":1,"b":2}`}, {`null`, `false`}} {
		if Equal(decode(t, pair[0]), decode(t, pair[1])) {
			t.Errorf("Equal(%s, %s) = true", pair[0], pair[1])
		}
	}
}

func TestUnmarshalKeepsNumbers(t *testing.T) {
	v := decode(t, `{"id":9007199254740993}`)
	if n, ok := v.(map[string]any)["id"].(json.Number); !ok || n.String() != "9007199254740993" {
		t.Errorf("id = %#v, want json.Number 9007199254740993", v.(map[string]any)["id"])
	}
	var x any
	if err := Unmarshal([]byte(`{"a":1} {"b":2}`), &x); err == nil {
		t.Error("trailing data accepted")
	}
}
