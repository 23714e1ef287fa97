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
	for _, tree := range []any{want, got} {
		walkValues(tree, "", func(ptr string, v any) any {
			for _, d := range diffs {
				if fixtures.PathMatches(d.path, ptr) {
					return "<differs: " + d.why + ">"
				}
			}
			for _, p := range linkPaths {
				if s, ok := v.(string); ok && fixtures.PathMatches(p, ptr) {
					if u, err := url.Parse(s); err == nil {
						return "<link " + u.RequestURI() + ">"
					}
				}
			}
			return v
		})
	}
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

// walkValues replaces every scalar of a tree by what fn returns for it.
func walkValues(v any, ptr string, fn func(string, any) any) any {
	switch c := v.(type) {
	case map[string]any:
		for k, x := range c {
			c[k] = walkValues(x, jsonpatch.Append(ptr, k), fn)
		}
		return c
	case []any:
		for i, x := range c {
			c[i] = walkValues(x, ptr+"/"+strconv.Itoa(i), fn)
		}
		return c
	}
	return fn(ptr, v)
}
