package mock_test

import (
	"testing"

	"github.com/mobmock/mobmock/mock"
)

// TestRefusedRequestsUseUpNoIDs: a refused activity uses up no address id
// (nor activity id): the next accepted one gets the ids it would have got
// in a fresh tenant, as the store promises.
func TestRefusedRequestsUseUpNoIDs(t *testing.T) {
	_, c := start(t, mock.Config{IDs: func() uint64 { return 1 }}) // every tenant's ids start at one point
	newLine := documented(t, "mobile/new-line.request.json")
	refused := set(t, newLine, "/activity/employee_id", "nobody")

	fresh := c.as("fresh").do("POST", "/1/activities", newLine).want(t, 201)
	after := c.as("after")
	after.do("POST", "/1/activities", refused).want(t, 422)
	got := after.do("POST", "/1/activities", newLine).want(t, 201)
	for _, ptr := range []string{"/id", "/shipping_address_id", "/shipping_address/id", "/preferred_address/id"} {
		if want, got := fresh.str(t, ptr), got.str(t, ptr); got != want {
			t.Errorf("%s after a refused request: %s, want %s as in a fresh tenant", ptr, got, want)
		}
	}
}
