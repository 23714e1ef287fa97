package mock_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mobmock/mobmock/mock"
)

// TestTenantsCannotSeeEachOther: an order, an activity and a world change of
// one tenant are invisible to another, whose probes get the same 404 as for
// ids that never existed.
func TestTenantsCannotSeeEachOther(t *testing.T) {
	_, a := start(t, mock.Config{})
	b := a.as("globex")
	orderID := a.do("POST", "/mobproc/v1/orders", order("SUSPEND", map[string]any{"serviceId": "38382335"})).want(t, 200).str(t, "/order/orderId")
	actID := a.do("POST", "/1/activities", documented(t, "mobile/suspend.request.json")).want(t, 201).str(t, "/id")

	never := b.do("GET", "/mobproc/v1/orders/1", nil)
	probe := b.do("GET", "/mobproc/v1/orders/"+orderID, nil)
	if probe.Status != 404 || never.Status != 404 {
		t.Fatalf("probe %d, never-existed %d: both must be 404", probe.Status, never.Status)
	}
	if strings.ReplaceAll(string(probe.Raw), orderID, "ID") != strings.ReplaceAll(string(never.Raw), "1", "ID") {
		t.Errorf("a probe for another tenant's order reads differently from a missing one:\n%s\n%s", probe.Raw, never.Raw)
	}
	b.do("GET", "/1/activities/"+actID, nil).want(t, 404)
	list := b.do("GET", "/mobproc/v1/orders", nil).want(t, 200)
	if n := len(list.at(t, "/orders/items").([]any)); n != 0 {
		t.Errorf("tenant globex lists %d orders", n)
	}
	acts := b.do("GET", "/1/activities", nil).want(t, 200)
	if n := len(acts.Body.([]any)); n != 0 {
		t.Errorf("tenant globex lists %d activities", n)
	}
	// A world change of tenant a is not b's.
	a.do("POST", "/__admin/tenants/acme/advance?steps=5", nil).want(t, 200)
	if st := a.do("GET", "/mobproc/v1/assets/services/38382335", nil).str(t, "/service/status"); st != "SUSPENDED" {
		t.Fatalf("acme's service is %s", st)
	}
	if st := b.do("GET", "/mobproc/v1/assets/services/38382335", nil).str(t, "/service/status"); st != "ACTIVE" {
		t.Errorf("globex's service is %s after acme suspended its own", st)
	}
	// Order ids do not repeat across tenants: a tenant cannot guess another's.
	bID := b.do("POST", "/mobproc/v1/orders", order("SUSPEND", map[string]any{"serviceId": "38382335"})).want(t, 200).str(t, "/order/orderId")
	if bID == orderID {
		t.Errorf("both tenants' first order is %s", bID)
	}
}

// TestConcurrentClientsLoseNothing: many clients submitting orders and
// creating activities at once for a few tenants; every acknowledged write
// reads back, ids are unique, and the listing counts them all. Run with
// -race.
func TestConcurrentClientsLoseNothing(t *testing.T) {
	_, c := start(t, mock.Config{IDs: func() uint64 { return uint64(time.Now().UnixNano()) }})
	const workers, each = 16, 12
	tenants := []string{"t1", "t2", "t3"}
	type ack struct{ tenant, kind, id string }
	var (
		mu   sync.Mutex
		acks []ack
		wg   sync.WaitGroup
	)
	body := documented(t, "mobile/new-line.request.json")
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			cl := c.as(tenants[w%len(tenants)])
			for i := range each {
				if i%2 == 0 {
					r := cl.do("POST", "/mobproc/v1/orders", order("ORDER_ACCESSORIES", map[string]any{
						"externalOrderNumber": fmt.Sprintf("W%d-%d", w, i),
						"shoppingCart":        map[string]any{"accessories": []any{map[string]any{"accessoryId": "7001001", "quantity": 1}}},
						"shipTo": map[string]any{"name": "Peter Edwards", "regionId": "70144640", "address": []any{
							map[string]any{"id": "LINE_1", "value": "35 Executive Blvd"}, map[string]any{"id": "CITY", "value": "Orange"},
							map[string]any{"id": "STATE", "value": "CT"}, map[string]any{"id": "POSTAL_CODE", "value": "06477"}}},
					}))
					if r.Status != 200 {
						t.Errorf("submit: %d %s", r.Status, r.Raw)
						continue
					}
					mu.Lock()
					acks = append(acks, ack{cl.tenant, "order", r.str(t, "/order/orderId")})
					mu.Unlock()
				} else {
					r := cl.do("POST", "/1/activities", body)
					if r.Status != 201 {
						t.Errorf("create: %d %s", r.Status, r.Raw)
						continue
					}
					mu.Lock()
					acks = append(acks, ack{cl.tenant, "activity", r.str(t, "/id")})
					mu.Unlock()
				}
				if i%3 == 0 {
					cl.do("POST", "/__admin/tenants/"+cl.tenant+"/advance", nil)
				}
			}
		}()
	}
	wg.Wait()
	seen := map[string]bool{}
	perTenant := map[string]int{}
	for _, a := range acks {
		key := a.tenant + "/" + a.kind + "/" + a.id
		if seen[key] {
			t.Errorf("id %s handed out twice", key)
		}
		seen[key] = true
		path := "/mobproc/v1/orders/" + a.id
		if a.kind == "activity" {
			path = "/1/activities/" + a.id
		} else {
			perTenant[a.tenant]++
		}
		got := c.as(a.tenant).do("GET", path, nil).want(t, 200)
		if a.kind == "order" {
			// Each order's history is in order: the statuses follow the
			// lifecycle and the dates never go back.
			seg := got.str(t, "/order/orderSegments/items/0/orderSegmentId")
			h := c.as(a.tenant).do("GET", path+"/history?orderSegment="+seg, nil).want(t, 200)
			items := h.at(t, "/history/items").([]any)
			want := []string{"ORDER_SUBMITTED", "IN_PROGRESS", "SHIPPED", "COMPLETED"}
			last := ""
			for i, it := range items {
				m := it.(map[string]any)
				if i >= len(want) || m["status"] != want[i] || m["date"].(string) < last {
					t.Errorf("order %s history out of order: %s", a.id, h.Raw)
					break
				}
				last = m["date"].(string)
			}
		}
	}
	for tenant, n := range perTenant {
		r := c.as(tenant).do("GET", "/mobproc/v1/orders?limit=1", nil).want(t, 200)
		if got := num(r.at(t, "/orders/_meta/total")); got != n {
			t.Errorf("tenant %s lists %d orders, acknowledged %d", tenant, got, n)
		}
	}
	if len(acks) != workers*each {
		t.Errorf("%d writes acknowledged of %d", len(acks), workers*each)
	}
}

// TestAuth: with auth required, requests need a bearer token the mock
// issued, for the request's tenant, that has not expired; the token
// endpoint answers bad credentials in the OAuth 2 error shape.
func TestAuth(t *testing.T) {
	clk := newClock()
	s, c := start(t, mock.Config{Auth: mock.AuthRequired, Now: clk.Now, TokenTTL: time.Hour})
	token := func(tenant, user, pass string) (int, map[string]any) {
		form := url.Values{"grant_type": {"password"}, "username": {user}, "password": {pass}}
		req := newRequest(t, "POST", s.URL+"/oauth/token", "", map[string]string{"X-TNGO-TENANT": tenant, "Content-Type": "application/x-www-form-urlencoded"})
		req.Body = ioNopCloser(form.Encode())
		r := c.send(req)
		m, _ := r.Body.(map[string]any)
		return r.Status, m
	}
	confirm := order("SUSPEND", map[string]any{"serviceId": "38382335"})

	r := c.do("POST", "/mobproc/v1/orders?confirm=true", confirm).want(t, 401)
	if !r.hasError("unauthorized", "Authorization") || r.Header.Get("WWW-Authenticate") == "" {
		t.Errorf("no token: %s", r.Raw)
	}
	status, tok := token("acme", "peter.edwards.acme", "mobmock")
	if status != 200 || tok["token_type"] != "bearer" || tok["access_token"] == "" {
		t.Fatalf("token: %d %v", status, tok)
	}
	c.token = tok["access_token"].(string)
	c.do("POST", "/mobproc/v1/orders?confirm=true", confirm).want(t, 200)
	c.do("GET", "/1/lines?employee_id=10000", nil).want(t, 200)

	other := c.as("globex")
	r = other.do("POST", "/mobproc/v1/orders?confirm=true", confirm).want(t, 403)
	if !r.hasError("forbidden", "Authorization") {
		t.Errorf("token of another tenant: %s", r.Raw)
	}
	bad := *c
	bad.token = "mm_not-a-token"
	bad.do("GET", "/mobproc/v1/orders", nil).want(t, 401)
	malformed := newRequest(t, "GET", s.URL+"/mobproc/v1/orders", "", map[string]string{"X-TNGO-TENANT": "acme", "client_id": "x", "Authorization": "Basic abc"})
	c.send(malformed).want(t, 401)

	clk.Add(61 * time.Minute)
	r = c.do("GET", "/mobproc/v1/orders", nil).want(t, 401)
	if !strings.Contains(string(r.Raw), "expired") {
		t.Errorf("expired token: %s", r.Raw)
	}

	for _, tt := range []struct {
		name, tenant, user, pass, form string
		status                         int
		code                           string
	}{
		{"wrong password", "acme", "peter.edwards.acme", "nope", "", 400, "invalid_grant"},
		{"unknown user", "acme", "nobody", "mobmock", "", 400, "invalid_grant"},
		{"no tenant", "", "peter.edwards.acme", "mobmock", "", 400, "invalid_request"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			status, body := token(tt.tenant, tt.user, tt.pass)
			if status != tt.status || body["error"] != tt.code || body["error_description"] == "" {
				t.Errorf("got %d %v, want %d %s", status, body, tt.status, tt.code)
			}
		})
	}
	// Implicit flow: a login form, then a redirect with the token in the
	// fragment (TestImplicitFlow has the refusals).
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	form := url.Values{"response_type": {"token"}, "client_id": {"app"}, "tenant": {"acme"}, "state": {"xyz"},
		"redirect_uri": {"http://127.0.0.1:9/cb"}, "username": {"peter.edwards.acme"}, "password": {"mobmock"}}
	resp, err := noFollow.PostForm(s.URL+"/oauth/authorize", form)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	loc, _ := url.Parse(resp.Header.Get("Location"))
	frag, _ := url.ParseQuery(loc.Fragment)
	if resp.StatusCode != 302 || loc.Host != "127.0.0.1:9" || frag.Get("access_token") == "" || frag.Get("state") != "xyz" {
		t.Errorf("implicit flow: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
}

// TestAdmin: the admin API resets, dumps, advances and shows the journal;
// with a token it refuses callers without it; without Admin it is absent.
func TestAdmin(t *testing.T) {
	_, c := start(t, mock.Config{})
	bad := c.do("POST", "/mobproc/v1/orders?confirm=true", order("SUSPEND", map[string]any{"serviceId": "nope"})).want(t, 422)
	j := c.do("GET", "/__admin/journal?tenant=acme", nil).want(t, 200)
	if !strings.Contains(string(j.Raw), "unknown-id") || !strings.Contains(string(j.Raw), bad.Header.Get("X-Request-Id")) {
		t.Errorf("journal does not show the refused request and its outcome: %s", j.Raw)
	}
	c.do("POST", "/mobproc/v1/orders", order("SUSPEND", map[string]any{"serviceId": "38382335"})).want(t, 200)
	dump := c.do("GET", "/__admin/tenants/acme", nil).want(t, 200)
	if n := len(dump.at(t, "/orders").([]any)); n != 1 {
		t.Errorf("dump lists %d orders", n)
	}
	c.do("POST", "/__admin/tenants/acme/reset", nil).want(t, 200)
	if n := len(c.do("GET", "/mobproc/v1/orders", nil).at(t, "/orders/items").([]any)); n != 0 {
		t.Errorf("%d orders after reset", n)
	}

	s2, c2 := start(t, mock.Config{AdminToken: "s3cret"})
	c2.do("GET", "/__admin/tenants", nil).want(t, 401)
	req := newRequest(t, "GET", s2.URL+"/__admin/tenants", "", map[string]string{"Authorization": "Bearer s3cret"})
	c2.send(req).want(t, 200)

	m, err := mock.New(mock.Config{})
	if err != nil {
		t.Fatal(err)
	}
	rec := newRecorder()
	m.ServeHTTP(rec, newRequest(t, "GET", "http://x/__admin/tenants", "", nil))
	if rec.Code != 404 {
		t.Errorf("admin API answered %d although it is off", rec.Code)
	}
}
