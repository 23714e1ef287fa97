package mock

import (
	"bytes"
	"io/fs"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/mobmock/mobmock/fixtures"
	"github.com/mobmock/mobmock/mock/store"
)

// TestStoredOrderRoundTrips: an order is stored encoded and decoded again
// only when it moves on; decoding and encoding it again must give the same
// bytes, or the order would change shape the first time its status does.
// Every documented order request is submitted and each stored order
// checked, then moved through its whole lifecycle.
func TestStoredOrderRoundTrips(t *testing.T) {
	s, err := New(Config{})
	if err != nil {
		t.Fatal(err)
	}
	files, _ := fs.Glob(fixtures.FS, "documented/mobproc/*.request.json")
	if len(files) == 0 {
		t.Fatal("no documented order requests")
	}
	for _, f := range files {
		data, _ := fs.ReadFile(fixtures.FS, f)
		r := httptest.NewRequest("POST", "/mobproc/v1/orders", bytes.NewReader(data))
		r.Header.Set("Content-Type", "application/json")
		r.Header.Set("X-TNGO-TENANT", "roundtrip-"+strings.TrimSuffix(f[len("documented/mobproc/"):], ".request.json"))
		r.Header.Set("client_id", "test")
		w := httptest.NewRecorder()
		s.ServeHTTP(w, r)
		if w.Code != 200 {
			t.Fatalf("%s: submit answered %d: %s", f, w.Code, w.Body)
		}
		_ = s.store.Update(r.Header.Get("X-TNGO-TENANT"), func(tn *store.Tenant) error {
			for _, o := range tn.AllOrders() {
				rec := o.Body.(*orderRecord)
				for {
					v, err := rec.view()
					if err != nil {
						t.Fatalf("%s: %v", f, err)
					}
					again, err := marshal(v)
					if err != nil {
						t.Fatal(err)
					}
					if !bytes.Equal(again, rec.body) {
						t.Errorf("%s: the stored order changes when decoded and encoded again:\n%s\n%s", f, rec.body, again)
					}
					if !s.advanceOrder(tn, o, time.Now()) {
						break
					}
				}
				if got := rec.steps[rec.step]; got != statusCompleted {
					t.Errorf("%s: order ended at %s", f, got)
				}
			}
			return nil
		})
	}
}

// TestStoredActivityRoundTrips does for activities what
// TestStoredOrderRoundTrips does for orders, with every documented activity
// request (the 31 types) moved through its whole flow.
func TestStoredActivityRoundTrips(t *testing.T) {
	s, err := New(Config{})
	if err != nil {
		t.Fatal(err)
	}
	files, _ := fs.Glob(fixtures.FS, "documented/mobile/*.request.json")
	if len(files) < 31 {
		t.Fatalf("%d documented activity requests, want 31", len(files))
	}
	stored := 0
	for _, f := range files {
		tenant := "roundtrip-" + strings.TrimSuffix(f[len("documented/mobile/"):], ".request.json")
		data, _ := fs.ReadFile(fixtures.FS, f)
		r := httptest.NewRequest("POST", "/1/activities", bytes.NewReader(data))
		r.Header.Set("Content-Type", "application/json")
		r.Header.Set("X-TNGO-TENANT", tenant)
		w := httptest.NewRecorder()
		s.ServeHTTP(w, r)
		if w.Code != 201 {
			t.Errorf("%s: create answered %d: %s", f, w.Code, w.Body)
			continue
		}
		_ = s.store.Update(tenant, func(tn *store.Tenant) error {
			for _, a := range tn.AllActivities() {
				stored++
				rec := a.Body.(*activityRecord)
				for {
					v, err := rec.view()
					if err != nil {
						t.Fatalf("%s: %v", f, err)
					}
					again, err := marshal(v)
					if err != nil {
						t.Fatal(err)
					}
					if !bytes.Equal(again, rec.body) {
						t.Errorf("%s: the stored activity changes when decoded and encoded again:\n%s\n%s", f, rec.body, again)
					}
					if !s.advanceActivity(tn, a, time.Now()) {
						break
					}
				}
				if rec.step != len(rec.flow)-1 {
					t.Errorf("%s: activity stopped at step %d of %d", f, rec.step, len(rec.flow))
				}
			}
			return nil
		})
	}
	if stored < 31 {
		t.Errorf("only %d activities stored", stored)
	}
}
