package schemas_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mobmock/mobmock/schemas"
)

func TestDecodeRefuses(t *testing.T) {
	tests := []struct {
		name, body, code string
		offset           int
		reason           string
	}{
		{"empty body", ``, "empty-body", 0, "empty"},
		{"only white space", "  \n ", "invalid-json", 4, "only white space"},
		{"truncated object", `{"orderRequest": {"serviceId": "1"`, "invalid-json", 34, "end of the body"},
		{"missing comma", `{"a": 1 "b": 2}`, "invalid-json", 8, "expected ',' or '}'"},
		{"trailing comma", `{"a": 1,}`, "invalid-json", 8, "trailing commas"},
		{"single quotes", `{'a': 1}`, "invalid-json", 1, "field name in double quotes"},
		{"duplicate key", `{"a": 1, "a": 2}`, "duplicate-key", 9, `"a" appears twice`},
		{"invalid UTF-8", "{\"a\": \"\xff\"}", "invalid-json", 7, "invalid UTF-8"},
		{"control character in string", "{\"a\": \"x\ty\"}", "invalid-json", 8, "control character"},
		{"leading zero", `{"a": 012}`, "invalid-json", 7, "may not start with 0"},
		{"huge number", `{"a": 1` + strings.Repeat("0", 100) + `}`, "invalid-json", 6, "longer than"},
		{"trailing data", `{} {}`, "invalid-json", 3, "after the end"},
		{"number out of range", `{"a": 1e400}`, "invalid-json", 6, "out of range"},
		{"too deep", strings.Repeat("[", 40) + strings.Repeat("]", 40), "too-deep", 32, "deeper than"},
		{"bad escape", `{"a": "\q"}`, "invalid-json", 7, "invalid escape"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := schemas.Decode([]byte(tt.body))
			var se *schemas.SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("Decode(%q) error = %v, want a SyntaxError", tt.body, err)
			}
			if se.Code != tt.code || se.Offset != tt.offset || !strings.Contains(se.Reason, tt.reason) {
				t.Errorf("got code %s offset %d reason %q; want %s %d containing %q", se.Code, se.Offset, se.Reason, tt.code, tt.offset, tt.reason)
			}
			p := se.Problem()
			if p.Code != tt.code || p.Message == "" || p.Hint == "" || strings.Contains(p.Message, "json:") {
				t.Errorf("problem %+v is not written for people", p)
			}
		})
	}
}

// TestDecodeMatchesEncodingJSON: what Decode accepts, it decodes exactly as
// encoding/json with UseNumber does.
func TestDecodeMatchesEncodingJSON(t *testing.T) {
	bodies := []string{
		`{"a": [1, -2.5e3, 0, true, false, null], "b": {"c": "d\u00e9\n\"q\"", "e": []}, "f": {}}`,
		`"\ud83d\ude00 and \u20ac"`,
		`123456789012345678901234567890`,
		`[{"x": "y"}, [[], {}]]`,
	}
	for _, b := range bodies {
		got, err := schemas.Decode([]byte(b))
		if err != nil {
			t.Fatalf("Decode(%s): %v", b, err)
		}
		dec := json.NewDecoder(strings.NewReader(b))
		dec.UseNumber()
		var want any
		if err := dec.Decode(&want); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, got, sameNumber); diff != "" {
			t.Errorf("Decode(%s) (-encoding/json +Decode):\n%s", b, diff)
		}
	}
}

// TestDecodeIntegralDecimals: a number written with a fraction or an
// exponent that equals an integer decodes as that integer (JSON Schema
// 2020-12 counts 3.0 as an integer); any other number keeps its digits.
func TestDecodeIntegralDecimals(t *testing.T) {
	for in, want := range map[string]string{
		"3.0": "3", "834256072.0": "834256072", "-2.5e3": "-2500", "1e5": "100000", "1.50e1": "15",
		"0.0": "0", "-0.0": "0", "120e-1": "12", "3.5": "3.5", "1e-3": "1e-3", "3.01": "3.01",
		"3": "3", "12345678901234567890.0": "12345678901234567890", "1e30": "1e30",
	} {
		got, err := schemas.Decode([]byte(in))
		if err != nil {
			t.Fatalf("Decode(%s): %v", in, err)
		}
		if got != json.Number(want) {
			t.Errorf("Decode(%s) = %v, want %s", in, got, want)
		}
	}
}
