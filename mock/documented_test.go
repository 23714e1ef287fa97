package mock_test

import (
	"net/url"
	"strconv"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mobmock/mobmock/fixtures"
	"github.com/mobmock/mobmock/internal/jsonpatch"
	"github.com/mobmock/mobmock/mock"
)

// difference is a place where the mock's answer is allowed to differ from a
// documented example: a volatile value (ids, times, link hosts) or a
// registered contradiction of the documents (spec/DISCREPANCIES.md).
type difference struct {
	path string // JSON pointer; * is any one token, ** any number
	why  string
}

// Links everywhere: the documents' host is the production one, the mock's
// the one the client called. Their paths are compared (see normalize).
var linkPaths = []string{"/**/_meta/href", "/**/_meta/hrefHistory", "/**/_meta/hrefShipments"}

// Differences every submitted order has from the documented one.
var orderVolatile = []difference{
	{"/order/orderId", "a new order id each submission"},
	{"/order/_meta/href", "names the new order id"},
	{"/order/dateSubmitted", "the time of submission"},
	{"/order/orderSegments/items/*/orderSegmentId", "a new segment id"},
	{"/order/orderSegments/items/*/_meta/hrefHistory", "names the new ids"},
	{"/order/orderSegments/items/*/_meta/hrefShipments", "names the new ids"},
}

// MP-6: the documents give employee 28673732 to two people; the world gives
// Mike McPadden, who owns service 38382349, the id 28673741.
func mp6(root string) []difference {
	return []difference{
		{"/" + root + "/accountHolder/id", "MP-6"}, {"/" + root + "/accountHolder/_meta/href", "MP-6"},
		{"/" + root + "/requestedBy/id", "MP-6"}, {"/" + root + "/requestedBy/_meta/href", "MP-6"},
	}
}

// portDifferences are PORT_NUMBER's registered contradictions.
func portDifferences(root string) []difference {
	return []difference{
		{"/" + root + "/properties/0/fields/2/text", "MP-5: CONTACT_NUMBER is sent as 2035559360 and the document echoes 2035559999; the mock echoes what was sent"},
		{"/" + root + "/accountHolder/officePhone", "MP-7: Peter Edwards has two office numbers in the documents"},
		{"/" + root + "/requestedBy/officePhone", "MP-7"},
		{"/**/logoUrl", "MP-8: this document's logos are on another host"},
	}
}

// TestDocumentedOrderFlows replays the three documented MOBPROC flows: the
// confirmation and the order the mock returns equal the documented examples
// except for the differences listed, and the order reads back by its id.
func TestDocumentedOrderFlows(t *testing.T) {
	tests := []struct {
		name         string
		confirmDiffs []difference
		orderDiffs   []difference
	}{
		{"swap-devices", append(mp6("orderConfirmation"),
			difference{"/orderConfirmation/newDevice/model/_meta/href", "MP-4: the document links the model as .../models/Apple"}), mp6("order")},
		{"port-number", append(portDifferences("orderConfirmation"),
			difference{"/orderConfirmation/shoppingCart/quantity", "MP-12: the document says 0 with a device in the cart"}),
			append(portDifferences("order"), difference{"/order/orderSegments/items/0/device/imageUrl", "MP-9: the order drops the carrier folder of the catalog's image"})},
		{"suspend", nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, c := start(t, mock.Config{})
			req := documented(t, "mobproc/"+tt.name+".request.json")

			got := c.do("POST", "/mobproc/v1/orders?confirm=true", req).want(t, 200)
			compareDocumented(t, documented(t, "mobproc/"+tt.name+".confirmation.json"), got.Body, tt.confirmDiffs)

			submitted := c.do("POST", "/mobproc/v1/orders", req).want(t, 200)
			compareDocumented(t, documented(t, "mobproc/"+tt.name+".order.json"), submitted.Body, append(tt.orderDiffs, orderVolatile...))

			id := submitted.str(t, "/order/orderId")
			readBack := c.do("GET", "/mobproc/v1/orders/"+id, nil).want(t, 200)
			if diff := cmp.Diff(submitted.Body, readBack.Body); diff != "" {
				t.Errorf("GET /orders/%s differs from the submission answer (-submit +get):\n%s", id, diff)
			}
		})
	}
}

// compareDocumented compares a documented example with the mock's answer.
// The mock may add fields the documents do not show (register MP-15:
// segment ids and links), so the answer is compared on the documented
// fields; listed differences are blanked in both; links compare by path.
func compareDocumented(t *testing.T, want, got any, diffs []difference) {
	t.Helper()
	want, got = jsonpatch.Clone(want), project(want, jsonpatch.Clone(got))
	blank := func(ptr string, v any) (any, bool) {
		for _, d := range diffs {
			if fixtures.PathMatches(d.path, ptr) {
				return "<differs: " + d.why + ">", true
			}
		}
		for _, p := range linkPaths {
			if s, ok := v.(string); ok && fixtures.PathMatches(p, ptr) {
				if u, err := url.Parse(s); err == nil {
					return "<link " + u.RequestURI() + ">", true
				}
			}
		}
		return v, false
	}
	want, got = walkValues(want, "", blank), walkValues(got, "", blank)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("answer differs from the documented example (-document +mock):\n%s", diff)
	}
}

// project keeps only the parts of got that want names.
func project(want, got any) any {
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			return got
		}
		out := map[string]any{}
		for k, wv := range w {
			if gv, ok := g[k]; ok {
				out[k] = project(wv, gv)
			}
		}
		return out
	case []any:
		g, ok := got.([]any)
		if !ok {
			return got
		}
		out := make([]any, len(g))
		for i := range g {
			if i < len(w) {
				out[i] = project(w[i], g[i])
			} else {
				out[i] = g[i]
			}
		}
		return out
	}
	return got
}

// walkValues replaces the values of a tree for which fn reports a
// replacement, containers included (their contents are then not visited).
func walkValues(v any, ptr string, fn func(string, any) (any, bool)) any {
	if r, ok := fn(ptr, v); ok {
		return r
	}
	switch c := v.(type) {
	case map[string]any:
		for k, x := range c {
			c[k] = walkValues(x, jsonpatch.Append(ptr, k), fn)
		}
	case []any:
		for i, x := range c {
			c[i] = walkValues(x, ptr+"/"+strconv.Itoa(i), fn)
		}
	}
	return v
}

// TestDocumentedActivityResponse creates the documented New Line activity:
// the answer equals the document's example response except for the
// differences listed.
func TestDocumentedActivityResponse(t *testing.T) {
	_, c := start(t, mock.Config{})
	got := c.do("POST", "/1/activities", documented(t, "mobile/new-line.request.json")).want(t, 201)
	diffs := []difference{
		{"/id", "a new activity id"},
		{"/created_at", "the time of creation (MB-39: the mock writes UTC, +00:00)"},
		{"/updated_at", "the time of the last change"},
		{"/approved_at", "the time of approval"},
		{"/shipping_address_id", "a new address id"},
		{"/shipping_address/id", "a new address id"},
		{"/preferred_address/id", "a new address id"},
		{"/activity_details/url", "MB-38: the portal page of the new activity, on the host called"},
		// MB-36: the example response does not echo the documented request;
		// the mock answers what was sent.
		{"/preferred_area_code", "MB-36: sent 315, the example answers 317"},
		{"/preferred_calling_prefix", "MB-36: sent 123, the example answers null"},
		{"/shipping_address/ship_attention", "MB-36: sent Mr. Pinkerton Quackers, the example answers Captain Awesome"},
		{"/preferred_address/*", "MB-36: sent an Indianapolis address, the example answers one in San Juan"},
		{"/business_features", "MB-36: two features were requested, the example lists none"},
		{"/accessory_order_items", "MB-36: two accessories were requested, the example lists none"},
	}
	compareDocumented(t, documented(t, "mobile/new-line.response.json"), got.Body, diffs)
	for _, field := range []string{"/business_features", "/accessory_order_items"} {
		if n := len(got.at(t, field).([]any)); n != 2 {
			t.Errorf("%s lists %d items; the request asked for 2", field, n)
		}
	}
	if got.str(t, "/preferred_area_code") != "315" || got.str(t, "/remote_activity_id") != "the_remote_system_unique_id" {
		t.Errorf("the answer does not echo the request: %s", got.Raw)
	}
}
