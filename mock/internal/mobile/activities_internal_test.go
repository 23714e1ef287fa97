package mobile

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

// newAPI is the Mobile API over the embedded world and an in-memory store.
func newAPI(t *testing.T, strict bool) (*API, store.Store) {
	t.Helper()
	w, err := world.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	st := store.NewMemory(w, nil)
	return New(w, &op.Tenants{Store: st, Log: slog.New(slog.DiscardHandler)}, strict), st
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
	return &op.Request{Tenant: tenant, Query: url.Values{}, Header: textproto.MIMEHeader{}, Body: body, Path: Base + "/activities", Now: time.Now()}
}

// TestStoredActivityRoundTrips: an activity is stored encoded and decoded
// again only when it moves on; decoding and encoding it again must give the
// same bytes. Every documented activity request (the 31 types) is created
// and moved through its whole flow.
func TestStoredActivityRoundTrips(t *testing.T) {
	a, st := newAPI(t, false)
	files, _ := fs.Glob(fixtures.FS, "documented/mobile/*.request.json")
	if len(files) < 31 {
		t.Fatalf("%d documented activity requests, want 31", len(files))
	}
	stored := 0
	for _, f := range files {
		tenant := "roundtrip-" + strings.TrimSuffix(f[len("documented/mobile/"):], ".request.json")
		if _, err := a.handleCreateActivity(request(t, tenant, f)); err != nil {
			t.Errorf("%s: create: %v", f, err)
			continue
		}
		_ = st.Update(tenant, func(tn *store.Tenant) error {
			for _, act := range tn.AllActivities() {
				stored++
				rec := act.Body.(*activity)
				for {
					var v activityView
					dec := json.NewDecoder(bytes.NewReader(rec.body))
					dec.UseNumber()
					if err := dec.Decode(&v); err != nil {
						t.Fatal(err)
					}
					again, err := op.Marshal(&v)
					if err != nil {
						t.Fatal(err)
					}
					if !bytes.Equal(again, rec.body) {
						t.Errorf("%s: the stored activity changes when decoded and encoded again:\n%s\n%s", f, rec.body, again)
					}
					moved, err := rec.Advance(tn, time.Now())
					if err != nil {
						t.Fatal(err)
					}
					if !moved {
						break
					}
				}
				if !rec.Done() {
					t.Errorf("%s: activity stopped at step %d of %d", f, rec.life.Step, len(rec.life.States))
				}
			}
			return nil
		})
	}
	if stored < 31 {
		t.Errorf("only %d activities stored", stored)
	}
}
