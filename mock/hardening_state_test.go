package mock_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/mobmock/mobmock/mock"
)

// tenants is what GET /__admin/tenants lists.
func tenants(t *testing.T, c *client) []any {
	t.Helper()
	return c.do("GET", "/__admin/tenants", nil).want(t, 200).at(t, "/tenants").([]any)
}

// newLine creates the documented New Line activity and returns its id.
func newLine(t *testing.T, c *client) string {
	t.Helper()
	return c.do("POST", "/1/activities", documented(t, "mobile/new-line.request.json")).want(t, 201).str(t, "/id")
}

// TestReadsDoNotCreateTenants: reads of either API and the admin API's GETs
// (and an advance of a tenant without state) leave no state behind.
func TestReadsDoNotCreateTenants(t *testing.T) {
	for _, state := range []string{mock.StateMemory, "file"} {
		t.Run(state, func(t *testing.T) {
			if state == "file" {
				state = "file:" + t.TempDir() + "/state.db"
			}
			readsDoNotCreateTenants(t, state)
		})
	}
}

func readsDoNotCreateTenants(t *testing.T, state string) {
	_, c := start(t, mock.Config{State: state})
	// No tenant yet: an empty list, with either store, never null.
	if r := c.do("GET", "/__admin/tenants", nil).want(t, 200); !strings.Contains(string(r.Raw), `"tenants":[]`) {
		t.Errorf("no tenants: %s", r.Raw)
	}
	for i := range 20 {
		g := c.as(fmt.Sprintf("ghost%d", i))
		g.do("GET", "/mobproc/v1/orders", nil).want(t, 200)
		g.do("GET", "/mobproc/v1/orders/8000010", nil).want(t, 404)
		g.do("POST", "/mobproc/v1/orders?confirm=true", documented(t, "mobproc/suspend.request.json")).want(t, 200)
		g.do("GET", "/1/lines?employee_id=10000", nil).want(t, 200)
		g.do("GET", "/1/activities", nil).want(t, 200)
		c.do("GET", fmt.Sprintf("/__admin/tenants/ghost%d", i), nil).want(t, 200)
		c.do("POST", fmt.Sprintf("/__admin/tenants/ghost%d/advance", i), nil).want(t, 200)
	}
	if ts := tenants(t, c); len(ts) != 0 {
		t.Errorf("reads created tenants: %v", ts)
	}
	c.do("POST", "/mobproc/v1/orders", documented(t, "mobproc/suspend.request.json")).want(t, 200)
	if ts := tenants(t, c); len(ts) != 1 || ts[0] != "acme" {
		t.Errorf("tenants after a write: %v", ts)
	}
}

// TestTenantLimit: past MaxTenants, a write for a new tenant forgets the
// tenant idle longest when it has been idle for IdleTenant, and is refused
// with 503, Retry-After and a hint when none has.
func TestTenantLimit(t *testing.T) {
	clk := newClock()
	_, c := start(t, mock.Config{Now: clk.Now, MaxTenants: 2, IdleTenant: 10 * time.Minute})
	a, b, d := c.as("a"), c.as("b"), c.as("d")
	idA := newLine(t, a)
	idB := newLine(t, b)
	r := d.do("POST", "/1/activities", documented(t, "mobile/new-line.request.json")).want(t, 503)
	if !r.hasError("too-many-tenants", "*") || r.Header.Get("Retry-After") == "" || !strings.Contains(string(r.Raw), "--max-tenants") {
		t.Errorf("refusal: %v %s", r.Header, r.Raw)
	}
	clk.Add(11 * time.Minute)
	b.do("GET", "/1/activities/"+idB, nil).want(t, 200) // b is in use, a is idle
	newLine(t, d)
	a.do("GET", "/1/activities/"+idA, nil).want(t, 404)
	b.do("GET", "/1/activities/"+idB, nil).want(t, 200)
	if ts := tenants(t, c); fmt.Sprint(ts) != "[b d]" {
		t.Errorf("tenants %v, want [b d]", ts)
	}
}

// TestRecordLimit: past MaxRecordsPerTenant a submission or an activity
// creation is refused with 507 and a hint; confirmations, reads and other
// tenants go on, and a reset makes room.
func TestRecordLimit(t *testing.T) {
	_, c := start(t, mock.Config{MaxRecordsPerTenant: 2})
	newLine(t, c)
	c.do("POST", "/mobproc/v1/orders", documented(t, "mobproc/suspend.request.json")).want(t, 200)
	r := c.do("POST", "/1/activities", documented(t, "mobile/new-line.request.json")).want(t, 507)
	if !r.hasError("too-many-records", "*") || !strings.Contains(string(r.Raw), "--max-records-per-tenant") {
		t.Errorf("refusal: %s", r.Raw)
	}
	c.do("POST", "/mobproc/v1/orders", documented(t, "mobproc/port-number.request.json")).want(t, 507)
	c.do("POST", "/mobproc/v1/orders?confirm=true", documented(t, "mobproc/port-number.request.json")).want(t, 200)
	c.do("GET", "/1/activities", nil).want(t, 200)
	newLine(t, c.as("other"))
	c.do("POST", "/__admin/tenants/acme/reset", nil).want(t, 200)
	newLine(t, c)
}

// TestAdminDumpIsPaged: GET /__admin/tenants/{t} answers a page of the
// tenant's records (limit, default 100, at most 1000) with the totals and
// the next page's link; bad paging parameters are a 400.
func TestAdminDumpIsPaged(t *testing.T) {
	_, c := start(t, mock.Config{})
	want := map[string]bool{}
	for range 5 {
		want[newLine(t, c)] = true
	}
	got := map[string]bool{}
	next := "/__admin/tenants/acme?limit=2"
	for pages := 0; next != ""; pages++ {
		if pages > 3 {
			t.Fatal("the pages do not end")
		}
		r := c.do("GET", next, nil).want(t, 200)
		items := r.at(t, "/activities").([]any)
		if len(items) > 2 || num(r.at(t, "/page/activities")) != 5 {
			t.Fatalf("page %s: %d items: %s", next, len(items), r.Raw)
		}
		for i := range items {
			got[r.str(t, fmt.Sprintf("/activities/%d/id", i))] = true
		}
		next = ""
		if v, ok := r.Body.(map[string]any)["page"].(map[string]any)["next"]; ok {
			next = v.(string)
		}
	}
	if len(got) != len(want) {
		t.Errorf("the pages held %v, want %v", got, want)
	}
	for _, q := range []string{"limit=5000", "limit=0", "offset=-1", "offset=abc", "limit=1&limit=2"} {
		c.do("GET", "/__admin/tenants/acme?"+q, nil).want(t, 400)
	}
	c.do("GET", "/__admin/journal?limit=abc", nil).want(t, 400)
}
