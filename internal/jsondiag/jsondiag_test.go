package jsondiag

import (
	"reflect"
	"testing"
)

func TestKindValuePosition(t *testing.T) {
	var n *int
	for _, tt := range []struct {
		t    reflect.Type
		want string
	}{
		{reflect.TypeOf(1), "a whole number"}, {reflect.TypeOf(uint8(1)), "a whole number"}, {reflect.TypeOf(1.5), "a number"},
		{reflect.TypeOf(""), "a string"}, {reflect.TypeOf(true), "true or false"}, {reflect.TypeOf([]int{}), "an array"},
		{reflect.TypeOf(map[string]int{}), "an object"}, {reflect.TypeOf(struct{}{}), "an object"},
		{reflect.TypeOf(n), "a whole number"}, {nil, "another kind of value"}, {reflect.TypeOf(func() {}), "another kind of value"},
	} {
		if got := Kind(tt.t); got != tt.want {
			t.Errorf("Kind(%v) = %q, want %q", tt.t, got, tt.want)
		}
	}
	for kind, want := range map[string]string{"string": "a string", "number": "a number", "number 1.5": "a number",
		"object": "an object", "array": "an array", "bool": "true or false", "": "this value"} {
		if got := Value(kind); got != want {
			t.Errorf("Value(%q) = %q, want %q", kind, got, want)
		}
	}
	data := []byte("{\n  \"a\": 1,\n  \"b\": x\n}")
	for off, want := range map[int64][2]int{0: {1, 1}, 2: {2, 1}, 4: {2, 3}, 19: {3, 8}, -5: {1, 1}, 999: {4, 2}} {
		if line, col := Position(data, off); line != want[0] || col != want[1] {
			t.Errorf("Position(%d) = %d:%d, want %d:%d", off, line, col, want[0], want[1])
		}
	}
}
