package mock_test

import (
	"bytes"
	"encoding/json"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mobmock/mobmock/fixtures"
	"github.com/mobmock/mobmock/internal/jsonpatch"
	"github.com/mobmock/mobmock/mock"
	"github.com/mobmock/mobmock/mock/mocktest"
	"github.com/mobmock/mobmock/schemas"
)

// clock is a settable clock for lifecycle tests.
type clock struct {
	mu sync.Mutex // guards t
	t  time.Time
}

func newClock() *clock { return &clock{t: time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// client talks to a mock as one tenant.
type client struct {
	t      testing.TB
	base   string
	tenant string
	token  string
	hc     *http.Client
}

func start(t testing.TB, cfg mock.Config) (*mocktest.Server, *client) {
	t.Helper()
	if cfg.IDs == nil {
		n := uint64(0)
		var mu sync.Mutex
		cfg.IDs = func() uint64 { mu.Lock(); defer mu.Unlock(); n += 7919; return n }
	}
	s := mocktest.Start(t, cfg)
	return s, &client{t: t, base: s.URL, tenant: "acme", hc: s.Client()}
}

func (c *client) as(tenant string) *client {
	d := *c
	d.tenant = tenant
	return &d
}

// response is a decoded answer.
type response struct {
	Status int
	Header http.Header
	Body   any
	Raw    []byte
}

func (c *client) do(method, path string, body any) response {
	c.t.Helper()
	var rd io.Reader
	if body != nil {
		data, err := json.Marshal(body)
		if err != nil {
			c.t.Fatal(err)
		}
		rd = bytes.NewReader(data)
	}
	req, err := http.NewRequest(method, c.base+path, rd)
	if err != nil {
		c.t.Fatal(err)
	}
	if c.tenant != "" {
		req.Header.Set("X-TNGO-TENANT", c.tenant)
	}
	req.Header["client_id"] = []string{"test"}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	return c.send(req)
}

func (c *client) send(req *http.Request) response {
	c.t.Helper()
	resp, err := c.hc.Do(req)
	if err != nil {
		c.t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		c.t.Fatal(err)
	}
	r := response{Status: resp.StatusCode, Header: resp.Header, Raw: raw}
	if len(raw) > 0 && strings.Contains(resp.Header.Get("Content-Type"), "json") {
		if r.Body, err = schemas.Decode(raw); err != nil {
			c.t.Fatalf("%s %s: answer is not JSON: %v\n%s", req.Method, req.URL, err, raw)
		}
	}
	return r
}

// want fails the test unless the response has the status.
func (r response) want(t testing.TB, status int) response {
	t.Helper()
	if r.Status != status {
		t.Fatalf("status %d, want %d; body: %s", r.Status, status, r.Raw)
	}
	return r
}

// at returns the value at a JSON pointer of the body.
func (r response) at(t testing.TB, ptr string) any {
	t.Helper()
	v, err := jsonpatch.Get(r.Body, ptr)
	if err != nil {
		t.Fatalf("%s: %v; body: %s", ptr, err, r.Raw)
	}
	return v
}

func (r response) str(t testing.TB, ptr string) string {
	t.Helper()
	switch v := r.at(t, ptr).(type) {
	case string:
		return v
	case json.Number:
		return v.String()
	}
	t.Fatalf("%s is not a string or number", ptr)
	return ""
}

// hasError reports whether an error answer names the pointer with the code.
func (r response) hasError(code, pointer string) bool {
	m, _ := r.Body.(map[string]any)
	list, _ := m["errors"].([]any)
	for _, it := range list {
		im, _ := it.(map[string]any)
		if im["code"] == code && (pointer == "*" || im["pointer"] == pointer || im["parameter"] == pointer) {
			return true
		}
	}
	return false
}

func documented(t testing.TB, name string) any {
	t.Helper()
	data, err := fs.ReadFile(fixtures.FS, "documented/"+name)
	if err != nil {
		t.Fatal(err)
	}
	v, err := schemas.Decode(data)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func cases(t testing.TB) *fixtures.Set {
	t.Helper()
	s, err := fixtures.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func set(t testing.TB, v any, ptr string, x any) any {
	t.Helper()
	raw, _ := json.Marshal(x)
	out, err := jsonpatch.Apply(v, []jsonpatch.Op{{Op: "replace", Path: ptr, Value: raw}})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func newRequest(t testing.TB, method, url, body string, headers map[string]string) *http.Request {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, url, rd)
	if err != nil {
		t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for k, v := range headers {
		req.Header[k] = []string{v}
	}
	return req
}

func ioNopCloser(s string) io.ReadCloser { return io.NopCloser(strings.NewReader(s)) }

func newRecorder() *httptest.ResponseRecorder { return httptest.NewRecorder() }
