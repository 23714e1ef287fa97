package mock

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/mobmock/mobmock/mock/internal/op"
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

// TestSentAsStored: the journal refers to a stored answer's bytes only when
// they are no longer than the copy it would keep, so that a large answer
// (an override's body can be up to the body limit) weighs on the journal's
// budget no more than before.
func TestSentAsStored(t *testing.T) {
	big := json.RawMessage(bytes.Repeat([]byte("x"), maxKeptBody+1))
	tests := []struct {
		body any
		want bool
	}{
		{json.RawMessage(`{"a":1}`), true},
		{json.RawMessage(bytes.Repeat([]byte("x"), maxKeptBody)), true},
		{big, false},
		{op.Wrapped{Pre: `{"order":`, Value: json.RawMessage(`{}`), Post: `}`}, true},
		{op.Wrapped{Pre: `{"order":`, Value: big[:maxKeptBody-5], Post: `}`}, false},
		{map[string]any{"a": 1}, false},
		{op.Records{}, false},
	}
	for i, tt := range tests {
		if got := sentAsStored(tt.body); got != tt.want {
			t.Errorf("%d: sentAsStored = %v, want %v", i, got, tt.want)
		}
	}
	k := kept{resSent: big[:maxKeptBody]}
	if n := k.size(); n > maxKeptBody+64 {
		t.Errorf("an entry kept by reference weighs %d bytes", n)
	}
}
