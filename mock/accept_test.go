package mock_test

import (
	"net/http"
	"testing"

	"github.com/mobmock/mobmock/mock"
)

// TestAcceptNegotiation: a request whose Accept header allows no JSON gets
// a 406 in the error shape of its API; every way of allowing JSON is served.
func TestAcceptNegotiation(t *testing.T) {
	s := devServer(t, mock.Config{})
	tests := []struct {
		name, path, accept string
		want               int
	}{
		{"no Accept header", "/mobproc/v1/orders", "", 200},
		{"application/json", "/mobproc/v1/orders", "application/json", 200},
		{"anything", "/mobproc/v1/orders", "*/*", 200},
		{"application/*", "/1/activities", "application/*", 200},
		{"a +json type", "/1/activities", "application/problem+json", 200},
		{"html before anything", "/1/activities", "text/html, */*;q=0.1", 200},
		{"html only (MOBPROC)", "/mobproc/v1/orders", "text/html", 406},
		{"xml only (Mobile)", "/1/activities", "application/xml", 406},
		{"JSON refused with q=0", "/mobproc/v1/orders", "application/json;q=0", 406},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := devReq(t, "GET", s.URL+tt.path, "acme", nil)
			if tt.accept != "" {
				req.Header.Set("Accept", tt.accept)
			}
			a := devDo(t, s.Client(), req)
			if a.status != tt.want {
				t.Fatalf("status %d, want %d: %s", a.status, tt.want, a.body)
			}
			if tt.want != http.StatusNotAcceptable {
				return
			}
			e := a.firstError(t)
			if e["code"] != "not-acceptable" || e["parameter"] != "Accept" {
				t.Errorf("error %v, want code not-acceptable about Accept", e)
			}
			// MOBPROC's error shape has "status": "ERROR"; Mobile's has not.
			if _, has := a.json(t)["status"]; has != (tt.path[1] == 'm') {
				t.Errorf("the 406 is not in the error shape of %s: %s", tt.path, a.body)
			}
		})
	}
}
