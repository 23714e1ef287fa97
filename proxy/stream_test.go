package proxy_test

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/mobmock/mobmock/mock"
	"github.com/mobmock/mobmock/mock/mocktest"
	"github.com/mobmock/mobmock/proxy"
)

// TestLargeBodiesStream: bodies larger than MaxCheck go through both ways
// byte for byte, unchecked, with a warning rather than a violation.
func TestLargeBodiesStream(t *testing.T) {
	big := bytes.Repeat([]byte(`{"x":"0123456789abcdef"},`), 20000) // ~500 KB
	var gotSum [32]byte
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		data, err := io.ReadAll(r.Body)
		if err != nil {
			t.Error(err)
		}
		gotSum = sha256.Sum256(data)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusCreated)
		_, _ = w.Write(big)
	}))
	t.Cleanup(up.Close)
	p, base := start(t, proxy.Config{Target: up.URL, MaxCheck: 4096})
	a := send(t, "POST", base+"/1/activities", "big", big)
	if gotSum != sha256.Sum256(big) {
		t.Error("the request body reached the target changed")
	}
	if !bytes.Equal(a.body, big) {
		t.Errorf("the answer changed: %d bytes, want %d", len(a.body), len(big))
	}
	rep := p.Report()
	if !strings.Contains(rep.Summary(), "warning") || len(rep.Operations) != 1 || rep.Operations[0].Warnings != 2 {
		t.Errorf("want two body-unchecked warnings:\n%s", rep.Summary())
	}
	if rep.Total() != 0 {
		t.Errorf("violations: %q", violations(a))
	}
}

// TestJournal: the proxy's own paths answer in the error shape when asked
// wrongly and are never forwarded.
func TestJournal(t *testing.T) {
	var forwarded atomic.Int64
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { forwarded.Add(1) }))
	t.Cleanup(up.Close)
	_, base := start(t, proxy.Config{Target: up.URL})
	send(t, "GET", base+"/healthz", "j", nil)
	for path, want := range map[string]int{"/__proxy/journal?limit=1": 200, "/__proxy/journal?limit=x": 400, "/__proxy/report": 200, "/__proxy/other": 404} {
		a := send(t, "GET", base+path, "j", nil)
		if a.status != want || !strings.HasPrefix(a.header.Get("Content-Type"), "application/json") {
			t.Errorf("%s: %d %s, want %d", path, a.status, a.header.Get("Content-Type"), want)
		}
	}
	if a := send(t, "GET", base+"/__proxy/journal", "j", nil); !strings.Contains(string(a.body), `"path": "/healthz"`) {
		t.Errorf("journal: %s", a.body)
	}
	if n := forwarded.Load(); n != 1 {
		t.Errorf("%d requests forwarded, want only /healthz", n)
	}
}

// TestRequestsAsSent: the target gets the method, path (under the
// target's own prefix), query (order and encoding kept), headers and body
// the client sent; only the host changes.
func TestRequestsAsSent(t *testing.T) {
	type seen struct {
		method, uri string
		header      http.Header
		body        []byte
	}
	got := make(chan seen, 1)
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		got <- seen{r.Method, r.RequestURI, r.Header.Clone(), body}
	}))
	t.Cleanup(up.Close)
	// A target with a path prefix: it precedes the API's base path.
	_, base := start(t, proxy.Config{Target: up.URL + "/sandbox/"})
	body := []byte(`{"orderRequest": {"transactionType":"SUSPEND"}}`)
	req, _ := http.NewRequest("POST", base+"/mobproc/v1/orders?z=1&confirm=true&a=%2F", bytes.NewReader(body))
	req.Header["X-TNGO-TENANT"] = []string{"acme"}
	req.Header["client_id"] = []string{"demo"}
	req.Header.Set("X-Forwarded-For", "192.0.2.1")
	req.Header.Set("Authorization", "Bearer t")
	req.Header.Set("User-Agent", "partner-app/1.0")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	s := <-got
	if s.method != "POST" || s.uri != "/sandbox/mobproc/v1/orders?z=1&confirm=true&a=%2F" || !bytes.Equal(s.body, body) {
		t.Errorf("target got %s %s %s", s.method, s.uri, s.body)
	}
	for k, v := range map[string]string{"X-TNGO-TENANT": "acme", "client_id": "demo", "X-Forwarded-For": "192.0.2.1", "Authorization": "Bearer t", "User-Agent": "partner-app/1.0"} {
		if g := s.header[k]; len(g) != 1 || g[0] != v {
			if g := s.header.Values(k); len(g) != 1 || g[0] != v {
				t.Errorf("header %s: %q, want %q", k, g, v)
			}
		}
	}
}

// TestCompressedAnswers: a gzip answer reaches the client as the target
// sent it (compressed) and is checked decompressed.
func TestCompressedAnswers(t *testing.T) {
	up := mocktest.Start(t, mock.Config{})
	var sent []byte
	gz := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := httptest.NewRecorder()
		up.Mock.ServeHTTP(rec, r)
		var buf bytes.Buffer
		zw := gzip.NewWriter(&buf)
		_, _ = zw.Write(rec.Body.Bytes())
		_ = zw.Close()
		sent = buf.Bytes()
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.Header().Set("Content-Encoding", "gzip")
		w.Header().Del("Content-Length")
		w.WriteHeader(rec.Code)
		_, _ = w.Write(sent)
	}))
	t.Cleanup(gz.Close)
	p, base := start(t, proxy.Config{Target: gz.URL})
	// Accept-Encoding set by hand: Go's client then leaves the body as sent.
	a := send(t, "GET", base+"/mobproc/v1/regions", "gz", nil, "Accept-Encoding", "gzip")
	if a.status != 200 || !bytes.Equal(a.body, sent) || a.header.Get("Content-Encoding") != "gzip" {
		t.Errorf("answer changed: %d %q", a.status, a.header.Get("Content-Encoding"))
	}
	if rep := p.Report(); rep.Total() != 0 || rep.Operations[0].Warnings != 0 {
		t.Errorf("a good compressed answer was judged:\n%s", rep.Summary())
	}
}

// TestPreflightNotJudged: a browser's CORS preflight is forwarded and not
// judged (it is no operation of the contract).
func TestPreflightNotJudged(t *testing.T) {
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Access-Control-Allow-Origin", "*")
		w.WriteHeader(http.StatusNoContent)
	}))
	t.Cleanup(up.Close)
	p, base := start(t, proxy.Config{Target: up.URL})
	a := send(t, "OPTIONS", base+"/mobproc/v1/orders", "cors", nil, "Origin", "https://app.example", "Access-Control-Request-Method", "POST")
	if a.status != http.StatusNoContent || a.header.Get("Access-Control-Allow-Origin") != "*" {
		t.Errorf("preflight answer changed: %d %v", a.status, a.header)
	}
	if rep := p.Report(); rep.Total() != 0 || rep.Unchecked != 1 {
		t.Errorf("preflight judged:\n%s", rep.Summary())
	}
}
