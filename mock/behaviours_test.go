package mock_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/mobmock/mobmock/internal/jsonpatch"
	"github.com/mobmock/mobmock/mock"
)

// activityAt reads an activity back and returns the values at ptrs.
func activityAt(t *testing.T, c *client, id string, ptrs ...string) []string {
	t.Helper()
	r := c.do("GET", "/1/activities/"+id, nil).want(t, 200)
	var out []string
	for _, p := range ptrs {
		out = append(out, fmt.Sprint(r.at(t, p)))
	}
	return out
}

// TestDocumentedActivityBehaviours: each row performs a behaviour the Mobile
// document describes in a process flow (seed 004) through the admin
// advance, and checks the states and fields it goes through.
func TestDocumentedActivityBehaviours(t *testing.T) {
	type check struct {
		advance time.Duration // the clock moves on this much first
		steps   int           // admin advance steps on the activity
		ptrs    []string
		want    []string
	}
	tests := []struct {
		name   string
		source string // the document's words
		body   string // documented request
		patch  map[string]any
		checks []check
	}{
		{
			name:   "line cancel sleeps until sleep_until",
			source: `Line Cancel: "sleep_until ... must be a future date, if needing to be canceled the day of, leave null"`,
			body:   "mobile/line-cancel.request.json",
			patch:  map[string]any{"/activity/sleep_until": "2026-12-01"},
			checks: []check{
				{0, 0, []string{"/state", "/sleep_until"}, []string{"approved", "2026-12-01"}},
				{0, 1, []string{"/state"}, []string{"sleeping"}},
				{0, 5, []string{"/state"}, []string{"sleeping"}}, // held before the date
				{8 * 24 * time.Hour, 1, []string{"/state"}, []string{"in_progress"}},
				{0, 1, []string{"/state"}, []string{"complete"}},
			},
		},
		{
			name:   "line cancel without sleep_until cancels at once",
			source: `Line Cancel: "if needing to be canceled the day of, leave null"`,
			body:   "mobile/line-cancel.request.json",
			patch:  map[string]any{"/activity/sleep_until": nil},
			checks: []check{{0, 2, []string{"/state"}, []string{"complete"}}},
		},
		{
			name:   "enter BYOM routes for approval",
			source: `Enter BYOM: "Activity is submitted and routes for approval if specified by the company. Once approved, the activity will be open and will show status as In Progress."`,
			body:   "mobile/enter-bring-your-own-mobile.request.json",
			checks: []check{
				{0, 0, []string{"/state", "/approved_at"}, []string{"awaiting_approval", "<nil>"}},
				{0, 1, []string{"/state", "/approved_at"}, []string{"approved", "2026-11-23T09:00:00.000+00:00"}},
				{0, 1, []string{"/state"}, []string{"in_progress"}},
			},
		},
		{
			name:   "enter BYOM with skip_approval starts approved",
			source: `Enter BYOM: skip_approval (attribute table)`,
			body:   "mobile/enter-bring-your-own-mobile.request.json",
			patch:  map[string]any{"/activity/skip_approval": true},
			checks: []check{
				{0, 0, []string{"/state", "/field_data/skip_approval"}, []string{"approved", "true"}},
				{0, 1, []string{"/state"}, []string{"in_progress"}},
			},
		},
		{
			name:   "transfer of liability answers what was sent in field_data",
			source: `Transfer Of Liability (personal to corporate): transfer_of_liability_attributes (attribute table; register MB-19)`,
			body:   "mobile/transfer-of-liability-personal-to-corporate.request.json",
			checks: []check{{0, 0,
				[]string{"/field_data/transfer_of_liability_attributes/to_liability", "/field_data/transfer_of_liability_attributes/transfer_notes", "/field_data/transfer_of_liability_attributes/phone_number"},
				[]string{"individual", "just a couple of notes.", "15166974878"}}},
		},
		{
			name:   "transfer of liability with upgrade completes",
			source: `Transfer Of Liability with Upgrade: "will complete the activity when all is successful"`,
			body:   "mobile/transfer-of-liability-with-upgrade.request.json",
			checks: []check{{0, 5, []string{"/state"}, []string{"complete"}}},
		},
		{
			name:   "upgrade eligibility check fills the dates",
			source: `Upgrade Eligibility Check: "filling in the appropriate fields with the correct dates and marking the activity as set date"`,
			body:   "mobile/upgrade-eligibility-check.request.json",
			checks: []check{
				{0, 1, []string{"/state", "/field_data"}, []string{"in_progress", "map[]"}},
				{0, 1, []string{"/state", "/field_data/upgrade_eligibility_date", "/field_data/eligibility_checked_on"}, []string{"date_set", "2026-11-23", "2026-11-23"}},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Log(tt.source)
			clk := newClock()
			_, c := start(t, mock.Config{Admin: true, Now: clk.Now})
			body := documented(t, tt.body)
			for p, v := range tt.patch {
				raw, _ := json.Marshal(v)
				var err error
				if body, err = jsonpatch.Apply(body, []jsonpatch.Op{{Op: "add", Path: p, Value: raw}}); err != nil {
					t.Fatal(err)
				}
			}
			id := c.do("POST", "/1/activities", body).want(t, 201).str(t, "/id")
			for i, ck := range tt.checks {
				clk.Add(ck.advance)
				if ck.steps > 0 {
					c.do("POST", fmt.Sprintf("/__admin/tenants/acme/advance?steps=%d&activity=%s", ck.steps, id), nil).want(t, 200)
				}
				if diff := cmp.Diff(ck.want, activityAt(t, c, id, ck.ptrs...)); diff != "" {
					t.Fatalf("check %d (-want +got):\n%s", i, diff)
				}
			}
		})
	}
}

// TestTravelRequestSpawnsChildrenAndSleeps: "This Activity spawns a second
// Feature Change request upon travelers' return to remove international
// features ... Tangoe will spawn the child tickets based on the original
// Travel Request activity ... the activity will be slept within our system
// and will open back up and be in status In Progress to remove" (seed 004,
// Travel Request), driven by --advance.
func TestTravelRequestSpawnsChildrenAndSleeps(t *testing.T) {
	clk := newClock()
	_, c := start(t, mock.Config{Advance: time.Minute, Now: clk.Now})
	body := set(t, documented(t, "mobile/travel-request.request.json"), "/activity/return_date", "2026-11-30")
	id := c.do("POST", "/1/activities", body).want(t, 201).str(t, "/id")
	children := func() []any {
		r := c.do("GET", "/1/activities?activity_type_id=15", nil).want(t, 200)
		list, _ := r.Body.([]any)
		return list
	}
	state := func() string { return activityAt(t, c, id, "/state")[0] }

	clk.Add(time.Minute)
	if got := state(); got != "in_progress" {
		t.Fatalf("after one step: %s", got)
	}
	kids := children()
	if len(kids) != 1 {
		t.Fatalf("%d children after in_progress, want 1 (the feature change that adds)", len(kids))
	}
	kid, _ := kids[0].(map[string]any)
	if fmt.Sprint(kid["parent_activity_id"]) != id || fmt.Sprint(kid["triggered_by_activity_id"]) != id {
		t.Errorf("child's parent %v, triggered by %v; want %s", kid["parent_activity_id"], kid["triggered_by_activity_id"], id)
	}
	clk.Add(time.Hour) // await_carrier_response, then asleep until the return date
	if got := state(); got != "sleeping" {
		t.Fatalf("before the return date: %s", got)
	}
	if n := len(children()); n != 1 {
		t.Fatalf("%d children while asleep, want 1", n)
	}
	clk.Add(7 * 24 * time.Hour) // the traveller is back
	if got := state(); got != "complete" {
		t.Fatalf("after the return date: %s", got)
	}
	if n := len(children()); n != 2 {
		t.Fatalf("%d children after the return, want 2 (add, then remove)", n)
	}
}

// TestLookupsTheDocumentNames: the Mobile document's suggested lookups
// "/business_features or features_to_add" (New Line) and "/ref_device_id"
// (Enter Bring Your Own Mobile) answer in the lenient reading as the
// lookups they mean, with a warning citing register MB-33; the strict
// reading answers 404 citing it. A query parameter the contract does not
// define ("view endpoint for query parameters", MB-34) is a warning in the
// lenient reading and a 400 in the strict one.
func TestLookupsTheDocumentNames(t *testing.T) {
	tests := []struct {
		path, same string // same: the path whose answer the lenient reading gives
		strict     int
		code, reg  string
	}{
		{"/1/features_to_add", "/1/business_features", 404, "not-found", "MB-33"},
		{"/1/ref_device_id", "/1/business_ref_devices", 404, "not-found", "MB-33"},
		{"/1/lines?employee_id=10000&colour=red", "/1/lines?employee_id=10000", 400, "unknown-parameter", "MB-34"},
	}
	_, lenient := start(t, mock.Config{})
	_, strict := start(t, mock.Config{Strict: true})
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			got := lenient.do("GET", tt.path, nil).want(t, 200)
			want := lenient.do("GET", tt.same, nil).want(t, 200)
			if diff := cmp.Diff(want.Body, got.Body); diff != "" {
				t.Errorf("lenient answer differs from %s (-want +got):\n%s", tt.same, diff)
			}
			if w := got.Header.Get("X-Mobmock-Warning"); !strings.HasPrefix(w, tt.reg+" ") {
				t.Errorf("lenient warning %q, want one citing %s", w, tt.reg)
			}
			r := strict.do("GET", tt.path, nil).want(t, tt.strict)
			if !r.hasError(tt.code, "*") {
				t.Errorf("strict answer has no %s: %s", tt.code, r.Raw)
			}
			if tt.strict == 404 && !strings.Contains(string(r.Raw), `"discrepancy":"`+tt.reg+`"`) {
				t.Errorf("strict 404 does not cite %s: %s", tt.reg, r.Raw)
			}
		})
	}
}

// TestInferredFilters: the filters a client needs where the documents leave
// the query parameters open (x-inferred): "An API call can be made to the
// /catalog/devices resource to obtain a list of eligible devices from which
// one can be selected" (seed 001), and the Mobile lookups' "view endpoint
// for query parameters" (seed 004; a line's status, register MB-34).
func TestInferredFilters(t *testing.T) {
	_, c := start(t, mock.Config{})
	count := func(path, items string) int {
		t.Helper()
		r := c.do("GET", path, nil).want(t, 200)
		list, _ := r.at(t, items).([]any)
		return len(list)
	}
	all := count("/mobproc/v1/catalog/devices?limit=100", "/devices/items")
	eligible := count("/mobproc/v1/catalog/devices?limit=100&serviceId=38382335", "/devices/items")
	if eligible == 0 || eligible >= all {
		t.Errorf("%d devices eligible for service 38382335 of %d: want some, not all", eligible, all)
	}
	if n := count("/mobproc/v1/catalog/devices?regionId=1", "/devices/items"); n != 0 {
		t.Errorf("%d devices in a region that does not exist", n)
	}

	total := func(path string) string { return c.do("GET", path, nil).want(t, 200).Header.Get("X-Total-Count") }
	for _, status := range []string{"active", "suspended", "cancelled"} {
		r := c.do("GET", "/1/lines?per_page=100&status="+status, nil).want(t, 200)
		list, _ := r.Body.([]any)
		for _, l := range list {
			if m, _ := l.(map[string]any); m["status"] != status {
				t.Errorf("status=%s lists a %v line", status, m["status"])
			}
		}
	}
	if a, all := total("/1/lines?status=active"), total("/1/lines"); a == all || a == "0" {
		t.Errorf("%s active lines of %s: want some, not all", a, all)
	}
	c.do("GET", "/1/lines?status=asleep", nil).want(t, 400)
}

// TestConfirmFlagSpellings: confirm is a boolean query parameter (seed 003,
// step 3: "simply set the confirm query parameter to true"; "if the confirm
// query parameter is not passed or it is set to false, then your order will
// be submitted"): only true confirms, only false or no confirm submits, and
// every other spelling is refused rather than read as a submission
// (register MP-27).
func TestConfirmFlagSpellings(t *testing.T) {
	_, c := start(t, mock.Config{})
	body := order("SUSPEND", map[string]any{"serviceId": "38382335"})
	r := c.do("POST", "/mobproc/v1/orders?confirm=true", body).want(t, 200)
	if _, ok := r.Body.(map[string]any)["orderConfirmation"]; !ok {
		t.Errorf("confirm=true did not confirm: %s", r.Raw)
	}
	for _, v := range []string{"TRUE", "True", "1", "yes", ""} {
		r := c.do("POST", "/mobproc/v1/orders?confirm="+v, body).want(t, 400)
		if !r.hasError("invalid-parameter", "confirm") {
			t.Errorf("confirm=%s: %s", v, r.Raw)
		}
	}
	for i, path := range []string{"/mobproc/v1/orders?confirm=false", "/mobproc/v1/orders"} {
		r := c.as(fmt.Sprintf("submit-%d", i)).do("POST", path, body).want(t, 200)
		if _, ok := r.Body.(map[string]any)["order"]; !ok {
			t.Errorf("%s did not submit: %s", path, r.Raw)
		}
	}
}
