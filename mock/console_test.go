package mock_test

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mobmock/mobmock/mock"
)

// TestValidateEndpoint: POST /__validate answers a report for any body,
// refuses bad parameters with the documented error shape, follows the
// server's mode unless told, and stores nothing.
func TestValidateEndpoint(t *testing.T) {
	_, c := start(t, mock.Config{Strict: true, MaxBody: 4096})
	suspend := order("SUSPEND", map[string]any{"serviceId": "38382335"})
	leaning := map[string]any{"activity": map[string]any{"activity_type_id": 2, "employee_id": 10000, "line_id": 807778}}
	tests := []struct {
		name   string
		query  string
		body   any
		status int
		// checks on the answer: pointer → value.
		want map[string]any
		code string // the error code, for refusals
	}{
		{name: "valid order", body: suspend, status: 200, want: map[string]any{"/valid": true, "/api": "mobproc", "/type": "SUSPEND", "/mode": "strict"}},
		{name: "the server's strict mode by default", body: leaning, status: 200, want: map[string]any{"/valid": false, "/mode": "strict", "/problems/0/severity": "error"}},
		{name: "strict=false: a warning", query: "?strict=false", body: leaning, status: 200,
			want: map[string]any{"/valid": true, "/mode": "lenient", "/problems/0/severity": "warning", "/problems/0/discrepancy": "MB-2"}},
		{name: "api named", query: "?api=mobile", body: suspend, status: 200, want: map[string]any{"/valid": false, "/api": "mobile"}},
		{name: "not JSON is a report, not an error", body: "{", status: 200, want: map[string]any{"/valid": false, "/problems/0/code": "invalid-json"}},
		{name: "bad api", query: "?api=soap", body: suspend, status: 400, code: "invalid-parameter"},
		{name: "bad strict", query: "?strict=maybe", body: suspend, status: 400, code: "invalid-parameter"},
		{name: "unknown parameter", query: "?confirm=true", body: suspend, status: 400, code: "unknown-parameter"},
		{name: "body over the limit", body: strings.Repeat(" ", 5000), status: 413, code: "body-too-large"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var r response
			if s, ok := tt.body.(string); ok {
				r = c.send(newRequest(t, "POST", c.base+"/__validate"+tt.query, s, nil))
			} else {
				r = c.do("POST", "/__validate"+tt.query, tt.body)
			}
			r.want(t, tt.status)
			for ptr, v := range tt.want {
				if got := r.at(t, ptr); got != v && r.str(t, ptr) != v {
					t.Errorf("%s = %v, want %v", ptr, got, v)
				}
			}
			if tt.code != "" && r.str(t, "/errors/0/code") != tt.code {
				t.Errorf("error %s, want %s", r.Raw, tt.code)
			}
		})
	}
	state := c.do("GET", "/__console/state?tenant=acme", nil).want(t, 200)
	if n := len(state.at(t, "/orders").([]any)); n != 0 {
		t.Errorf("/__validate stored %d orders", n)
	}
}

// TestConsoleTenantScope: with auth required, the console's traffic and
// state of a tenant need a token of that tenant.
func TestConsoleTenantScope(t *testing.T) {
	s, c := start(t, mock.Config{Auth: mock.AuthRequired})
	form := url.Values{"grant_type": {"password"}, "username": {"peter.edwards.acme"}, "password": {"mobmock"}}
	req := newRequest(t, "POST", s.URL+"/oauth/token", "", map[string]string{"X-TNGO-TENANT": "acme", "Content-Type": "application/x-www-form-urlencoded"})
	req.Body = ioNopCloser(form.Encode())
	c.token = c.send(req).want(t, 200).str(t, "/access_token")
	c.do("POST", "/mobproc/v1/orders", order("SUSPEND", map[string]any{"serviceId": "38382335"})).want(t, 200)
	for _, p := range []string{"/__console/traffic", "/__console/state"} {
		t.Run(p, func(t *testing.T) {
			c.do("GET", p+"?tenant=acme", nil).want(t, 200)
			r := c.do("GET", p+"?tenant=globex", nil).want(t, 403)
			if !r.hasError("forbidden", "Authorization") {
				t.Errorf("another tenant's %s: %s", p, r.Raw)
			}
			anon := *c
			anon.token = ""
			anon.do("GET", p+"?tenant=acme", nil).want(t, 401)
			c.do("GET", p+"?tenant=", nil).want(t, 400)
		})
	}
	if r := c.do("GET", "/__console/traffic?tenant=acme", nil); strings.Contains(string(r.Raw), c.token) {
		t.Errorf("the journal shows the bearer token: %s", r.Raw)
	}
}

// TestConsoleTraffic: the journal of a tenant, in full, newest first, with
// the console's own calls left out, filtered by status and API.
func TestConsoleTraffic(t *testing.T) {
	_, c := start(t, mock.Config{})
	c.do("POST", "/mobproc/v1/orders?confirm=true", order("SUSPEND", map[string]any{"serviceId": "38382335"})).want(t, 200)
	c.do("POST", "/mobproc/v1/orders?confirm=true", order("SUSPENDED", map[string]any{"serviceId": "38382335"})).want(t, 400)
	c.do("GET", "/1/lines?employee_id=10000", nil).want(t, 200)
	c.as("globex").do("GET", "/1/lines?employee_id=10000", nil).want(t, 200)
	c.do("GET", "/__console/config", nil).want(t, 200)
	all := c.do("GET", "/__console/traffic?tenant=acme", nil).want(t, 200)
	reqs := all.at(t, "/requests").([]any)
	if len(reqs) != 3 {
		t.Fatalf("%d requests, want 3: %s", len(reqs), all.Raw)
	}
	if all.str(t, "/requests/0/path") != "/1/lines" || all.str(t, "/requests/1/response/body") == "" ||
		!strings.Contains(all.str(t, "/requests/1/request/body"), "SUSPENDED") || all.str(t, "/requests/1/errors/0/code") != "enum" ||
		all.str(t, "/requests/1/query") != "confirm=true" || all.str(t, "/requests/1/api") != "mobproc" {
		t.Errorf("traffic: %s", all.Raw)
	}
	for _, tt := range []struct{ query, first string }{{"&status=4xx", "/requests/0/status"}, {"&api=mobile", "/requests/0/api"}, {"&status=200&api=mobproc", "/requests/0/status"}} {
		r := c.do("GET", "/__console/traffic?tenant=acme"+tt.query, nil).want(t, 200)
		if n := len(r.at(t, "/requests").([]any)); n != 1 {
			t.Errorf("%s: %d requests, want 1: %s", tt.query, n, r.Raw)
		}
	}
	c.do("GET", "/__console/traffic?tenant=acme&limit=0", nil).want(t, 400)
}

// TestConsolePage: the page and its files are served, the examples cover
// every transaction and activity type, and the documents render as JSON.
func TestConsolePage(t *testing.T) {
	_, c := start(t, mock.Config{})
	for _, tt := range []struct{ path, ctype, words string }{
		{"/", "text/html", "mobmock console"},
		{"/console/app.js", "text/javascript", "/__validate"},
		{"/console/style.css", "text/css", "@media"},
	} {
		r := c.do("GET", tt.path, nil).want(t, 200)
		if !strings.HasPrefix(r.Header.Get("Content-Type"), tt.ctype) || !strings.Contains(string(r.Raw), tt.words) {
			t.Errorf("%s: %s, %.80s", tt.path, r.Header.Get("Content-Type"), r.Raw)
		}
	}
	c.do("GET", "/console/web.go", nil).want(t, 404)
	c.do("GET", "/console/../mock.go", nil).want(t, 404)
	ex := c.do("GET", "/__console/examples", nil).want(t, 200)
	types := map[string]map[string]bool{"mobproc": {}, "mobile": {}}
	for _, e := range ex.at(t, "/examples").([]any) {
		m := e.(map[string]any)
		types[m["api"].(string)][m["type"].(string)] = true
	}
	if len(types["mobproc"]) != 12 || len(types["mobile"]) != 31 {
		t.Errorf("examples cover %d transaction types and %d activity types, want 12 and 31", len(types["mobproc"]), len(types["mobile"]))
	}
	for _, api := range []string{"mobproc", "mobile"} {
		if r := c.do("GET", "/__console/openapi/"+api, nil).want(t, 200); r.at(t, "/paths") == nil {
			t.Errorf("%s: no paths", api)
		}
	}
	c.do("GET", "/__console/openapi/soap", nil).want(t, 404)
	if r := c.do("GET", "/__console/register", nil).want(t, 200); len(r.at(t, "/entries").([]any)) < 50 {
		t.Errorf("register: %.200s", r.Raw)
	}
	if r := c.do("GET", "/__console/config", nil).want(t, 200); r.at(t, "/admin") != true {
		t.Errorf("config: %s", r.Raw)
	}
}

// TestConsoleTrafficBounded: the bodies the journal keeps count against its
// byte budget, and a body longer than what is kept says it was cut.
func TestConsoleTrafficBounded(t *testing.T) {
	_, c := start(t, mock.Config{JournalBytes: 64 << 10, MaxBody: 1 << 20})
	long := order("SUSPEND", map[string]any{"serviceId": "38382335", "comment": strings.Repeat("x", 40<<10)})
	for range 10 {
		c.do("POST", "/mobproc/v1/orders?confirm=true", long)
	}
	r := c.do("GET", "/__console/traffic?tenant=acme", nil).want(t, 200)
	reqs := r.at(t, "/requests").([]any)
	if len(reqs) == 0 || len(reqs) >= 10 {
		t.Fatalf("%d of 10 requests kept in a 64 KiB journal", len(reqs))
	}
	if r.at(t, "/requests/0/request/truncated") != true || len(r.str(t, "/requests/0/request/body")) != 16<<10 {
		t.Errorf("a 40 KiB body is kept whole or unmarked: truncated=%v, %d bytes", r.at(t, "/requests/0/request/truncated"), len(r.str(t, "/requests/0/request/body")))
	}
}

// TestConsoleViewsWithAdminToken: a mock started with --admin-token shows a
// tenant's traffic and state to the admin token (and, with auth required,
// to a token of that tenant), and to nobody else; the admin token counts
// only as "Bearer <token>".
func TestConsoleViewsWithAdminToken(t *testing.T) {
	const admin = "s3cret-admin"
	for _, auth := range []string{mock.AuthOff, mock.AuthRequired} {
		t.Run("auth "+auth, func(t *testing.T) {
			s, c := start(t, mock.Config{AdminToken: admin, Auth: auth})
			for _, p := range []string{"/__console/traffic?tenant=globex", "/__console/state?tenant=globex"} {
				for _, tt := range []struct {
					authorization string
					want          int
				}{
					{"", 401},
					{admin, 401},
					{"Basic " + admin, 401},
					{"Bearer wrong", 401},
					{"Bearer " + admin, 200},
				} {
					h := map[string]string{}
					if tt.authorization != "" {
						h["Authorization"] = tt.authorization
					}
					c.send(newRequest(t, "GET", s.URL+p, "", h)).want(t, tt.want)
				}
			}
			if auth == mock.AuthRequired {
				// A tenant's token still shows its own tenant, not another.
				_, tok := passwordToken(t, c, "acme", "peter.edwards.acme", "mobmock")
				bearer := map[string]string{"Authorization": "Bearer " + tok["access_token"].(string)}
				c.send(newRequest(t, "GET", s.URL+"/__console/traffic?tenant=acme", "", bearer)).want(t, 200)
				c.send(newRequest(t, "GET", s.URL+"/__console/traffic?tenant=globex", "", bearer)).want(t, 403)
			}
			// The admin API itself takes the token only after "Bearer ",
			// in any case.
			c.send(newRequest(t, "GET", s.URL+"/__admin/tenants", "", map[string]string{"Authorization": admin})).want(t, 401)
			c.send(newRequest(t, "GET", s.URL+"/__admin/tenants", "", map[string]string{"Authorization": "Bearer " + admin})).want(t, 200)
			c.send(newRequest(t, "GET", s.URL+"/__admin/tenants", "", map[string]string{"Authorization": "bearer " + admin})).want(t, 200)
		})
	}
}

// TestJournalKeepsNoCredentials: with auth required, a request without a
// token of the tenant it names is not shown in that tenant's traffic (anyone
// may name a tenant), and no credential header is shown in full.
func TestJournalKeepsNoCredentials(t *testing.T) {
	s, c := start(t, mock.Config{Auth: mock.AuthRequired})
	form := url.Values{"grant_type": {"password"}, "username": {"peter.edwards.acme"}, "password": {"mobmock"}}
	req := newRequest(t, "POST", s.URL+"/oauth/token", "", map[string]string{"X-TNGO-TENANT": "acme", "Content-Type": "application/x-www-form-urlencoded"})
	req.Body = ioNopCloser(form.Encode())
	c.token = c.send(req).want(t, 200).str(t, "/access_token")
	secrets := map[string]string{"Proxy-Authorization": "Basic cHJveHk6c2VjcmV0", "X-Api-Key": "key-123456", "X-Auth-Token": "tok-123456",
		"Cookie": "theme=dark; session=abcdef", "X-Client-Secret": "shh-123456", "Ocp-Apim-Subscription-Key": "sub-123456"}
	h := map[string]string{"X-TNGO-TENANT": "acme", "client_id": "test", "Authorization": "Bearer " + c.token, "Content-Type": "application/json"}
	for k, v := range secrets {
		h[k] = v
	}
	c.send(newRequest(t, "GET", s.URL+"/mobproc/v1/orders", "", h)).want(t, 200)
	// A credential in the query (refused, and journaled) is masked too.
	c.send(newRequest(t, "GET", s.URL+"/mobproc/v1/orders?access_token=qs-123456", "", h)).want(t, 400)
	secrets["access_token"] = "qs-123456"
	// Someone without acme's token, naming acme.
	c.send(newRequest(t, "GET", s.URL+"/mobproc/v1/orders?forged=1", "", map[string]string{"X-TNGO-TENANT": "acme", "client_id": "evil"})).want(t, 401)
	// A request with acme's token answered before the token is checked
	// (here a 406) is still acme's.
	c.send(newRequest(t, "GET", s.URL+"/mobproc/v1/orders", "", map[string]string{"X-TNGO-TENANT": "acme", "client_id": "test",
		"Authorization": "Bearer " + c.token, "Accept": "text/html"})).want(t, 406)
	r := c.do("GET", "/__console/traffic?tenant=acme", nil).want(t, 200)
	reqs := r.at(t, "/requests").([]any)
	if len(reqs) != 3 || r.str(t, "/requests/0/status") != "406" {
		t.Fatalf("acme's traffic has %d requests, want its own 3 (the newest the 406): %s", len(reqs), r.Raw)
	}
	for k, v := range secrets {
		if strings.Contains(string(r.Raw), v) {
			t.Errorf("the journal shows %s: %s", k, r.Raw)
		}
		if k == "access_token" {
			continue
		}
		if _, ok := r.at(t, "/requests/2/request/headers").(map[string]any)[k]; !ok {
			t.Errorf("the journal leaves out the header %s (it should show it masked): %s", k, r.Raw)
		}
	}
	if got := r.str(t, "/requests/1/query"); got != "access_token=…" {
		t.Errorf("query %q, want the token masked", got)
	}
	if !strings.Contains(string(r.Raw), `"Proxy-Authorization":"Basic …"`) {
		t.Errorf("Proxy-Authorization does not keep its scheme: %s", r.Raw)
	}
	if strings.Contains(string(r.Raw), c.token) {
		t.Errorf("the journal shows the bearer token: %s", r.Raw)
	}
}

// TestConsoleTrafficIsWhatWasSent: the console shows each answer's body as
// the client received it, byte for byte, links included, whichever way the
// journal kept it (copied, or referred to when it is a stored record's
// bytes): a confirmation, a submission, an order read back, its list, an
// activity created and read back, and through a proxy's forwarded host.
func TestConsoleTrafficIsWhatWasSent(t *testing.T) {
	_, c := start(t, mock.Config{})
	var sent [][]byte
	keep := func(r response) response { sent = append(sent, r.Raw); return r }
	keep(c.do("POST", "/mobproc/v1/orders?confirm=true", order("SUSPEND", map[string]any{"serviceId": "38382335"})).want(t, 200))
	o := keep(c.do("POST", "/mobproc/v1/orders", order("SUSPEND", map[string]any{"serviceId": "38382335"})).want(t, 200))
	id := o.str(t, "/order/orderId")
	keep(c.do("GET", "/mobproc/v1/orders/"+id, nil).want(t, 200))
	keep(c.do("GET", "/mobproc/v1/orders?limit=5", nil).want(t, 200))
	a := keep(c.do("POST", "/1/activities", documented(t, "mobile/new-line.request.json")).want(t, 201))
	keep(c.do("GET", "/1/activities/"+fmt.Sprint(a.at(t, "/id")), nil).want(t, 200))
	req, err := http.NewRequest("GET", c.base+"/mobproc/v1/orders/"+id, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("X-TNGO-TENANT", "acme")
	req.Header.Set("X-Forwarded-Host", "partner.example")
	req.Header["client_id"] = []string{"test"}
	keep(c.send(req).want(t, 200))
	if !bytes.Contains(sent[len(sent)-1], []byte(`"http://partner.example/mobproc/v1/orders/`+id)) {
		t.Fatalf("the forwarded host is not in the links: %s", sent[len(sent)-1])
	}
	r := c.do("GET", "/__console/traffic?tenant=acme", nil).want(t, 200)
	reqs := r.at(t, "/requests").([]any)
	if len(reqs) != len(sent) {
		t.Fatalf("%d requests in the traffic, want %d", len(reqs), len(sent))
	}
	for i := range sent {
		// The traffic lists the newest first.
		got := r.str(t, fmt.Sprintf("/requests/%d/response/body", len(sent)-1-i))
		if diff := cmp.Diff(string(sent[i]), got); diff != "" {
			t.Errorf("answer %d (-sent +console):\n%s", i, diff)
		}
	}
}
