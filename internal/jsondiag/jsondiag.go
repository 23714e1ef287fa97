// Package jsondiag words what encoding/json reports for people: the JSON
// kind a Go type takes and the kind a value was, with their articles, and
// the line and column of a byte offset. The fixture files' decoding errors
// (package fixtures) and the mock's admin bodies (fault profiles) are
// worded with it, so both say "must be a whole number, not a string".
package jsondiag

import (
	"bytes"
	"reflect"
	"strings"
)

// Position returns the 1-based line and column of byte offset off of data.
func Position(data []byte, off int64) (line, col int) {
	off = min(max(off, 0), int64(len(data)))
	before := data[:off]
	line = bytes.Count(before, []byte("\n")) + 1
	col = len(before) - bytes.LastIndexByte(before, '\n')
	return line, col
}

// Kind says what a Go type takes in JSON, with its article ("a whole
// number", "an object"), for a message such as "quantity must be a whole
// number".
func Kind(t reflect.Type) string {
	if t == nil {
		return "another kind of value"
	}
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "a whole number"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Slice, reflect.Array:
		return "an array"
	case reflect.Map, reflect.Struct:
		return "an object"
	case reflect.Pointer:
		return Kind(t.Elem())
	}
	return "another kind of value"
}

// Value puts "a" or "an" before a JSON kind as the decoder names it
// ("string", "number", "object", "array", "bool").
func Value(kind string) string {
	switch kind {
	case "object", "array":
		return "an " + kind
	case "bool":
		return "true or false"
	case "":
		return "this value"
	}
	if strings.HasPrefix(kind, "number") {
		return "a number"
	}
	return "a " + kind
}
