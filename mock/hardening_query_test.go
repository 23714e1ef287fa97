package mock_test

import (
	"strings"
	"testing"

	"github.com/mobmock/mobmock/mock"
)

// suspendOrder is a valid SUSPEND order request body.
const suspendOrder = `{"orderRequest":{"transactionType":"SUSPEND","serviceId":"38382335",` +
	`"properties":[{"groupId":"MISCELLANEOUS","fields":[{"id":"CONTACT_NUMBER","type":"TEXT","text":"2035559999"}]}]}}`

// storedOrders is how many orders the tenant lists.
func storedOrders(t *testing.T, c *client) int {
	t.Helper()
	return num(c.do("GET", "/mobproc/v1/orders?limit=1", nil).want(t, 200).at(t, "/orders/_meta/total"))
}

// TestQueryThatDoesNotParseIsRefused: a query the server cannot parse whole
// (too many parameters, a bad escape, a semicolon), or a confirm that is
// not exactly true or false, is a 400: a confirmation never becomes a
// submission.
func TestQueryThatDoesNotParseIsRefused(t *testing.T) {
	s, c := start(t, mock.Config{})
	for _, tt := range []struct{ name, query, param string }{
		{"10,001 parameters", "confirm=true" + strings.Repeat("&x", 10_001), ""},
		{"bad escape", "confirm=true&x=%zz", ""},
		{"semicolon", "confirm=true;x=1", ""},
		{"confirm=TRUE", "confirm=TRUE", "confirm"},
		{"confirm=1", "confirm=1", "confirm"},
		{"confirm=t", "confirm=t", "confirm"},
		{"confirm=yes", "confirm=yes", "confirm"},
		{"confirm=", "confirm=", "confirm"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			req := newRequest(t, "POST", s.URL+"/mobproc/v1/orders?"+tt.query, suspendOrder,
				map[string]string{"X-TNGO-TENANT": "acme", "client_id": "test"})
			r := c.send(req).want(t, 400)
			if !r.hasError("invalid-parameter", "*") {
				t.Errorf("no invalid-parameter error: %s", r.Raw)
			}
			if tt.param != "" && !r.hasError("invalid-parameter", tt.param) {
				t.Errorf("the error does not name %s: %s", tt.param, r.Raw)
			}
			if n := storedOrders(t, c); n != 0 {
				t.Fatalf("the refused request stored %d orders", n)
			}
		})
	}
	// The spellings the contract allows still work.
	c.do("POST", "/mobproc/v1/orders?confirm=true", documented(t, "mobproc/suspend.request.json")).want(t, 200)
	if n := storedOrders(t, c); n != 0 {
		t.Fatalf("a confirmation stored %d orders", n)
	}
	c.do("POST", "/mobproc/v1/orders?confirm=false", documented(t, "mobproc/suspend.request.json")).want(t, 200)
	if n := storedOrders(t, c); n != 1 {
		t.Fatalf("confirm=false stored %d orders, want 1", n)
	}
}
