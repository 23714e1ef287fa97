package op

import (
	"encoding/json"
	"strconv"
)

// Accessors over a validated body (decoded JSON: map[string]any etc.).
// The schemas have already checked types, so a wrong type here only means
// the member is absent; the accessors never panic.

// Obj returns the object m[key], or nil.
func Obj(m map[string]any, key string) map[string]any {
	v, _ := m[key].(map[string]any)
	return v
}

// Arr returns the array m[key], or nil.
func Arr(m map[string]any, key string) []any {
	v, _ := m[key].([]any)
	return v
}

// Str returns the string (or the number's text) m[key], or "".
func Str(m map[string]any, key string) string { return text(m[key]) }

func text(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case json.Number:
		return v.String()
	}
	return ""
}

// Bool returns the boolean m[key] and whether there is one.
func Bool(m map[string]any, key string) (bool, bool) {
	v, ok := m[key].(bool)
	return v, ok
}

// Num reads an integer id or count m[key] that may arrive as a number or,
// where the lenient reading allows it, as a string of digits.
func Num(m map[string]any, key string) (int64, bool) { return number(m[key]) }

func number(v any) (int64, bool) {
	switch v := v.(type) {
	case json.Number:
		n, err := v.Int64()
		return n, err == nil
	case string:
		n, err := strconv.ParseInt(v, 10, 64)
		return n, err == nil
	case float64:
		return int64(v), v == float64(int64(v))
	}
	return 0, false
}

// Nums returns the integers of the array m[key], skipping other values.
func Nums(m map[string]any, key string) []int64 {
	var out []int64
	for _, x := range Arr(m, key) {
		if n, ok := number(x); ok {
			out = append(out, n)
		}
	}
	return out
}

// Strs returns the non-empty strings of the array m[key].
func Strs(m map[string]any, key string) []string {
	var out []string
	for _, x := range Arr(m, key) {
		if s := text(x); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// Has reports whether m has the member key (null included).
func Has(m map[string]any, key string) bool {
	_, ok := m[key]
	return ok
}
