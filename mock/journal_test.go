package mock_test

import (
	"encoding/json"
	"testing"

	"github.com/mobmock/mobmock/mock"
)

// TestJournalKeepsEveryWarning: the journal entry of a request carries the
// warnings its answer carried, those the business rules raised included
// (here the documented SWAP_DEVICES confirmation's device mismatch, register
// MP-14, and the body's), for accepted and refused requests alike.
func TestJournalKeepsEveryWarning(t *testing.T) {
	_, c := start(t, mock.Config{})
	swap := documented(t, "mobproc/swap-devices.request.json")
	tests := []struct {
		name   string
		body   any
		status int
	}{
		{"accepted", swap, 200},
		{"refused for an unknown model", set(t, swap, "/orderRequest/newDevice/modelId", "nope"), 422},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tenant := "journal-" + tt.name[:7]
			c := c.as(tenant)
			r := c.do("POST", "/mobproc/v1/orders?confirm=true", tt.body).want(t, tt.status)
			answered := r.Header.Values("X-Mobmock-Warning")
			j := c.do("GET", "/__admin/journal?tenant="+tenant, nil).want(t, 200)
			var got struct {
				Requests []struct {
					Warnings []struct {
						Code, Discrepancy string
					}
				}
			}
			if err := json.Unmarshal(j.Raw, &got); err != nil || len(got.Requests) != 1 {
				t.Fatalf("journal: %v %s", err, j.Raw)
			}
			mismatch := false
			for _, w := range got.Requests[0].Warnings {
				mismatch = mismatch || w.Code == "device-mismatch" && w.Discrepancy == "MP-14"
			}
			if !mismatch {
				t.Errorf("the journal misses the device-mismatch warning (MP-14): %s", j.Raw)
			}
			if len(got.Requests[0].Warnings) != len(answered) {
				t.Errorf("the answer carried %d warnings, the journal %d: %q\n%s", len(answered), len(got.Requests[0].Warnings), answered, j.Raw)
			}
		})
	}
}
