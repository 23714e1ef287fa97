package schemas

import (
	"encoding/json"
	"fmt"
	"math/big"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"

	"github.com/santhosh-tekuri/jsonschema/v5"

	"github.com/mobmock/mobmock/internal/jsonpatch"
)

// Severity says whether a problem makes a payload invalid.
type Severity string

// Severities.
const (
	Error   Severity = "error"
	Warning Severity = "warning"
)

// Problem is one thing wrong with a payload, written for the partner who sent
// it.
type Problem struct {
	// Pointer is the JSON Pointer of the offending value; for a missing field,
	// the pointer the field should have had ("/orderRequest/serviceId").
	Pointer string `json:"pointer"`
	// Severity is Error or Warning.
	Severity Severity `json:"severity"`
	// Code is a stable, documented identifier of the kind of problem (see the
	// Code constants).
	Code string `json:"code"`
	// Message says what is wrong, as a full sentence naming the field.
	Message string `json:"message"`
	// Hint says what to do about it, where that helps.
	Hint string `json:"hint,omitempty"`
	// Discrepancy is the register entry behind a lenient warning.
	Discrepancy string `json:"discrepancy,omitempty"`
	// Canonical is, for a misspelled field, the pointer the value belongs at.
	Canonical string `json:"canonical,omitempty"`
}

// Problem codes. They are part of the contract of the validator, the mock's
// error responses and the fixtures, and are documented in fixtures/README.md.
const (
	CodeRequired        = "required"           // a required field is missing
	CodeAlternatives    = "one-of-required"    // one of several fields is required
	CodeExclusive       = "mutually-exclusive" // only one of several fields may be given
	CodeType            = "type"               // the value has the wrong JSON type
	CodeEnum            = "enum"               // the value is not one of the allowed values
	CodeConst           = "const"              // the value must be one fixed value
	CodeTooLong         = "max-length"         // a string is too long
	CodeTooShort        = "min-length"         // a string is too short (or empty)
	CodePattern         = "pattern"            // a string does not have the expected format
	CodeFormat          = "format"             // a date, time, e-mail or URL is malformed
	CodeRange           = "range"              // a number is out of range
	CodeTooFew          = "min-items"          // a list has too few items
	CodeTooMany         = "max-items"          // a list has too many items
	CodeDuplicate       = "unique-items"       // a list repeats an item
	CodeUnknownField    = "unknown-field"      // a field the contract does not name
	CodeMisspelledField = "misspelled-field"   // a known misspelling of a field (lenient)
	CodeDependency      = "dependency"         // a field that requires another one
	CodeInvalid         = "invalid"            // any other rule the value breaks
)

// key identifies a problem across the two readings.
func (f finding) key() string { return f.Pointer + "\x00" + f.Code }

// finding is a problem with the schema location that produced it.
type finding struct {
	Problem
	file  string // schema file name
	frag  string // JSON pointer of the failing keyword within file
	field string // for unknown-field: the field name
}

// findings turns a validation error tree into problems. root is the schema
// the payload was validated against (a file, optionally with a fragment).
func (s *Set) findings(err error, r reading, root string, payload any) []finding {
	ve, ok := err.(*jsonschema.ValidationError)
	if !ok {
		return []finding{{Problem: Problem{Pointer: "", Code: CodeInvalid, Message: "The payload could not be checked."}}}
	}
	b := builder{r: r, root: root, payload: payload}
	b.walk(ve)
	return b.dedupe()
}

type builder struct {
	r       reading
	root    string
	payload any
	out     []finding
}

func (b *builder) dedupe() []finding {
	seen := map[string]bool{}
	out := b.out[:0]
	for _, f := range b.out {
		k := f.key() + "\x00" + f.Message
		if seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, f)
	}
	return out
}

// walk descends the error tree. Leaves are the failing keywords; anyOf and
// oneOf are summarised rather than descended, because their branches' errors
// are alternatives, not all things to fix; contains is a leaf because its
// causes are the items that did not match, not mistakes.
func (b *builder) walk(ve *jsonschema.ValidationError) {
	file, frag := splitLocation(ve.AbsoluteKeywordLocation)
	kw := lastToken(frag)
	switch kw {
	case "anyOf", "oneOf":
		b.alternatives(ve, file, frag, kw)
		return
	case "contains", "minContains", "maxContains":
		b.leaf(ve, file, frag, kw)
		return
	}
	if len(ve.Causes) == 0 {
		b.leaf(ve, file, frag, kw)
		return
	}
	for _, c := range ve.Causes {
		b.walk(c)
	}
}

func splitLocation(abs string) (file, frag string) {
	u, frag, _ := strings.Cut(abs, "#")
	return strings.TrimPrefix(u, BaseURL), frag
}

func lastToken(ptr string) string {
	_, last := jsonpatch.Parent(ptr)
	return last
}

// cache holds values derived from the schema documents alone, by key. It
// stops growing at maxCached entries, which the schemas do not reach.
type cache struct {
	m sync.Map
	n atomic.Int64
}

const maxCached = 1 << 14

// get returns the value for key, computing it with f when it is not cached.
func (c *cache) get(key string, f func() any) any {
	if v, ok := c.m.Load(key); ok {
		return v
	}
	v := f()
	if c.n.Load() < maxCached {
		if _, loaded := c.m.LoadOrStore(key, v); !loaded {
			c.n.Add(1)
		}
	}
	return v
}

// node returns the schema value at frag of file.
func (b *builder) node(file, frag string) map[string]any {
	m, _ := b.r.problem.get("n\x00"+file+"#"+frag, func() any { return b.lookup(file, frag) }).(map[string]any)
	return m
}

func (b *builder) lookup(file, frag string) map[string]any {
	doc, ok := b.r.docs()[file]
	if !ok {
		return nil
	}
	v, err := jsonpatch.Get(doc, frag)
	if err != nil {
		return nil
	}
	m, _ := v.(map[string]any)
	return m
}

func (b *builder) instance(ptr string) (any, bool) {
	v, err := jsonpatch.Get(b.payload, ptr)
	return v, err == nil
}

func (b *builder) add(p Problem, file, frag string) {
	p.Message = sentence(p.Message)
	b.out = append(b.out, finding{Problem: p, file: file, frag: frag})
}

// step is a schema object the validator passed through on its way to a
// failing keyword, with the token that led to it.
type step struct {
	node map[string]any
	via  string
}

// chain replays the keyword path of ve from the root schema, following
// $refs, and returns the schema objects it went through since the validator
// last moved to another value (into a property or an item): the nodes whose
// words apply to the failing value.
func (b *builder) chain(ve *jsonschema.ValidationError) []step {
	file, frag, _ := strings.Cut(b.root, "#")
	var cur any = b.node(file, frag)
	tokens, err := jsonpatch.Split(ve.KeywordLocation)
	if err != nil || cur == nil {
		return nil
	}
	steps := []step{{node: cur.(map[string]any), via: ""}}
	prev := ""
	for _, t := range tokens {
		switch c := cur.(type) {
		case map[string]any:
			if t == "$ref" {
				ref, _ := c["$ref"].(string)
				var m map[string]any
				file, m = b.resolve(file, ref)
				cur = m
			} else {
				cur = c[t]
			}
		case []any:
			i, err := strconv.Atoi(t)
			if err != nil || i < 0 || i >= len(c) {
				return steps
			}
			cur = c[i]
		default:
			return steps
		}
		switch {
		case prev == "properties" || prev == "patternProperties" || prev == "prefixItems":
			steps = steps[:0]
		case t == "items" || t == "additionalProperties" || t == "unevaluatedProperties" || t == "contains" ||
			t == "unevaluatedItems" || t == "propertyNames":
			steps = steps[:0]
		}
		if m, ok := cur.(map[string]any); ok {
			steps = append(steps, step{node: m, via: t})
		}
		prev = t
	}
	return steps
}

// words returns the nearest x-message and x-hint along a chain. A message
// written for an object definition (a node with properties) is not used for
// its required fields: those get their own sentence.
func words(chain []step, kw string) (msg, hint string) {
	for i := len(chain) - 1; i >= 0; i-- {
		st := chain[i]
		if hint == "" {
			hint = strOf(st.node, "x-hint")
		}
		if msg == "" && kw != "type" {
			_, isObject := st.node["properties"]
			rule := st.via == "then" || st.via == "else" || isIndex(st.via)
			if kw != "required" || rule || !isObject {
				msg = strOf(st.node, "x-message")
			}
		}
	}
	return msg, hint
}

func (b *builder) leaf(ve *jsonschema.ValidationError, file, frag, kw string) {
	schemaPtr, _ := jsonpatch.Parent(frag)
	schema := b.node(file, schemaPtr)
	at := ve.InstanceLocation
	value, _ := b.instance(at)
	name := fieldName(at)
	// The words depend on the keyword path alone.
	w := b.r.problem.get("w\x00"+b.root+"\x00"+ve.KeywordLocation+"\x00"+kw, func() any {
		msg, hint := words(b.chain(ve), kw)
		return [2]string{msg, hint}
	}).([2]string)
	msg, hint := w[0], w[1]
	p := Problem{Pointer: at, Severity: Error}
	// dependentRequired fails at .../dependentRequired/<field>/<index>.
	if grand, _ := jsonpatch.Parent(schemaPtr); lastToken(grand) == "dependentRequired" {
		holderPtr, _ := jsonpatch.Parent(grand)
		holder := b.node(file, holderPtr)
		deps, _ := holder["dependentRequired"].(map[string]any)
		dname := lastToken(schemaPtr)
		i, _ := strconv.Atoi(kw)
		req, _ := listOf(deps[dname])[min(i, len(listOf(deps[dname]))-1)].(string)
		p.Pointer = jsonpatch.Append(at, req)
		p.Code = CodeDependency
		p.Message = orDefault(msg, fmt.Sprintf("%s is required in %s when %s is given.", req, containerName(at), dname))
		p.Hint = orDefault(b.propertyHint(file, holder, req), hint)
		b.add(p, file, frag)
		return
	}
	switch kw {
	case "required":
		obj, _ := value.(map[string]any)
		for _, r := range listOf(schema["required"]) {
			req, _ := r.(string)
			if _, present := obj[req]; present {
				continue
			}
			q := p
			q.Pointer = jsonpatch.Append(at, req)
			q.Code = CodeRequired
			q.Message = orDefault(msg, fmt.Sprintf("%s is required in %s.", req, containerName(at)))
			q.Hint = orDefault(b.propertyHint(file, schema, req), hint)
			b.add(q, file, frag)
		}
		return
	case "additionalProperties":
		obj, _ := value.(map[string]any)
		known := b.knownProperties(file, schema)
		for _, k := range sortedKeys(obj) {
			if known[k] || matchesPattern(schema, k) {
				continue
			}
			b.unknown(jsonpatch.Append(at, k), k, known, file, frag)
		}
		return
	case "unevaluatedProperties":
		// v5 reports each unevaluated property at its own location. A
		// property the schema names is "unevaluated" only because a sibling
		// subschema failed: that failure is reported; this one is noise.
		_, field := jsonpatch.Parent(at)
		known := b.knownProperties(file, schema)
		if !known[field] {
			b.unknown(at, field, known, file, frag)
		}
		return
	case "type":
		p.Code = CodeType
		want := typeNames(listOrOne(schema["type"]))
		p.Message = fmt.Sprintf("%s must be %s, not %s.", name, want, describeType(value))
		if n, ok := value.(json.Number); ok && strings.Contains(want, "whole number") && !strings.Contains(want, "string") {
			if _, err := strconv.ParseInt(string(n), 10, 64); err != nil {
				p.Message = fmt.Sprintf("%s must be a whole number, not %s.", name, string(n))
			}
		}
		p.Hint = hint
	case "enum":
		p.Code = CodeEnum
		allowed := listOf(schema["enum"])
		p.Message = orDefault(msg, fmt.Sprintf("%s %s is not one of the allowed values.", name, show(value)))
		p.Hint = enumHint(value, allowed, hint)
	case "const":
		p.Code = CodeConst
		p.Message = orDefault(msg, fmt.Sprintf("%s must be %s, not %s.", name, show(schema["const"]), show(value)))
		p.Hint = hint
	case "maxLength":
		p.Code = CodeTooLong
		p.Message = orDefault(msg, fmt.Sprintf("%s is %d characters long; the limit is %s.", name, runeCount(value), show(schema["maxLength"])))
		p.Hint = orDefault(hint, "Shorten it.")
	case "minLength":
		p.Code = CodeTooShort
		if runeCount(value) == 0 {
			p.Message = orDefault(msg, fmt.Sprintf("%s must not be empty.", name))
		} else {
			p.Message = orDefault(msg, fmt.Sprintf("%s is %d characters long; it needs at least %s.", name, runeCount(value), show(schema["minLength"])))
		}
		p.Hint = hint
	case "pattern":
		p.Code = CodePattern
		p.Message = orDefault(msg, fmt.Sprintf("%s %s does not have the expected format.", name, show(value)))
		p.Hint = hint
	case "format":
		p.Code = CodeFormat
		f, _ := schema["format"].(string)
		p.Message = orDefault(msg, fmt.Sprintf("%s %s is not a valid %s.", name, show(value), formatNames[f]))
		p.Hint = orDefault(hint, formatHints[f])
	case "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf":
		p.Code = CodeRange
		p.Message = orDefault(msg, fmt.Sprintf("%s must be %s %s, not %s.", name, rangeWords[kw], show(schema[kw]), show(value)))
		p.Hint = hint
	case "minItems":
		p.Code = CodeTooFew
		p.Message = orDefault(msg, fmt.Sprintf("%s must list at least %s.", name, items(schema["minItems"])))
		p.Hint = hint
	case "maxItems":
		p.Code = CodeTooMany
		p.Message = orDefault(msg, fmt.Sprintf("%s may list at most %s.", name, items(schema["maxItems"])))
		p.Hint = hint
	case "uniqueItems":
		p.Code = CodeDuplicate
		p.Message = orDefault(msg, fmt.Sprintf("%s lists the same item more than once.", name))
		p.Hint = hint
	case "minProperties":
		p.Code = CodeTooShort
		p.Message = orDefault(msg, fmt.Sprintf("%s must not be empty.", name))
		p.Hint = hint
	case "contains", "minContains", "maxContains":
		p.Code = CodeInvalid
		p.Message = orDefault(msg, fmt.Sprintf("%s does not contain the item it must have.", name))
		p.Hint = hint
	default:
		// A false schema, "not", or a keyword without a sentence of its
		// own: the schema's x-message says what the rule is.
		p.Code = CodeInvalid
		p.Message = orDefault(msg, fmt.Sprintf("%s is not allowed here.", name))
		p.Hint = hint
	}
	b.add(p, file, frag)
}

// unknown records a field the contract does not name.
func (b *builder) unknown(ptr, field string, known map[string]bool, file, frag string) {
	p := Problem{Pointer: ptr, Severity: Error, Code: CodeUnknownField,
		Message: sentence(fmt.Sprintf("%s is not a field of %s.", field, containerName(parentOf(ptr))))}
	if s := suggest(field, keys(known)); s != "" {
		p.Hint = fmt.Sprintf("Did you mean %s?", s)
	} else {
		p.Hint = "Remove it: the contract does not define it."
	}
	b.out = append(b.out, finding{Problem: p, file: file, frag: frag, field: field})
}

func parentOf(ptr string) string {
	p, _ := jsonpatch.Parent(ptr)
	return p
}

// items words a count of list items.
func items(n any) string {
	s := show(n)
	if s == "1" {
		return "1 item"
	}
	return s + " items"
}

// sentence capitalises a message that starts with "the body"; messages
// that start with a field name keep its case, which is significant.
func sentence(s string) string {
	if rest, ok := strings.CutPrefix(s, "the "); ok {
		return "The " + rest
	}
	return s
}

// alternatives summarises an anyOf or oneOf failure. When every branch only
// lacks required fields it is an "X or Y" choice; otherwise the branch that
// came closest is reported.
func (b *builder) alternatives(ve *jsonschema.ValidationError, file, frag, kw string) {
	schemaPtr, _ := jsonpatch.Parent(frag)
	schema := b.node(file, schemaPtr)
	at := ve.InstanceLocation
	msg, hint := strOf(schema, "x-message"), strOf(schema, "x-hint")
	branches := listOf(schema[kw])
	var names []string
	for _, br := range branches {
		m, _ := br.(map[string]any)
		for _, r := range listOf(m["required"]) {
			if s, ok := r.(string); ok {
				names = append(names, s)
			}
		}
	}
	if len(ve.Causes) == 0 && kw == "oneOf" {
		// More than one branch matched.
		p := Problem{Pointer: at, Severity: Error, Code: CodeExclusive,
			Message: orDefault(msg, fmt.Sprintf("%s must give only one of %s.", containerName(at), orList(names))),
			Hint:    hint}
		b.add(p, file, frag)
		return
	}
	if len(names) == len(branches) && onlyRequired(ve) {
		p := Problem{Pointer: jsonpatch.Append(at, names[0]), Severity: Error, Code: CodeAlternatives,
			Message: orDefault(msg, fmt.Sprintf("One of %s is required in %s.", orList(names), containerName(at))),
			Hint:    hint}
		b.add(p, file, frag)
		return
	}
	// Report the branch with the fewest problems: the one the sender most
	// likely meant.
	var best []finding
	for _, c := range ve.Causes {
		sub := builder{r: b.r, root: b.root, payload: b.payload}
		sub.walk(c)
		if best == nil || len(sub.out) < len(best) {
			best = sub.out
		}
	}
	if len(best) == 0 {
		p := Problem{Pointer: at, Severity: Error, Code: CodeInvalid,
			Message: orDefault(msg, fmt.Sprintf("%s does not match any of the accepted forms.", fieldName(at))), Hint: hint}
		b.add(p, file, frag)
		return
	}
	if msg != "" {
		best = best[:1]
		best[0].Message, best[0].Hint = msg, orDefault(hint, best[0].Hint)
	}
	b.out = append(b.out, best...)
}

// onlyRequired reports whether every leaf under ve is a "required" failure.
func onlyRequired(ve *jsonschema.ValidationError) bool {
	if len(ve.Causes) == 0 {
		_, frag := splitLocation(ve.AbsoluteKeywordLocation)
		return lastToken(frag) == "required"
	}
	for _, c := range ve.Causes {
		if !onlyRequired(c) {
			return false
		}
	}
	return true
}

// fieldName writes a pointer the way a developer reads it:
// /orderRequest/properties/0/fields/2 becomes orderRequest.properties[0].fields[2].
func fieldName(ptr string) string {
	tokens, err := jsonpatch.Split(ptr)
	if err != nil || len(tokens) == 0 {
		return "the body"
	}
	var sb strings.Builder
	for i, t := range tokens {
		if isIndex(t) {
			sb.WriteString("[" + t + "]")
			continue
		}
		if i > 0 {
			sb.WriteByte('.')
		}
		sb.WriteString(t)
	}
	return sb.String()
}

// containerName names the object that holds the field at ptr's child.
func containerName(ptr string) string {
	if ptr == "" {
		return "the body"
	}
	return fieldName(ptr)
}

func isIndex(t string) bool {
	if t == "" {
		return false
	}
	for _, r := range t {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

func strOf(m map[string]any, k string) string {
	s, _ := m[k].(string)
	return s
}

func orDefault(s, def string) string {
	if s != "" {
		return s
	}
	return def
}

func listOf(v any) []any {
	l, _ := v.([]any)
	return l
}

func listOrOne(v any) []any {
	if l, ok := v.([]any); ok {
		return l
	}
	if v == nil {
		return nil
	}
	return []any{v}
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func keys(m map[string]bool) []string { return sortedKeys(m) }

// knownProperties lists the properties a schema object names, including
// those of the schemas it $refs and of its allOf/anyOf/oneOf branches and
// then/else, since unevaluatedProperties counts them all.
func (b *builder) knownProperties(file string, schema map[string]any) map[string]bool {
	known := map[string]bool{}
	var collect func(file string, m map[string]any, depth int)
	collect = func(file string, m map[string]any, depth int) {
		if m == nil || depth > 8 {
			return
		}
		if props, ok := m["properties"].(map[string]any); ok {
			for k := range props {
				known[k] = true
			}
		}
		if ref, ok := m["$ref"].(string); ok {
			f, n := b.resolve(file, ref)
			collect(f, n, depth+1)
		}
		for _, kw := range []string{"allOf", "anyOf", "oneOf"} {
			for _, sub := range listOf(m[kw]) {
				if sm, ok := sub.(map[string]any); ok {
					collect(file, sm, depth+1)
				}
			}
		}
		for _, kw := range []string{"then", "else"} {
			if sm, ok := m[kw].(map[string]any); ok {
				collect(file, sm, depth+1)
			}
		}
	}
	collect(file, schema, 0)
	return known
}

func matchesPattern(schema map[string]any, k string) bool {
	pp, _ := schema["patternProperties"].(map[string]any)
	for pat := range pp {
		if re, err := regexp.Compile(pat); err == nil && re.MatchString(k) {
			return true
		}
	}
	return false
}

// propertyHint finds the x-hint (or else the description) of property name
// of schema, following $refs from the file the schema is in.
func (b *builder) propertyHint(file string, schema map[string]any, name string) string {
	props, _ := schema["properties"].(map[string]any)
	p, _ := props[name].(map[string]any)
	for range 5 {
		if h := strOf(p, "x-hint"); h != "" {
			return h
		}
		ref := strOf(p, "$ref")
		if ref == "" {
			break
		}
		file, p = b.resolve(file, ref)
	}
	return strOf(p, "description")
}

// resolve follows a $ref written in file to the schema object it names.
func (b *builder) resolve(file, ref string) (string, map[string]any) {
	target, frag, _ := strings.Cut(ref, "#")
	if target != "" {
		target = path.Join(path.Dir(file), target)
	} else {
		target = file
	}
	return target, b.node(target, frag)
}

var typeWords = map[string]string{
	"string": "a string", "number": "a number", "integer": "a whole number", "boolean": "true or false",
	"object": "an object", "array": "a list", "null": "null",
}

func typeNames(types []any) string {
	var words []string
	for _, t := range types {
		s, _ := t.(string)
		words = append(words, typeWords[s])
	}
	return orList(words)
}

func describeType(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case bool:
		return "a boolean"
	case string:
		return "a string"
	case json.Number, float64:
		return "a number"
	case map[string]any:
		return "an object"
	case []any:
		return "a list"
	default:
		_ = x
		return "a value of another kind"
	}
}

// show renders a JSON value for a message, shortening long ones.
func show(v any) string {
	switch x := v.(type) {
	case string:
		if utf8.RuneCountInString(x) > 60 {
			r := []rune(x)
			x = string(r[:57]) + "..."
		}
		return strconv.Quote(x)
	case json.Number:
		return string(x)
	case float64:
		return new(big.Float).SetFloat64(x).Text('f', -1)
	case nil:
		return "null"
	}
	data, err := json.Marshal(v)
	if err != nil || len(data) > 60 {
		return describeType(v)
	}
	return string(data)
}

func runeCount(v any) int {
	s, _ := v.(string)
	return utf8.RuneCountInString(s)
}

func orList(words []string) string {
	switch len(words) {
	case 0:
		return ""
	case 1:
		return words[0]
	case 2:
		return words[0] + " or " + words[1]
	}
	return strings.Join(words[:len(words)-1], ", ") + " or " + words[len(words)-1]
}

var rangeWords = map[string]string{
	"minimum": "at least", "maximum": "at most", "exclusiveMinimum": "greater than",
	"exclusiveMaximum": "less than", "multipleOf": "a multiple of",
}

var formatNames = map[string]string{
	"date": "date", "date-time": "date and time", "email": "e-mail address", "uri": "URL", "time": "time",
}

var formatHints = map[string]string{
	"date":      "Write dates as YYYY-MM-DD, for example 2016-12-22.",
	"date-time": "Write date-times in RFC 3339 form, for example 2016-12-22T00:00:00Z.",
	"email":     "Write an address such as name@example.com.",
	"uri":       "Write an absolute URL such as https://example.com/path.",
}

// enumHint suggests the closest allowed value, then either the schema's own
// hint or the list of allowed values.
func enumHint(value any, allowed []any, hint string) string {
	var words []string
	for _, a := range allowed {
		words = append(words, show(a))
	}
	list := "Allowed: " + strings.Join(words, ", ") + "."
	if len(words) > 15 {
		list = fmt.Sprintf("There are %d allowed values; see the contract.", len(words))
	}
	if hint != "" {
		list = hint
	}
	if s, ok := value.(string); ok {
		var names []string
		for _, a := range allowed {
			if as, ok := a.(string); ok {
				names = append(names, as)
			}
		}
		if best := suggest(s, names); best != "" {
			return fmt.Sprintf("Did you mean %q? %s", best, list)
		}
	}
	return list
}
