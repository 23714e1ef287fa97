package mock

import (
	"encoding/json"
	"strconv"
)

// Accessors over a validated body (decoded JSON: map[string]any etc.).
// The schemas have already checked types, so a wrong type here only means
// the field is absent; the accessors never panic.

func obj(m map[string]any, key string) map[string]any {
	v, _ := m[key].(map[string]any)
	return v
}

func arr(m map[string]any, key string) []any {
	v, _ := m[key].([]any)
	return v
}

func str(m map[string]any, key string) string {
	switch v := m[key].(type) {
	case string:
		return v
	case json.Number:
		return v.String()
	}
	return ""
}

func boolean(m map[string]any, key string) (bool, bool) {
	v, ok := m[key].(bool)
	return v, ok
}

// num reads an integer id or count that may arrive as a number or, where
// the lenient reading allows it, as a string of digits.
func num(m map[string]any, key string) (int64, bool) {
	switch v := m[key].(type) {
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

func nums(m map[string]any, key string) []int64 {
	var out []int64
	for _, x := range arr(m, key) {
		if n, ok := num(map[string]any{"x": x}, "x"); ok {
			out = append(out, n)
		}
	}
	return out
}

func strs(m map[string]any, key string) []string {
	var out []string
	for _, x := range arr(m, key) {
		if s := str(map[string]any{"x": x}, "x"); s != "" {
			out = append(out, s)
		}
	}
	return out
}

func has(m map[string]any, key string) bool {
	_, ok := m[key]
	return ok
}
