package jsonenc

import (
	"bytes"
	"encoding/json"
	"math"
	"testing"
)

func stdlib(t testing.TB, v any) string {
	t.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	return string(bytes.TrimSuffix(buf.Bytes(), []byte("\n")))
}

func TestStringAgreesWithEncodingJSON(t *testing.T) {
	for _, s := range []string{
		"", "plain", `quote " and \ backslash`, "tab\tnew\nline\rret\bbs\fff", "\x00\x01\x1f\x7f",
		"<html> & 'x'", "Grüße, 日本", "\u2028\u2029", "bad \xff utf8 \xc3", "emoji 😀", "\xed\xa0\x80",
	} {
		if got, want := string(String(nil, s)), stdlib(t, s); got != want {
			t.Errorf("String(%q) = %s, encoding/json %s", s, got, want)
		}
	}
}

func TestFloatAgreesWithEncodingJSON(t *testing.T) {
	for _, f := range []float64{0, 1, -1, 49.99, 38.69, 0.1, 1e-6, 9.99e-7, 1e-7, 1.5e-10, 1e20, 1e21, 1.2345e22, -3e-9,
		math.MaxFloat64, math.SmallestNonzeroFloat64, 123456789.125} {
		if got, want := string(Float(nil, f)), stdlib(t, f); got != want {
			t.Errorf("Float(%v) = %s, encoding/json %s", f, got, want)
		}
	}
	if got := string(Float(nil, math.NaN())); got != "null" {
		t.Errorf("Float(NaN) = %s", got)
	}
}

func TestAny(t *testing.T) {
	v := map[string]any{"b": []any{1, "<x>"}, "a": nil}
	if got, want := string(Any(nil, v)), stdlib(t, v); got != want {
		t.Errorf("Any = %s, want %s", got, want)
	}
	if got := string(Any([]byte("x"), func() {})); got != "xnull" {
		t.Errorf("Any(func) = %s", got)
	}
	if got := string(Bool(Int(nil, -42), true)); got != "-42true" {
		t.Errorf("Int, Bool = %s", got)
	}
}

// FuzzString holds String to encoding/json on any string.
func FuzzString(f *testing.F) {
	for _, s := range []string{"", "a\"b", "\u2028", "\xff", "日本\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := string(String(nil, s)), stdlib(t, s); got != want {
			t.Fatalf("String(%q) = %s, encoding/json %s", s, got, want)
		}
	})
}

// FuzzFloat holds Float to encoding/json on any finite float64.
func FuzzFloat(f *testing.F) {
	for _, x := range []float64{0, 1e-7, 49.99, 1e21} {
		f.Add(x)
	}
	f.Fuzz(func(t *testing.T, x float64) {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return
		}
		if got, want := string(Float(nil, x)), stdlib(t, x); got != want {
			t.Fatalf("Float(%v) = %s, encoding/json %s", x, got, want)
		}
	})
}
