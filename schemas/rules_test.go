package schemas_test

import (
	"testing"
	"time"

	"github.com/mobmock/mobmock/schemas"
)

// TestPayloadRules: the checks that depend on the payload alone hold in the
// validator in both readings (issue 11), each from the documents' words.
func TestPayloadRules(t *testing.T) {
	s := load(t)
	saved := schemas.Today
	schemas.Today = func() time.Time { return time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC) }
	t.Cleanup(func() { schemas.Today = saved })
	const contact = `"properties":[{"groupId":"MISCELLANEOUS","fields":[{"id":"CONTACT_NUMBER","type":"TEXT","text":"2035559999"}]}]`
	tests := []struct {
		name    string
		body    string
		api     schemas.API
		lenient string // "pointer code severity discrepancy" of the one problem, "" for none
		strict  string
	}{
		// Seed 002 step 1: "All required and optional order properties" (register MP-25 infers which).
		{"suspend without CONTACT_NUMBER", `{"orderRequest":{"transactionType":"SUSPEND","serviceId":"1"}}`, schemas.MOBPROC,
			"/orderRequest/properties required error MP-25", "/orderRequest/properties required error MP-25"},
		{"suspend with CONTACT_NUMBER", `{"orderRequest":{"transactionType":"SUSPEND","serviceId":"1",` + contact + `}}`, schemas.MOBPROC, "", ""},
		{"property of another type", `{"orderRequest":{"transactionType":"SUSPEND","serviceId":"1","properties":[{"groupId":"MISCELLANEOUS","fields":[{"id":"CONTACT_NUMBER","type":"TEXT","text":"1"},{"id":"NAME_ON_INVOICE","type":"TEXT","text":"x"}]}]}}`, schemas.MOBPROC,
			"/orderRequest/properties/0/fields/1/id invalid error MP-25", "/orderRequest/properties/0/fields/1/id invalid error MP-25"},
		{"property of the wrong kind", `{"orderRequest":{"transactionType":"SUSPEND","serviceId":"1","properties":[{"groupId":"MISCELLANEOUS","fields":[{"id":"CONTACT_NUMBER","type":"DATE","date":"2026-01-01T00:00:00+00:00"}]}]}}`, schemas.MOBPROC,
			"/orderRequest/properties/0/fields/0/type invalid error MP-25", "/orderRequest/properties/0/fields/0/type invalid error MP-25"},
		// Seed 004, Line Cancel: sleep_until "the date the line should be cancelled" (register MB-20).
		{"line cancel in the past", `{"activity":{"activity_type_id":1,"employee_id":"10000","line_id":807729,"comment":"","sleep_until":"2022-11-16"}}`, schemas.Mobile,
			"/activity/sleep_until range warning MB-20", "/activity/sleep_until range error MB-20"},
		{"line cancel in the future", `{"activity":{"activity_type_id":1,"employee_id":"10000","line_id":807729,"comment":"","sleep_until":"2026-12-01"}}`, schemas.Mobile, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			payload, err := schemas.Decode([]byte(tt.body))
			if err != nil {
				t.Fatal(err)
			}
			for mode, want := range map[schemas.Mode]string{schemas.Lenient: tt.lenient, schemas.Strict: tt.strict} {
				var got []string
				for _, p := range s.Validate(payload, tt.api, mode) {
					got = append(got, p.Pointer+" "+p.Code+" "+string(p.Severity)+" "+p.Discrepancy)
				}
				if (want == "" && len(got) != 0) || (want != "" && (len(got) != 1 || got[0] != want)) {
					t.Errorf("%s: got %q, want %q", mode, got, want)
				}
			}
		})
	}
}
