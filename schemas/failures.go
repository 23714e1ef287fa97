package schemas

import (
	"encoding/json"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/santhosh-tekuri/jsonschema/v5"
)

// The fast path also names what is wrong with a payload it finds invalid,
// when every failing keyword is one whose error jsonschema/v5 writes
// without looking at alternatives: it collects the same errors v5 would
// (keyword location, absolute keyword location, instance location) and
// hands them to the same findings builder, so the problems are the ones v5
// gives rise to. A failing anyOf or oneOf, or a list too long to check for
// repeats cheaply, sends the payload to jsonschema/v5, which writes the
// alternatives' errors for the builder to summarise. v5's error tree has a
// node per $ref, allOf branch and then/else between the root and each
// failing keyword; the builder only reads the failing keywords and the
// anyOf/oneOf nodes, so the fast path gives the failing keywords as causes
// of the root. TestFailuresAgreeWithV5 and FuzzFastAgreesWithV5 hold the
// two to the same problems.

// failures collects the errors of v against n. Its fields are stacks: the
// keyword path from the root and the instance location, one token each.
type failures struct {
	keywords []string
	instance []string
	errs     []*jsonschema.ValidationError
}

// fastCheck returns the error jsonschema/v5 gives for v against n: nil
// when v is valid. ok is false when the fast path cannot tell, or cannot
// write the error the way v5 would.
func fastCheck(n *fnode, v any) (ve *jsonschema.ValidationError, ok bool) {
	var f failures
	if !f.collect(n, v) {
		return nil, false
	}
	if len(f.errs) == 0 {
		return nil, true
	}
	return &jsonschema.ValidationError{
		AbsoluteKeywordLocation: n.loc,
		Message:                 "doesn't validate with " + n.loc,
		Causes:                  f.errs,
	}, true
}

// fail records that keyword of n fails on the value at the current
// instance location ("" for the schema itself, as for a false schema).
func (f *failures) fail(n *fnode, keyword string) {
	var kl strings.Builder
	for _, k := range f.keywords {
		kl.WriteByte('/')
		kl.WriteString(k)
	}
	if keyword != "" {
		kl.WriteByte('/')
		kl.WriteString(keyword)
	}
	abs := n.loc
	if keyword != "" {
		abs += "/" + keyword
	}
	var il strings.Builder
	for _, t := range f.instance {
		il.WriteByte('/')
		il.WriteString(t)
	}
	f.errs = append(f.errs, &jsonschema.ValidationError{
		KeywordLocation: kl.String(), AbsoluteKeywordLocation: abs, InstanceLocation: il.String(),
		Message: keyword + " failed",
	})
}

// in validates v against the subschema n reached through the keyword
// path spath (one or more tokens), at the same instance location.
func (f *failures) in(n *fnode, v any, spath ...string) bool {
	f.keywords = append(f.keywords, spath...)
	ok := f.collect(n, v)
	f.keywords = f.keywords[:len(f.keywords)-len(spath)]
	return ok
}

// at validates the member or item v, at the instance token, against n
// reached through spath.
func (f *failures) at(n *fnode, v any, spath, token string) bool {
	f.instance = append(f.instance, token)
	ok := f.in(n, v, spath)
	f.instance = f.instance[:len(f.instance)-1]
	return ok
}

// collect mirrors jsonschema/v5's validate, keyword by keyword; it returns
// false when it cannot write an error the way v5 would.
func (f *failures) collect(n *fnode, v any) bool {
	if n.always != nil {
		if !*n.always {
			f.fail(n, "")
		}
		return true
	}
	if len(n.types) > 0 && !hasType(n.types, v) {
		// v5 checks nothing else of a value of the wrong type.
		f.fail(n, "type")
		return true
	}
	if len(n.constant) > 0 && !equal(v, n.constant[0]) {
		f.fail(n, "const")
	}
	if len(n.enum) > 0 && !inEnum(n.enum, v) {
		f.fail(n, "enum")
	}
	if n.format != nil && !n.format(v) {
		f.fail(n, "format")
	}
	switch x := v.(type) {
	case map[string]any:
		if !f.object(n, x) {
			return false
		}
	case []any:
		if !f.array(n, x) {
			return false
		}
	case string:
		if n.minLen != -1 || n.maxLen != -1 {
			c := utf8.RuneCountInString(x)
			if n.minLen != -1 && c < n.minLen {
				f.fail(n, "minLength")
			}
			if n.maxLen != -1 && c > n.maxLen {
				f.fail(n, "maxLength")
			}
		}
		if n.pattern != nil && !n.pattern.MatchString(x) {
			f.fail(n, "pattern")
		}
	case json.Number, float64:
		if n.min != nil && cmpNum(x, n.min) < 0 {
			f.fail(n, "minimum")
		}
		if n.exclMin != nil && cmpNum(x, n.exclMin) <= 0 {
			f.fail(n, "exclusiveMinimum")
		}
		if n.max != nil && cmpNum(x, n.max) > 0 {
			f.fail(n, "maximum")
		}
		if n.exclMax != nil && cmpNum(x, n.exclMax) >= 0 {
			f.fail(n, "exclusiveMaximum")
		}
	}
	if n.ref != nil && !f.in(n.ref, v, "$ref") {
		return false
	}
	if n.not != nil {
		ok, sure := valid(n.not, v)
		if !sure {
			return false
		}
		if ok {
			f.fail(n, "not")
		}
	}
	for i, sub := range n.allOf {
		if !f.in(sub, v, n.allOfPath[i]) {
			return false
		}
	}
	for i := range n.dispatch {
		for _, b := range n.dispatch[i].branches(v) {
			if !f.in(b.node, v, b.path, "then") {
				return false
			}
		}
	}
	if len(n.anyOf) > 0 {
		matched := false
		for _, sub := range n.anyOf {
			if ok, sure := valid(sub, v); ok && sure {
				matched = true
				break
			}
		}
		if !matched {
			return false
		}
	}
	if len(n.oneOf) > 0 {
		c := 0
		for _, sub := range n.oneOf {
			ok, sure := valid(sub, v)
			if !sure {
				return false
			}
			if ok {
				c++
			}
		}
		if c != 1 {
			return false
		}
	}
	if n.cond != nil {
		cond, sure := valid(n.cond, v)
		if !sure {
			return false
		}
		if cond && n.then != nil {
			return f.in(n.then, v, "then")
		}
		if !cond && n.els != nil {
			return f.in(n.els, v, "else")
		}
	}
	return true
}

func (f *failures) object(n *fnode, m map[string]any) bool {
	if n.minProps != -1 && len(m) < n.minProps {
		f.fail(n, "minProperties")
	}
	if n.maxProps != -1 && len(m) > n.maxProps {
		f.fail(n, "maxProperties")
	}
	for _, r := range n.required {
		if _, ok := m[r]; !ok {
			f.fail(n, "required")
			break
		}
	}
	for _, p := range n.props {
		if x, ok := m[p.name]; ok && !f.at(p.node, x, p.spath, p.token) {
			return false
		}
	}
	if n.propertyNames != nil {
		for k := range m {
			if !f.at(n.propertyNames, k, "propertyNames", escape(k)) {
				return false
			}
		}
	}
	for _, pp := range n.patternProps {
		for k, x := range m {
			if pp.re.MatchString(k) && !f.at(pp.node, x, pp.spath, escape(k)) {
				return false
			}
		}
	}
	if n.additional != nil {
		extra := false
		for k, x := range m {
			if _, declared := n.prop(k); declared || n.matchesPattern(k) {
				continue
			}
			switch ap := n.additional.(type) {
			case bool:
				extra = extra || !ap
			case *fnode:
				if !f.at(ap, x, "additionalProperties", escape(k)) {
					return false
				}
			}
		}
		if extra {
			f.fail(n, "additionalProperties")
		}
	}
	for _, dep := range n.depRequired {
		if _, ok := m[dep.name]; !ok {
			continue
		}
		for i, r := range dep.required {
			if _, ok := m[r]; !ok {
				f.fail(n, "dependentRequired/"+escape(dep.name)+"/"+strconv.Itoa(i))
			}
		}
	}
	return true
}

func (n *fnode) matchesPattern(k string) bool {
	for _, pp := range n.patternProps {
		if pp.re.MatchString(k) {
			return true
		}
	}
	return false
}

func (f *failures) array(n *fnode, a []any) bool {
	if n.minItems != -1 && len(a) < n.minItems {
		f.fail(n, "minItems")
	}
	if n.maxItems != -1 && len(a) > n.maxItems {
		f.fail(n, "maxItems")
	}
	if n.unique {
		if len(a) > 64 {
			return false
		}
	repeats:
		for i := 1; i < len(a); i++ {
			for j := 0; j < i; j++ {
				if equal(a[i], a[j]) {
					f.fail(n, "uniqueItems")
					break repeats
				}
			}
		}
	}
	if n.items != nil {
		for i, x := range a {
			if !f.at(n.items, x, "items", strconv.Itoa(i)) {
				return false
			}
		}
	}
	return true
}

func inEnum(enum []any, v any) bool {
	for _, e := range enum {
		if equal(v, e) {
			return true
		}
	}
	return false
}
