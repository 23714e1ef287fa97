package proxy_test

import (
	"crypto/x509"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/mobmock/mobmock/mock"
	"github.com/mobmock/mobmock/proxy"
	"github.com/mobmock/mobmock/schemas"
)

// TestUpstreamFailures: a target that is not there, too slow, redirects or
// fails TLS gets the client a 502 or 504 in the API's error shape, and the
// report an upstream violation; a CA file or --insecure makes TLS work.
func TestUpstreamFailures(t *testing.T) {
	m, err := mock.New(mock.Config{})
	if err != nil {
		t.Fatal(err)
	}
	closed := func() string {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		addr := ln.Addr().String()
		ln.Close()
		return "http://" + addr
	}
	server := func(h http.Handler) *httptest.Server {
		srv := httptest.NewServer(h)
		t.Cleanup(srv.Close)
		return srv
	}
	stall := make(chan struct{})
	t.Cleanup(func() { close(stall) })
	slow := server(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-stall:
		case <-r.Context().Done():
		}
	}))
	redirect := server(http.RedirectHandler("https://elsewhere.example/", http.StatusFound))
	tlsSrv := httptest.NewTLSServer(m)
	t.Cleanup(tlsSrv.Close)
	pool := x509.NewCertPool()
	pool.AddCert(tlsSrv.Certificate())

	tests := []struct {
		name   string
		cfg    proxy.Config
		path   string
		status int
		code   string // "" for a good answer
	}{
		{"unreachable", proxy.Config{Target: closed()}, "/mobproc/v1/regions", 502, proxy.CodeUnreachable},
		{"unreachable, Mobile shape", proxy.Config{Target: closed()}, "/1/carriers", 502, proxy.CodeUnreachable},
		{"time-out", proxy.Config{Target: slow.URL, Timeout: 50 * time.Millisecond}, "/mobproc/v1/regions", 504, proxy.CodeTimeout},
		{"redirect", proxy.Config{Target: redirect.URL}, "/1/carriers", 502, proxy.CodeRedirect},
		{"untrusted certificate", proxy.Config{Target: tlsSrv.URL}, "/mobproc/v1/regions", 502, proxy.CodeTLS},
		{"CA file", proxy.Config{Target: tlsSrv.URL, RootCAs: pool}, "/mobproc/v1/regions", 200, ""},
		{"insecure", proxy.Config{Target: tlsSrv.URL, Insecure: true}, "/mobproc/v1/regions", 200, ""},
	}
	sc, err := schemas.Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, base := start(t, tt.cfg)
			a := send(t, "GET", base+tt.path, "up", nil)
			if a.status != tt.status {
				t.Fatalf("status %d, want %d\n%s", a.status, tt.status, a.body)
			}
			rep := p.Report()
			if tt.code == "" {
				if rep.Total() != 0 {
					t.Errorf("violations: %s", rep.Summary())
				}
				return
			}
			if rep.Total(proxy.Upstream) != 1 || !strings.Contains(rep.Summary(), "upstream "+tt.code) {
				t.Errorf("report does not have the upstream violation %s:\n%s", tt.code, rep.Summary())
			}
			schema := "mobproc/error-response.json"
			if strings.HasPrefix(tt.path, "/1/") {
				schema = "mobile/error-response.json"
			}
			if _, ps, err := sc.Check(schema, a.body, schemas.Strict); err != nil || len(ps) > 0 {
				t.Errorf("answer is not the API's error shape (%v, %v):\n%s", err, ps, a.body)
			}
			if !strings.Contains(string(a.body), `"code":"`+tt.code+`"`) {
				t.Errorf("answer does not carry the code %s:\n%s", tt.code, a.body)
			}
			if a.header.Get(proxy.HeaderViolations) != "1" {
				t.Errorf("%s = %q", proxy.HeaderViolations, a.header.Get(proxy.HeaderViolations))
			}
		})
	}
}
