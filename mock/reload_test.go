package mock_test

import (
	"bytes"
	"strings"
	"sync"
	"testing"

	"github.com/mobmock/mobmock/mock"
	"github.com/mobmock/mobmock/mock/world"
)

// TestSetWorld replaces the world while clients are busy: tenants created
// afterwards start from the new one, an existing tenant keeps what it
// stored and the world it started from until it is reset. Run with -race.
func TestSetWorld(t *testing.T) {
	s := devServer(t, mock.Config{})
	submit := devDo(t, s.Client(), devReq(t, "POST", s.URL+"/mobproc/v1/orders", "old", devFixture(t, "mobproc/suspend.request.json")))
	if submit.status != 200 {
		t.Fatalf("submit: %d %s", submit.status, submit.body)
	}
	orderID := submit.json(t)["order"].(map[string]any)["orderId"].(string)
	nw, err := world.Parse(bytes.Replace(world.EmbeddedSeed(), []byte(`"Peter"`), []byte(`"Petra"`), 1))
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			devDo(t, s.Client(), devReq(t, "GET", s.URL+"/mobproc/v1/employees/28673732", "busy", nil))
		})
	}
	if err := s.Mock.SetWorld(nw); err != nil {
		t.Fatal(err)
	}
	wg.Wait()
	if a := devDo(t, s.Client(), devReq(t, "GET", s.URL+"/mobproc/v1/employees/28673732", "new", nil)); !strings.Contains(string(a.body), `"firstName":"Petra"`) {
		t.Errorf("a new tenant does not see the new world: %s", a.body)
	}
	if a := devDo(t, s.Client(), devReq(t, "GET", s.URL+"/mobproc/v1/orders/"+orderID, "old", nil)); a.status != 200 {
		t.Errorf("the existing tenant lost its order: %d %s", a.status, a.body)
	}
	// The existing tenant keeps the world it started from, until it is reset.
	if a := devDo(t, s.Client(), devReq(t, "GET", s.URL+"/mobproc/v1/employees/28673732", "old", nil)); !strings.Contains(string(a.body), `"firstName":"Peter"`) {
		t.Errorf("the existing tenant does not keep its world: %s", a.body)
	}
	devAdmin(t, s, "POST", "/__admin/tenants/old/reset", nil, 200)
	if a := devDo(t, s.Client(), devReq(t, "GET", s.URL+"/mobproc/v1/employees/28673732", "old", nil)); !strings.Contains(string(a.body), `"firstName":"Petra"`) {
		t.Errorf("a reset tenant does not start from the new world: %s", a.body)
	}
}
