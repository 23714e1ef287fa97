package schemas_test

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/mobmock/mobmock/schemas"
)

// mini builds a Set from one schema file (mobproc/t.json) and a register.
func mini(t *testing.T, schema, register string) *schemas.Set {
	t.Helper()
	if register == "" {
		register = `{"entries": []}`
	}
	fsys := fstest.MapFS{
		"mobproc/t.json": {Data: []byte(`{"$schema": "https://json-schema.org/draft/2020-12/schema",
			"$id": "https://mobmock.invalid/schemas/mobproc/t.json", "title": "t", "description": "t", ` + schema + `}`)},
		"mobproc/defs.json": {Data: []byte(`{"$schema": "https://json-schema.org/draft/2020-12/schema",
			"$id": "https://mobmock.invalid/schemas/mobproc/defs.json", "$defs": {
				"id": {"type": "string", "minLength": 1},
				"serviceId": {"$ref": "#/$defs/id", "x-hint": "Look it up with GET /assets/services."},
				"device": {"type": "object", "required": ["model"], "properties": {"model": {"type": "string"}, "serial": {"type": "string"}}}
			}}`)},
		"register/r.json": {Data: []byte(register)},
	}
	s, err := schemas.New(fsys)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return s
}

func decode(t *testing.T, body string) any {
	t.Helper()
	v, err := schemas.Decode([]byte(body))
	if err != nil {
		t.Fatalf("decode %s: %v", body, err)
	}
	return v
}

// brief is what the table compares: everything but the wording, which is
// checked by substrings.
type brief struct {
	Pointer, Severity, Code, Discrepancy, Canonical string
}

func briefs(ps []schemas.Problem) []brief {
	var out []brief
	for _, p := range ps {
		out = append(out, brief{p.Pointer, string(p.Severity), p.Code, p.Discrepancy, p.Canonical})
	}
	return out
}

const entryMP9 = `{"entries": [{"id": "MP-9", "api": "mobproc", "kind": "spelling", "title": "t",
	"where": [{"seed": "000_af2fc0824704bb21.txt", "section": "s"}], "says": ["a", "b"], "decision": "d", "why": "w",
	"enforced": "schema", "lenient": [RELAX]}]}`

func TestValidate(t *testing.T) {
	tests := []struct {
		name     string
		schema   string
		register string
		payload  string
		mode     schemas.Mode
		want     []brief
		// words must appear in the message or hint of the problems, in order.
		words []string
	}{
		{
			name:    "missing field is reported at the pointer it should have had, with the hint of its $ref",
			schema:  `"type": "object", "required": ["serviceId"], "properties": {"serviceId": {"$ref": "defs.json#/$defs/serviceId"}}`,
			payload: `{}`,
			want:    []brief{{"/serviceId", "error", "required", "", ""}},
			words:   []string{"serviceId is required in the body.", "GET /assets/services"},
		},
		{
			name:    "type error takes the hint of the referring node",
			schema:  `"type": "object", "properties": {"serviceId": {"$ref": "defs.json#/$defs/serviceId"}}`,
			payload: `{"serviceId": 5}`,
			want:    []brief{{"/serviceId", "error", "type", "", ""}},
			words:   []string{"serviceId has the wrong type: expected a string; got a number (5).", "GET /assets/services"},
		},
		{
			name:    "every problem is reported, not just the first",
			schema:  `"type": "object", "required": ["a", "b"], "properties": {"a": {"type": "string"}, "b": {"type": "string"}, "c": {"maxLength": 2}}`,
			payload: `{"c": "long"}`,
			want:    []brief{{"/a", "error", "required", "", ""}, {"/b", "error", "required", "", ""}, {"/c", "error", "max-length", "", ""}},
		},
		{
			name:    "enum suggests the closest value",
			schema:  `"type": "object", "properties": {"t": {"enum": ["SWAP_DEVICES", "SUSPEND"]}}`,
			payload: `{"t": "SWAP_DEVICE"}`,
			want:    []brief{{"/t", "error", "enum", "", ""}},
			words:   []string{`t has a value the contract does not allow: expected one of SWAP_DEVICES, SUSPEND; got "SWAP_DEVICE".`, `Did you mean "SWAP_DEVICES"?`},
		},
		{
			name:    "unknown field is a lenient warning with a suggestion",
			schema:  `"type": "object", "additionalProperties": false, "properties": {"line_id": {"type": "integer"}}`,
			payload: `{"line_idd": 1}`,
			want:    []brief{{"/line_idd", "warning", "unknown-field", "", ""}},
			words:   []string{"line_idd is not a field of the body.", "Did you mean line_id?"},
		},
		{
			name:    "unknown field is a strict error",
			schema:  `"type": "object", "additionalProperties": false, "properties": {"a": {}}`,
			payload: `{"zzz": 1}`,
			mode:    schemas.Strict,
			want:    []brief{{"/zzz", "error", "unknown-field", "", ""}},
			words:   []string{"Remove it"},
		},
		{
			name:    "unevaluatedProperties reports the extra field itself, in strict mode",
			schema:  `"$ref": "defs.json#/$defs/device", "unevaluatedProperties": false`,
			payload: `{"model": "x", "colour": "red"}`,
			mode:    schemas.Strict,
			want:    []brief{{"/colour", "error", "unknown-field", "", ""}},
		},
		{
			name:    "a failing $ref sibling does not flood unevaluatedProperties",
			schema:  `"$ref": "defs.json#/$defs/device", "unevaluatedProperties": false`,
			payload: `{"model": 7, "serial": "s"}`,
			mode:    schemas.Strict,
			want:    []brief{{"/model", "error", "type", "", ""}},
		},
		{
			name:    "contains is one problem worded by its x-message",
			schema:  `"type": "array", "contains": {"properties": {"id": {"const": "LINE_1"}}}, "x-message": "address needs a LINE_1 entry."`,
			payload: `[{"id": "CITY"}, {"id": "STATE"}]`,
			want:    []brief{{"", "error", "invalid", "", ""}},
			words:   []string{"address needs a LINE_1 entry."},
		},
		{
			name:    "dependentRequired names the missing field",
			schema:  `"type": "object", "dependentRequired": {"optionalFeatureIds": ["planId"]}`,
			payload: `{"optionalFeatureIds": ["1"]}`,
			want:    []brief{{"/planId", "error", "dependency", "", ""}},
			words:   []string{"planId is required in the body when optionalFeatureIds is given."},
		},
		{
			name:    "X or Y alternatives are one problem",
			schema:  `"type": "object", "anyOf": [{"required": ["business_plan_id"]}, {"required": ["plan_id"]}]`,
			payload: `{}`,
			want:    []brief{{"/business_plan_id", "error", "one-of-required", "", ""}},
			words:   []string{"One of business_plan_id or plan_id is required in the body."},
		},
		{
			name:     "unrequire: lenient warns citing the entry, strict rejects",
			schema:   `"type": "object", "required": ["employee_id"], "properties": {"employee_id": {"type": "string"}}`,
			register: strings.Replace(entryMP9, "RELAX", `{"schema": "mobproc/t.json", "op": "unrequire", "path": "", "field": "employee_id"}`, 1),
			payload:  `{}`,
			want:     []brief{{"/employee_id", "warning", "required", "MP-9", ""}},
			words:    []string{"register MP-9"},
		},
		{
			name:     "replace: a relaxed type is a lenient warning",
			schema:   `"type": "object", "properties": {"n": {"type": "integer"}}`,
			register: strings.Replace(entryMP9, "RELAX", `{"schema": "mobproc/t.json", "op": "replace", "path": "/properties/n", "value": {"type": ["integer", "string"]}}`, 1),
			payload:  `{"n": "1"}`,
			want:     []brief{{"/n", "warning", "type", "MP-9", ""}},
		},
		{
			name:     "alias: a documented misspelling says where the value belongs",
			schema:   `"type": "object", "additionalProperties": false, "properties": {"business_feature_ids": {"type": "array"}}`,
			register: strings.Replace(entryMP9, "RELAX", `{"schema": "mobproc/t.json", "op": "alias", "path": "", "field": "busines_feature_ids", "canonical": "business_feature_ids"}`, 1),
			payload:  `{"busines_feature_ids": []}`,
			want:     []brief{{"/busines_feature_ids", "warning", "misspelled-field", "MP-9", "/business_feature_ids"}},
		},
		{
			name:     "alias: the misspelled value is still checked",
			schema:   `"type": "object", "additionalProperties": false, "properties": {"business_feature_ids": {"type": "array"}}`,
			register: strings.Replace(entryMP9, "RELAX", `{"schema": "mobproc/t.json", "op": "alias", "path": "", "field": "busines_feature_ids", "canonical": "business_feature_ids"}`, 1),
			payload:  `{"busines_feature_ids": 5}`,
			want:     []brief{{"/busines_feature_ids", "warning", "misspelled-field", "MP-9", "/business_feature_ids"}, {"/busines_feature_ids", "error", "type", "", ""}},
		},
		{
			name:     "add: a property the table omits is attributed to its entry",
			schema:   `"type": "object", "additionalProperties": false, "properties": {"a": {}}`,
			register: strings.Replace(entryMP9, "RELAX", `{"schema": "mobproc/t.json", "op": "add", "path": "/properties/label", "value": {"type": "string"}}`, 1),
			payload:  `{"label": "x"}`,
			want:     []brief{{"/label", "warning", "unknown-field", "MP-9", ""}},
		},
		{
			name:    "min-items reads as a sentence",
			schema:  `"type": "object", "properties": {"ids": {"type": "array", "minItems": 1}}`,
			payload: `{"ids": []}`,
			want:    []brief{{"/ids", "error", "min-items", "", ""}},
			words:   []string{"ids must list at least 1 item."},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := mini(t, tt.schema, tt.register)
			got, err := s.ValidateFile("mobproc/t.json", decode(t, tt.payload), tt.mode)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, briefs(got), cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("problems (-want +got):\n%s\nfull: %+v", diff, got)
			}
			var text strings.Builder
			for _, p := range got {
				text.WriteString(p.Message + " " + p.Hint + " ")
			}
			for _, w := range tt.words {
				if !strings.Contains(text.String(), w) {
					t.Errorf("wording %q not found in %q", w, text.String())
				}
			}
		})
	}
}

func TestApplyRenames(t *testing.T) {
	payload := decode(t, `{"activity": {"busines_feature_ids": [1, 2]}}`)
	schemas.ApplyRenames(payload, []schemas.Problem{{Pointer: "/activity/busines_feature_ids", Canonical: "/activity/business_feature_ids"}})
	want := decode(t, `{"activity": {"business_feature_ids": [1, 2]}}`)
	if diff := cmp.Diff(want, payload); diff != "" {
		t.Errorf("after renames (-want +got):\n%s", diff)
	}
}

func TestRegisterRefusesBadEntries(t *testing.T) {
	tests := []struct{ name, register, want string }{
		{"schema entry without relaxations", strings.Replace(entryMP9, "RELAX", "", 1), "lists no lenient relaxation"},
		{"relaxation of a missing file", strings.Replace(entryMP9, "RELAX", `{"schema": "mobproc/nope.json", "op": "remove", "path": "/x"}`, 1), "does not exist"},
		{"unknown op", strings.Replace(entryMP9, "RELAX", `{"schema": "mobproc/t.json", "op": "delete", "path": "/x"}`, 1), "is not add, remove"},
		{"relaxation that does not apply", strings.Replace(entryMP9, "RELAX", `{"schema": "mobproc/t.json", "op": "unrequire", "path": "", "field": "nope"}`, 1), "is not required"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{
				"mobproc/t.json":  {Data: []byte(`{"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": "https://mobmock.invalid/schemas/mobproc/t.json", "required": ["a"]}`)},
				"register/r.json": {Data: []byte(tt.register)},
			}
			_, err := schemas.New(fsys)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("New error = %v, want it to say %q", err, tt.want)
			}
		})
	}
}
