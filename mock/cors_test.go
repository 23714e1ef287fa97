package mock_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/mobmock/mobmock/mock"
)

// TestCORSPreflight sends the preflight a browser sends before a
// cross-origin POST with the MOBPROC headers and a bearer token, then the
// request itself, and checks what the browser needs to let the app read the
// answer.
func TestCORSPreflight(t *testing.T) {
	const origin = "http://localhost:3000"
	tests := []struct {
		name      string
		cors      []string
		origin    string
		wantAllow string // Access-Control-Allow-Origin; "" when refused
	}{
		{name: "any origin", cors: []string{"*"}, origin: origin, wantAllow: "*"},
		{name: "a listed origin", cors: []string{"http://app.test", origin}, origin: origin, wantAllow: origin},
		{name: "an unlisted origin", cors: []string{"http://app.test"}, origin: origin},
		{name: "CORS off", origin: origin},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := devServer(t, mock.Config{CORS: tt.cors, Auth: mock.AuthRequired})
			for _, path := range []string{"/mobproc/v1/orders", "/1/activities", "/openapi/mobproc.yaml"} {
				pre, err := http.NewRequest(http.MethodOptions, s.URL+path, nil)
				if err != nil {
					t.Fatal(err)
				}
				pre.Header.Set("Origin", tt.origin)
				pre.Header.Set("Access-Control-Request-Method", "POST")
				pre.Header.Set("Access-Control-Request-Headers", "authorization,client_id,content-type,prefer,x-tngo-tenant")
				a := devDo(t, s.Client(), pre)
				got := a.header.Get("Access-Control-Allow-Origin")
				if got != tt.wantAllow {
					t.Fatalf("preflight of %s: Access-Control-Allow-Origin %q, want %q (status %d)", path, got, tt.wantAllow, a.status)
				}
				if tt.wantAllow == "" {
					continue
				}
				if a.status/100 != 2 {
					t.Errorf("preflight of %s: status %d", path, a.status)
				}
				if m := a.header.Get("Access-Control-Allow-Methods"); !strings.Contains(m, "POST") {
					t.Errorf("preflight of %s: Access-Control-Allow-Methods %q", path, m)
				}
				h := strings.ToLower(a.header.Get("Access-Control-Allow-Headers"))
				for _, want := range []string{"authorization", "x-tngo-tenant", "client_id", "content-type", "prefer"} {
					if !strings.Contains(h, want) {
						t.Errorf("preflight of %s: Access-Control-Allow-Headers %q lacks %s", path, h, want)
					}
				}
			}
			// The request itself (with a token the mock did not issue) is
			// answered 401, and the app may read the answer and its headers.
			req := devReq(t, "POST", s.URL+"/mobproc/v1/orders?confirm=true", "acme", devFixture(t, "mobproc/suspend.request.json"))
			req.Header.Set("Origin", tt.origin)
			req.Header.Set("Authorization", "Bearer not-a-token")
			a := devDo(t, s.Client(), req)
			if a.status != http.StatusUnauthorized {
				t.Fatalf("status %d, want 401: %s", a.status, a.body)
			}
			if got := a.header.Get("Access-Control-Allow-Origin"); got != tt.wantAllow {
				t.Errorf("answer: Access-Control-Allow-Origin %q, want %q", got, tt.wantAllow)
			}
			if tt.wantAllow == "" {
				return
			}
			exposed := strings.ToLower(a.header.Get("Access-Control-Expose-Headers"))
			for _, want := range []string{"location", "x-mobmock-warning", "x-request-id", "www-authenticate"} {
				if !strings.Contains(exposed, want) {
					t.Errorf("Access-Control-Expose-Headers %q lacks %s", exposed, want)
				}
			}
		})
	}
}

// TestCORSLeavesTheAdminAPIClosed: no origin may call the admin API or read
// the console's tenant views (traffic, state), even when every origin may
// call the APIs: a page the developer visits must not rig the mock or read
// what a tenant sent.
func TestCORSLeavesTheAdminAPIClosed(t *testing.T) {
	s := devServer(t, mock.Config{CORS: []string{"*"}})
	for _, tt := range []struct{ method, path string }{
		{http.MethodOptions, "/__admin/reset"},
		{http.MethodPost, "/__admin/reset"},
		{http.MethodOptions, "/__console/traffic?tenant=acme"},
		{http.MethodGet, "/__console/traffic?tenant=acme"},
		{http.MethodGet, "/__console/state?tenant=acme"},
		{http.MethodGet, "/__console/config"},
	} {
		req, err := http.NewRequest(tt.method, s.URL+tt.path, nil)
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Origin", "http://evil.test")
		req.Header.Set("Access-Control-Request-Method", "GET")
		if a := devDo(t, s.Client(), req); a.header.Get("Access-Control-Allow-Origin") != "" {
			t.Errorf("%s %s from another origin: Access-Control-Allow-Origin %q", tt.method, tt.path, a.header.Get("Access-Control-Allow-Origin"))
		}
	}
}

// TestCORSOriginsAreChecked: a configured origin that is not one is an
// error of New, not a silently open or closed mock.
func TestCORSOriginsAreChecked(t *testing.T) {
	for _, bad := range []string{"localhost:3000", "http://app.test/path", "ftp://app.test"} {
		if _, err := mock.New(mock.Config{CORS: []string{bad}}); err == nil || !strings.Contains(err.Error(), bad) {
			t.Errorf("CORS origin %q: error %v", bad, err)
		}
	}
}
