package proxy_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/mobmock/mobmock/conformance"
	"github.com/mobmock/mobmock/fixtures"
	"github.com/mobmock/mobmock/proxy"
)

// start puts a proxy in front of target and serves it on loopback.
func start(t testing.TB, cfg proxy.Config) (*proxy.Proxy, string) {
	t.Helper()
	p, err := proxy.New(cfg)
	if err != nil {
		t.Fatalf("proxy.New: %v", err)
	}
	srv := httptest.NewServer(p)
	t.Cleanup(srv.Close)
	return p, srv.URL
}

// answer is a response as the client got it.
type answer struct {
	status int
	header http.Header
	body   []byte
}

// send sends one request with the MOBPROC headers of tenant.
func send(t testing.TB, method, url, tenant string, body []byte, extra ...string) answer {
	t.Helper()
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequest(method, url, rd)
	if err != nil {
		t.Fatal(err)
	}
	req.Header["X-TNGO-TENANT"] = []string{tenant}
	req.Header["client_id"] = []string{"proxy-test"}
	req.Header.Set("Accept", "application/json")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(extra); i += 2 {
		req.Header.Set(extra[i], extra[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return answer{status: resp.StatusCode, header: resp.Header, body: data}
}

// documented returns the body of a documented request file.
func documented(t testing.TB, name string) []byte {
	t.Helper()
	data, err := fs.ReadFile(fixtures.FS, "documented/"+name)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// field returns the string form of the value at a dotted path of a JSON
// body ("order.orderId").
func field(t testing.TB, body []byte, path string) string {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		t.Fatalf("body is not JSON: %v\n%s", err, body)
	}
	for _, k := range strings.Split(path, ".") {
		m, _ := v.(map[string]any)
		v = m[k]
	}
	switch x := v.(type) {
	case string:
		return x
	case json.Number:
		return x.String()
	}
	return ""
}

// violations returns the violations the proxy reported in an answer's
// headers.
func violations(a answer) []string { return a.header.Values(proxy.HeaderViolation) }

// conform runs the cases of set against target with writes allowed, fails
// the test for every case that does not pass, and returns the report.
func conform(t *testing.T, what, target string, set *fixtures.Set) *conformance.Report {
	t.Helper()
	r, err := conformance.New(conformance.Config{Target: target, AllowWrites: true, Parallel: 4}, set)
	if err != nil {
		t.Fatal(err)
	}
	rep := r.Run(context.Background())
	for _, res := range rep.Results {
		if res.Outcome != conformance.Pass {
			t.Errorf("%s: %s %s: %s\n%s", what, res.Outcome, res.Name, res.Reason, conformance.Details(res))
		}
	}
	return rep
}
