package main

import (
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
)

// TestFloorChecksWhatTheMockChecks: the floor answers a documented request
// of each API and refuses what the mock's checks refuse (a missing header,
// an invalid body, an unknown path), so that bench/run.sh measures the
// checks and not a shortcut.
func TestFloorChecksWhatTheMockChecks(t *testing.T) {
	h, err := handler()
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()
	read := func(name string) string {
		data, err := os.ReadFile("../../fixtures/documented/" + name)
		if err != nil {
			t.Fatal(err)
		}
		return string(data)
	}
	headers := map[string]string{"X-TNGO-TENANT": "bench", "client_id": "bench", "Content-Type": "application/json"}
	tests := []struct {
		name, method, path, body string
		drop                     string
		want                     int
	}{
		{"confirmation", "POST", "/mobproc/v1/orders?confirm=true", read("mobproc/swap-devices.request.json"), "", 200},
		{"activity", "POST", "/1/activities", read("mobile/new-line.request.json"), "", 200},
		{"order read", "GET", "/mobproc/v1/orders/8712220", "", "", 200},
		{"no tenant", "GET", "/mobproc/v1/orders/8712220", "", "X-TNGO-TENANT", 400},
		{"invalid body", "POST", "/mobproc/v1/orders?confirm=true", `{"orderRequest":{"transactionType":"NOPE"}}`, "", 400},
		{"not JSON", "POST", "/1/activities", `{"activity":`, "", 400},
		{"unknown path", "GET", "/mobproc/v1/nowhere", "", "", 404},
	}
	for _, tt := range tests {
		req, err := http.NewRequest(tt.method, srv.URL+tt.path, strings.NewReader(tt.body))
		if err != nil {
			t.Fatal(err)
		}
		for k, v := range headers {
			if k != tt.drop {
				req.Header[k] = []string{v}
			}
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != tt.want {
			t.Errorf("%s: %d, want %d: %s", tt.name, resp.StatusCode, tt.want, body)
		}
	}
}
