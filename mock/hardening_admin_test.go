package mock_test

import (
	"testing"

	"github.com/mobmock/mobmock/mock"
)

// TestAdminRefusesCrossSiteRequests: a state-changing admin route refuses
// what a page of another site can send (a form post, text/plain, a request
// with a foreign Origin or Sec-Fetch-Site: cross-site), so it cannot reset
// the mock; curl-like requests (no body, or JSON) still work.
func TestAdminRefusesCrossSiteRequests(t *testing.T) {
	s, c := start(t, mock.Config{})
	c.do("POST", "/mobproc/v1/orders", documented(t, "mobproc/suspend.request.json")).want(t, 200)
	for _, tt := range []struct {
		name    string
		headers map[string]string
		body    string
		status  int
	}{
		{"form post from another site", map[string]string{"Content-Type": "application/x-www-form-urlencoded", "Origin": "https://evil.example"}, "a=b", 403},
		{"form post without Origin", map[string]string{"Content-Type": "application/x-www-form-urlencoded"}, "a=b", 415},
		{"multipart form", map[string]string{"Content-Type": "multipart/form-data; boundary=x"}, "--x--", 415},
		{"text/plain", map[string]string{"Content-Type": "text/plain"}, "{}", 415},
		{"cross-site fetch", map[string]string{"Sec-Fetch-Site": "cross-site"}, "", 403},
		{"foreign Origin with JSON", map[string]string{"Content-Type": "application/json", "Origin": "https://evil.example"}, "{}", 403},
	} {
		t.Run(tt.name, func(t *testing.T) {
			for _, path := range []string{"/__admin/reset", "/__admin/tenants/acme/reset", "/__admin/tenants/acme/advance"} {
				req := newRequest(t, "POST", s.URL+path, "", tt.headers)
				if tt.body != "" {
					req.Body = ioNopCloser(tt.body)
					req.ContentLength = int64(len(tt.body))
				}
				c.send(req).want(t, tt.status)
			}
			if n := storedOrders(t, c); n != 1 {
				t.Fatalf("a refused admin request changed the state: %d orders", n)
			}
		})
	}
	same := newRequest(t, "POST", s.URL+"/__admin/tenants/acme/advance", "{}", map[string]string{"Origin": s.URL})
	c.send(same).want(t, 200)
	c.do("POST", "/__admin/tenants/acme/reset", nil).want(t, 200)
	if n := storedOrders(t, c); n != 0 {
		t.Fatalf("reset left %d orders", n)
	}
}
