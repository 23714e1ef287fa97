package jsonpatch

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// ErrNotFound is returned when a pointer names a location that does not exist.
var ErrNotFound = errors.New("no value at pointer")

// Split parses an RFC 6901 pointer into its unescaped reference tokens.
// The empty pointer "" (the whole document) has no tokens. A pointer that does
// not start with "/" is an error.
func Split(ptr string) ([]string, error) {
	if ptr == "" {
		return nil, nil
	}
	if ptr[0] != '/' {
		return nil, fmt.Errorf("json pointer %q must start with \"/\"", ptr)
	}
	parts := strings.Split(ptr[1:], "/")
	for i, p := range parts {
		parts[i] = Unescape(p)
	}
	return parts, nil
}

// Join builds a pointer from unescaped tokens.
func Join(tokens ...string) string {
	var b strings.Builder
	for _, t := range tokens {
		b.WriteByte('/')
		b.WriteString(Escape(t))
	}
	return b.String()
}

// Append returns ptr extended by one unescaped token.
func Append(ptr, token string) string { return ptr + "/" + Escape(token) }

// Escape escapes one reference token ("~" as "~0", "/" as "~1").
func Escape(token string) string {
	if !strings.ContainsAny(token, "~/") {
		return token
	}
	return strings.NewReplacer("~", "~0", "/", "~1").Replace(token)
}

// Unescape reverses Escape.
func Unescape(token string) string {
	if !strings.Contains(token, "~") {
		return token
	}
	return strings.NewReplacer("~1", "/", "~0", "~").Replace(token)
}

// Parent returns the pointer of the container of ptr and the last token.
// The whole document ("") has no parent; Parent returns "", "" for it.
func Parent(ptr string) (parent, last string) {
	i := strings.LastIndexByte(ptr, '/')
	if i < 0 {
		return "", ""
	}
	return ptr[:i], Unescape(ptr[i+1:])
}

// Get returns the value at ptr in doc. It returns an error wrapping
// ErrNotFound when any step of the pointer is missing.
func Get(doc any, ptr string) (any, error) {
	tokens, err := Split(ptr)
	if err != nil {
		return nil, err
	}
	cur := doc
	for i, t := range tokens {
		next, ok := child(cur, t)
		if !ok {
			return nil, fmt.Errorf("%w: %s", ErrNotFound, Join(tokens[:i+1]...))
		}
		cur = next
	}
	return cur, nil
}

func child(v any, token string) (any, bool) {
	switch c := v.(type) {
	case map[string]any:
		x, ok := c[token]
		return x, ok
	case []any:
		i, ok := index(token, len(c))
		if !ok {
			return nil, false
		}
		return c[i], true
	}
	return nil, false
}

// index parses an array index token; "-" and out-of-range values are refused.
func index(token string, n int) (int, bool) {
	if token == "" || (len(token) > 1 && token[0] == '0') {
		return 0, false
	}
	i, err := strconv.Atoi(token)
	if err != nil || i < 0 || i >= n {
		return 0, false
	}
	return i, true
}
