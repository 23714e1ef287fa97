package mobile

import (
	"io/fs"
	"strings"
	"testing"

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
		})
	}
	if stored < 31 {
		t.Errorf("only %d activities stored", stored)
	}
}
