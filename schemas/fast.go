package schemas

import (
	"encoding/json"
	"math/big"
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

// fastable reports whether every schema reachable from s uses only keywords
// the fast path implements. seen breaks reference cycles.
func fastable(s *jsonschema.Schema, seen map[*jsonschema.Schema]bool) bool {
	if s == nil || seen[s] {
		return true
	}
	seen[s] = true
	if s.RecursiveRef != nil || s.DynamicRef != nil || s.UnevaluatedProperties != nil || s.UnevaluatedItems != nil ||
		s.AdditionalItems != nil || len(s.PrefixItems) > 0 || s.Contains != nil || s.ContentSchema != nil ||
		s.ContentEncoding != "" || s.ContentMediaType != "" || len(s.Extensions) > 0 || len(s.Dependencies) > 0 ||
		len(s.DependentSchemas) > 0 || s.MultipleOf != nil || s.RegexProperties {
		return false
	}
	if _, list := s.Items.([]*jsonschema.Schema); list {
		return false
	}
	if s.Format != "" {
		if _, known := jsonschema.Formats[s.Format]; !known {
			return false
		}
	}
	subs := []*jsonschema.Schema{s.Ref, s.Not, s.If, s.Then, s.Else, s.PropertyNames, s.Items2020}
	if it, ok := s.Items.(*jsonschema.Schema); ok {
		subs = append(subs, it)
	}
	if ap, ok := s.AdditionalProperties.(*jsonschema.Schema); ok {
		subs = append(subs, ap)
	}
	subs = append(append(append(subs, s.AllOf...), s.AnyOf...), s.OneOf...)
	for _, p := range s.Properties {
		subs = append(subs, p)
	}
	for _, p := range s.PatternProperties {
		subs = append(subs, p)
	}
	for _, sub := range subs {
		if !fastable(sub, seen) {
			return false
		}
	}
	return true
}

// valid reports whether v is valid against s, with the semantics of
// jsonschema/v5 for the keywords fastable accepts. The second result is
// false when it cannot tell cheaply (a long list with uniqueItems).
func valid(s *jsonschema.Schema, v any) (bool, bool) {
	if s.Always != nil {
		return *s.Always, true
	}
	if s.Ref != nil {
		if ok, sure := valid(s.Ref, v); !ok || !sure {
			return ok, sure
		}
	}
	if len(s.Types) > 0 && !hasType(s.Types, v) {
		return false, true
	}
	if len(s.Constant) > 0 && !equal(v, s.Constant[0]) {
		return false, true
	}
	if len(s.Enum) > 0 {
		found := false
		for _, e := range s.Enum {
			if equal(v, e) {
				found = true
				break
			}
		}
		if !found {
			return false, true
		}
	}
	if s.Format != "" {
		if f := jsonschema.Formats[s.Format]; f != nil && !f(v) {
			return false, true
		}
	}
	switch x := v.(type) {
	case map[string]any:
		if ok, sure := validObject(s, x); !ok || !sure {
			return ok, sure
		}
	case []any:
		if ok, sure := validArray(s, x); !ok || !sure {
			return ok, sure
		}
	case string:
		if s.MinLength != -1 || s.MaxLength != -1 {
			n := utf8.RuneCountInString(x)
			if (s.MinLength != -1 && n < s.MinLength) || (s.MaxLength != -1 && n > s.MaxLength) {
				return false, true
			}
		}
		if s.Pattern != nil && !s.Pattern.MatchString(x) {
			return false, true
		}
	case json.Number, float64:
		if !inRange(s, x) {
			return false, true
		}
	}
	for _, sub := range s.AllOf {
		if ok, sure := valid(sub, v); !ok || !sure {
			return ok, sure
		}
	}
	if len(s.AnyOf) > 0 {
		any, allSure := false, true
		for _, sub := range s.AnyOf {
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
	if len(s.OneOf) > 0 {
		n := 0
		for _, sub := range s.OneOf {
			ok, sure := valid(sub, v)
			if !sure {
				return false, false
			}
			if ok {
				n++
			}
		}
		if n != 1 {
			return false, true
		}
	}
	if s.Not != nil {
		ok, sure := valid(s.Not, v)
		if !sure {
			return false, false
		}
		if ok {
			return false, true
		}
	}
	if s.If != nil {
		cond, sure := valid(s.If, v)
		if !sure {
			return false, false
		}
		branch := s.Else
		if cond {
			branch = s.Then
		}
		if branch != nil {
			return valid(branch, v)
		}
	}
	return true, true
}

func validObject(s *jsonschema.Schema, m map[string]any) (bool, bool) {
	if (s.MinProperties != -1 && len(m) < s.MinProperties) || (s.MaxProperties != -1 && len(m) > s.MaxProperties) {
		return false, true
	}
	for _, r := range s.Required {
		if _, ok := m[r]; !ok {
			return false, true
		}
	}
	for name, dep := range s.DependentRequired {
		if _, ok := m[name]; ok {
			for _, r := range dep {
				if _, ok := m[r]; !ok {
					return false, true
				}
			}
		}
	}
	if s.AdditionalProperties == nil && len(s.PatternProperties) == 0 && s.PropertyNames == nil {
		// Only the named properties are constrained: visit those, not
		// every key of the object (an if/then dispatch asks this of the
		// same object once per branch).
		for k, sub := range s.Properties {
			if x, ok := m[k]; ok {
				if ok, sure := valid(sub, x); !ok || !sure {
					return ok, sure
				}
			}
		}
		return true, true
	}
	for k, x := range m {
		sub, declared := s.Properties[k]
		if declared {
			if ok, sure := valid(sub, x); !ok || !sure {
				return ok, sure
			}
		}
		matched := false
		for re, ps := range s.PatternProperties {
			if re.MatchString(k) {
				matched = true
				if ok, sure := valid(ps, x); !ok || !sure {
					return ok, sure
				}
			}
		}
		if !declared && !matched {
			switch ap := s.AdditionalProperties.(type) {
			case bool:
				if !ap {
					return false, true
				}
			case *jsonschema.Schema:
				if ok, sure := valid(ap, x); !ok || !sure {
					return ok, sure
				}
			}
		}
		if s.PropertyNames != nil {
			if ok, sure := valid(s.PropertyNames, k); !ok || !sure {
				return ok, sure
			}
		}
	}
	return true, true
}

func validArray(s *jsonschema.Schema, a []any) (bool, bool) {
	if (s.MinItems != -1 && len(a) < s.MinItems) || (s.MaxItems != -1 && len(a) > s.MaxItems) {
		return false, true
	}
	if s.UniqueItems {
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
	items := s.Items2020
	if it, ok := s.Items.(*jsonschema.Schema); ok {
		items = it
	}
	if items != nil {
		for _, x := range a {
			if ok, sure := valid(items, x); !ok || !sure {
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

func inRange(s *jsonschema.Schema, v any) bool {
	return (s.Minimum == nil || cmpNum(v, s.Minimum) >= 0) &&
		(s.Maximum == nil || cmpNum(v, s.Maximum) <= 0) &&
		(s.ExclusiveMinimum == nil || cmpNum(v, s.ExclusiveMinimum) > 0) &&
		(s.ExclusiveMaximum == nil || cmpNum(v, s.ExclusiveMaximum) < 0)
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
