package store

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/mobmock/mobmock/mock/world"
)

// newMemory is the in-memory store the suite runs against first; the
// durable stores' runs are in durable_test.go.
func newMemory(t testing.TB) Store {
	t.Helper()
	n := uint64(0)
	return NewMemory(seedWorld(t), func() uint64 { n += 7919; return n })
}

func seedWorld(t testing.TB) *world.World {
	t.Helper()
	w, err := world.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	return w
}

// suite is the store's test suite: every Store implementation passes it
// unchanged (TestMemory here; TestFile and TestPostgres in
// durable_test.go).
var suite = []struct {
	name string
	test func(t *testing.T, s Store)
}{
	{"OrdersAgreeWithAFullScan", testOrdersAgreeWithAFullScan},
	{"ActivitiesAgreeWithAFullScan", testActivitiesAgreeWithAFullScan},
	{"OpenOrdersAndClose", testOpenOrdersAndClose},
	{"DueSteps", testDueSteps},
	{"Tenants", testTenants},
}

// runSuite runs the suite with a new store from newStore for each test.
func runSuite(t *testing.T, newStore func(testing.TB) Store) {
	for _, tc := range suite {
		t.Run(tc.name, func(t *testing.T) { tc.test(t, newStore(t)) })
	}
}

func TestMemory(t *testing.T) { runSuite(t, newMemory) }

var (
	statuses = []string{"ORDER_SUBMITTED", "IN_PROGRESS", "SHIPPED", "COMPLETED"}
	types    = []string{"SUSPEND", "UNSUSPEND", "NEW_ACTIVATION"}
)

// naiveOrders is the obvious implementation Orders must agree with: filter
// everything, newest first, then cut the page.
func naiveOrders(all []*Order, f OrderFilter, offset, limit int) ([]string, int) {
	var match []string
	for i := len(all) - 1; i >= 0; i-- {
		if f.match(all[i]) {
			match = append(match, all[i].ID)
		}
	}
	total := len(match)
	if offset > len(match) {
		offset = len(match)
	}
	match = match[offset:]
	if len(match) > limit {
		match = match[:limit]
	}
	return match, total
}

func ids(os []*Order) []string {
	var out []string
	for _, o := range os {
		out = append(out, o.ID)
	}
	return out
}

// testOrdersAgreeWithAFullScan: whatever the filter, page and history of
// status changes, Orders returns what a full scan would, including the
// totals it keeps by counting rather than scanning.
func testOrdersAgreeWithAFullScan(t *testing.T, s Store) {
	rng := rand.New(rand.NewPCG(1, 2))
	err := s.Update("acme", func(tn *Tenant) error {
		for i := range 300 {
			o := &Order{
				ID:                  fmt.Sprint(tn.NewOrderID()),
				ExternalOrderNumber: fmt.Sprintf("EXT-%d", rng.IntN(40)),
				TransactionType:     types[rng.IntN(len(types))],
				ServiceID:           fmt.Sprint(38382330 + rng.IntN(5)),
				Status:              statuses[0],
				Created:             time.Unix(int64(i), 0),
			}
			tn.AddOrder(o)
			if rng.IntN(2) == 0 {
				tn.SetOrderStatus(o, statuses[1+rng.IntN(3)])
			}
		}
		all := tn.AllOrders()
		var filters []OrderFilter
		for _, st := range append(statuses, "") {
			for _, ty := range append(types, "") {
				filters = append(filters, OrderFilter{Status: st, TransactionType: ty})
			}
		}
		filters = append(filters, OrderFilter{ExternalOrderNumber: "EXT-3"}, OrderFilter{ExternalOrderNumber: "EXT-3", Status: "SHIPPED"},
			OrderFilter{ServiceID: "38382331"}, OrderFilter{ServiceID: "38382331", Status: "COMPLETED"}, OrderFilter{ExternalOrderNumber: "none"})
		for _, f := range filters {
			for _, page := range [][2]int{{0, 10}, {0, 1000}, {5, 7}, {290, 50}, {1000, 10}} {
				got, total := tn.Orders(f, page[0], page[1])
				want, wantTotal := naiveOrders(all, f, page[0], page[1])
				if diff := cmp.Diff(want, ids(got), cmpopts.EquateEmpty()); diff != "" || total != wantTotal {
					t.Errorf("Orders(%+v, %d, %d): total %d, want %d; page differs (-want +got):\n%s", f, page[0], page[1], total, wantTotal, diff)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func testActivitiesAgreeWithAFullScan(t *testing.T, s Store) {
	rng := rand.New(rand.NewPCG(3, 4))
	states := []string{"approved", "In Progress", "Complete"}
	_ = s.Update("acme", func(tn *Tenant) error {
		for range 200 {
			a := &Activity{ID: tn.NewActivityID(), TypeID: 1 + rng.IntN(3), PersonID: int64(1 + rng.IntN(4)), LineID: int64(1 + rng.IntN(6)), State: states[0]}
			tn.AddActivity(a)
			tn.SetActivityState(a, states[rng.IntN(3)])
		}
		all := tn.AllActivities()
		for _, f := range []ActivityFilter{{}, {State: "Complete"}, {State: "approved"}, {PersonID: 2}, {TypeID: 3, State: "In Progress"}, {LineID: 5}, {State: "nope"}} {
			for _, page := range [][2]int{{0, 10}, {3, 500}, {150, 100}, {999, 1}} {
				got, total := tn.Activities(f, page[0], page[1])
				var want []int64
				n := 0
				for i := len(all) - 1; i >= 0; i-- {
					if f.match(all[i]) {
						if n >= page[0] && len(want) < page[1] {
							want = append(want, all[i].ID)
						}
						n++
					}
				}
				var gotIDs []int64
				for _, a := range got {
					gotIDs = append(gotIDs, a.ID)
				}
				if diff := cmp.Diff(want, gotIDs, cmpopts.EquateEmpty()); diff != "" || total != n {
					t.Errorf("Activities(%+v, %v): total %d, want %d; (-want +got):\n%s", f, page, total, n, diff)
				}
			}
		}
		return nil
	})
}

func testOpenOrdersAndClose(t *testing.T, s Store) {
	_ = s.Update("acme", func(tn *Tenant) error {
		a := &Order{ID: "1", ServiceID: "38382335", Status: "ORDER_SUBMITTED"}
		b := &Order{ID: "2", ServiceID: "38382335", Status: "ORDER_SUBMITTED"}
		c := &Order{ID: "3", Status: "ORDER_SUBMITTED"} // no service: never open on one
		tn.AddOrder(a)
		tn.AddOrder(b)
		tn.AddOrder(c)
		if got := ids(tn.OpenOrders("38382335")); !slices.Equal(got, []string{"1", "2"}) {
			t.Errorf("open orders = %v", got)
		}
		tn.CloseOrder(a)
		if got := ids(tn.OpenOrders("38382335")); !slices.Equal(got, []string{"2"}) {
			t.Errorf("after closing 1, open orders = %v", got)
		}
		tn.CloseOrder(b)
		if got := tn.OpenOrders("38382335"); len(got) != 0 {
			t.Errorf("after closing both, open orders = %v", ids(got))
		}
		if _, ok := tn.Order("2"); !ok {
			t.Error("a closed order is no longer found by id")
		}
		return nil
	})
}

func testDueSteps(t *testing.T, s Store) {
	t0 := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	_ = s.Update("acme", func(tn *Tenant) error {
		tn.Schedule(Due{At: t0.Add(3 * time.Second), Kind: KindOrder, ID: "c"})
		tn.Schedule(Due{At: t0.Add(1 * time.Second), Kind: KindOrder, ID: "b"})
		tn.Schedule(Due{At: t0.Add(1 * time.Second), Kind: KindOrder, ID: "a"})
		tn.Schedule(Due{At: t0.Add(2 * time.Second), Kind: KindActivity, ID: "x"})
		tn.Schedule(Due{At: t0.Add(2 * time.Second), Kind: KindOrder, ID: "gone"})
		tn.Unschedule("order", "gone")
		if d, ok := tn.NextDue(); !ok || d.ID != "a" {
			t.Errorf("NextDue = %+v, %v; want a (ties break by id)", d, ok)
		}
		if _, ok := tn.PopDue(t0); ok {
			t.Error("a step was due before its time")
		}
		var got []string
		for {
			d, ok := tn.PopDue(t0.Add(2 * time.Second))
			if !ok {
				break
			}
			got = append(got, d.ID)
		}
		if !slices.Equal(got, []string{"a", "b", "x"}) {
			t.Errorf("due by t0+2s: %v, want [a b x]", got)
		}
		if d, ok := tn.NextDue(); !ok || d.ID != "c" {
			t.Errorf("left: %+v %v, want c", d, ok)
		}
		return nil
	})
}

// testTenants: tenants start apart (different first ids, their own world),
// Reset forgets one and not the others, and concurrent updates of many
// tenants lose nothing (run with -race).
func testTenants(t *testing.T, s Store) {
	first := map[string]int64{}
	for _, name := range []string{"acme", "globex"} {
		_ = s.Update(name, func(tn *Tenant) error {
			first[name] = tn.NewOrderID()
			tn.AddOrder(&Order{ID: fmt.Sprint(first[name]), Status: "ORDER_SUBMITTED"})
			return nil
		})
	}
	if first["acme"] == first["globex"] {
		t.Errorf("two tenants start at the same order id %d", first["acme"])
	}
	if got := s.Tenants(); !slices.Equal(got, []string{"acme", "globex"}) {
		t.Errorf("Tenants() = %v", got)
	}
	_ = s.View("globex", func(tn *Tenant) error {
		if _, ok := tn.Order(fmt.Sprint(first["acme"])); ok {
			t.Error("globex sees acme's order")
		}
		return nil
	})
	if !s.Reset("acme") || s.Reset("acme") {
		t.Error("Reset should report true for a known tenant, then false")
	}
	_ = s.View("acme", func(tn *Tenant) error {
		if tn.OrderCount() != 0 {
			t.Errorf("acme has %d orders after a reset", tn.OrderCount())
		}
		return nil
	})
	_ = s.View("globex", func(tn *Tenant) error {
		if tn.OrderCount() != 1 {
			t.Errorf("resetting acme changed globex: %d orders", tn.OrderCount())
		}
		return nil
	})

	var wg sync.WaitGroup
	const workers, each = 8, 200
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			name := fmt.Sprintf("t%d", w%3)
			for range each {
				_ = s.Update(name, func(tn *Tenant) error {
					tn.AddOrder(&Order{ID: fmt.Sprint(tn.NewOrderID()), Status: "ORDER_SUBMITTED"})
					return nil
				})
				_ = s.View(name, func(tn *Tenant) error { tn.Orders(OrderFilter{}, 0, 5); return nil })
			}
		}()
	}
	wg.Wait()
	total := 0
	for _, name := range []string{"t0", "t1", "t2"} {
		_ = s.View(name, func(tn *Tenant) error {
			seen := map[string]bool{}
			for _, o := range tn.AllOrders() {
				if seen[o.ID] {
					t.Errorf("%s: order id %s given twice", name, o.ID)
				}
				seen[o.ID] = true
			}
			total += tn.OrderCount()
			return nil
		})
	}
	if total != workers*each {
		t.Errorf("stored %d orders, want %d", total, workers*each)
	}
	s.ResetAll()
	if got := s.Tenants(); len(got) != 0 {
		t.Errorf("after ResetAll, tenants %v", got)
	}
}
