package schemas

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// The payload rules: what a request body must satisfy that JSON Schema does
// not say well (which order properties a transaction type takes, dates
// against today, one field or another). They depend on the payload alone, so
// the validator, the mock and /__validate all apply them, through
// ValidateFile; rules that need the tenant's world (ids, states, ownership)
// are the mock's (see WorldChecks).

// Register entries the payload rules cite.
const (
	// regSleepUntilPast: the Line Cancel example's sleep_until is in the
	// past.
	regSleepUntilPast = "MB-20"
	// regOrderProperties: the order properties are inferred.
	regOrderProperties = "MP-25"
)

// propertiesFile holds the order property definitions per transaction type.
const propertiesFile = "mobproc/properties.json"

// Today is the clock of the date rules (a sleep_until must be after
// today); tests may replace it. It is read, never written, while
// validating.
var Today = func() time.Time { return time.Now() }

// ValidateFile checks payload against the schema file name (for example
// "mobproc/order-response.json"), or a definition inside one
// ("mobproc/lookups.json#/$defs/region"); the request envelopes also get
// the payload rules once their schema holds no error. It returns an error
// only when name does not name a schema of the set.
func (s *Set) ValidateFile(name string, payload any, mode Mode) ([]Problem, error) {
	ps, err := s.validateSchema(name, payload, mode)
	if err != nil {
		return nil, err
	}
	for _, p := range ps {
		if p.Severity == Error {
			return ps, nil // the rules read a payload of the right shape
		}
	}
	var more []Problem
	switch name {
	case Envelope(MOBPROC):
		more = s.orderRules(payload)
	case Envelope(Mobile):
		more = activityRules(payload, mode)
	}
	if len(more) == 0 {
		return ps, nil
	}
	return sortProblems(append(ps, more...)), nil
}

// orderRules checks the order properties against the transaction type's
// definitions (properties.json).
func (s *Set) orderRules(payload any) []Problem {
	req := object(object(payload)["orderRequest"])
	tt, _ := req["transactionType"].(string)
	doc, _ := s.Document(propertiesFile)
	types := object(object(doc)["x-transaction-types"])
	defs := object(object(doc)["x-properties"])
	def := object(types[tt])
	if def == nil {
		return nil // the schema already refused an unknown type
	}
	required, optional := strs(def["required"]), strs(def["optional"])
	hint := fmt.Sprintf("GET /order-properties/%s lists the properties it takes.", tt)
	var out []Problem
	var given []string
	groups, _ := req["properties"].([]any)
	for gi, g := range groups {
		fields, _ := object(g)["fields"].([]any)
		for fi, f := range fields {
			fm := object(f)
			at := fmt.Sprintf("/orderRequest/properties/%d/fields/%d/", gi, fi)
			id, _ := fm["id"].(string)
			typ, _ := fm["type"].(string)
			given = append(given, id)
			pd := object(defs[id])
			if pd == nil || (!slices.Contains(required, id) && !slices.Contains(optional, id)) {
				out = append(out, Problem{Pointer: at + "id", Severity: Error, Code: CodeInvalid, Discrepancy: regOrderProperties,
					Message: fmt.Sprintf("The property %q does not apply to %s orders.", id, tt), Hint: hint})
				continue
			}
			if want, _ := pd["type"].(string); want != typ {
				out = append(out, Problem{Pointer: at + "type", Severity: Error, Code: CodeInvalid, Discrepancy: regOrderProperties,
					Message: fmt.Sprintf("%s is a %s property, not %s.", id, want, typ),
					Hint:    fmt.Sprintf("Send type %s with its %s member.", want, strings.ToLower(want))})
			}
		}
	}
	for _, id := range required {
		if !slices.Contains(given, id) {
			label, _ := object(defs[id])["label"].(string)
			out = append(out, Problem{Pointer: "/orderRequest/properties", Severity: Error, Code: CodeRequired, Discrepancy: regOrderProperties,
				Message: fmt.Sprintf("%s orders need the property %s (%s).", tt, id, label), Hint: hint})
		}
	}
	return out
}

// activityRules checks that a sleep_until is not in the past (seed 004, Line Cancel: "sleep_until
// ... the date the line should be cancelled"; register MB-20).
func activityRules(payload any, mode Mode) []Problem {
	act := object(object(payload)["activity"])
	if act == nil {
		return nil
	}
	var out []Problem
	if s, _ := act["sleep_until"].(string); s != "" {
		now := Today().UTC()
		today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
		if d, err := time.Parse("2006-01-02", s); err == nil && d.Before(today) {
			p := Problem{Pointer: "/activity/sleep_until", Severity: Error, Code: CodeRange, Discrepancy: regSleepUntilPast,
				Message: fmt.Sprintf("sleep_until %s is in the past; it must be a future date (leave it out to cancel today).", s),
				Hint:    "Give a date after today, or no sleep_until."}
			if mode == Lenient {
				p.Severity = Warning
				p.Hint += " Accepted because the documented example does this (register MB-20); strict mode rejects it."
			}
			out = append(out, p)
		}
	}
	return out
}

// WorldChecks lists, for a request payload, what only a server holding the
// tenant's world can judge, one sentence each: the ids it names exist, the
// service or line is in a state the request accepts, and what it names
// belongs to the employee. The validator reports them as not judged; the
// mock judges them.
func WorldChecks(payload any, api API) []string {
	var ids []string
	var root map[string]any
	if api == MOBPROC {
		root = object(object(payload)["orderRequest"])
	} else {
		root = object(object(payload)["activity"])
	}
	collectIDs("/"+map[API]string{MOBPROC: "orderRequest", Mobile: "activity"}[api], root, &ids)
	if len(ids) == 0 {
		return nil
	}
	slices.Sort(ids)
	what := "the line"
	if api == MOBPROC {
		what = "the service"
	}
	return []string{
		"that these ids exist: " + strings.Join(ids, ", "),
		"that " + what + " is in a state this request accepts, with no other request open on it",
		"that what the request names belongs to the employee (or account holder)",
	}
}

// notWorldIDs are members named like ids that the schemas judge (a type,
// a group of the contract) or that are the client's own (remote_activity_id).
var notWorldIDs = map[string]bool{"activity_type_id": true, "remote_activity_id": true, "groupId": true, "id": true, "simId": true}

// collectIDs adds the pointers of members whose name ends in "id" or "Id".
func collectIDs(at string, v any, into *[]string) {
	switch t := v.(type) {
	case map[string]any:
		for k, x := range t {
			p := at + "/" + strings.ReplaceAll(strings.ReplaceAll(k, "~", "~0"), "/", "~1")
			l := strings.ToLower(k)
			if (strings.HasSuffix(l, "id") || strings.HasSuffix(l, "_ids")) && !notWorldIDs[k] {
				*into = append(*into, p)
				continue
			}
			collectIDs(p, x, into)
		}
	case []any:
		for i, x := range t {
			collectIDs(fmt.Sprintf("%s/%d", at, i), x, into)
		}
	}
}

func object(v any) map[string]any {
	m, _ := v.(map[string]any)
	return m
}

func strs(v any) []string {
	var out []string
	for _, x := range listOf(v) {
		if s, ok := x.(string); ok {
			out = append(out, s)
		}
	}
	return out
}
