package mock_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/mobmock/mobmock/mock"
)

// passwordToken asks the token endpoint for a token and returns the status
// and the decoded answer.
func passwordToken(t *testing.T, c *client, tenant, user, pass string) (int, map[string]any) {
	t.Helper()
	form := url.Values{"grant_type": {"password"}, "username": {user}, "password": {pass}}
	req := newRequest(t, "POST", c.base+"/oauth/token", "", map[string]string{"Content-Type": "application/x-www-form-urlencoded"})
	if tenant != "" {
		req.Header["X-TNGO-TENANT"] = []string{tenant}
	}
	req.Body = ioNopCloser(form.Encode())
	req.ContentLength = int64(len(form.Encode()))
	r := c.send(req)
	m, _ := r.Body.(map[string]any)
	return r.Status, m
}

// TestTenantNamesHaveOneRule: a tenant name from any source (header, Host
// subdomain, token endpoint, admin path) that is empty, has spaces or
// control characters, or is too long is a 400 in the API's error shape; an
// empty subdomain never becomes a tenant every token can use.
func TestTenantNamesHaveOneRule(t *testing.T) {
	s, c := start(t, mock.Config{Auth: mock.AuthRequired})
	status, tok := passwordToken(t, c, "acme", "peter.edwards.acme", "mobmock")
	if status != 200 {
		t.Fatalf("token: %d %v", status, tok)
	}
	bearer := "Bearer " + tok["access_token"].(string)
	for _, tt := range []struct {
		name, path, host string
		headers          map[string]string
		param            string
	}{
		{"empty subdomain", "/1/lines?employee_id=10000", ".x.y", nil, "Host"},
		{"empty subdomain with port", "/1/lines?employee_id=10000", ".mock.test:8080", nil, "Host"},
		{"subdomain too long", "/1/lines?employee_id=10000", strings.Repeat("a", 65) + ".x.y", nil, "Host"},
		{"empty header", "/1/lines?employee_id=10000", "", map[string]string{"X-TNGO-TENANT": ""}, "X-TNGO-TENANT"},
		{"header with a space", "/mobproc/v1/orders", "", map[string]string{"X-TNGO-TENANT": "ac me"}, "X-TNGO-TENANT"},
		{"header too long", "/mobproc/v1/orders", "", map[string]string{"X-TNGO-TENANT": strings.Repeat("a", 65)}, "X-TNGO-TENANT"},
		// Names that read as path segments or options: "." and ".." would
		// name the parent in an admin path or a state file's key.
		{"header dot", "/mobproc/v1/orders", "", map[string]string{"X-TNGO-TENANT": "."}, "X-TNGO-TENANT"},
		{"header dot dot", "/1/lines?employee_id=10000", "", map[string]string{"X-TNGO-TENANT": ".."}, "X-TNGO-TENANT"},
		{"header leading dash", "/mobproc/v1/orders", "", map[string]string{"X-TNGO-TENANT": "-acme"}, "X-TNGO-TENANT"},
		{"subdomain leading underscore", "/1/lines?employee_id=10000", "_acme.mock.test", nil, "Host"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			h := map[string]string{"client_id": "test", "Authorization": bearer}
			for k, v := range tt.headers {
				h[k] = v
			}
			req := newRequest(t, "GET", s.URL+tt.path, "", h)
			if tt.host != "" {
				req.Host = tt.host
			}
			r := c.send(req).want(t, 400)
			if !r.hasError("invalid-parameter", tt.param) {
				t.Errorf("no invalid-parameter error naming %s: %s", tt.param, r.Raw)
			}
			m, _ := r.Body.(map[string]any)
			if _, mobproc := m["status"]; mobproc == strings.HasPrefix(tt.path, "/1/") {
				t.Errorf("not the API's error shape: %s", r.Raw)
			}
		})
	}
	t.Run("token endpoint", func(t *testing.T) {
		for _, bad := range []string{"ac me", strings.Repeat("a", 65), "..", ".", "-acme"} {
			if status, body := passwordToken(t, c, bad, "peter.edwards.acme", "mobmock"); status != 400 || body["error"] != "invalid_request" {
				t.Errorf("tenant %q: %d %v", bad, status, body)
			}
		}
	})
	t.Run("admin path", func(t *testing.T) {
		for _, path := range []string{"/__admin/tenants/a%00b", "/__admin/tenants/a%20b/reset", "/__admin/tenants/a%0Ab/advance", "/__admin/tenants/.acme/reset"} {
			method := "GET"
			if !strings.HasPrefix(path, "/__admin/tenants/a%00b") {
				method = "POST"
			}
			r := c.send(newRequest(t, method, s.URL+path, "", nil)).want(t, 400)
			if !r.hasError("invalid-parameter", "tenant") {
				t.Errorf("%s: %s", path, r.Raw)
			}
		}
		list := c.send(newRequest(t, "GET", s.URL+"/__admin/tenants", "", nil)).want(t, 200)
		for _, name := range list.at(t, "/tenants").([]any) {
			if name != "acme" {
				t.Errorf("the admin API holds tenant %q", name)
			}
		}
	})
}
