package publish

import (
	"encoding/json"
	"fmt"
	"path"
	"sort"
	"strings"
	"unicode"

	"github.com/mobmock/mobmock/schemas"
)

// clientSuffixes are what code generators append to an operation's name for
// the types they write for it (oapi-codegen: CreateOrderResponse,
// CreateOrderParams, CreateOrderJSONRequestBody); no component may take one.
var clientSuffixes = []string{"Response", "Params", "JSONRequestBody", "JSONBody", "RequestBody", "Responses"}

// pascal turns a file stem or $defs name ("xfer-service-in", "employee_id",
// "serviceId") into an identifier ("XferServiceIn", "EmployeeId", "ServiceId").
func pascal(s string) string {
	var b strings.Builder
	up := true
	for _, r := range s {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			up = true
			continue
		}
		if up {
			r = unicode.ToUpper(r)
			up = false
		}
		b.WriteRune(r)
	}
	out := b.String()
	if out == "" || unicode.IsDigit(rune(out[0])) {
		out = "N" + out
	}
	return out
}

// candidate is the component name a schema gets unless it collides.
func candidate(k key) string {
	stem := strings.TrimSuffix(path.Base(k.file), ".json")
	if k.def != "" {
		return pascal(k.def)
	}
	switch path.Base(path.Dir(k.file)) {
	case "requests":
		return pascal(stem) + "Request"
	case "activities":
		return pascal(stem) + "Activity"
	}
	return pascal(stem)
}

// name gives every used schema a component name, distinct (ignoring case)
// from the others, from the document's other components, and from the names
// generators give the types of its operations.
func (b *builder) name(root map[string]any, used []key) error {
	taken := map[string]string{} // lower-case name -> what has it
	if comps, ok := root["components"].(map[string]any); ok {
		for section, v := range comps {
			if m, ok := v.(map[string]any); ok {
				for n := range m {
					taken[strings.ToLower(n)] = "components/" + section + "/" + n
				}
			}
		}
	}
	if paths, ok := root["paths"].(map[string]any); ok {
		for _, item := range paths {
			ops, _ := item.(map[string]any)
			for _, op := range ops {
				m, _ := op.(map[string]any)
				id, _ := m["operationId"].(string)
				for _, s := range clientSuffixes {
					if id != "" {
						taken[strings.ToLower(pascal(id)+s)] = "operation " + id
					}
				}
			}
		}
	}
	count := map[string]int{}
	for _, k := range used {
		count[strings.ToLower(candidate(k))]++
	}
	for _, k := range used {
		n := candidate(k)
		if count[strings.ToLower(n)] > 1 || taken[strings.ToLower(n)] != "" {
			stem := pascal(strings.TrimSuffix(path.Base(k.file), ".json"))
			if k.def != "" {
				n = stem + n
			} else {
				n += "Body"
			}
		}
		if other := taken[strings.ToLower(n)]; other != "" {
			return fmt.Errorf("schema %s would be called %s, like %s", k, n, other)
		}
		taken[strings.ToLower(n)] = k.String()
		b.names[k] = n
	}
	return nil
}

// refOnly returns the $ref of a schema that is nothing but a $ref.
func refOnly(v any) string {
	m, ok := v.(map[string]any)
	if !ok || len(m) != 1 {
		return ""
	}
	r, _ := m["$ref"].(string)
	return r
}

// condition reads an if schema of the form {"required": [P], "properties":
// {P: S}}: the property and the values S allows (const or enum; none when S
// is empty).
func condition(v any) (prop string, vals []any, ok bool) {
	m, isMap := v.(map[string]any)
	if !isMap || len(m) != 2 {
		return "", nil, false
	}
	req, _ := m["required"].([]any)
	props, _ := m["properties"].(map[string]any)
	if len(req) != 1 || len(props) != 1 {
		return "", nil, false
	}
	prop, _ = req[0].(string)
	s, isMap := props[prop].(map[string]any)
	if !isMap {
		return "", nil, false
	}
	if c, has := s["const"]; has && len(s) == 1 {
		return prop, []any{c}, true
	}
	if e, has := s["enum"].([]any); has && len(s) == 1 {
		return prop, e, true
	}
	return prop, nil, len(s) == 0
}

// dispatch rewrites the type dispatch of a component: an allOf of
// {"if": {P: V}, "then": {"$ref": X}} becomes a oneOf of the X, each X
// pinned to its V (and a discriminator when the V are strings); an
// if/then/else between two components becomes a oneOf of the two. It looks
// at the component and at its properties.
func (b *builder) dispatch(c map[string]any) error {
	if t, e := refOnly(c["then"]), refOnly(c["else"]); t != "" && e != "" {
		if _, ok := c["if"]; ok {
			delete(c, "if")
			delete(c, "then")
			delete(c, "else")
			c["oneOf"] = []any{map[string]any{"$ref": t}, map[string]any{"$ref": e}}
		}
	}
	b.hoist(c)
	if err := b.dispatchAt(c); err != nil {
		return err
	}
	props, _ := c["properties"].(map[string]any)
	names := make([]string, 0, len(props))
	for n := range props {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		if m, ok := props[n].(map[string]any); ok {
			if err := b.dispatchAt(m); err != nil {
				return fmt.Errorf("property %s: %w", n, err)
			}
		}
	}
	return nil
}

// hoist copies into an object's properties the properties that only a
// conditional part of it names with a schema of their own (Device
// Replacement's warranty beside activity), so that generated types have
// them. Validation does not change: the condition still decides whether the
// property is required or refused.
func (b *builder) hoist(c map[string]any) {
	props, _ := c["properties"].(map[string]any)
	all, _ := c["allOf"].([]any)
	if props == nil {
		return
	}
	for _, e := range all {
		m, _ := e.(map[string]any)
		then, _ := m["then"].(map[string]any)
		tp, _ := then["properties"].(map[string]any)
		for n, s := range tp {
			sm, _ := s.(map[string]any)
			if _, has := props[n]; has || sm["$ref"] == nil {
				continue
			}
			cp := map[string]any{"$ref": sm["$ref"]}
			if d, ok := then["description"].(string); ok {
				cp["description"] = d
			}
			props[n] = cp
		}
	}
}

// dispatchAt rewrites the dispatch of one object schema (see dispatch).
func (b *builder) dispatchAt(n map[string]any) error {
	all, _ := n["allOf"].([]any)
	type branch struct {
		ref  string
		vals []any
	}
	var (
		branches []branch
		prop     string
		check    map[string]any
		keep     []any
	)
	for _, e := range all {
		m, _ := e.(map[string]any)
		p, vals, ok := condition(m["if"])
		if ok && m["else"] == nil && (prop == "" || p == prop) {
			if r := refOnly(m["then"]); r != "" && len(vals) > 0 {
				branches = append(branches, branch{r, vals})
				prop = p
				continue
			}
			then, _ := m["then"].(map[string]any)
			tp, _ := then["properties"].(map[string]any)
			if s, has := tp[p].(map[string]any); has && len(vals) == 0 && len(tp) == 1 && len(then) == 1 {
				check = s
				prop = p
				continue
			}
		}
		keep = append(keep, e)
	}
	if len(branches) < 2 {
		return nil
	}
	oneOf := make([]any, 0, len(branches))
	mapping := map[string]any{}
	strs := true
	for _, br := range branches {
		oneOf = append(oneOf, map[string]any{"$ref": br.ref})
		v := br.vals[0]
		s, isStr := v.(string)
		strs = strs && isStr
		mapping[s] = br.ref
		pinned := map[string]any{"const": v}
		if _, union := check["type"].([]any); union && b.reading == Default {
			// The value as the table has it, or (tolerated) the other
			// spellings the dispatch takes ("38").
			alts := []any{map[string]any{"const": v}}
			for _, o := range br.vals[1:] {
				alts = append(alts, map[string]any{"const": o, "deprecated": true, "x-mobmock-register": check["x-mobmock-register"]})
			}
			pinned = map[string]any{"oneOf": alts, "x-mobmock-register": check["x-mobmock-register"]}
			if h, ok := check["x-hint"]; ok {
				pinned["x-hint"] = h
			}
		}
		name := strings.TrimPrefix(br.ref, "#/components/schemas/")
		if b.pins[name] == nil {
			b.pins[name] = map[string]any{}
		}
		if _, dup := b.pins[name][prop]; dup {
			return fmt.Errorf("%s is a branch of two dispatches", name)
		}
		b.pins[name][prop] = pinned
	}
	for _, kw := range []string{"type", "required", "properties", "allOf", "unevaluatedProperties", "additionalProperties"} {
		delete(n, kw)
	}
	if len(keep) > 0 {
		n["allOf"] = keep
	}
	n["oneOf"] = oneOf
	if strs {
		n["discriminator"] = map[string]any{"propertyName": prop, "mapping": mapping}
	}
	return nil
}

// pin makes a dispatch branch name the value that selects it: property P
// required, with the const (or, in the default reading, the enum) the
// dispatch tested.
func pin(comp any, props map[string]any) error {
	c, ok := comp.(map[string]any)
	if !ok {
		return fmt.Errorf("not an object schema")
	}
	cp, _ := c["properties"].(map[string]any)
	if cp == nil {
		return fmt.Errorf("has no properties to pin")
	}
	for p, s := range props {
		old, _ := cp[p].(map[string]any)
		merged := map[string]any{}
		for k, v := range old {
			if k != "const" && k != "enum" && k != "type" && k != "oneOf" {
				merged[k] = v
			}
		}
		for k, v := range s.(map[string]any) {
			if v != nil {
				merged[k] = v
			}
		}
		cp[p] = merged
		req, _ := c["required"].([]any)
		found := false
		for _, r := range req {
			found = found || r == p
		}
		if !found {
			c["required"] = append([]any{p}, req...)
		}
	}
	return nil
}

// typeOf names the JSON type of a decoded value.
func typeOf(v any) string {
	switch x := v.(type) {
	case string:
		return "string"
	case int64:
		return "integer"
	case float64:
		if x == float64(int64(x)) {
			return "integer"
		}
		return "number"
	case bool:
		return "boolean"
	case nil:
		return "null"
	case []any:
		return "array"
	}
	return "object"
}

// typeEnums gives every enum and const without a type the type of its
// values (generators make a typed enum only when the schema has a type),
// and every array type without items an items schema.
func typeEnums(v any) {
	switch v := v.(type) {
	case map[string]any:
		if _, typed := v["type"]; !typed {
			var vals []any
			if e, ok := v["enum"].([]any); ok {
				vals = e
			} else if c, ok := v["const"]; ok {
				vals = []any{c}
			}
			var types []any
			seen := map[string]bool{}
			for _, x := range vals {
				if t := typeOf(x); !seen[t] {
					seen[t] = true
					types = append(types, t)
				}
			}
			switch len(types) {
			case 0:
			case 1:
				v["type"] = types[0]
			default:
				v["type"] = types
			}
		}
		splitUnion(v)
		// An array type without items (in a condition: "is a list") gets
		// the items schema that allows anything, which linters ask for.
		_, items := v["items"]
		_, prefix := v["prefixItems"]
		if v["type"] == "array" && !items && !prefix {
			v["items"] = map[string]any{}
		}
		for k, x := range v {
			if k == "examples" || k == "example" || strings.HasPrefix(k, "x-") {
				continue
			}
			typeEnums(x)
		}
	case []any:
		for _, x := range v {
			typeEnums(x)
		}
	}
}

// tolerated is the working annotation (never published) that lists the
// types of a type list only the default reading takes.
const tolerated = "x-mobmock-tolerated-types"

// splitUnion rewrites a type list with more than one type besides null
// ("type": ["integer", "string"]) as a oneOf of one type each: the same
// values, in the form code generators read (oapi-codegen stops at a type
// list; every generator makes a union type of a oneOf). The other keywords
// stay beside it, each applying to the values of its type as before. A
// single type with null stays a list: that is how OpenAPI 3.1 writes
// nullable.
func splitUnion(v map[string]any) {
	extra := asList(v[tolerated])
	delete(v, tolerated)
	list, ok := v["type"].([]any)
	if !ok {
		return
	}
	nonNull := 0
	for _, t := range list {
		if t != "null" {
			nonNull++
		}
	}
	if nonNull < 2 {
		return
	}
	branches := make([]any, len(list))
	for i, t := range list {
		br := map[string]any{"type": t}
		for _, x := range extra {
			if x == t {
				// A type only the default reading takes: a tolerated
				// shape, with the register entries that tolerate it.
				br["deprecated"] = true
				br["x-mobmock-register"] = v["x-mobmock-register"]
			}
		}
		branches[i] = br
	}
	delete(v, "type")
	if _, has := v["oneOf"]; has {
		// Keep both: the existing oneOf moves into an allOf.
		v["allOf"] = append(asList(v["allOf"]), map[string]any{"oneOf": branches})
		return
	}
	v["oneOf"] = branches
}

func asList(v any) []any {
	l, _ := v.([]any)
	return l
}

// dropRefusedExamples removes, from the strict document, the examples of a
// body that the strict reading refuses (the validator's verdict, as
// `mobmock validate --strict` gives it); the media type lists them under
// x-mobmock-refused-examples.
func (b *builder) dropRefusedExamples(v any) error {
	switch v := v.(type) {
	case map[string]any:
		if s, ok := v["schema"].(map[string]any); ok {
			if ref, ok := s["$ref"].(string); ok && strings.HasPrefix(ref, "../schemas/") {
				if err := b.dropRefused(v, strings.TrimPrefix(ref, "../schemas/")); err != nil {
					return err
				}
			}
		}
		for k, x := range v {
			if k == "examples" || k == "example" {
				continue
			}
			if err := b.dropRefusedExamples(x); err != nil {
				return err
			}
		}
	case []any:
		for _, x := range v {
			if err := b.dropRefusedExamples(x); err != nil {
				return err
			}
		}
	}
	return nil
}

func (b *builder) dropRefused(media map[string]any, schema string) error {
	exs, _ := media["examples"].(map[string]any)
	var refused []string
	for name, ex := range exs {
		m, _ := ex.(map[string]any)
		val, has := m["value"]
		if !has {
			continue
		}
		data, err := json.Marshal(val)
		if err != nil {
			return err
		}
		payload, err := schemas.Decode(data)
		if err != nil {
			return err
		}
		problems, err := b.set.ValidateFile(schema, payload, schemas.Strict)
		if err != nil {
			return fmt.Errorf("example %s: %w", name, err)
		}
		if len(problems) > 0 {
			refused = append(refused, name)
			delete(exs, name)
		}
	}
	if len(refused) == 0 {
		return nil
	}
	sort.Strings(refused)
	list := make([]any, len(refused))
	for i, r := range refused {
		list[i] = r
	}
	media["x-mobmock-refused-examples"] = list
	if len(exs) == 0 {
		delete(media, "examples")
	}
	return nil
}

// describe says in the document's info which reading it describes.
func (b *builder) describe(root map[string]any) {
	info, _ := root["info"].(map[string]any)
	if info == nil {
		return
	}
	root["x-mobmock-reading"] = string(b.reading)
	desc, _ := info["description"].(string)
	other := Path(b.api, Strict)
	note := "Published document, default reading: what mobmock accepts by default (lenient). Every documented example is valid here; each shape that only this reading tolerates carries x-mobmock-register naming the discrepancy register entry (see spec/DISCREPANCIES.md), and fields it tolerates are deprecated. The strict reading (--strict) is published beside it as spec/" + other + ". Generated from spec/" + sources[b.api] + ", schemas/ and the register; single file, no external references."
	if b.reading == Strict {
		other = Path(b.api, Default)
		info["title"] = fmt.Sprint(info["title"], " (strict reading)")
		note = "Published document, strict reading: the attribute tables to the letter, what mobmock accepts with --strict. Documented examples this reading refuses are left out (each media type lists them under x-mobmock-refused-examples). The default (lenient) reading is published beside it as spec/" + other + ". Generated from spec/" + sources[b.api] + ", schemas/ and the register; single file, no external references."
	}
	info["description"] = strings.TrimSpace(desc + "\n\n" + note)
}
