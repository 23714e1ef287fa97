package mock

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// TestCountValues: countValues counts what the byte-at-a-time reading of
// JSON counts (colons, commas and opening brackets outside strings, escapes
// included), on every documented request and on hand-made edge cases.
func TestCountValues(t *testing.T) {
	oracle := func(data []byte) int {
		n, in, esc := 0, false, false
		for _, b := range data {
			switch {
			case esc:
				esc = false
			case in && b == '\\':
				esc = true
			case in && b == '"':
				in = false
			case in:
			case b == '"':
				in = true
			case b == ':' || b == ',' || b == '[':
				n++
			}
		}
		return n
	}
	cases := [][]byte{
		nil, []byte(`{}`), []byte(`[1,2,[3]]`), []byte(`{"a:b":"c,d","e":[1]}`),
		[]byte(`{"a\":":1}`), []byte(`{"a\\":1,"b":2}`), []byte(`"unterminated, [`), []byte(`"ends in \`),
		[]byte(`{"x":"\\\\\",[","y":[]}`), bytes.Repeat([]byte(`[{"k":"v\"",`), 50),
	}
	files, _ := filepath.Glob("../fixtures/documented/*/*.request.json")
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		cases = append(cases, data)
	}
	if len(files) < 30 {
		t.Errorf("only %d documented requests found", len(files))
	}
	for _, c := range cases {
		if got, want := countValues(c), oracle(c); got != want {
			t.Errorf("countValues(%.60q) = %d, want %d", c, got, want)
		}
	}
}
