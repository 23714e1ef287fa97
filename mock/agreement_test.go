package mock_test

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/mobmock/mobmock/fixtures"
	"github.com/mobmock/mobmock/mock"
	"github.com/mobmock/mobmock/mock/world"
	"github.com/mobmock/mobmock/schemas"
)

// worldCodes are the refusals only the mock can make: they need the
// tenant's world (ids, states, ownership), which the validator does not
// have (schemas.WorldChecks says so to its users).
var worldCodes = []string{"unknown-id", "not-on-plan", "wrong-state", "device-mismatch", "not-owner", "duplicate"}

// TestValidatorAndMockAgree sends every fixture body that creates an order
// or an activity through the validator and through the mock (a real
// listener) in both readings (issue 11: one answer to "will the API take
// this payload?"). The mock may refuse more, for the world's reasons alone;
// every problem it finds in the payload itself the validator finds too, at
// the same pointer with the same code, and the other way round.
func TestValidatorAndMockAgree(t *testing.T) {
	set, err := schemas.Load()
	if err != nil {
		t.Fatal(err)
	}
	fx := cases(t)
	answers := map[bool]map[string]response{false: {}, true: {}}
	for _, strict := range []bool{false, true} {
		mode := schemas.Lenient
		if strict {
			mode = schemas.Strict
		}
		t.Run(mode.String(), func(t *testing.T) {
			_, c := start(t, mock.Config{Strict: strict})
			checked := 0
			for ci, cs := range fx.Cases {
				for si, st := range cs.Steps {
					rq := st.Request
					api, ok := payloadAPI(rq)
					if !ok {
						continue
					}
					tenant := fmt.Sprintf("agree-%d-%d", ci, si)
					vars := fixtures.Vars{"tenant": tenant, "otherTenant": tenant + "-other", "clientId": "test", "unique": tenant}
					payload, err := vars.ExpandJSON(rq.Payload)
					if err != nil {
						continue // the body needs a value an earlier step captures
					}
					checked++
					name := fmt.Sprintf("%s/step-%d", cs.Name, si)
					ps := set.Validate(payload, api, mode)
					q := url.Values{}
					for k, v := range rq.Query {
						q.Set(k, v)
					}
					path := rq.Path
					if len(q) > 0 {
						path += "?" + q.Encode()
					}
					r := c.as(tenant).do("POST", path, payload)
					compareAnswers(t, name, ps, r)
					answers[strict][name] = r
				}
			}
			if checked < 50 {
				t.Fatalf("only %d fixture bodies checked; the fixtures hold more", checked)
			}
		})
	}
	// Issue 11: every strict refusal of a body the lenient reading takes
	// names the register entry that explains the difference, the business
	// rules' (409, 422) as much as the schema's.
	cited := 0
	for name, lenient := range answers[false] {
		strict, ok := answers[true][name]
		if !ok || lenient.Status >= 300 || strict.Status < 400 {
			continue
		}
		m, _ := strict.Body.(map[string]any)
		items, _ := m["errors"].([]any)
		for _, it := range items {
			im, _ := it.(map[string]any)
			if code, _ := im["code"].(string); code == "unknown-field" {
				continue // not a contradiction of the documents: a field no table names
			}
			if d, _ := im["discrepancy"].(string); d == "" {
				t.Errorf("%s: lenient answered %d, strict refused %v without a register entry", name, lenient.Status, im)
			} else {
				cited++
			}
		}
	}
	if cited == 0 {
		t.Error("no strict refusal of a body the lenient reading takes: the fixtures hold several")
	}
}

// payloadAPI says whether a fixture request sends a JSON body to one of
// the two validated entry points, and to which API.
func payloadAPI(rq fixtures.Request) (schemas.API, bool) {
	if rq.Payload == nil || rq.RawBody != nil || (rq.ContentType != "" && rq.ContentType != "application/json") ||
		!strings.EqualFold(rq.Method, "POST") || len(rq.Headers) > 0 || len(rq.OmitHeaders) > 0 {
		return "", false
	}
	switch rq.Path {
	case "/mobproc/v1/orders":
		return schemas.MOBPROC, true
	case "/1/activities":
		return schemas.Mobile, true
	}
	return "", false
}

// compareAnswers fails when the validator's errors and the payload
// problems of the mock's answer differ.
func compareAnswers(t *testing.T, name string, ps []schemas.Problem, r response) {
	t.Helper()
	var fromValidator, fromMock []string
	for _, p := range ps {
		if p.Severity == schemas.Error {
			fromValidator = append(fromValidator, p.Pointer+" "+p.Code)
		}
	}
	if r.Status >= 200 && r.Status < 300 {
		if len(fromValidator) > 0 {
			t.Errorf("%s: the mock accepted (%d) what the validator refuses: %v", name, r.Status, fromValidator)
		}
		return
	}
	m, _ := r.Body.(map[string]any)
	items, _ := m["errors"].([]any)
	for _, it := range items {
		im, _ := it.(map[string]any)
		code, _ := im["code"].(string)
		if _, param := im["parameter"]; param || slices.Contains(worldCodes, code) {
			continue // the world's refusals, and the query's and headers', are not the payload's
		}
		ptr, _ := im["pointer"].(string)
		fromMock = append(fromMock, ptr+" "+code)
	}
	slices.Sort(fromValidator)
	slices.Sort(fromMock)
	fromValidator, fromMock = slices.Compact(fromValidator), slices.Compact(fromMock)
	if !slices.Equal(fromValidator, fromMock) {
		t.Errorf("%s: the validator and the mock (%d) disagree on the payload:\n validator: %v\n mock:      %v\n%s", name, r.Status, fromValidator, fromMock, r.Raw)
	}
}

// TestWorldPropertiesMatchSchemas: the embedded world answers GET
// /order-properties with the definitions the validator enforces
// (schemas/mobproc/properties.json), so a partner who reads one obeys the
// other.
func TestWorldPropertiesMatchSchemas(t *testing.T) {
	set, err := schemas.Load()
	if err != nil {
		t.Fatal(err)
	}
	w, err := world.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	doc, _ := set.Document("mobproc/properties.json")
	m, _ := doc.(map[string]any)
	types, _ := m["x-transaction-types"].(map[string]any)
	defs, _ := m["x-properties"].(map[string]any)
	fromSchemas, fromWorld := map[string]string{}, map[string]string{}
	for tt, v := range types {
		d, _ := v.(map[string]any)
		for _, kind := range []string{"required", "optional"} {
			list, _ := d[kind].([]any)
			for _, id := range list {
				def, _ := defs[id.(string)].(map[string]any)
				fromSchemas[tt+" "+id.(string)] = fmt.Sprintf("%s %v %v", kind, def["type"], def["label"])
			}
		}
	}
	for tt, props := range w.OrderProperties {
		for _, p := range props {
			kind := "optional"
			if p.Required {
				kind = "required"
			}
			def, _ := w.PropertyDefs.Get(p.ID)
			fromWorld[tt+" "+p.ID] = fmt.Sprintf("%s %v %v", kind, def.Type, def.Label)
		}
	}
	if diff := cmp.Diff(fromSchemas, fromWorld); diff != "" {
		t.Errorf("order properties differ (-schemas +world):\n%s", diff)
	}
}
