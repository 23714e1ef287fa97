package mock_test

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mobmock/mobmock/fixtures"
	"github.com/mobmock/mobmock/mock"
)

// positive returns the request bodies of the positive request cases of an
// API (fixtures/cases/<api>/requests.json), by case name.
func positive(t *testing.T, api string) map[string]any {
	t.Helper()
	out := map[string]any{}
	for _, c := range cases(t).Cases {
		if c.File == "cases/"+api+"/requests.json" {
			out[c.Name] = c.Steps[0].Request.Payload
		}
	}
	return out
}

// TestEveryTransactionTypeRoundTrips submits one order of each of the 12
// transaction types and reads it back by id.
func TestEveryTransactionTypeRoundTrips(t *testing.T) {
	bodies := positive(t, "mobproc")
	types := map[string]bool{}
	for name, body := range bodies {
		t.Run(name, func(t *testing.T) {
			_, c := start(t, mock.Config{})
			sub := c.do("POST", "/mobproc/v1/orders", body).want(t, 200)
			tt := sub.str(t, "/order/transactionType")
			types[tt] = true
			if st := sub.str(t, "/order/status"); st != "ORDER_SUBMITTED" {
				t.Errorf("status %s, want ORDER_SUBMITTED", st)
			}
			id := sub.str(t, "/order/orderId")
			got := c.do("GET", "/mobproc/v1/orders/"+id, nil).want(t, 200)
			if diff := cmp.Diff(sub.Body, got.Body); diff != "" {
				t.Errorf("read back differs (-submit +get):\n%s", diff)
			}
		})
	}
	if len(types) != 12 {
		t.Errorf("%d transaction types round-tripped, want 12: %v", len(types), types)
	}
}

// TestEveryActivityTypeRoundTrips creates one activity of each of the 31
// types from its documented request and reads it back by id.
func TestEveryActivityTypeRoundTrips(t *testing.T) {
	bodies := positive(t, "mobile")
	typeIDs := map[string]bool{}
	for name, body := range bodies {
		t.Run(name, func(t *testing.T) {
			_, c := start(t, mock.Config{})
			created := c.do("POST", "/1/activities", body).want(t, 201)
			id := created.str(t, "/id")
			typeIDs[created.str(t, "/activity_type_id")] = true
			if loc := created.Header.Get("Location"); !strings.HasSuffix(loc, "/1/activities/"+id) {
				t.Errorf("Location %q does not name activity %s", loc, id)
			}
			want := "approved"
			if created.str(t, "/activity_type_id") == "29" {
				// Enter BYOM "routes for approval if specified": the
				// documented request does not set skip_approval.
				want = "awaiting_approval"
			}
			if st := created.str(t, "/state"); st != want {
				t.Errorf("state %s, want %s", st, want)
			}
			got := c.do("GET", "/1/activities/"+id, nil).want(t, 200)
			if diff := cmp.Diff(created.Body, got.Body); diff != "" {
				t.Errorf("read back differs (-create +get):\n%s", diff)
			}
		})
	}
	if len(typeIDs) != 31 {
		t.Errorf("%d activity types round-tripped, want 31", len(typeIDs))
	}
}

// TestBusinessErrors sends every fixture case tagged "business" (unknown
// ids, wrong states, device mismatches, properties) and checks the status
// and that the error names the field, in the API's error shape.
func TestBusinessErrors(t *testing.T) {
	n := 0
	for _, cs := range cases(t).Cases {
		if !cs.HasTag("business") || len(cs.Steps) != 1 {
			continue
		}
		n++
		t.Run(cs.Name, func(t *testing.T) {
			_, c := start(t, mock.Config{})
			st := cs.Steps[0]
			r := c.step(st)
			r.want(t, st.Expect.Status)
			for _, p := range st.Expect.Problems {
				ptr := p.Pointer
				if p.Parameter != "" {
					ptr = p.Parameter
				}
				if !r.hasError(p.Code, ptr) {
					t.Errorf("no %s error at %s in %s", p.Code, ptr, r.Raw)
				}
			}
			if cs.API() == "mobproc" && r.str(t, "/status") != "ERROR" {
				t.Errorf("MOBPROC errors carry status ERROR: %s", r.Raw)
			}
		})
	}
	if n < 10 {
		t.Fatalf("only %d business cases", n)
	}
}

// step sends a one-step fixture case's request.
func (c *client) step(st fixtures.Step) response {
	c.t.Helper()
	q := ""
	if len(st.Request.Query) > 0 {
		var parts []string
		for k, v := range st.Request.Query {
			parts = append(parts, k+"="+v)
		}
		q = "?" + strings.Join(parts, "&")
	}
	d := *c
	if len(st.Request.Headers) > 0 || len(st.Request.OmitHeaders) > 0 {
		// Header cases are covered by TestHeaders.
		c.t.Skip("header case")
	}
	return d.do(st.Request.Method, st.Request.Path+q, st.Request.Payload)
}

// TestHeaders: MOBPROC requests without X-TNGO-TENANT or client_id are
// refused in the ERROR shape naming the header.
func TestHeaders(t *testing.T) {
	s, _ := start(t, mock.Config{})
	body := `{"orderRequest":{"transactionType":"SUSPEND","serviceId":"38382335"}}`
	tests := []struct {
		name    string
		headers map[string]string
		missing []string
	}{
		{"no tenant", map[string]string{"client_id": "x"}, []string{"X-TNGO-TENANT"}},
		{"no client_id", map[string]string{"X-TNGO-TENANT": "acme"}, []string{"client_id"}},
		{"neither", map[string]string{}, []string{"X-TNGO-TENANT", "client_id"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := newRequest(t, "POST", s.URL+"/mobproc/v1/orders?confirm=true", body, tt.headers)
			r := (&client{t: t, hc: s.Client()}).send(req).want(t, 400)
			for _, h := range tt.missing {
				if !r.hasError("missing-header", h) {
					t.Errorf("no missing-header error naming %s: %s", h, r.Raw)
				}
			}
			var e struct {
				Status string `json:"status"`
			}
			if err := json.Unmarshal(r.Raw, &e); err != nil || e.Status != "ERROR" {
				t.Errorf("not the ERROR shape: %s", r.Raw)
			}
		})
	}
}

func TestUnknownOrderIs404(t *testing.T) {
	_, c := start(t, mock.Config{})
	for _, id := range []string{"1", "8712220", "not-a-number", strconv.Itoa(1 << 30)} {
		r := c.do("GET", "/mobproc/v1/orders/"+id, nil).want(t, 404)
		if !r.hasError("not-found", "*") {
			t.Errorf("order %s: %s", id, r.Raw)
		}
	}
	r := c.do("GET", "/1/activities/424242", nil).want(t, 404)
	if _, ok := r.Body.(map[string]any)["errors"]; !ok {
		t.Errorf("Mobile 404 not in the Mobile error shape: %s", r.Raw)
	}
}
