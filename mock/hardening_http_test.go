package mock_test

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"fmt"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/mobmock/mobmock/mock"
)

// TestMethodsOutsideTheAPIs: outside both APIs a wrong method is 405 with
// Allow (not 404), HEAD works wherever GET does, and an unclean path
// redirects with a body.
func TestMethodsOutsideTheAPIs(t *testing.T) {
	s, c := start(t, mock.Config{})
	for _, tt := range []struct{ method, path, allow string }{
		{"POST", "/healthz", "GET, HEAD"},
		{"DELETE", "/openapi/mobproc.yaml", "GET, HEAD"},
		{"PUT", "/oauth/token", "POST"},
		{"POST", "/__console/traffic", "GET, HEAD"},
		{"DELETE", "/__console/config", "GET, HEAD"},
		{"PUT", "/__console/openapi/mobproc", "GET, HEAD"},
		{"GET", "/__admin/reset", "POST"},
		{"HEAD", "/__admin/reset", "POST"},
		{"HEAD", "/mobproc/v1/orders/", ""},
	} {
		t.Run(tt.method+" "+tt.path, func(t *testing.T) {
			r := c.send(newRequest(t, tt.method, s.URL+tt.path, "", map[string]string{"X-TNGO-TENANT": "acme", "client_id": "t"}))
			if tt.allow == "" {
				if r.Status == 405 {
					t.Errorf("405 for %s %s", tt.method, tt.path)
				}
				return
			}
			r.want(t, 405)
			if got := r.Header.Get("Allow"); got != tt.allow {
				t.Errorf("Allow %q, want %q", got, tt.allow)
			}
			if tt.method != "HEAD" && !r.hasError("method-not-allowed", "*") {
				t.Errorf("not the error shape: %s", r.Raw)
			}
		})
	}
	for _, path := range []string{"/healthz", "/openapi/mobproc.yaml", "/schemas/mobproc/common.json", "/mobproc/v1/orders", "/1/lines?employee_id=10000", "/__admin/tenants"} {
		t.Run("HEAD "+path, func(t *testing.T) {
			h := map[string]string{"X-TNGO-TENANT": "acme", "client_id": "t"}
			get := c.send(newRequest(t, "GET", s.URL+path, "", h)).want(t, 200)
			head := c.send(newRequest(t, "HEAD", s.URL+path, "", h)).want(t, 200)
			if len(head.Raw) != 0 || head.Header.Get("Content-Type") != get.Header.Get("Content-Type") {
				t.Errorf("HEAD: %q %q, GET: %q", head.Header.Get("Content-Type"), head.Raw, get.Header.Get("Content-Type"))
			}
		})
	}
	t.Run("405 inside an API lists HEAD with GET", func(t *testing.T) {
		r := c.do("DELETE", "/mobproc/v1/orders", nil).want(t, 405)
		if got := r.Header.Get("Allow"); got != "GET, HEAD, POST" {
			t.Errorf("Allow %q", got)
		}
	})
	t.Run("unclean path", func(t *testing.T) {
		resp, err := noRedirects(c).Get(s.URL + "//healthz")
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var body bytes.Buffer
		if _, err := body.ReadFrom(resp.Body); err != nil {
			t.Fatal(err)
		}
		if resp.StatusCode != 301 || resp.Header.Get("Location") != "/healthz" || !strings.Contains(body.String(), "/healthz") {
			t.Errorf("%d %q %q", resp.StatusCode, resp.Header.Get("Location"), body.String())
		}
	})
	// Any other method is never redirected: a client following a 301
	// would turn its POST into a GET, one following a 307 or 308 would
	// send its body to the resource the dot segments point at.
	t.Run("unclean path, not GET", func(t *testing.T) {
		// State the admin routes the dot segments point at would forget.
		id := c.do("POST", "/mobproc/v1/orders", order("SUSPEND", map[string]any{"serviceId": "38382335"})).want(t, 200).str(t, "/order/orderId")
		for _, tt := range []struct{ method, path string }{
			{"POST", "/__admin/tenants/../reset"},
			{"POST", "/__admin/tenants/acme/./reset"},
			{"PUT", "//__admin/faults"},
			{"DELETE", "/__admin//faults"},
			{"POST", "/__validate/."},
		} {
			req := newRequest(t, tt.method, s.URL+"/", `{}`, map[string]string{"Content-Type": "application/json"})
			req.URL.Opaque = tt.path // sent as written, not cleaned by the client
			resp, err := noRedirects(c).Do(req)
			if err != nil {
				t.Fatal(err)
			}
			var body bytes.Buffer
			_, _ = body.ReadFrom(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != 404 || resp.Header.Get("Location") != "" || !strings.Contains(body.String(), `"not-found"`) {
				t.Errorf("%s %s: %d Location %q %s", tt.method, tt.path, resp.StatusCode, resp.Header.Get("Location"), body.String())
			}
		}
		// and nothing was reset: the order is still there.
		c.do("GET", "/mobproc/v1/orders/"+id, nil).want(t, 200)
	})
}

// TestContentEncodingIsRefused: a body with Content-Encoding (gzip, or a
// plain body labelled gzip) is 415 naming the encoding, never read as
// plain JSON.
func TestContentEncodingIsRefused(t *testing.T) {
	s, c := start(t, mock.Config{})
	var zipped bytes.Buffer
	zw := gzip.NewWriter(&zipped)
	if _, err := zw.Write([]byte(suspendOrder)); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	for name, body := range map[string]string{"gzip body": zipped.String(), "plain body labelled gzip": suspendOrder} {
		t.Run(name, func(t *testing.T) {
			for _, path := range []string{"/mobproc/v1/orders?confirm=true", "/1/activities"} {
				req := newRequest(t, "POST", s.URL+path, body, map[string]string{"X-TNGO-TENANT": "acme", "client_id": "t", "Content-Encoding": "gzip"})
				r := c.send(req).want(t, 415)
				if !r.hasError("unsupported-media-type", "*") || !strings.Contains(string(r.Raw), "gzip") {
					t.Errorf("%s: %s", path, r.Raw)
				}
			}
		})
	}
}

// TestExpectContinueOverTheLimit: a request that declares a body over
// --max-body and asks Expect: 100-continue gets 413 at once, not
// 100 Continue.
func TestExpectContinueOverTheLimit(t *testing.T) {
	s, _ := start(t, mock.Config{MaxBody: 1 << 20, Admin: true})
	// Every route that takes a body: the APIs, /__validate, the admin API.
	for _, p := range []string{"/mobproc/v1/orders", "/1/activities", "/__validate", "/__admin/tenants/acme/overrides", "/__admin/faults"} {
		method := "POST"
		if p == "/__admin/faults" {
			method = "PUT"
		}
		conn := dialRaw(t, s.URL)
		fmt.Fprintf(conn, "%s %s HTTP/1.1\r\nHost: x\r\nX-TNGO-TENANT: acme\r\nclient_id: t\r\n"+
			"Content-Type: application/json\r\nContent-Length: %d\r\nExpect: 100-continue\r\n\r\n", method, p, 2<<20)
		resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 413 {
			t.Errorf("%s %s: status %d, want 413 before the body is sent", method, p, resp.StatusCode)
		}
	}
}

// dialRaw opens a TCP connection to a server's URL for a hand-written
// request; the test's end closes it. Its deadline only keeps a broken
// server from hanging the test.
func dialRaw(t *testing.T, url string) net.Conn {
	t.Helper()
	conn, err := net.Dial("tcp", strings.TrimPrefix(url, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	if err := conn.SetDeadline(time.Now().Add(20 * time.Second)); err != nil {
		t.Fatal(err)
	}
	return conn
}
