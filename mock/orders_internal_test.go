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
