package mobile

import (
	"encoding/json"
	"io/fs"
	"maps"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/mobmock/mobmock/fixtures"
	"github.com/mobmock/mobmock/mock/internal/optest"
	"github.com/mobmock/mobmock/mock/store"
)

// TestStoredActivityRoundTrips: an activity is stored encoded and decoded
// again only when it moves on; decoding and encoding it again must give the
// same bytes. Every documented activity request (the 31 types) is created
// and moved through its whole flow.
func TestStoredActivityRoundTrips(t *testing.T) {
	env, st := optest.Env(t, false)
	a := New(env)
	files, _ := fs.Glob(fixtures.FS, "documented/mobile/*.request.json")
	if len(files) < 31 {
		t.Fatalf("%d documented activity requests, want 31", len(files))
	}
	stored := 0
	for _, f := range files {
		tenant := "roundtrip-" + strings.TrimSuffix(f[len("documented/mobile/"):], ".request.json")
		if _, err := a.handleCreateActivity(optest.Request(t, tenant, Base+"/activities", f)); err != nil {
			t.Errorf("%s: create: %v", f, err)
			continue
		}
		stored += optest.RoundTrips[activityView](t, st, tenant, func(tn *store.Tenant) []store.Record {
			var out []store.Record
			for _, act := range tn.AllActivities() {
				out = append(out, act.Body)
			}
			return out
		}, DecodeActivity(a), cmp.Comparer(func(x, y *API) bool { return x == y }))
	}
	if stored < 31 {
		t.Errorf("only %d activities stored", stored)
	}
}

// reload replaces the tenant's activity id by what a durable store gives
// back of it after a restart, and returns it.
func reload(t *testing.T, a *API, tn *store.Tenant, id int64) *activity {
	t.Helper()
	act, ok := tn.Activity(id)
	if !ok {
		t.Fatalf("activity %d is not stored", id)
	}
	data, err := act.Body.(*activity).MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	rec, err := DecodeActivity(a)(data)
	if err != nil {
		t.Fatal(err)
	}
	act.Body = rec
	return rec.(*activity)
}

// created creates the activity of a documented request file, its
// activity's attributes changed by set, and returns its id.
func created(t *testing.T, a *API, tenant, file string, set map[string]any) int64 {
	t.Helper()
	req := optest.Request(t, tenant, Base+"/activities", file)
	maps.Copy(req.Body.(map[string]any)["activity"].(map[string]any), set)
	res, err := a.handleCreateActivity(req)
	if err != nil {
		t.Fatal(err)
	}
	var v struct{ ID int64 }
	if err := json.Unmarshal(res.Body.(json.RawMessage), &v); err != nil {
		t.Fatal(err)
	}
	return v.ID
}

// TestSleepingActivityReloads: a Line Cancel sleeping until a future
// sleep_until still sleeps until then after a restart (its wake time
// kept), and moves on once the date is past.
func TestSleepingActivityReloads(t *testing.T) {
	env, st := optest.Env(t, false)
	a := New(env)
	id := created(t, a, "sleep", "documented/mobile/line-cancel.request.json", map[string]any{"sleep_until": "2099-01-01"})
	err := st.Update("sleep", func(tn *store.Tenant) error {
		rec := reload(t, a, tn, id)
		for rec.Life.States[rec.Life.Step] != stSleeping {
			if moved, err := rec.Advance(tn, time.Now()); !moved || err != nil {
				t.Fatalf("the Line Cancel stopped at %s (%v) before sleeping", rec.Life.States[rec.Life.Step], err)
			}
			rec = reload(t, a, tn, id)
		}
		if moved, err := rec.Advance(tn, time.Now()); moved || err != nil {
			t.Errorf("a reloaded Line Cancel sleeping until 2099-01-01 moved on now (%v): it woke early", err)
		}
		if w, asleep := rec.WakeAt(); !asleep || !w.Equal(time.Date(2099, 1, 1, 0, 0, 0, 0, time.UTC)) {
			t.Errorf("WakeAt() = %s, %v after a reload, want 2099-01-01, true", w, asleep)
		}
		if moved, err := rec.Advance(tn, time.Date(2099, 1, 2, 0, 0, 0, 0, time.UTC)); !moved || err != nil {
			t.Errorf("the Line Cancel did not move on after its date (%v)", err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestTravelRequestReloads: a Travel Request reloaded before each step,
// as after restarts, still opens both its children (add the features,
// then remove them).
func TestTravelRequestReloads(t *testing.T) {
	env, st := optest.Env(t, false)
	a := New(env)
	id := created(t, a, "travel", "documented/mobile/travel-request.request.json", nil)
	err := st.Update("travel", func(tn *store.Tenant) error {
		at := time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC) // past every date
		for rec := reload(t, a, tn, id); !rec.Done(); rec = reload(t, a, tn, id) {
			if moved, err := rec.Advance(tn, at); !moved || err != nil {
				t.Fatalf("the Travel Request stopped at %s (%v)", rec.Life.States[rec.Life.Step], err)
			}
		}
		children := 0
		for _, act := range tn.AllActivities() {
			var v activityView
			if err := json.Unmarshal(act.Body.JSON(), &v); err != nil {
				return err
			}
			if v.ParentActivityID != nil && *v.ParentActivityID == id {
				children++
			}
		}
		if children != 2 {
			t.Errorf("the reloaded Travel Request opened %d children, want 2", children)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
