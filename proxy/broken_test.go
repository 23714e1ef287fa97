package proxy_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/mobmock/mobmock/mock"
	"github.com/mobmock/mobmock/mock/mocktest"
	"github.com/mobmock/mobmock/proxy"
)

// breaker edits the mock's answer to one request: it gets the request and
// the mock's status, headers and body and returns what to answer instead.
type breaker func(r *http.Request, status int, h http.Header, body map[string]any) (int, map[string]any)

// tap is what a broken upstream wrote, to compare with what the client
// got through the proxy.
type tap struct {
	mu     sync.Mutex
	status int
	header http.Header
	body   []byte
}

// brokenUpstream serves the mock with answers edited by brk, and records
// the first answer it wrote in tp. The conformance runner's broken targets
// live in its _test files, which other packages cannot import; these are
// the same idea, one breakage each.
func brokenUpstream(t *testing.T, m http.Handler, brk breaker, tp *tap) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := httptest.NewRecorder()
		m.ServeHTTP(rec, r)
		status, body := rec.Code, rec.Body.Bytes()
		var doc map[string]any
		if json.Unmarshal(body, &doc) == nil {
			var edited map[string]any
			status, edited = brk(r, status, rec.Header(), doc)
			var err error
			if body, err = json.Marshal(edited); err != nil {
				t.Error(err)
			}
		}
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		tp.mu.Lock()
		if tp.status == 0 { // the client's answer, not the proxy's read-back
			tp.status, tp.header, tp.body = status, w.Header().Clone(), append([]byte(nil), body...)
		}
		tp.mu.Unlock()
		w.WriteHeader(status)
		_, _ = w.Write(body)
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

// TestBrokenUpstreams puts the proxy in front of upstreams that break one
// thing each: every breakage is reported as the violation it is, and the
// client gets the upstream's answer unchanged, byte for byte, with only
// the proxy's X-Mobmock-Violation(s) headers added.
func TestBrokenUpstreams(t *testing.T) {
	up := mocktest.Start(t, mock.Config{})
	suspend := documented(t, "mobproc/suspend.request.json")
	newLine := documented(t, "mobile/suspend.request.json")
	type req struct {
		method, path string
		body         []byte
	}
	tests := []struct {
		name string
		// setup runs first, against the mock directly, and returns the
		// request to send through the proxy, as tenant.
		setup func(t *testing.T, tenant string) req
		brk   breaker
		want  string // the start of a violation's line
	}{
		{
			name:  "wrong status",
			setup: func(*testing.T, string) req { return req{"POST", "/mobproc/v1/orders?confirm=true", suspend} },
			brk: func(r *http.Request, st int, h http.Header, b map[string]any) (int, map[string]any) {
				return http.StatusCreated, b
			},
			want: "response undocumented-status",
		},
		{
			name:  "bad body",
			setup: func(*testing.T, string) req { return req{"POST", "/mobproc/v1/orders", suspend} },
			brk: func(r *http.Request, st int, h http.Header, b map[string]any) (int, map[string]any) {
				o := b["order"].(map[string]any)
				o["orderId"], _ = strconv.Atoi(o["orderId"].(string))
				return st, b
			},
			want: "response type /order/orderId",
		},
		{
			name:  "error not in the API's shape",
			setup: func(*testing.T, string) req { return req{"GET", "/mobproc/v1/orders/1", nil} },
			brk: func(r *http.Request, st int, h http.Header, b map[string]any) (int, map[string]any) {
				return st, map[string]any{"message": "no such order"}
			},
			want: "response error-shape /errors",
		},
		{
			name:  "refusal of a path in no operation not in the API's shape",
			setup: func(*testing.T, string) req { return req{"GET", "/mobproc/v1/nothing", nil} },
			brk: func(r *http.Request, st int, h http.Header, b map[string]any) (int, map[string]any) {
				return st, map[string]any{"error": "not found"}
			},
			want: "response error-shape /errors",
		},
		{
			name: "accepts an invalid request",
			setup: func(*testing.T, string) req {
				return req{"POST", "/mobproc/v1/orders?confirm=true", bytes.Replace(suspend, []byte(`"serviceId"`), []byte(`"serviceIdx"`), 1)}
			},
			brk: func(r *http.Request, st int, h http.Header, b map[string]any) (int, map[string]any) {
				return http.StatusOK, map[string]any{"status": "SUCCESS", "orderConfirmation": map[string]any{"transactionType": "SUSPEND"}}
			},
			want: "domain accepted-invalid-request",
		},
		{
			name:  "confirm returning an order",
			setup: func(*testing.T, string) req { return req{"POST", "/mobproc/v1/orders?confirm=true", suspend} },
			brk: func(r *http.Request, st int, h http.Header, b map[string]any) (int, map[string]any) {
				// Answer what a submission answers.
				r2 := httptest.NewRequest("POST", "/mobproc/v1/orders", bytes.NewReader(suspend))
				r2.Header = r.Header.Clone()
				rec := httptest.NewRecorder()
				up.Mock.ServeHTTP(rec, r2)
				var order map[string]any
				_ = json.Unmarshal(rec.Body.Bytes(), &order)
				return rec.Code, order
			},
			want: "domain confirm-returned-order /order",
		},
		{
			name:  "submit without orderId",
			setup: func(*testing.T, string) req { return req{"POST", "/mobproc/v1/orders", suspend} },
			brk: func(r *http.Request, st int, h http.Header, b map[string]any) (int, map[string]any) {
				delete(b["order"].(map[string]any), "orderId")
				return st, b
			},
			want: "domain submit-without-order-id /order/orderId",
		},
		{
			name: "mismatched ids",
			setup: func(t *testing.T, tenant string) req {
				a := send(t, "POST", up.URL+"/mobproc/v1/orders", tenant, suspend)
				return req{"GET", "/mobproc/v1/orders/" + field(t, a.body, "order.orderId"), nil}
			},
			brk: func(r *http.Request, st int, h http.Header, b map[string]any) (int, map[string]any) {
				b["order"].(map[string]any)["orderId"] = "1234567"
				return st, b
			},
			want: "domain id-mismatch /order/orderId",
		},
		{
			name:  "bad Location",
			setup: func(*testing.T, string) req { return req{"POST", "/1/activities", newLine} },
			brk: func(r *http.Request, st int, h http.Header, b map[string]any) (int, map[string]any) {
				if r.Method == http.MethodPost {
					h.Set("Location", strings.Replace(h.Get("Location"), "/activities/", "/activities/9", 1))
				}
				return st, b
			},
			want: "domain location (Location)",
		},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tenant := "broken-" + strconv.Itoa(i)
			var tp tap
			target := brokenUpstream(t, up.Mock, tt.brk, &tp)
			p, base := start(t, proxy.Config{Target: target})
			rq := tt.setup(t, tenant)
			got := send(t, rq.method, base+rq.path, tenant, rq.body)
			vs := violations(got)
			found := false
			for _, v := range vs {
				found = found || strings.HasPrefix(v, tt.want)
			}
			if !found {
				t.Errorf("violations:\n  %s\nwant one starting %q", strings.Join(vs, "\n  "), tt.want)
			}
			if n, _ := strconv.Atoi(got.header.Get(proxy.HeaderViolations)); n != p.Report().Total() || n == 0 {
				t.Errorf("%s: %q, report has %d", proxy.HeaderViolations, got.header.Get(proxy.HeaderViolations), p.Report().Total())
			}
			tp.mu.Lock()
			defer tp.mu.Unlock()
			if got.status != tp.status || !bytes.Equal(got.body, tp.body) {
				t.Errorf("answer changed: status %d, want %d\n got %s\nwant %s", got.status, tp.status, got.body, tp.body)
			}
			for k, v := range tp.header {
				if strings.Join(got.header[k], ",") != strings.Join(v, ",") {
					t.Errorf("header %s: %q, the upstream sent %q", k, got.header[k], v)
				}
			}
			for k := range got.header {
				if _, sent := tp.header[k]; !sent && k != "Date" && k != proxy.HeaderViolations && k != proxy.HeaderViolation {
					t.Errorf("header %s added", k)
				}
			}
		})
	}
}
