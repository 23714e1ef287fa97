package mock_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/mobmock/mobmock/mock"
)

var contact = []any{map[string]any{"groupId": "MISCELLANEOUS", "fields": []any{
	map[string]any{"id": "CONTACT_NUMBER", "type": "TEXT", "text": "2035559999"}}}}

func order(tt string, fields map[string]any) map[string]any {
	r := map[string]any{"transactionType": tt, "properties": contact}
	for k, v := range fields {
		r[k] = v
	}
	return map[string]any{"orderRequest": r}
}

// TestOrderLifecycleChangesTheWorld: with --advance, an order moves
// ORDER_SUBMITTED -> IN_PROGRESS -> COMPLETED, its history records each
// step with the time it was reached, and completion changes the service; a
// suspended service stays suspended and refuses a second SUSPEND.
func TestOrderLifecycleChangesTheWorld(t *testing.T) {
	clk := newClock()
	_, c := start(t, mock.Config{Advance: time.Minute, Now: clk.Now})
	sub := c.do("POST", "/mobproc/v1/orders", order("SUSPEND", map[string]any{"serviceId": "38382335"})).want(t, 200)
	id, seg := sub.str(t, "/order/orderId"), sub.str(t, "/order/orderSegments/items/0/orderSegmentId")

	status := func() string { return c.do("GET", "/mobproc/v1/orders/"+id, nil).want(t, 200).str(t, "/order/status") }
	service := func() string {
		return c.do("GET", "/mobproc/v1/assets/services/38382335", nil).want(t, 200).str(t, "/service/status")
	}
	if got := status(); got != "ORDER_SUBMITTED" {
		t.Fatalf("status %s", got)
	}
	clk.Add(time.Minute)
	if got := status(); got != "IN_PROGRESS" {
		t.Fatalf("after one step: %s", got)
	}
	if got := service(); got != "ACTIVE" {
		t.Fatalf("service %s before completion", got)
	}
	clk.Add(10 * time.Minute) // several steps due at once are all applied
	if got := status(); got != "COMPLETED" {
		t.Fatalf("after completion: %s", got)
	}
	if got := service(); got != "SUSPENDED" {
		t.Fatalf("service %s after SUSPEND completed, want SUSPENDED", got)
	}
	h := c.do("GET", fmt.Sprintf("/mobproc/v1/orders/%s/history?orderSegment=%s", id, seg), nil).want(t, 200)
	items := h.at(t, "/history/items").([]any)
	if len(items) != 3 {
		t.Fatalf("history has %d steps: %s", len(items), h.Raw)
	}
	wantTimes := []string{"2026-11-23T09:00:00Z", "2026-11-23T09:01:00Z", "2026-11-23T09:02:00Z"}
	for i, want := range wantTimes {
		if got := h.str(t, fmt.Sprintf("/history/items/%d/date", i)); got != want {
			t.Errorf("step %d at %s, want %s (each step is dated when it fell due)", i, got, want)
		}
	}
	again := c.do("POST", "/mobproc/v1/orders?confirm=true", order("SUSPEND", map[string]any{"serviceId": "38382335"})).want(t, 409)
	if !again.hasError("wrong-state", "/orderRequest/serviceId") {
		t.Errorf("second SUSPEND: %s", again.Raw)
	}
	c.do("POST", "/mobproc/v1/orders", order("UNSUSPEND", map[string]any{"serviceId": "38382335"})).want(t, 200)
	clk.Add(time.Hour)
	if got := service(); got != "ACTIVE" {
		t.Errorf("service %s after UNSUSPEND completed", got)
	}
}

// TestCompletionEffects checks what each kind of completed order changes,
// advancing lifecycles through the admin API.
func TestCompletionEffects(t *testing.T) {
	shipTo := map[string]any{"name": "Peter Edwards", "regionId": "70144640", "address": []any{
		map[string]any{"id": "LINE_1", "value": "35 Executive Blvd"}, map[string]any{"id": "CITY", "value": "Orange"},
		map[string]any{"id": "STATE", "value": "CT"}, map[string]any{"id": "POSTAL_CODE", "value": "06477"}}}
	tests := []struct {
		name    string
		body    map[string]any
		service string
		check   func(t *testing.T, svc response)
	}{
		{"swap moves the service to the new device", documented(t, "mobproc/swap-devices.request.json").(map[string]any), "38382349",
			func(t *testing.T, svc response) {
				if got := svc.str(t, "/service/device/serialNumber/value"); got != "123456789001230" {
					t.Errorf("device serial %s, want the new device's", got)
				}
			}},
		{"port moves the service to the new carrier", documented(t, "mobproc/port-number.request.json").(map[string]any), "34415733",
			func(t *testing.T, svc response) {
				if got := svc.str(t, "/service/vendor/id"); got != "98" {
					t.Errorf("vendor %s, want 98 (Verizon)", got)
				}
			}},
		{"update features sets the optional features", order("UPDATE_FEATURES", map[string]any{"serviceId": "38382402",
			"shoppingCart": map[string]any{"optionalFeatureIds": []any{"1399"}}}), "38382402",
			func(t *testing.T, svc response) {
				feats := svc.at(t, "/service/optionalFeatures").([]any)
				if len(feats) != 1 || svc.str(t, "/service/optionalFeatures/0/id") != "1399" {
					t.Errorf("features %s, want only 1399", svc.Raw)
				}
			}},
		{"deactivate deactivates", order("DEACTIVATE", map[string]any{"serviceId": "38382402"}), "38382402",
			func(t *testing.T, svc response) {
				if got := svc.str(t, "/service/status"); got != "DEACTIVATED" {
					t.Errorf("status %s", got)
				}
			}},
		{"upgrade ships a new device", order("UPGRADE", map[string]any{"serviceId": "38382402", "regionId": "70144640", "postalCode": "06477",
			"shoppingCart": map[string]any{"deviceId": "9194713909"}, "shipTo": shipTo}), "38382402",
			func(t *testing.T, svc response) {
				if got := svc.str(t, "/service/device/model"); got != "iPhone 5 (16GB) - Black" {
					t.Errorf("model %s", got)
				}
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, c := start(t, mock.Config{})
			sub := c.do("POST", "/mobproc/v1/orders", tt.body).want(t, 200)
			id, seg := sub.str(t, "/order/orderId"), sub.str(t, "/order/orderSegments/items/0/orderSegmentId")
			c.do("POST", "/__admin/tenants/acme/advance?steps=5", nil).want(t, 200)
			got := c.do("GET", "/mobproc/v1/orders/"+id, nil).want(t, 200)
			if st := got.str(t, "/order/status"); st != "COMPLETED" {
				t.Fatalf("status %s after advancing", st)
			}
			tt.check(t, c.do("GET", "/mobproc/v1/assets/services/"+tt.service, nil).want(t, 200))
			ships := c.do("GET", fmt.Sprintf("/mobproc/v1/orders/%s/shipments?orderSegment=%s", id, seg), nil).want(t, 200)
			n := len(ships.at(t, "/shipments/items").([]any))
			hist := len(c.do("GET", fmt.Sprintf("/mobproc/v1/orders/%s/history?orderSegment=%s", id, seg), nil).at(t, "/history/items").([]any))
			if (hist == 4) != (n == 1) {
				t.Errorf("history of %d steps with %d shipments: an order that ships has a SHIPPED step and a shipment", hist, n)
			}
		})
	}
}

// TestNewActivationCreatesAService: a completed NEW_ACTIVATION adds a
// service asset to the tenant's world.
func TestNewActivationCreatesAService(t *testing.T) {
	_, c := start(t, mock.Config{})
	before := c.do("GET", "/mobproc/v1/assets/services?limit=1", nil).want(t, 200)
	total := before.at(t, "/services/_meta/total")
	body := positive(t, "mobproc")["mobproc/new-activation/confirm"]
	c.do("POST", "/mobproc/v1/orders", body).want(t, 200)
	c.do("POST", "/__admin/tenants/acme/advance?steps=5", nil).want(t, 200)
	after := c.do("GET", "/mobproc/v1/assets/services?limit=1", nil).want(t, 200)
	if fmt.Sprint(after.at(t, "/services/_meta/total")) != fmt.Sprint(num(total)+1) {
		t.Errorf("services %v -> %v, want one more", total, after.at(t, "/services/_meta/total"))
	}
	other := c.as("other").do("GET", "/mobproc/v1/assets/services?limit=1", nil).want(t, 200)
	if fmt.Sprint(other.at(t, "/services/_meta/total")) != fmt.Sprint(total) {
		t.Errorf("another tenant sees the new service")
	}
}

func num(v any) int {
	var n int
	fmt.Sscan(fmt.Sprint(v), &n)
	return n
}

// TestActivityLifecycleChangesLines: completed Mobile activities change the
// line: suspend, unsuspend, plan change, number change, line assignment.
func TestActivityLifecycleChangesLines(t *testing.T) {
	line := func(c *client, id string) map[string]any {
		r := c.do("GET", "/1/lines?employee_id=10000&per_page=100", nil).want(t, 200)
		for _, l := range r.Body.([]any) {
			if m := l.(map[string]any); fmt.Sprint(m["id"]) == id {
				return m
			}
		}
		return nil
	}
	act := func(typeID int, extra map[string]any) map[string]any {
		a := map[string]any{"activity_type_id": typeID, "employee_id": "10000", "line_id": 807778, "comment": "x"}
		for k, v := range extra {
			a[k] = v
		}
		return map[string]any{"activity": a}
	}
	_, c := start(t, mock.Config{})
	advance := func() { c.do("POST", "/__admin/tenants/acme/advance?steps=5", nil).want(t, 200) }

	c.do("POST", "/1/activities", act(2, nil)).want(t, 201)
	again := c.do("POST", "/1/activities", act(2, nil)).want(t, 409)
	if !again.hasError("wrong-state", "/activity/line_id") {
		t.Errorf("second suspend while the first is open: %s", again.Raw)
	}
	advance()
	if st := line(c, "807778")["status"]; st != "suspended" {
		t.Fatalf("line status %v after Suspend completed", st)
	}
	c.do("POST", "/1/activities", act(2, nil)).want(t, 409) // already suspended
	c.do("POST", "/1/activities", act(87, nil)).want(t, 201)
	advance()
	if st := line(c, "807778")["status"]; st != "active" {
		t.Fatalf("line status %v after Unsuspend completed", st)
	}
	c.do("POST", "/1/activities", act(14, map[string]any{"business_plan_id": 20428})).want(t, 201)
	advance()
	if p := fmt.Sprint(line(c, "807778")["plan_id"]); p != "1042457043" {
		t.Errorf("plan %s after Plan Change, want business plan 20428's plan 1042457043", p)
	}
	c.do("POST", "/1/activities", act(13, map[string]any{"preferred_area_code": "212", "preferred_address_attributes": map[string]any{
		"address1": "1 Main St", "city": "New York", "state": "NY", "zip": "10001"}})).want(t, 201)
	advance()
	if n := fmt.Sprint(line(c, "807778")["number"]); n[:3] != "212" {
		t.Errorf("number %s after Change Phone Number, want area code 212", n)
	}
	c.do("POST", "/1/activities", act(16, map[string]any{"replacement_person_id": 555001218})).want(t, 201)
	advance()
	if l := line(c, "807778"); l != nil {
		t.Errorf("line still listed for employee 10000 after Line Assignment: %v", l)
	}
	if l := c.as("other"); line(l, "807778")["status"] != "active" {
		t.Errorf("another tenant's line changed")
	}
}
