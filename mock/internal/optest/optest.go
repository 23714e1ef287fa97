// Package optest helps the tests of the APIs' packages (mobproc, mobile):
// an op.Env over the embedded world and an in-memory store, requests with
// the decoded body of a fixture file, and the round-trip check of stored
// records.
package optest

import (
	"reflect"

	"bytes"
	"encoding/json"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"io/fs"
	"log/slog"
	"net/textproto"
	"net/url"
	"testing"
	"time"

	"github.com/mobmock/mobmock/fixtures"
	"github.com/mobmock/mobmock/mock/internal/op"
	"github.com/mobmock/mobmock/mock/store"
	"github.com/mobmock/mobmock/mock/world"
	"github.com/mobmock/mobmock/schemas"
)

// Env is an environment over the embedded world and a new in-memory store,
// which it returns too; lifecycles move only when a test moves them.
func Env(tb testing.TB, strict bool) (op.Env, store.Store) {
	tb.Helper()
	w, err := world.Embedded()
	if err != nil {
		tb.Fatal(err)
	}
	st := store.NewMemory(w, nil)
	return op.Env{World: w, Tenants: &op.Tenants{Store: st, Log: slog.New(slog.DiscardHandler)}, Strict: strict}, st
}

// Request is a request for tenant to path with the decoded body of a file
// of package fixtures ("documented/mobproc/suspend.request.json").
func Request(tb testing.TB, tenant, path, file string) *op.Request {
	tb.Helper()
	data, err := fs.ReadFile(fixtures.FS, file)
	if err != nil {
		tb.Fatal(err)
	}
	body, err := schemas.Decode(data)
	if err != nil {
		tb.Fatal(err)
	}
	return &op.Request{Tenant: tenant, Query: url.Values{}, Header: textproto.MIMEHeader{}, Body: body, Path: path, Now: time.Now()}
}

// RoundTrips moves every record of tenant that records lists through its
// whole lifecycle, failing tb whenever the stored view, of type V, decoded
// and encoded again is not the same bytes (the record would change shape
// the first time it moves) and when a record does not end done. It returns
// how many records it moved. At every step it also checks that decode
// (the record's store.Codec entry) gives back from the record's
// MarshalBinary a record equal to it on every field (opts compare the
// fields that cmp cannot, such as pointers to the API), as a restart
// would.
func RoundTrips[V any](tb testing.TB, st store.Store, tenant string, records func(*store.Tenant) []store.Record, decode func([]byte) (store.Record, error), opts ...cmp.Option) int {
	tb.Helper()
	n := 0
	err := st.Update(tenant, func(t *store.Tenant) error {
		for _, rec := range records(t) {
			n++
			for {
				var v V
				dec := json.NewDecoder(bytes.NewReader(rec.JSON()))
				dec.UseNumber()
				if err := dec.Decode(&v); err != nil {
					return err
				}
				again, err := op.Marshal(&v)
				if err != nil {
					return err
				}
				if !bytes.Equal(again, rec.JSON()) {
					tb.Errorf("%s: the stored record changes when decoded and encoded again:\n%s\n%s", tenant, rec.JSON(), again)
				}
				Persists(tb, rec, decode, opts...)
				moved, err := rec.Advance(t, time.Now())
				if err != nil {
					return err
				}
				if !moved {
					break
				}
			}
			if !rec.Done() {
				tb.Errorf("%s: a record stopped before its last state", tenant)
			}
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	return n
}

// Persists fails tb when decode, given what rec's MarshalBinary wrote, does
// not give back a record equal to rec on every field, unexported ones
// included: a durable store would lose what differs on a restart.
func Persists(tb testing.TB, rec store.Record, decode func([]byte) (store.Record, error), opts ...cmp.Option) {
	tb.Helper()
	data, err := rec.(interface{ MarshalBinary() ([]byte, error) }).MarshalBinary()
	if err != nil {
		tb.Fatal(err)
	}
	back, err := decode(data)
	if err != nil {
		tb.Fatal(err)
	}
	opts = append(opts, cmp.Exporter(func(reflect.Type) bool { return true }), cmpopts.EquateEmpty(),
		cmp.Comparer(func(a, b time.Time) bool { return a.Equal(b) }))
	if diff := cmp.Diff(rec, back, opts...); diff != "" {
		tb.Errorf("a stored record is not the same once decoded (-stored +decoded):\n%s", diff)
	}
}
