package mobproc

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"log/slog"
	"net/textproto"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/mobmock/mobmock/fixtures"
	"github.com/mobmock/mobmock/mock/internal/op"
	"github.com/mobmock/mobmock/mock/store"
	"github.com/mobmock/mobmock/mock/world"
	"github.com/mobmock/mobmock/schemas"
)

// newAPI is MOBPROC over the embedded world and an in-memory store.
func newAPI(t *testing.T) (*API, store.Store) {
	t.Helper()
	w, err := world.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	st := store.NewMemory(w, nil)
	return New(w, &op.Tenants{Store: st, Log: slog.New(slog.DiscardHandler)}, false), st
}

// request is a request with the decoded body of a file of package fixtures.
func request(t *testing.T, tenant, file string) *op.Request {
	t.Helper()
	data, err := fs.ReadFile(fixtures.FS, file)
	if err != nil {
		t.Fatal(err)
	}
	body, err := schemas.Decode(data)
	if err != nil {
		t.Fatal(err)
	}
	return &op.Request{Tenant: tenant, Query: url.Values{}, Header: textproto.MIMEHeader{}, Body: body, Path: Base + "/orders", Now: time.Now()}
}

// reencoded is a stored view decoded and encoded again.
func reencoded[V any](t *testing.T, body json.RawMessage) json.RawMessage {
	t.Helper()
	var v V
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	if err := dec.Decode(&v); err != nil {
		t.Fatal(err)
	}
	again, err := op.Marshal(&v)
	if err != nil {
		t.Fatal(err)
	}
	return again
}

// TestStoredOrderRoundTrips: an order is stored encoded and decoded again
// only when it moves on; decoding and encoding it again must give the same
// bytes, or the order would change shape the first time its status does.
// Every documented order request is submitted and each stored order
// checked, then moved through its whole lifecycle.
func TestStoredOrderRoundTrips(t *testing.T) {
	a, st := newAPI(t)
	files, _ := fs.Glob(fixtures.FS, "documented/mobproc/*.request.json")
	if len(files) == 0 {
		t.Fatal("no documented order requests")
	}
	for _, f := range files {
		tenant := "roundtrip-" + strings.TrimSuffix(f[len("documented/mobproc/"):], ".request.json")
		if _, err := a.handleCreateOrder(request(t, tenant, f)); err != nil {
			t.Fatalf("%s: submit: %v", f, err)
		}
		_ = st.Update(tenant, func(tn *store.Tenant) error {
			for _, o := range tn.AllOrders() {
				rec := orderOf(o)
				for {
					if again := reencoded[orderView](t, rec.body); !bytes.Equal(again, rec.body) {
						t.Errorf("%s: the stored order changes when decoded and encoded again:\n%s\n%s", f, rec.body, again)
					}
					moved, err := rec.Advance(tn, time.Now())
					if err != nil {
						t.Fatal(err)
					}
					if !moved {
						break
					}
				}
				if got := rec.life.States[rec.life.Step]; got != statusCompleted {
					t.Errorf("%s: order ended at %s", f, got)
				}
			}
			return nil
		})
	}
}

// BenchmarkEncode encodes the documented SWAP_DEVICES confirmation, the
// largest answer built for each request, with op.Encode (goccy/go-json) and
// with encoding/json, to keep the choice of encoder measured.
func BenchmarkEncode(b *testing.B) {
	w, err := world.Embedded()
	if err != nil {
		b.Fatal(err)
	}
	st := store.NewMemory(w, nil)
	a := New(w, &op.Tenants{Store: st, Log: slog.New(slog.DiscardHandler)}, false)
	data, err := fs.ReadFile(fixtures.FS, "documented/mobproc/swap-devices.request.json")
	if err != nil {
		b.Fatal(err)
	}
	body, err := schemas.Decode(data)
	if err != nil {
		b.Fatal(err)
	}
	res, err := a.handleCreateOrder(&op.Request{Tenant: "b", Query: url.Values{"confirm": {"true"}}, Header: textproto.MIMEHeader{}, Body: body, Now: time.Now()})
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
