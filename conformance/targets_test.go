package conformance_test

import (
	"bytes"
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/mobmock/mobmock/conformance"
	"github.com/mobmock/mobmock/mock"
	"github.com/mobmock/mobmock/mock/mocktest"
)

// mount serves one API of the mock under another base path: requests under
// prefix go to the mock under docBase, and links in the answers are
// rewritten back, as an implementation mounted there would write them.
func mount(t testing.TB, h http.Handler, prefix, docBase string) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rest, ok := strings.CutPrefix(r.URL.Path, prefix)
		if !ok {
			http.NotFound(w, r)
			return
		}
		r2 := r.Clone(r.Context())
		r2.URL.Path, r2.URL.RawPath = docBase+rest, ""
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r2)
		from, to := []byte("://"+r.Host+docBase+"/"), []byte("://"+r.Host+prefix+"/")
		body := bytes.ReplaceAll(rec.Body.Bytes(), from, to)
		for k, v := range rec.Header() {
			for i := range v {
				v[i] = strings.ReplaceAll(v[i], string(from), string(to))
			}
			w.Header()[k] = v
		}
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		w.WriteHeader(rec.Code)
		_, _ = w.Write(body)
	}))
	t.Cleanup(srv.Close)
	return srv
}

// loopbackClient dials 127.0.0.1 whatever the host name, so that
// tenant.mobile.test reaches a loopback listener, and follows no redirect.
func loopbackClient() *http.Client {
	d := &net.Dialer{}
	return &http.Client{
		Transport: &http.Transport{DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			_, port, err := net.SplitHostPort(addr)
			if err != nil {
				return nil, err
			}
			return d.DialContext(ctx, network, net.JoinHostPort("127.0.0.1", port))
		}},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// TestSuiteAtOtherBasePaths runs the whole embedded suite against the mock
// mounted as other deployments mount the APIs: each API on its own
// listener under a base path of its own, the Mobile tenant taken from the
// subdomain (no X-TNGO-TENANT header reaches the Mobile API).
func TestSuiteAtOtherBasePaths(t *testing.T) {
	s := mocktest.Start(t, mock.Config{})
	var mobileTenantHeaders atomic.Int64
	var mobileMock http.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("X-TNGO-TENANT") != "" {
			mobileTenantHeaders.Add(1)
		}
		s.Mock.ServeHTTP(w, r)
	})
	mp := mount(t, s.Mock, "/api/mp", "/mobproc/v1")
	mb := mount(t, mobileMock, "/m/v1", "/1")
	_, port, err := net.SplitHostPort(strings.TrimPrefix(mb.URL, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	cfg := conformance.Config{
		MobprocURL:  mp.URL + "/api/mp",
		MobileURL:   "http://{tenant}.mobile.test:" + port + "/m/v1",
		AllowWrites: true, Parallel: 8, Client: loopbackClient(),
	}
	rep := run(t, cfg)
	if rep.Failed > 0 || rep.Skipped > 0 || rep.Passed < 200 {
		for _, res := range rep.Results {
			if res.Outcome != conformance.Pass {
				t.Errorf("%s %s: %s\n%s", res.Outcome, res.Name, res.Reason, conformance.Details(res))
			}
		}
		t.Fatalf("%s", rep.Summary())
	}
	for _, res := range rep.Results {
		for _, st := range res.Steps {
			if strings.HasPrefix(res.Name, "mobproc/") && !strings.HasPrefix(st.URL, mp.URL+"/api/mp/") {
				t.Errorf("%s: request to %s, not under the MOBPROC base URL", res.Name, st.URL)
			}
			if strings.HasPrefix(res.Name, "mobile/") && !strings.Contains(st.URL, ".mobile.test:"+port+"/m/v1/") {
				t.Errorf("%s: request to %s, not under the Mobile base URL", res.Name, st.URL)
			}
		}
	}
	if n := mobileTenantHeaders.Load(); n > 0 {
		t.Errorf("%d Mobile requests carried X-TNGO-TENANT; with {tenant} in the base URL the host names the tenant", n)
	}
}

// TestTargetConfig: the errors of a configuration whose base URLs cannot
// work, each naming the setting.
func TestTargetConfig(t *testing.T) {
	tests := []struct {
		name string
		cfg  conformance.Config
		want string
	}{
		{"no target", conformance.Config{}, "give a target for both APIs"},
		{"only MOBPROC", conformance.Config{MobprocURL: "http://a/x"}, "give a target for both APIs"},
		{"not http", conformance.Config{Target: "ftp://x"}, `target "ftp://x" must be an absolute http:// or https:// URL`},
		{"tenant in MOBPROC", conformance.Config{MobprocURL: "http://{tenant}.a/x", MobileURL: "http://b/1"}, "only the Mobile base URL may hold {tenant}"},
		{"query in a base", conformance.Config{Target: "http://a", MobileURL: "http://b/1?x=1"}, "must not have a query"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := conformance.New(tt.cfg, embedded(t))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want it to say %q", err, tt.want)
			}
		})
	}
}
