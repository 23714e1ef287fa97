package schemas

import (
	"encoding/json"
	"maps"
	"math/big"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/santhosh-tekuri/jsonschema/v5"
)

// The fast path answers one question, "is this payload valid?", for
// compiled schemas that use only the keywords our files use, without the
// bookkeeping a full validation does (jsonschema/v5 tracks every evaluated
// property and builds an error, with its location strings, for every
// branch that does not apply). A valid payload then costs a walk of the
// schema; anything else goes to jsonschema/v5, which alone writes problems.
// TestFastAgreesWithV5 and FuzzFastAgreesWithV5 hold the two to the same
// verdicts.

// fnode is a compiled schema reshaped for the fast path: properties in
// slices rather than maps (iterating a map costs a random start each time),
// and an allOf of "if the property k is the constant c then X" branches,
// the way the envelopes dispatch on transactionType and type, turned into
// one lookup by the value of k.
type fnode struct {
	// loc is the schema's absolute location, as jsonschema/v5 reports it.
	loc      string
	always   *bool
	ref      *fnode
	types    []string
	constant []any
	enum     []any
	format   func(any) bool

	minProps, maxProps int
	required           []string
	depRequired        []depRequired
	props              []fprop
	open               bool // additionalProperties, patternProperties or propertyNames set
	propsByName        map[string]*fnode
	patternProps       []fpattern
	additional         any // nil, bool or *fnode
	propertyNames      *fnode

	minItems, maxItems int
	unique             bool
	items              *fnode

	minLen, maxLen int
	pattern        *regexp.Regexp
	min, max       *big.Rat
	exclMin        *big.Rat
	exclMax        *big.Rat

	allOf, anyOf, oneOf []*fnode
	allOfPath           []string // the keyword path to each of allOf ("allOf/3")
	dispatch            []dispatch
	not                 *fnode
	cond, then, els     *fnode
}

type fprop struct {
	name  string
	token string // name as a token of a location, as v5 writes it
	spath string // the keyword path to it ("properties/" + token)
	node  *fnode
}

type fpattern struct {
	re    *regexp.Regexp
	spath string
	node  *fnode
}

type depRequired struct {
	name     string
	required []string
}

// dispatch stands for allOf branches {"if": {"required": [key],
// "properties": {key: {"const": value}}}, "then": X} (or an enum of
// values): on an object, only the branches naming the value the object's
// key holds apply; on anything else every if holds, so every then applies.
type dispatch struct {
	key     string
	byValue map[dkey][]branch
	all     []branch
}

// branch is the then of a dispatch branch, with the keyword path to the
// branch ("allOf/3").
type branch struct {
	path string
	node *fnode
}

// compileFast reshapes s for the fast path, or returns nil when some schema
// reachable from s uses a keyword the fast path does not implement.
func compileFast(s *jsonschema.Schema) *fnode {
	n, ok := fastNode(s, map[*jsonschema.Schema]*fnode{})
	if !ok {
		return nil
	}
	return n
}

func fastNode(s *jsonschema.Schema, seen map[*jsonschema.Schema]*fnode) (*fnode, bool) {
	if s == nil {
		return nil, true
	}
	if n, ok := seen[s]; ok {
		return n, true
	}
	if s.RecursiveRef != nil || s.DynamicRef != nil || s.UnevaluatedProperties != nil || s.UnevaluatedItems != nil ||
		s.AdditionalItems != nil || len(s.PrefixItems) > 0 || s.Contains != nil || s.ContentSchema != nil ||
		s.ContentEncoding != "" || s.ContentMediaType != "" || len(s.Extensions) > 0 || len(s.Dependencies) > 0 ||
		len(s.DependentSchemas) > 0 || s.MultipleOf != nil || s.RegexProperties {
		return nil, false
	}
	if _, list := s.Items.([]*jsonschema.Schema); list {
		return nil, false
	}
	n := &fnode{
		loc: s.Location, always: s.Always, types: s.Types, constant: s.Constant, enum: s.Enum,
		minProps: s.MinProperties, maxProps: s.MaxProperties, required: s.Required,
		minItems: s.MinItems, maxItems: s.MaxItems, unique: s.UniqueItems,
		minLen: s.MinLength, maxLen: s.MaxLength, pattern: s.Pattern,
		min: s.Minimum, max: s.Maximum, exclMin: s.ExclusiveMinimum, exclMax: s.ExclusiveMaximum,
	}
	seen[s] = n
	if s.Format != "" {
		f, known := jsonschema.Formats[s.Format]
		if !known {
			return nil, false
		}
		n.format = f
	}
	ok := true
	sub := func(x *jsonschema.Schema) *fnode {
		c, fine := fastNode(x, seen)
		ok = ok && fine
		return c
	}
	subs := func(xs []*jsonschema.Schema) []*fnode {
		var out []*fnode
		for _, x := range xs {
			out = append(out, sub(x))
		}
		return out
	}
	n.ref, n.not, n.propertyNames = sub(s.Ref), sub(s.Not), sub(s.PropertyNames)
	n.cond, n.then, n.els = sub(s.If), sub(s.Then), sub(s.Else)
	n.items = sub(s.Items2020)
	if it, isSchema := s.Items.(*jsonschema.Schema); isSchema {
		n.items = sub(it)
	}
	switch ap := s.AdditionalProperties.(type) {
	case bool:
		n.additional = ap
	case *jsonschema.Schema:
		n.additional = sub(ap)
	}
	for _, name := range slices.Sorted(maps.Keys(s.DependentRequired)) {
		n.depRequired = append(n.depRequired, depRequired{name, s.DependentRequired[name]})
	}
	for _, name := range slices.Sorted(maps.Keys(s.Properties)) {
		token := escape(name)
		n.props = append(n.props, fprop{name, token, "properties/" + token, sub(s.Properties[name])})
	}
	for re, ps := range s.PatternProperties {
		n.patternProps = append(n.patternProps, fpattern{re, "patternProperties/" + escape(re.String()), sub(ps)})
	}
	n.open = s.AdditionalProperties != nil || len(s.PatternProperties) > 0 || s.PropertyNames != nil
	if n.open && len(n.props) > linearProps {
		n.propsByName = make(map[string]*fnode, len(n.props))
		for _, p := range n.props {
			n.propsByName[p.name] = p.node
		}
	}
	n.anyOf, n.oneOf = subs(s.AnyOf), subs(s.OneOf)
	for index, x := range s.AllOf {
		key, values, then, isDispatch := dispatchBranch(x)
		if !isDispatch {
			n.allOf = append(n.allOf, sub(x))
			n.allOfPath = append(n.allOfPath, "allOf/"+strconv.Itoa(index))
			continue
		}
		t := branch{"allOf/" + strconv.Itoa(index), sub(then)}
		i := slices.IndexFunc(n.dispatch, func(d dispatch) bool { return d.key == key })
		if i < 0 {
			n.dispatch = append(n.dispatch, dispatch{key: key, byValue: map[dkey][]branch{}})
			i = len(n.dispatch) - 1
		}
		d := &n.dispatch[i]
		for _, v := range values {
			d.byValue[v] = append(d.byValue[v], t)
		}
		d.all = append(d.all, t)
	}
	return n, ok
}

// dispatchBranch recognises {"if": {"required": [key], "properties": {key:
// {"const": c}}}, "then": X}, or the same with "enum": [c1, c2, ...], where
// the constants are strings or numbers and no other keyword is set on the
// branch, its if or the property. It returns the lookup keys of the
// constants (see dispatchKey).
func dispatchBranch(s *jsonschema.Schema) (key string, values []dkey, then *jsonschema.Schema, ok bool) {
	if s.If == nil || s.Then == nil || s.Else != nil || !bare(s) ||
		len(s.Required) > 0 || len(s.Properties) > 0 || len(s.Constant) > 0 {
		return "", nil, nil, false
	}
	c := s.If
	if !bare(c) || c.If != nil || c.Then != nil || c.Else != nil || len(c.Constant) > 0 ||
		len(c.Required) != 1 || len(c.Properties) != 1 {
		return "", nil, nil, false
	}
	key = c.Required[0]
	p, found := c.Properties[key]
	if !found || p.If != nil || p.Then != nil || p.Else != nil || len(p.Required) > 0 || len(p.Properties) > 0 {
		return "", nil, nil, false
	}
	consts := p.Constant
	if len(consts) == 0 {
		// bare refuses enum; take it out of the way for the check.
		consts = p.Enum
		q := *p
		q.Enum = nil
		p = &q
	} else if len(p.Enum) > 0 {
		return "", nil, nil, false
	}
	if !bare(p) || len(consts) == 0 {
		return "", nil, nil, false
	}
	for _, v := range consts {
		k, keyed := dispatchKey(v)
		if !keyed {
			return "", nil, nil, false
		}
		if !slices.Contains(values, k) {
			values = append(values, k)
		}
	}
	return key, values, s.Then, true
}

// dkey is the lookup key of a string or number: values jsonschema/v5 calls
// equal (3, 3.0, 3e0) share a key, and a string never shares one with a
// number.
type dkey struct {
	number bool
	text   string // the string, or the number in lowest terms
}

// dispatchKey returns v's key; only strings and numbers have one.
func dispatchKey(v any) (dkey, bool) {
	switch x := v.(type) {
	case string:
		return dkey{text: x}, true
	case json.Number:
		if plainInt(string(x)) && x != "-0" {
			return dkey{number: true, text: string(x)}, true
		}
	case float64:
	default:
		return dkey{}, false
	}
	r := rat(v)
	if r == nil {
		return dkey{}, false
	}
	return dkey{number: true, text: r.RatString()}, true
}

// branches returns the branches that apply to v: on an object, those
// naming the value its key holds; on anything else, every one.
func (d *dispatch) branches(v any) []branch {
	m, isObject := v.(map[string]any)
	if !isObject {
		return d.all
	}
	if x, present := m[d.key]; present {
		if k, keyed := dispatchKey(x); keyed {
			return d.byValue[k]
		}
	}
	return nil
}

// escape writes a property name as a token of a keyword or instance
// location, the way jsonschema/v5 does.
func escape(token string) string {
	token = strings.ReplaceAll(token, "~", "~0")
	token = strings.ReplaceAll(token, "/", "~1")
	return url.PathEscape(token)
}

// bare reports whether s sets no keyword but, at most, if/then/else,
// required, properties and const.
func bare(s *jsonschema.Schema) bool {
	return s.Always == nil && s.Ref == nil && len(s.Types) == 0 && len(s.Enum) == 0 && s.Format == "" &&
		s.Not == nil && len(s.AllOf) == 0 && len(s.AnyOf) == 0 && len(s.OneOf) == 0 &&
		s.MinProperties == -1 && s.MaxProperties == -1 && len(s.DependentRequired) == 0 &&
		len(s.PatternProperties) == 0 && s.AdditionalProperties == nil && s.PropertyNames == nil &&
		s.MinItems == -1 && s.MaxItems == -1 && !s.UniqueItems && s.Items == nil && s.Items2020 == nil &&
		s.MinLength == -1 && s.MaxLength == -1 && s.Pattern == nil &&
		s.Minimum == nil && s.Maximum == nil && s.ExclusiveMinimum == nil && s.ExclusiveMaximum == nil &&
		s.RecursiveRef == nil && s.DynamicRef == nil && s.UnevaluatedProperties == nil && s.UnevaluatedItems == nil &&
		s.AdditionalItems == nil && len(s.PrefixItems) == 0 && s.Contains == nil && s.ContentSchema == nil &&
		s.ContentEncoding == "" && s.ContentMediaType == "" && len(s.Extensions) == 0 && len(s.Dependencies) == 0 &&
		len(s.DependentSchemas) == 0 && s.MultipleOf == nil && !s.RegexProperties
}

// valid reports whether v is valid against n, with the semantics of
// jsonschema/v5 for the keywords compileFast accepts. The second result is
// false when it cannot tell cheaply (a long list with uniqueItems).
func valid(n *fnode, v any) (bool, bool) {
	if n.always != nil {
		return *n.always, true
	}
	if n.ref != nil {
		if ok, sure := valid(n.ref, v); !ok || !sure {
			return ok, sure
		}
	}
	if len(n.types) > 0 && !hasType(n.types, v) {
		return false, true
	}
	if len(n.constant) > 0 && !equal(v, n.constant[0]) {
		return false, true
	}
	if len(n.enum) > 0 {
		found := false
		for _, e := range n.enum {
			if equal(v, e) {
				found = true
				break
			}
		}
		if !found {
			return false, true
		}
	}
	if n.format != nil && !n.format(v) {
		return false, true
	}
	switch x := v.(type) {
	case map[string]any:
		if ok, sure := validObject(n, x); !ok || !sure {
			return ok, sure
		}
	case []any:
		if ok, sure := validArray(n, x); !ok || !sure {
			return ok, sure
		}
	case string:
		if n.minLen != -1 || n.maxLen != -1 {
			c := utf8.RuneCountInString(x)
			if (n.minLen != -1 && c < n.minLen) || (n.maxLen != -1 && c > n.maxLen) {
				return false, true
			}
		}
		if n.pattern != nil && !n.pattern.MatchString(x) {
			return false, true
		}
	case json.Number, float64:
		if !inRange(n, x) {
			return false, true
		}
	}
	for _, sub := range n.allOf {
		if ok, sure := valid(sub, v); !ok || !sure {
			return ok, sure
		}
	}
	for i := range n.dispatch {
		for _, b := range n.dispatch[i].branches(v) {
			if ok, sure := valid(b.node, v); !ok || !sure {
				return ok, sure
			}
		}
	}
	if len(n.anyOf) > 0 {
		any, allSure := false, true
		for _, sub := range n.anyOf {
			ok, sure := valid(sub, v)
			allSure = allSure && sure
			if ok && sure {
				any = true
				break
			}
		}
		if !any {
			return false, allSure
		}
	}
	if len(n.oneOf) > 0 {
		c := 0
		for _, sub := range n.oneOf {
			ok, sure := valid(sub, v)
			if !sure {
				return false, false
			}
			if ok {
				c++
			}
		}
		if c != 1 {
			return false, true
		}
	}
	if n.not != nil {
		ok, sure := valid(n.not, v)
		if !sure {
			return false, false
		}
		if ok {
			return false, true
		}
	}
	if n.cond != nil {
		cond, sure := valid(n.cond, v)
		if !sure {
			return false, false
		}
		branch := n.els
		if cond {
			branch = n.then
		}
		if branch != nil {
			return valid(branch, v)
		}
	}
	return true, true
}

func validObject(n *fnode, m map[string]any) (bool, bool) {
	if (n.minProps != -1 && len(m) < n.minProps) || (n.maxProps != -1 && len(m) > n.maxProps) {
		return false, true
	}
	for _, r := range n.required {
		if _, ok := m[r]; !ok {
			return false, true
		}
	}
	for _, dep := range n.depRequired {
		if _, ok := m[dep.name]; ok {
			for _, r := range dep.required {
				if _, ok := m[r]; !ok {
					return false, true
				}
			}
		}
	}
	if !n.open {
		// Only the named properties are constrained: visit those, not
		// every key of the object.
		for _, p := range n.props {
			if x, ok := m[p.name]; ok {
				if ok, sure := valid(p.node, x); !ok || !sure {
					return ok, sure
				}
			}
		}
		return true, true
	}
	for k, x := range m {
		sub, declared := n.prop(k)
		if declared {
			if ok, sure := valid(sub, x); !ok || !sure {
				return ok, sure
			}
		}
		matched := false
		for _, pp := range n.patternProps {
			if pp.re.MatchString(k) {
				matched = true
				if ok, sure := valid(pp.node, x); !ok || !sure {
					return ok, sure
				}
			}
		}
		if !declared && !matched {
			switch ap := n.additional.(type) {
			case bool:
				if !ap {
					return false, true
				}
			case *fnode:
				if ok, sure := valid(ap, x); !ok || !sure {
					return ok, sure
				}
			}
		}
		if n.propertyNames != nil {
			if ok, sure := valid(n.propertyNames, k); !ok || !sure {
				return ok, sure
			}
		}
	}
	return true, true
}

// linearProps is how many declared properties prop searches one by one
// rather than through a map: comparing a few short names is cheaper than
// hashing the key.
const linearProps = 16

// prop returns the schema of the declared property name.
func (n *fnode) prop(name string) (*fnode, bool) {
	if n.propsByName != nil {
		p, ok := n.propsByName[name]
		return p, ok
	}
	for _, p := range n.props {
		if p.name == name {
			return p.node, true
		}
	}
	return nil, false
}

func validArray(n *fnode, a []any) (bool, bool) {
	if (n.minItems != -1 && len(a) < n.minItems) || (n.maxItems != -1 && len(a) > n.maxItems) {
		return false, true
	}
	if n.unique {
		if len(a) > 64 {
			return false, false
		}
		for i := 1; i < len(a); i++ {
			for j := 0; j < i; j++ {
				if equal(a[i], a[j]) {
					return false, true
				}
			}
		}
	}
	if n.items != nil {
		for _, x := range a {
			if ok, sure := valid(n.items, x); !ok || !sure {
				return ok, sure
			}
		}
	}
	return true, true
}

// hasType mirrors jsonschema/v5: a number is an "integer" when its value is
// whole, "1.0" and "1e2" included.
func hasType(types []string, v any) bool {
	t := jsonType(v)
	for _, want := range types {
		if want == t || (want == "integer" && t == "number" && isWhole(v)) {
			return true
		}
	}
	return false
}

func jsonType(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case json.Number, float64:
		return "number"
	case string:
		return "string"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	}
	return "invalid"
}

func isWhole(v any) bool {
	if n, ok := v.(json.Number); ok && plainInt(string(n)) {
		return true
	}
	r := rat(v)
	return r != nil && r.IsInt()
}

// plainInt reports whether a number is written as an integer: an optional
// minus and digits.
func plainInt(s string) bool {
	s = strings.TrimPrefix(s, "-")
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func rat(v any) *big.Rat {
	var s string
	switch n := v.(type) {
	case json.Number:
		s = string(n)
	case float64:
		s = strconv.FormatFloat(n, 'g', -1, 64)
	default:
		return nil
	}
	r, ok := new(big.Rat).SetString(s)
	if !ok {
		return nil
	}
	return r
}

// cmpNum compares a number with a bound, without allocating for integers
// that fit an int64 against whole bounds.
func cmpNum(v any, bound *big.Rat) int {
	if n, ok := v.(json.Number); ok && plainInt(string(n)) && len(n) < 19 && bound.IsInt() && bound.Num().IsInt64() {
		x, err := strconv.ParseInt(string(n), 10, 64)
		if err == nil {
			b := bound.Num().Int64()
			switch {
			case x < b:
				return -1
			case x > b:
				return 1
			}
			return 0
		}
	}
	r := rat(v)
	if r == nil {
		return 0
	}
	return r.Cmp(bound)
}

func inRange(n *fnode, v any) bool {
	return (n.min == nil || cmpNum(v, n.min) >= 0) &&
		(n.max == nil || cmpNum(v, n.max) <= 0) &&
		(n.exclMin == nil || cmpNum(v, n.exclMin) > 0) &&
		(n.exclMax == nil || cmpNum(v, n.exclMax) < 0)
}

// equal mirrors jsonschema/v5's equality: numbers by value.
func equal(a, b any) bool {
	ta, tb := jsonType(a), jsonType(b)
	if ta != tb {
		return false
	}
	switch ta {
	case "array":
		x, y := a.([]any), b.([]any)
		if len(x) != len(y) {
			return false
		}
		for i := range x {
			if !equal(x[i], y[i]) {
				return false
			}
		}
		return true
	case "object":
		x, y := a.(map[string]any), b.(map[string]any)
		if len(x) != len(y) {
			return false
		}
		for k, xv := range x {
			yv, ok := y[k]
			if !ok || !equal(xv, yv) {
				return false
			}
		}
		return true
	case "number":
		if na, ok := a.(json.Number); ok {
			if nb, ok := b.(json.Number); ok {
				if na == nb {
					return true
				}
				// JSON integers have no leading zeros: two written as
				// integers are equal only when their texts are ("-0" aside).
				if plainInt(string(na)) && plainInt(string(nb)) && na != "-0" && nb != "-0" {
					return false
				}
			}
		}
		ra, rb := rat(a), rat(b)
		return ra != nil && rb != nil && ra.Cmp(rb) == 0
	}
	return a == b
}
