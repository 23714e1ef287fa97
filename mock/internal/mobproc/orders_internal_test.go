package mobproc

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/mobmock/mobmock/fixtures"
	"github.com/mobmock/mobmock/mock/internal/op"
	"github.com/mobmock/mobmock/mock/internal/optest"
	"github.com/mobmock/mobmock/mock/store"
)

// TestStoredOrderRoundTrips: an order is stored encoded and decoded again
// only when it moves on; decoding and encoding it again must give the same
// bytes, or the order would change shape the first time its status does.
// Every documented order request is submitted and each stored order
// checked, then moved through its whole lifecycle to COMPLETED.
func TestStoredOrderRoundTrips(t *testing.T) {
	env, st := optest.Env(t, false)
	a := New(env)
	files, _ := fs.Glob(fixtures.FS, "documented/mobproc/*.request.json")
	if len(files) == 0 {
		t.Fatal("no documented order requests")
	}
	for _, f := range files {
		tenant := "roundtrip-" + strings.TrimSuffix(f[len("documented/mobproc/"):], ".request.json")
		if _, err := a.handleCreateOrder(optest.Request(t, tenant, Base+"/orders", f)); err != nil {
			t.Fatalf("%s: submit: %v", f, err)
		}
		var orders []*order
		optest.RoundTrips[orderView](t, st, tenant, func(tn *store.Tenant) []store.Record {
			var out []store.Record
			for _, o := range tn.AllOrders() {
				orders = append(orders, orderOf(o))
				out = append(out, o.Body)
			}
			return out
		}, DecodeOrder)
		for _, rec := range orders {
			if got := rec.Life.States[rec.Life.Step]; got != statusCompleted {
				t.Errorf("%s: order ended at %s", f, got)
			}
		}
	}
}

// BenchmarkEncode encodes the documented SWAP_DEVICES confirmation, the
// largest answer built for each request, with op.Encode (goccy/go-json) and
// with encoding/json, to keep the choice of encoder measured.
func BenchmarkEncode(b *testing.B) {
	env, _ := optest.Env(b, false)
	r := optest.Request(b, "b", Base+"/orders", "documented/mobproc/swap-devices.request.json")
	r.Query = url.Values{"confirm": {"true"}}
	res, err := New(env).handleCreateOrder(r)
	if err != nil {
		b.Fatal(err)
	}
	encoders := []struct {
		name string
		fn   func(*bytes.Buffer, any) error
	}{
		{"op.Encode", op.Encode},
		{"encoding-json", func(buf *bytes.Buffer, v any) error {
			enc := json.NewEncoder(buf)
			enc.SetEscapeHTML(false)
			return enc.Encode(v)
		}},
	}
	var want []byte
	for _, e := range encoders {
		var buf bytes.Buffer
		if err := e.fn(&buf, res.Body); err != nil {
			b.Fatal(err)
		}
		if want == nil {
			want = bytes.Clone(buf.Bytes())
		} else if !bytes.Equal(buf.Bytes(), want) {
			b.Fatalf("%s writes other bytes:\n%s\n%s", e.name, buf.Bytes(), want)
		}
		b.Run(e.name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(want)))
			var buf bytes.Buffer
			for range b.N {
				buf.Reset()
				_ = e.fn(&buf, res.Body)
			}
		})
	}
}

// TestHistoryNeverGoesBack: a request takes its time when it arrives, but
// the tenant's lock in whatever order the scheduler gives; an advance that
// arrived a second before the submission it then moves on must not date
// the step before the submission (seen as a flaky "history out of order"
// under -race).
func TestHistoryNeverGoesBack(t *testing.T) {
	env, st := optest.Env(t, false)
	a := New(env)
	req := optest.Request(t, "clock", Base+"/orders", "documented/mobproc/suspend.request.json")
	if _, err := a.handleCreateOrder(req); err != nil {
		t.Fatalf("submit: %v", err)
	}
	early := req.Now.Add(-time.Second)
	err := st.Update("clock", func(tn *store.Tenant) error {
		for _, o := range tn.AllOrders() {
			for range 3 {
				if _, err := o.Body.Advance(tn, early); err != nil {
					return err
				}
			}
			last := ""
			for _, h := range orderOf(o).history {
				if h.Date < last {
					t.Errorf("history goes back: %s after %s", h.Date, last)
				}
				last = h.Date
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
