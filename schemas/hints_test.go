package schemas_test

import (
	"strings"
	"testing"

	"github.com/mobmock/mobmock/schemas"
)

// TestHintKinds checks each kind of hint a partner gets, and that the
// message says what was expected and what was found.
func TestHintKinds(t *testing.T) {
	set, err := schemas.Load()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		payload string
		mode    schemas.Mode
		pointer string
		// severity, discrepancy: what the problem at pointer must have.
		severity    schemas.Severity
		discrepancy string
		message     []string // words the message must contain
		hint        []string // words the hint must contain
	}{
		{
			name:     "enum: the closest allowed value, and expected versus found",
			payload:  `{"orderRequest": {"transactionType": "SWAP_DEVICE", "serviceId": "38382335"}}`,
			pointer:  "/orderRequest/transactionType",
			severity: schemas.Error,
			message:  []string{"orderRequest.transactionType", "expected one of NEW_ACTIVATION, UPGRADE, PORT_NUMBER,", `got "SWAP_DEVICE".`},
			hint:     []string{`Did you mean "SWAP_DEVICES"?`},
		},
		{
			name:     "enum of numbers: each value listed once",
			payload:  `{"activity": {"activity_type_id": 99, "employee_id": "10000"}}`,
			pointer:  "/activity/activity_type_id",
			severity: schemas.Error,
			message:  []string{"activity.activity_type_id", "(31 values in all); got 99."},
		},
		{
			name:        "register entry: a lenient warning names the contradiction",
			payload:     `{"activity": {"activity_type_id": 2, "employee_id": 10000, "line_id": 807778}}`,
			pointer:     "/activity/employee_id",
			severity:    schemas.Warning,
			discrepancy: "MB-2",
			message:     []string{"activity.employee_id", "expected a string; got a number (10000)."},
			hint:        []string{"Accepted because the documents disagree (register MB-2:", "strict mode rejects it."},
		},
		{
			name:        "register entry: strict says lenient would accept it",
			payload:     `{"activity": {"activity_type_id": 2, "employee_id": 10000, "line_id": 807778}}`,
			mode:        schemas.Strict,
			pointer:     "/activity/employee_id",
			severity:    schemas.Error,
			discrepancy: "MB-2",
			hint:        []string{"The default, lenient mode accepts it because the documents disagree (register MB-2:"},
		},
		{
			name:     "id field: the lookup that lists valid ids",
			payload:  `{"orderRequest": {"transactionType": "SUSPEND", "serviceId": 38382335}}`,
			pointer:  "/orderRequest/serviceId",
			severity: schemas.Error,
			message:  []string{"orderRequest.serviceId", "expected a string; got a number (38382335)."},
			hint:     []string{"GET /mobproc/v1/assets/services lists the valid values of serviceId."},
		},
		{
			name:     "id field whose own hint names its lookup gets no second one",
			payload:  `{"activity": {"activity_type_id": 2, "employee_id": "10000", "line_id": "abc"}}`,
			pointer:  "/activity/line_id",
			severity: schemas.Error,
			message:  []string{"activity.line_id", `expected a whole number; got a string ("abc").`},
			hint:     []string{"GET /1/lines?employee_id=10000"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep := set.Report([]byte(tt.payload), "", tt.mode)
			var got *schemas.Problem
			for i := range rep.Problems {
				if rep.Problems[i].Pointer == tt.pointer {
					got = &rep.Problems[i]
				}
			}
			if got == nil {
				t.Fatalf("no problem at %s: %+v", tt.pointer, rep.Problems)
			}
			if got.Severity != tt.severity || got.Discrepancy != tt.discrepancy {
				t.Errorf("severity %s, discrepancy %q; want %s, %q", got.Severity, got.Discrepancy, tt.severity, tt.discrepancy)
			}
			for _, w := range tt.message {
				if !strings.Contains(got.Message, w) {
					t.Errorf("message %q lacks %q", got.Message, w)
				}
			}
			for _, w := range tt.hint {
				if !strings.Contains(got.Hint, w) {
					t.Errorf("hint %q lacks %q", got.Hint, w)
				}
			}
			if strings.Count(got.Hint, "GET /") > 1 {
				t.Errorf("hint %q names more than one lookup", got.Hint)
			}
		})
	}
}

// TestReport checks the report's own fields: the API and type told from the
// payload, and validity from errors only.
func TestReport(t *testing.T) {
	set, err := schemas.Load()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, payload string
		api           schemas.API
		mode          schemas.Mode
		valid         bool
		wantAPI       schemas.API
		wantType      string
		codes         []string
	}{
		{name: "order", payload: `{"orderRequest": {"transactionType": "SUSPEND", "serviceId": "38382335", "properties": [{"groupId": "MISCELLANEOUS", "fields": [{"id": "CONTACT_NUMBER", "type": "TEXT", "text": "2035559999"}]}]}}`, valid: true, wantAPI: schemas.MOBPROC, wantType: "SUSPEND"},
		{name: "order without a property its type needs", payload: `{"orderRequest": {"transactionType": "SUSPEND", "serviceId": "38382335"}}`, wantAPI: schemas.MOBPROC, wantType: "SUSPEND", codes: []string{"required"}},
		{name: "activity type named", payload: `{"activity": {"activity_type_id": 2, "employee_id": "10000", "line_id": 807778}}`, valid: true, wantAPI: schemas.Mobile, wantType: "Suspend"},
		{name: "warnings leave it valid", payload: `{"activity": {"activity_type_id": 2, "employee_id": 10000, "line_id": 807778}}`, valid: true, wantAPI: schemas.Mobile, wantType: "Suspend", codes: []string{"type"}},
		{name: "strict refuses the warning", payload: `{"activity": {"activity_type_id": 2, "employee_id": 10000, "line_id": 807778}}`, mode: schemas.Strict, wantAPI: schemas.Mobile, wantType: "Suspend", codes: []string{"type"}},
		{name: "not JSON", payload: `{"orderRequest": `, codes: []string{"invalid-json"}},
		{name: "no envelope", payload: `{"order": {}}`, codes: []string{"envelope"}},
		{name: "API named", payload: `{"order": {}}`, api: schemas.MOBPROC, wantAPI: schemas.MOBPROC, codes: []string{"unknown-field", "required"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep := set.Report([]byte(tt.payload), tt.api, tt.mode)
			var codes []string
			for _, p := range rep.Problems {
				codes = append(codes, p.Code)
			}
			if rep.Valid != tt.valid || rep.API != tt.wantAPI || rep.Type != tt.wantType || strings.Join(codes, ",") != strings.Join(tt.codes, ",") ||
				rep.Mode != tt.mode.String() || rep.Problems == nil {
				t.Errorf("got valid %v, api %q, type %q, mode %s, codes %v; want %v, %q, %q, %s, %v",
					rep.Valid, rep.API, rep.Type, rep.Mode, codes, tt.valid, tt.wantAPI, tt.wantType, tt.mode, tt.codes)
			}
		})
	}
}
