package jsonpatch

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strconv"
)

// Op is one JSON Patch operation (RFC 6902).
type Op struct {
	Op    string          `json:"op"`
	Path  string          `json:"path"`
	From  string          `json:"from,omitempty"`
	Value json.RawMessage `json:"value,omitempty"`
}

// Apply applies ops in order to doc and returns the new document. The input
// is deep-copied first, so a failed patch never leaves doc half edited. The
// error names the operation that failed and why.
func Apply(doc any, ops []Op) (any, error) {
	out := Clone(doc)
	for i, op := range ops {
		var err error
		out, err = apply(out, op)
		if err != nil {
			return nil, fmt.Errorf("patch operation %d (%s %s): %w", i, op.Op, op.Path, err)
		}
	}
	return out, nil
}

func apply(doc any, op Op) (any, error) {
	if _, err := Split(op.Path); err != nil {
		return nil, err
	}
	if _, err := Split(op.From); err != nil {
		return nil, err
	}
	switch op.Op {
	case "add", "replace":
		v, err := decodeValue(op.Value)
		if err != nil {
			return nil, err
		}
		return set(doc, op.Path, v, op.Op == "add")
	case "remove":
		out, _, err := remove(doc, op.Path)
		return out, err
	case "copy", "move":
		v, err := Get(doc, op.From)
		if err != nil {
			return nil, err
		}
		if op.Op == "move" {
			if doc, _, err = remove(doc, op.From); err != nil {
				return nil, err
			}
		}
		return set(doc, op.Path, Clone(v), true)
	case "test":
		want, err := decodeValue(op.Value)
		if err != nil {
			return nil, err
		}
		got, err := Get(doc, op.Path)
		if err != nil {
			return nil, err
		}
		if !Equal(got, want) {
			return nil, fmt.Errorf("test failed: value differs")
		}
		return doc, nil
	}
	return nil, fmt.Errorf("unknown operation %q (want add, remove, replace, copy, move or test)", op.Op)
}

func decodeValue(raw json.RawMessage) (any, error) {
	if len(raw) == 0 {
		return nil, fmt.Errorf("operation needs a value")
	}
	var v any
	if err := Unmarshal(raw, &v); err != nil {
		return nil, fmt.Errorf("value: %w", err)
	}
	return v, nil
}

// set adds (insert=true) or replaces the value at ptr.
func set(doc any, ptr string, v any, insert bool) (any, error) {
	if ptr == "" {
		return v, nil
	}
	parentPtr, last := Parent(ptr)
	parent, err := Get(doc, parentPtr)
	if err != nil {
		return nil, err
	}
	switch c := parent.(type) {
	case map[string]any:
		if _, ok := c[last]; !ok && !insert {
			return nil, fmt.Errorf("%w: %s", ErrNotFound, ptr)
		}
		c[last] = v
		return doc, nil
	case []any:
		var n []any
		if insert {
			i := len(c)
			if last != "-" {
				var ok bool
				if i, ok = index(last, len(c)+1); !ok {
					return nil, fmt.Errorf("%w: %s", ErrNotFound, ptr)
				}
			}
			n = append(append(append(make([]any, 0, len(c)+1), c[:i]...), v), c[i:]...)
		} else {
			i, ok := index(last, len(c))
			if !ok {
				return nil, fmt.Errorf("%w: %s", ErrNotFound, ptr)
			}
			c[i] = v
			return doc, nil
		}
		return set(doc, parentPtr, n, false)
	}
	return nil, fmt.Errorf("%w: %s (parent is not an object or array)", ErrNotFound, ptr)
}

// remove deletes the value at ptr and returns the document and the value.
func remove(doc any, ptr string) (any, any, error) {
	if ptr == "" {
		return nil, nil, fmt.Errorf("cannot remove the whole document")
	}
	parentPtr, last := Parent(ptr)
	parent, err := Get(doc, parentPtr)
	if err != nil {
		return nil, nil, err
	}
	switch c := parent.(type) {
	case map[string]any:
		v, ok := c[last]
		if !ok {
			return nil, nil, fmt.Errorf("%w: %s", ErrNotFound, ptr)
		}
		delete(c, last)
		return doc, v, nil
	case []any:
		i, ok := index(last, len(c))
		if !ok {
			return nil, nil, fmt.Errorf("%w: %s", ErrNotFound, ptr)
		}
		v := c[i]
		n := append(append(make([]any, 0, len(c)-1), c[:i]...), c[i+1:]...)
		out, err := set(doc, parentPtr, n, false)
		return out, v, err
	}
	return nil, nil, fmt.Errorf("%w: %s", ErrNotFound, ptr)
}

// Clone deep-copies a decoded JSON value.
func Clone(v any) any {
	switch c := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(c))
		for k, x := range c {
			m[k] = Clone(x)
		}
		return m
	case []any:
		s := make([]any, len(c))
		for i, x := range c {
			s[i] = Clone(x)
		}
		return s
	}
	return v
}

// Equal reports whether two decoded JSON values are equal. Numbers compare by
// value whether they are float64 or json.Number.
func Equal(a, b any) bool {
	if x, ok := number(a); ok {
		y, ok := number(b)
		return ok && x == y
	}
	return reflect.DeepEqual(normalize(a), normalize(b))
}

func normalize(v any) any {
	switch c := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(c))
		for k, x := range c {
			m[k] = normalize(x)
		}
		return m
	case []any:
		s := make([]any, len(c))
		for i, x := range c {
			s[i] = normalize(x)
		}
		return s
	}
	if f, ok := number(v); ok {
		return f
	}
	return v
}

func number(v any) (float64, bool) {
	switch n := v.(type) {
	case float64:
		return n, true
	case json.Number:
		f, err := strconv.ParseFloat(string(n), 64)
		return f, err == nil
	case int:
		return float64(n), true
	}
	return 0, false
}
