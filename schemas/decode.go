package schemas

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// MaxDepth is how deeply objects and arrays may nest in a payload. The
// documented payloads nest five levels; anything past this limit is an
// attack or a mistake, and refusing it keeps decoding cheap and bounded.
const MaxDepth = 32

// maxNumberLen bounds the digits of one number: ids and prices have at most
// a few dozen; longer numbers are refused rather than carried around.
const maxNumberLen = 64

// SyntaxError describes why a payload is not acceptable JSON and where.
type SyntaxError struct {
	// Code is CodeInvalidJSON, CodeDuplicateKey or CodeTooDeep.
	Code string
	// Offset is the byte offset of the problem; Line and Column (1-based,
	// columns counted in bytes) locate it for people.
	Offset       int
	Line, Column int
	// Reason says what is wrong, for a message ("unexpected character 'x'").
	Reason string
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("json: %s at line %d, column %d (byte %d)", e.Reason, e.Line, e.Column, e.Offset)
}

// Problem describes the error for the partner who sent the payload.
func (e *SyntaxError) Problem() Problem {
	p := Problem{Pointer: "", Severity: Error, Code: e.Code}
	switch e.Code {
	case CodeTooDeep:
		p.Message = fmt.Sprintf("The body nests objects and lists more than %d levels deep (line %d, column %d).", MaxDepth, e.Line, e.Column)
		p.Hint = "The documented payloads nest at most five levels; check that the body is the one you meant to send."
	case CodeDuplicateKey:
		p.Message = fmt.Sprintf("The body is not valid: %s at line %d, column %d (byte %d).", e.Reason, e.Line, e.Column, e.Offset)
		p.Hint = "Give each field once; JSON readers disagree on which of two copies wins."
	default:
		p.Message = fmt.Sprintf("The body is not valid JSON: %s at line %d, column %d (byte %d).", e.Reason, e.Line, e.Column, e.Offset)
		p.Hint = "Check for a missing comma, quote or bracket just before that point."
	}
	return p
}

// Codes of SyntaxError, beside the validation codes.
const (
	CodeInvalidJSON  = "invalid-json"
	CodeEmptyBody    = "empty-body"
	CodeDuplicateKey = "duplicate-key"
	CodeTooDeep      = "too-deep"
)

// Decode parses one JSON document the way the APIs read payloads: numbers
// stay json.Number (no digit is lost), duplicate keys, invalid UTF-8, nesting
// deeper than MaxDepth and trailing data are refused. Errors are *SyntaxError.
// It decodes into the same values encoding/json does (map[string]any,
// []any, string, json.Number, bool, nil), without reflection.
func Decode(data []byte) (any, error) {
	d := decoder{data: data}
	d.skipSpace()
	if d.pos >= len(d.data) {
		if len(data) == 0 {
			return nil, &SyntaxError{Code: CodeEmptyBody, Reason: "the body is empty", Line: 1, Column: 1}
		}
		return nil, d.fail("the body holds only white space")
	}
	v, err := d.value(0)
	if err != nil {
		return nil, err
	}
	d.skipSpace()
	if d.pos < len(d.data) {
		return nil, d.fail("unexpected data after the end of the JSON value")
	}
	return v, nil
}

type decoder struct {
	data []byte
	pos  int
}

// slice returns data[from:to] as a new string. Values are copied one by
// one, not sliced out of one copy of the body (4 to 8% faster to decode),
// because a value a stored record keeps would keep the whole body alive
// (BenchmarkScale: 740 bytes more per stored order).
func (d *decoder) slice(from, to int) string { return string(d.data[from:to]) }

func (d *decoder) failCode(code, format string, args ...any) *SyntaxError {
	line, col := 1, 1
	for i := 0; i < d.pos && i < len(d.data); i++ {
		if d.data[i] == '\n' {
			line++
			col = 1
		} else {
			col++
		}
	}
	return &SyntaxError{Code: code, Offset: d.pos, Line: line, Column: col, Reason: fmt.Sprintf(format, args...)}
}

func (d *decoder) fail(format string, args ...any) *SyntaxError {
	return d.failCode(CodeInvalidJSON, format, args...)
}

func (d *decoder) unexpected() *SyntaxError {
	if d.pos >= len(d.data) {
		return d.fail("unexpected end of the body (is it cut short?)")
	}
	c := d.data[d.pos]
	if c < 0x20 || c >= 0x7f {
		return d.fail("unexpected byte 0x%02x", c)
	}
	return d.fail("unexpected character %q", rune(c))
}

func (d *decoder) skipSpace() {
	for d.pos < len(d.data) {
		switch d.data[d.pos] {
		case ' ', '\t', '\n', '\r':
			d.pos++
		default:
			return
		}
	}
}

func (d *decoder) value(depth int) (any, error) {
	if d.pos >= len(d.data) {
		return nil, d.unexpected()
	}
	switch c := d.data[d.pos]; {
	case c == '{':
		return d.object(depth + 1)
	case c == '[':
		return d.array(depth + 1)
	case c == '"':
		return d.string(false)
	case c == '-' || (c >= '0' && c <= '9'):
		return d.number()
	case c == 't':
		return true, d.literal("true")
	case c == 'f':
		return false, d.literal("false")
	case c == 'n':
		return nil, d.literal("null")
	}
	return nil, d.unexpected()
}

func (d *decoder) literal(word string) error {
	if len(d.data)-d.pos < len(word) || string(d.data[d.pos:d.pos+len(word)]) != word {
		return d.unexpected()
	}
	d.pos += len(word)
	return nil
}

func (d *decoder) object(depth int) (any, error) {
	if depth > MaxDepth {
		return nil, d.failCode(CodeTooDeep, "nesting deeper than %d levels", MaxDepth)
	}
	d.pos++ // {
	m := make(map[string]any)
	d.skipSpace()
	if d.pos < len(d.data) && d.data[d.pos] == '}' {
		d.pos++
		return m, nil
	}
	for {
		if d.pos >= len(d.data) || d.data[d.pos] != '"' {
			if d.pos < len(d.data) && d.data[d.pos] == '}' {
				return nil, d.fail("a comma before '}' (trailing commas are not JSON)")
			}
			return nil, d.expect("a field name in double quotes")
		}
		keyAt := d.pos
		key, err := d.string(true)
		if err != nil {
			return nil, err
		}
		d.skipSpace()
		if d.pos >= len(d.data) || d.data[d.pos] != ':' {
			return nil, d.expect("':' after the field name")
		}
		d.pos++
		d.skipSpace()
		v, err := d.value(depth)
		if err != nil {
			return nil, err
		}
		// One hash per field: a key already there does not grow the map.
		n := len(m)
		if m[key] = v; len(m) == n {
			d.pos = keyAt
			return nil, d.failCode(CodeDuplicateKey, "the field %q appears twice in one object", key)
		}
		d.skipSpace()
		if d.pos >= len(d.data) {
			return nil, d.unexpected()
		}
		switch d.data[d.pos] {
		case ',':
			d.pos++
			d.skipSpace()
		case '}':
			d.pos++
			return m, nil
		default:
			return nil, d.expect("',' or '}' after a field")
		}
	}
}

func (d *decoder) array(depth int) (any, error) {
	if depth > MaxDepth {
		return nil, d.failCode(CodeTooDeep, "nesting deeper than %d levels", MaxDepth)
	}
	d.pos++ // [
	a := make([]any, 0, 4)
	d.skipSpace()
	if d.pos < len(d.data) && d.data[d.pos] == ']' {
		d.pos++
		return a, nil
	}
	for {
		if d.pos < len(d.data) && d.data[d.pos] == ']' {
			return nil, d.fail("a comma before ']' (trailing commas are not JSON)")
		}
		v, err := d.value(depth)
		if err != nil {
			return nil, err
		}
		a = append(a, v)
		d.skipSpace()
		if d.pos >= len(d.data) {
			return nil, d.unexpected()
		}
		switch d.data[d.pos] {
		case ',':
			d.pos++
			d.skipSpace()
		case ']':
			d.pos++
			return a, nil
		default:
			return nil, d.expect("',' or ']' after a list item")
		}
	}
}

func (d *decoder) expect(what string) *SyntaxError {
	e := d.unexpected()
	if d.pos < len(d.data) {
		e.Reason += ", expected " + what
	}
	return e
}

// string reads a string: a field name when key is set, which the few
// names of the schemas make worth interning; a value otherwise.
func (d *decoder) string(key bool) (string, error) {
	d.pos++ // opening quote
	start := d.pos
	// Fast path: printable ASCII without escapes.
	for d.pos < len(d.data) {
		c := d.data[d.pos]
		if c == '"' {
			var s string
			if key {
				s = intern(d.data[start:d.pos])
			} else {
				s = d.slice(start, d.pos)
			}
			d.pos++
			return s, nil
		}
		if c == '\\' || c < 0x20 || c >= 0x80 {
			break
		}
		d.pos++
	}
	buf := make([]byte, 0, d.pos-start+16)
	buf = append(buf, d.data[start:d.pos]...)
	for d.pos < len(d.data) {
		c := d.data[d.pos]
		switch {
		case c == '"':
			d.pos++
			return string(buf), nil
		case c < 0x20:
			return "", d.fail("a control character (0x%02x) inside a string; escape it as \\u%04x", c, c)
		case c == '\\':
			r, err := d.escape()
			if err != nil {
				return "", err
			}
			buf = utf8.AppendRune(buf, r)
		case c < 0x80:
			buf = append(buf, c)
			d.pos++
		default:
			r, size := utf8.DecodeRune(d.data[d.pos:])
			if r == utf8.RuneError && size <= 1 {
				return "", d.fail("invalid UTF-8 (byte 0x%02x); send the body as UTF-8", c)
			}
			buf = append(buf, d.data[d.pos:d.pos+size]...)
			d.pos += size
		}
	}
	return "", d.fail("unexpected end of the body inside a string (missing closing quote?)")
}

func (d *decoder) escape() (rune, error) {
	if d.pos+1 >= len(d.data) {
		d.pos = len(d.data)
		return 0, d.unexpected()
	}
	c := d.data[d.pos+1]
	d.pos += 2
	switch c {
	case '"', '\\', '/':
		return rune(c), nil
	case 'b':
		return '\b', nil
	case 'f':
		return '\f', nil
	case 'n':
		return '\n', nil
	case 'r':
		return '\r', nil
	case 't':
		return '\t', nil
	case 'u':
		r, err := d.hex4()
		if err != nil {
			return 0, err
		}
		if utf16.IsSurrogate(r) {
			// A high surrogate must be followed by \u and a low one.
			if d.pos+1 < len(d.data) && d.data[d.pos] == '\\' && d.data[d.pos+1] == 'u' {
				d.pos += 2
				r2, err := d.hex4()
				if err != nil {
					return 0, err
				}
				if p := utf16.DecodeRune(r, r2); p != utf8.RuneError {
					return p, nil
				}
			}
			return utf8.RuneError, nil
		}
		return r, nil
	}
	d.pos -= 2
	return 0, d.fail("invalid escape \\%c in a string", c)
}

func (d *decoder) hex4() (rune, error) {
	if d.pos+4 > len(d.data) {
		return 0, d.fail("\\u must be followed by four hexadecimal digits")
	}
	n, err := strconv.ParseUint(string(d.data[d.pos:d.pos+4]), 16, 32)
	if err != nil {
		return 0, d.fail("\\u must be followed by four hexadecimal digits")
	}
	d.pos += 4
	return rune(n), nil
}

func (d *decoder) number() (any, error) {
	start := d.pos
	if d.data[d.pos] == '-' {
		d.pos++
	}
	digits := func() int {
		n := 0
		for d.pos < len(d.data) && d.data[d.pos] >= '0' && d.data[d.pos] <= '9' {
			d.pos++
			n++
		}
		return n
	}
	if d.pos < len(d.data) && d.data[d.pos] == '0' {
		d.pos++
		if d.pos < len(d.data) && d.data[d.pos] >= '0' && d.data[d.pos] <= '9' {
			return nil, d.fail("a number may not start with 0 (send ids with leading zeros as strings)")
		}
	} else if digits() == 0 {
		return nil, d.unexpected()
	}
	if d.pos < len(d.data) && d.data[d.pos] == '.' {
		d.pos++
		if digits() == 0 {
			return nil, d.expect("a digit after the decimal point")
		}
	}
	if d.pos < len(d.data) && (d.data[d.pos] == 'e' || d.data[d.pos] == 'E') {
		d.pos++
		if d.pos < len(d.data) && (d.data[d.pos] == '+' || d.data[d.pos] == '-') {
			d.pos++
		}
		if digits() == 0 {
			return nil, d.expect("a digit in the exponent")
		}
	}
	if d.pos-start > maxNumberLen {
		d.pos = start
		return nil, d.fail("a number longer than %d characters", maxNumberLen)
	}
	text := d.data[start:d.pos]
	n := json.Number(d.slice(start, d.pos))
	if len(text) <= 15 && plainInt(string(n)) {
		return n, nil // fifteen digits are always in range
	}
	if _, err := strconv.ParseFloat(string(n), 64); err != nil {
		d.pos = start
		return nil, d.fail("the number %s is out of range", n)
	}
	if i, ok := integral(string(n)); ok {
		// JSON Schema 2020-12 counts 3.0 as an integer: keep the value,
		// written as the integer it is, so that whoever reads an integer
		// field gets it rather than nothing.
		return json.Number(i), nil
	}
	return n, nil
}

// integral returns a number written with a fraction or an exponent (3.0,
// 8.3e2) as the integer it equals ("3", "830"), when it is one of at most 20
// digits; the test is on the digits, so no value is rounded.
func integral(s string) (string, bool) {
	mant, exp, hasExp := strings.Cut(strings.ToLower(s), "e")
	if !hasExp && !strings.Contains(mant, ".") {
		return "", false
	}
	e := 0
	if hasExp {
		n, err := strconv.Atoi(exp)
		if err != nil || n > 20 || n < -400 {
			return "", false
		}
		e = n
	}
	neg := strings.HasPrefix(mant, "-")
	mant = strings.TrimPrefix(mant, "-")
	whole, frac, _ := strings.Cut(mant, ".")
	digits := whole + frac
	e -= len(frac)
	if e < 0 {
		if -e > len(digits) || strings.Trim(digits[len(digits)+e:], "0") != "" {
			return "", false
		}
		digits = digits[:len(digits)+e]
	} else {
		digits += strings.Repeat("0", e)
	}
	digits = strings.TrimLeft(digits, "0")
	if digits == "" {
		return "0", true
	}
	if len(digits) > 20 {
		return "", false
	}
	if neg {
		digits = "-" + digits
	}
	return digits, true
}
