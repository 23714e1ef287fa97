package mock_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/mobmock/mobmock/mock"
	"github.com/mobmock/mobmock/mock/mocktest"
	"github.com/mobmock/mobmock/mock/store/storetest"
)

// TestDurableTravelRequest: a Travel Request moved on one step at a time,
// with the mock restarted on its state file before each step, still opens
// both its children, as it does in memory.
func TestDurableTravelRequest(t *testing.T) {
	state := storetest.File(t)
	body, err := os.ReadFile("../fixtures/documented/mobile/travel-request.request.json")
	if err != nil {
		t.Fatal(err)
	}
	srv := mocktest.Start(t, mock.Config{Admin: true, State: state})
	a := devDo(t, srv.Client(), devReq(t, "POST", srv.URL+"/1/activities", "trip", body))
	var created struct{ ID int64 }
	if err := json.Unmarshal(a.body, &created); a.status != http.StatusCreated || err != nil {
		t.Fatalf("create: %d %s", a.status, a.body)
	}
	for range 6 {
		srv.Close()
		srv = mocktest.Start(t, mock.Config{Admin: true, State: state})
		url := fmt.Sprintf("%s/__admin/tenants/trip/advance?steps=1&activity=%d", srv.URL, created.ID)
		if a := devDo(t, srv.Client(), devReq(t, "POST", url, "trip", nil)); a.status != http.StatusOK {
			t.Fatalf("advance: %d %s", a.status, a.body)
		}
	}
	a = devDo(t, srv.Client(), devReq(t, "GET", srv.URL+"/1/activities?per_page=50", "trip", nil))
	if n := strings.Count(string(a.body), fmt.Sprintf(`"parent_activity_id":%d`, created.ID)); n != 2 {
		t.Errorf("the Travel Request opened %d children across restarts, want 2:\n%s", n, a.body)
	}
}
