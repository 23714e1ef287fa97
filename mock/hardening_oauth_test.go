package mock_test

import (
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/mobmock/mobmock/mock"
)

// TestPasswordGrantBindsTheTenant: a seeded user gets tokens only for the
// tenants it belongs to in the world; a login for another tenant is
// invalid_grant, and no token it could have had reaches that tenant.
func TestPasswordGrantBindsTheTenant(t *testing.T) {
	_, c := start(t, mock.Config{Auth: mock.AuthRequired})
	for _, tt := range []struct {
		tenant, user string
		status       int
		code         string
	}{
		{"acme", "peter.edwards.acme", 200, ""},
		{"globex", "peter.edwards.acme", 400, "invalid_grant"},
		{"xx1", "mike.mcpadden.xx1", 200, ""},
		{"xx1", "peter.edwards.acme", 400, "invalid_grant"},
		{"sandbox", "administrator@sandbox.com", 200, ""},
		{"globex", "administrator@sandbox.com", 400, "invalid_grant"},
	} {
		t.Run(tt.user+" in "+tt.tenant, func(t *testing.T) {
			status, body := passwordToken(t, c, tt.tenant, tt.user, "mobmock")
			if status != tt.status || tt.code != "" && body["error"] != tt.code {
				t.Fatalf("got %d %v, want %d %s", status, body, tt.status, tt.code)
			}
			if tt.code != "" && !strings.Contains(body["error_description"].(string), tt.tenant) {
				t.Errorf("the refusal does not name the tenant: %v", body)
			}
		})
	}
}

// noRedirects is a client that shows redirects instead of following them.
func noRedirects(c *client) *http.Client {
	hc := *c.hc
	hc.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return &hc
}

// TestImplicitFlow: GET /oauth/authorize shows a login form and issues no
// token; the form's POST needs the user's password and tenant; the flow
// redirects only to registered redirect URIs (loopback http, and those
// configured), and answers anything else with an error page.
func TestImplicitFlow(t *testing.T) {
	s, c := start(t, mock.Config{Auth: mock.AuthRequired, RedirectURIs: []string{"https://app.example/cb"}})
	hc := noRedirects(c)
	params := func(redirect string) url.Values {
		return url.Values{"response_type": {"token"}, "client_id": {"app"}, "tenant": {"acme"}, "state": {"s1"}, "redirect_uri": {redirect}}
	}
	// read returns an answer and its body as text.
	read := func(t *testing.T, resp *http.Response, err error) (*http.Response, string) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		if err != nil {
			t.Fatal(err)
		}
		return resp, string(b)
	}
	get := func(t *testing.T, v url.Values) (*http.Response, string) {
		t.Helper()
		resp, err := hc.Get(s.URL + "/oauth/authorize?" + v.Encode())
		return read(t, resp, err)
	}
	post := func(t *testing.T, v url.Values) (*http.Response, string) {
		t.Helper()
		resp, err := hc.PostForm(s.URL+"/oauth/authorize", v)
		return read(t, resp, err)
	}
	t.Run("GET shows a form and issues nothing", func(t *testing.T) {
		resp, body := get(t, params("http://127.0.0.1:8000/cb"))
		if resp.StatusCode != 200 || resp.Header.Get("Location") != "" || !strings.Contains(body, `type="password"`) || strings.Contains(body, "mm_") {
			t.Errorf("%d %q: %s", resp.StatusCode, resp.Header.Get("Location"), body)
		}
	})
	for _, bad := range []string{"javascript:alert(1)", "data:text/html,<script>alert(1)</script>", "https://evil.example/cb",
		"http://127.0.0.1.evil.example/cb", "https://app.example/other", "http://user@127.0.0.1/cb", "//127.0.0.1/cb"} {
		t.Run("refuses "+bad, func(t *testing.T) {
			for _, send := range []func(*testing.T, url.Values) (*http.Response, string){get, post} {
				v := params(bad)
				v.Set("username", "peter.edwards.acme")
				v.Set("password", "mobmock")
				resp, body := send(t, v)
				if resp.StatusCode != 400 || resp.Header.Get("Location") != "" || !strings.Contains(body, "redirect_uri") || strings.Contains(body, "mm_") {
					t.Errorf("%d %q: %s", resp.StatusCode, resp.Header.Get("Location"), body)
				}
			}
		})
	}
	for _, tt := range []struct{ name, user, pass, tenant string }{
		{"wrong password", "peter.edwards.acme", "nope", "acme"},
		{"no password", "peter.edwards.acme", "", "acme"},
		{"user of another tenant", "peter.edwards.acme", "mobmock", "globex"},
	} {
		t.Run("refuses "+tt.name, func(t *testing.T) {
			v := params("http://127.0.0.1:8000/cb")
			v.Set("username", tt.user)
			v.Set("password", tt.pass)
			v.Set("tenant", tt.tenant)
			resp, body := post(t, v)
			if resp.StatusCode != 400 || resp.Header.Get("Location") != "" || strings.Contains(body, "mm_") {
				t.Errorf("%d %q: %s", resp.StatusCode, resp.Header.Get("Location"), body)
			}
		})
	}
	for _, redirect := range []string{"http://127.0.0.1:8000/cb", "http://localhost:3000/", "http://[::1]:9/x", "https://app.example/cb?x=1"} {
		t.Run("logs in to "+redirect, func(t *testing.T) {
			v := params(redirect)
			v.Set("username", "peter.edwards.acme")
			v.Set("password", "mobmock")
			resp, _ := post(t, v)
			loc, err := url.Parse(resp.Header.Get("Location"))
			if err != nil || resp.StatusCode != 302 {
				t.Fatalf("%d %q", resp.StatusCode, resp.Header.Get("Location"))
			}
			frag, _ := url.ParseQuery(loc.Fragment)
			loc.Fragment = ""
			if loc.String() != redirect || frag.Get("state") != "s1" || frag.Get("access_token") == "" {
				t.Fatalf("redirect %s", resp.Header.Get("Location"))
			}
			a := *c
			a.token = frag.Get("access_token")
			a.do("GET", "/mobproc/v1/orders", nil).want(t, 200)
			a.as("globex").do("GET", "/mobproc/v1/orders", nil).want(t, 403)
		})
	}
	t.Run("cross-site form post", func(t *testing.T) {
		v := params("http://127.0.0.1:8000/cb")
		v.Set("username", "peter.edwards.acme")
		v.Set("password", "mobmock")
		req := newRequest(t, "POST", s.URL+"/oauth/authorize", "", map[string]string{"Content-Type": "application/x-www-form-urlencoded", "Origin": "https://evil.example", "Sec-Fetch-Site": "cross-site"})
		req.Body = ioNopCloser(v.Encode())
		resp, err := hc.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 403 || resp.Header.Get("Location") != "" {
			t.Errorf("%d %q", resp.StatusCode, resp.Header.Get("Location"))
		}
	})
}

// TestLoginThrottle: after five wrong passwords a user's logins are refused
// with 429 and Retry-After, even with the right password, until the lock
// ends; an address that fails twenty times is locked for every user.
func TestLoginThrottle(t *testing.T) {
	clk := newClock()
	_, c := start(t, mock.Config{Auth: mock.AuthRequired, Now: clk.Now})
	for range 5 {
		if status, body := passwordToken(t, c, "acme", "peter.edwards.acme", "wrong"); status != 400 || body["error"] != "invalid_grant" {
			t.Fatalf("wrong password: %d %v", status, body)
		}
	}
	check429 := func(t *testing.T, user string) {
		t.Helper()
		req := newRequest(t, "POST", c.base+"/oauth/token", "", map[string]string{"Content-Type": "application/x-www-form-urlencoded", "X-TNGO-TENANT": "acme"})
		req.Body = ioNopCloser(url.Values{"grant_type": {"password"}, "username": {user}, "password": {"mobmock"}}.Encode())
		r := c.send(req).want(t, 429)
		if r.Header.Get("Retry-After") == "" || !strings.Contains(string(r.Raw), "temporarily_unavailable") {
			t.Errorf("throttled login: %v %s", r.Header, r.Raw)
		}
	}
	check429(t, "peter.edwards.acme")
	// Another user from the same address is not locked yet.
	if status, _ := passwordToken(t, c, "xx1", "mike.mcpadden.xx1", "mobmock"); status != 200 {
		t.Errorf("another user: %d", status)
	}
	clk.Add(31 * time.Second)
	if status, body := passwordToken(t, c, "acme", "peter.edwards.acme", "mobmock"); status != 200 {
		t.Fatalf("after the lock: %d %v", status, body)
	}
	// Twenty failures from one address, over many users, lock the address.
	for i := range 20 {
		passwordToken(t, c, "acme", "guess"+strings.Repeat("x", i), "wrong")
	}
	check429(t, "mike.mcpadden.xx1")
}

// TestTokenTableIsBounded: the mock keeps at most MaxTokens tokens; the
// oldest goes first, and the newest keep working.
func TestTokenTableIsBounded(t *testing.T) {
	_, c := start(t, mock.Config{Auth: mock.AuthRequired, MaxTokens: 3})
	var toks []string
	for range 4 {
		status, body := passwordToken(t, c, "acme", "peter.edwards.acme", "mobmock")
		if status != 200 {
			t.Fatalf("token: %d %v", status, body)
		}
		toks = append(toks, body["access_token"].(string))
	}
	for i, tok := range toks {
		a := *c
		a.token = tok
		want := 200
		if i == 0 {
			want = 401
		}
		a.do("GET", "/mobproc/v1/orders", nil).want(t, want)
	}
}
