package mock_test

import (
	"encoding/json"
	"errors"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/mobmock/mobmock/mock"
)

// freshClient opens a new connection for every request, so that net/http
// never retries a request on a broken connection it reused: the test sees
// each fault as the client's first try does.
func freshClient(timeout time.Duration) *http.Client {
	return &http.Client{Timeout: timeout, Transport: &http.Transport{DisableKeepAlives: true}}
}

// TestLatency: answers take at least the configured delay, run-wide and per
// rule, and say so in X-Mobmock-Fault.
func TestLatency(t *testing.T) {
	tests := []struct {
		name    string
		cfg     mock.Config
		path    string
		atLeast time.Duration
	}{
		{name: "run-wide fixed", cfg: mock.Config{Latency: "150ms"}, path: "/mobproc/v1/orders", atLeast: 150 * time.Millisecond},
		{name: "run-wide uniform", cfg: mock.Config{Latency: "100ms..200ms"}, path: "/1/activities", atLeast: 100 * time.Millisecond},
		{name: "a rule for one operation", path: "/mobproc/v1/assets/services/38382335", atLeast: 120 * time.Millisecond,
			cfg: mock.Config{Faults: mustFaults(t, `{"rules":[{"operation":"getService","latency":"120ms"}]}`)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := devServer(t, tt.cfg)
			start := time.Now()
			a := devDo(t, s.Client(), devReq(t, "GET", s.URL+tt.path, "acme", nil))
			if took := time.Since(start); took < tt.atLeast {
				t.Errorf("answered in %s, before the configured %s", took, tt.atLeast)
			}
			if a.status != 200 || !strings.HasPrefix(a.header.Get("X-Mobmock-Fault"), "latency=") {
				t.Errorf("status %d, X-Mobmock-Fault %q", a.status, a.header.Get("X-Mobmock-Fault"))
			}
		})
	}
	// A rule for one operation leaves the others alone.
	s := devServer(t, mock.Config{Faults: mustFaults(t, `{"rules":[{"operation":"getService","latency":"1s"}]}`)})
	if a := devDo(t, s.Client(), devReq(t, "GET", s.URL+"/mobproc/v1/orders", "acme", nil)); a.header.Get("X-Mobmock-Fault") != "" {
		t.Errorf("listOrders delayed by a getService rule: %q", a.header.Get("X-Mobmock-Fault"))
	}
}

func mustFaults(t testing.TB, js string) *mock.FaultProfile {
	t.Helper()
	p, err := mock.ParseFaults([]byte(js))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestLatencyDistributions draws from each form with a seeded source and
// checks its bounds and quantiles.
func TestLatencyDistributions(t *testing.T) {
	quantile := func(l mock.Latency, q float64) time.Duration {
		r := rand.New(rand.NewPCG(1, 2))
		d := make([]time.Duration, 20000)
		for i := range d {
			d[i] = l.Draw(r)
		}
		slices.Sort(d)
		return d[int(q*float64(len(d)-1))]
	}
	tests := []struct {
		in                string
		q                 float64
		wantLow, wantHigh time.Duration
	}{
		{"200ms", 0, 200 * time.Millisecond, 200 * time.Millisecond},
		{"200ms", 1, 200 * time.Millisecond, 200 * time.Millisecond},
		{"100ms..500ms", 0, 100 * time.Millisecond, 110 * time.Millisecond},
		{"100ms..500ms", 1, 490 * time.Millisecond, 500 * time.Millisecond},
		{"tail:50ms..2s", 0.5, 45 * time.Millisecond, 55 * time.Millisecond},
		{"tail:50ms..2s", 0.99, 1700 * time.Millisecond, 2300 * time.Millisecond},
		{"tail:50ms..2s", 1, 2 * time.Second, 10 * time.Second},
	}
	for _, tt := range tests {
		l, err := mock.ParseLatency(tt.in)
		if err != nil {
			t.Fatal(err)
		}
		if got := quantile(l, tt.q); got < tt.wantLow || got > tt.wantHigh {
			t.Errorf("%s: quantile %.2f is %s, want %s to %s", tt.in, tt.q, got, tt.wantLow, tt.wantHigh)
		}
	}
	for _, bad := range []string{"soon", "500ms..100ms", "tail:50ms", "tail:2s..50ms", "-1s"} {
		if _, err := mock.ParseLatency(bad); err == nil || !strings.Contains(err.Error(), bad) {
			t.Errorf("ParseLatency(%q): error %v", bad, err)
		}
	}
}

// TestFaultKinds injects each kind of fault through the admin API for one
// tenant and checks that a Go client sees it as the failure it stands for,
// that another tenant is untouched, and that the journal marks it.
func TestFaultKinds(t *testing.T) {
	s := devServer(t, mock.Config{})
	real := devDo(t, s.Client(), devReq(t, "GET", s.URL+"/mobproc/v1/orders", "calm", nil))
	tests := []struct {
		name  string
		rule  map[string]any
		path  string
		check func(t *testing.T, resp *http.Response, err error, sent time.Time)
	}{
		{name: "503 with Retry-After in the MOBPROC shape", rule: map[string]any{"fault": "status", "status": 503, "retryAfter": 7}, path: "/mobproc/v1/orders",
			check: func(t *testing.T, resp *http.Response, err error, _ time.Time) {
				a := readAll(t, resp, err)
				if a.status != 503 || a.header.Get("Retry-After") != "7" || a.json(t)["status"] != "ERROR" || a.firstError(t)["code"] != "injected-fault" ||
					!strings.Contains(a.firstError(t)["hint"].(string), "/__admin/tenants/chaos/faults") {
					t.Errorf("status %d, Retry-After %q: %s", a.status, a.header.Get("Retry-After"), a.body)
				}
			}},
		{name: "429 in the Mobile shape", rule: map[string]any{"fault": "status", "status": 429}, path: "/1/activities",
			check: func(t *testing.T, resp *http.Response, err error, _ time.Time) {
				a := readAll(t, resp, err)
				if _, has := a.json(t)["status"]; a.status != 429 || a.header.Get("Retry-After") != "1" || has {
					t.Errorf("status %d, Retry-After %q: %s", a.status, a.header.Get("Retry-After"), a.body)
				}
			}},
		{name: "500 without Retry-After", rule: map[string]any{"fault": "status", "status": 500}, path: "/mobproc/v1/orders",
			check: func(t *testing.T, resp *http.Response, err error, _ time.Time) {
				if a := readAll(t, resp, err); a.status != 500 || a.header.Get("Retry-After") != "" {
					t.Errorf("status %d, Retry-After %q", a.status, a.header.Get("Retry-After"))
				}
			}},
		{name: "connection reset", rule: map[string]any{"fault": "reset"}, path: "/mobproc/v1/orders",
			check: func(t *testing.T, resp *http.Response, err error, _ time.Time) {
				if !errors.Is(err, syscall.ECONNRESET) {
					t.Errorf("error %v, want a connection reset", err)
				}
			}},
		{name: "empty reply", rule: map[string]any{"fault": "empty"}, path: "/1/activities",
			check: func(t *testing.T, resp *http.Response, err error, _ time.Time) {
				if !errors.Is(err, io.EOF) {
					t.Errorf("error %v, want EOF before any answer", err)
				}
			}},
		{name: "body cut mid-way", rule: map[string]any{"fault": "cut"}, path: "/mobproc/v1/orders",
			check: func(t *testing.T, resp *http.Response, err error, _ time.Time) {
				if err != nil {
					t.Fatalf("the headers did not arrive: %v", err)
				}
				defer resp.Body.Close()
				body, err := io.ReadAll(resp.Body)
				if !errors.Is(err, io.ErrUnexpectedEOF) || len(body) == 0 || int64(len(body)) >= resp.ContentLength {
					t.Errorf("read %d of %d bytes, error %v; want a body cut short", len(body), resp.ContentLength, err)
				}
			}},
		{name: "slow dribbled body, complete", rule: map[string]any{"fault": "dribble", "chunk": 64, "interval": "20ms"}, path: "/mobproc/v1/orders",
			check: func(t *testing.T, resp *http.Response, err error, sent time.Time) {
				a := readAll(t, resp, err)
				chunks := (len(a.body) + 63) / 64
				if took := time.Since(sent); took < time.Duration(chunks-1)*20*time.Millisecond {
					t.Errorf("%d chunks read in %s", chunks, took)
				}
				if string(a.body) != string(real.body) {
					t.Errorf("dribbled body differs from the real one:\n%s\n%s", a.body, real.body)
				}
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			devAdmin(t, s, "PUT", "/__admin/tenants/chaos/faults", map[string]any{"rules": []any{tt.rule}}, 200)
			sent := time.Now()
			resp, err := freshClient(0).Do(devReq(t, "GET", s.URL+tt.path, "chaos", nil))
			tt.check(t, resp, err, sent)
			// Another tenant at the same time gets the real answer.
			if a := devDo(t, s.Client(), devReq(t, "GET", s.URL+tt.path, "calm", nil)); a.status != 200 || a.header.Get("X-Mobmock-Fault") != "" {
				t.Errorf("tenant calm: status %d, X-Mobmock-Fault %q", a.status, a.header.Get("X-Mobmock-Fault"))
			}
			waitJournal(t, s, "chaos", "fault: "+tt.rule["fault"].(string))
		})
	}
	// A dribbled body trips a client's timeout part-way through the body.
	devAdmin(t, s, "PUT", "/__admin/tenants/chaos/faults", map[string]any{"rules": []any{map[string]any{"fault": "dribble", "chunk": 8, "interval": "300ms"}}}, 200)
	resp, err := freshClient(500 * time.Millisecond).Do(devReq(t, "GET", s.URL+"/mobproc/v1/orders", "chaos", nil))
	if err != nil {
		t.Fatalf("the headers did not arrive: %v", err)
	}
	_, err = io.ReadAll(resp.Body)
	resp.Body.Close()
	var ne net.Error
	if !errors.As(err, &ne) || !ne.Timeout() {
		t.Errorf("reading a dribbled body with a 500ms timeout: %v, want a timeout", err)
	}
	// Resetting the tenant drops its profile.
	devAdmin(t, s, "POST", "/__admin/tenants/chaos/reset", nil, 200)
	if a := devDo(t, freshClient(0), devReq(t, "GET", s.URL+"/mobproc/v1/orders", "chaos", nil)); a.status != 200 {
		t.Errorf("after a reset: status %d", a.status)
	}
}

func readAll(t *testing.T, resp *http.Response, err error) devAnswer {
	t.Helper()
	if err != nil {
		t.Fatalf("request failed: %v", err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("reading the body: %v", err)
	}
	return devAnswer{status: resp.StatusCode, header: resp.Header, body: body}
}

// TestFaultRate: a rate of 0 never fires, and a run-wide profile applies to
// every tenant without one of its own, until a tenant's empty profile opts
// it out.
func TestFaultRate(t *testing.T) {
	s := devServer(t, mock.Config{Faults: mustFaults(t, `{"rules":[
		{"path":"/mobproc/v1/orders","fault":"status","status":503,"rate":0},
		{"path":"/1/*","fault":"status","status":502}]}`)})
	var wg sync.WaitGroup
	statuses := make([]int, 20)
	for i := range statuses {
		wg.Go(func() {
			statuses[i] = devDo(t, s.Client(), devReq(t, "GET", s.URL+"/mobproc/v1/orders", "any", nil)).status
		})
	}
	wg.Wait()
	for _, st := range statuses {
		if st != 200 {
			t.Fatalf("a rate of 0 fired: %v", statuses)
		}
	}
	if a := devDo(t, s.Client(), devReq(t, "GET", s.URL+"/1/activities", "any", nil)); a.status != 502 {
		t.Errorf("run-wide 502: got %d", a.status)
	}
	devAdmin(t, s, "PUT", "/__admin/tenants/quiet/faults", map[string]any{"rules": []any{}}, 200)
	if a := devDo(t, s.Client(), devReq(t, "GET", s.URL+"/1/activities", "quiet", nil)); a.status != 200 {
		t.Errorf("a tenant with an empty profile: got %d", a.status)
	}
	got := devAdmin(t, s, "GET", "/__admin/faults", nil, 200)
	var p mock.FaultProfile
	if err := json.Unmarshal(got.body, &p); err != nil || len(p.Rules) != 2 {
		t.Errorf("GET /__admin/faults: %v %s", err, got.body)
	}
}

// TestFaultProfileErrors: a profile that is not usable is refused with the
// rule and the problem, by ParseFaults and by the admin API.
func TestFaultProfileErrors(t *testing.T) {
	s := devServer(t, mock.Config{})
	tests := []struct{ profile, want string }{
		{`{"rules":[{"fault":"explode"}]}`, `rule 1: fault "explode"`},
		{`{"rules":[{"latency":"soon"}]}`, `"soon"`},
		{`{"rules":[{"path":"/1/*"}]}`, "rule 1: it sets neither"},
		{`{"rules":[{"fault":"status","status":200}]}`, "status 200"},
		{`{"rules":[{"fault":"reset","rate":2}]}`, "rate 2"},
		{`{"rules":[{"fault":"reset","colour":"red"}]}`, "colour"},
		{`{"rules":[`, "ends too early"},
		{`{"rules":[}`, "malformed at line 1 column 11"},
		{`{}`, `no "rules"`},
		// Bounds: no delay over a minute, however it is written.
		{`{"rules":[{"latency":"1000h"}]}`, "longest delay"},
		{`{"rules":[{"latency":"10ms..2m"}]}`, "longest delay"},
		{`{"rules":[{"latency":"tail:1s..90s"}]}`, "longest delay"},
		{`{"rules":[{"fault":"status","status":503,"retryAfter":99999}]}`, "retryAfter 99999"},
		{`{"rules":[` + strings.Repeat(`{"fault":"reset"},`, 100) + `{"fault":"reset"}]}`, "at most 100 rules"},
		// Decoding problems read as JSON, not as Go.
		{`{"rules":[{"fault":"reset","rate":"half"}]}`, "rules.rate must be a number, not a string"},
		{`{"rules":{"fault":"reset"}}`, "rules must be an array, not an object"},
		{`{"rules":[{"status":"503","fault":"status"}]}`, "rules.status must be a whole number, not a string"},
	}
	for _, tt := range tests {
		if _, err := mock.ParseFaults([]byte(tt.profile)); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("ParseFaults(%s): error %v, want it to mention %s", tt.profile, err, tt.want)
		}
		req, _ := http.NewRequest("PUT", s.URL+"/__admin/faults", strings.NewReader(tt.profile))
		a := devDo(t, s.Client(), req)
		if a.status != 400 || !strings.Contains(string(a.body), strings.ReplaceAll(tt.want, `"`, `\"`)) {
			t.Errorf("PUT %s: status %d: %s", tt.profile, a.status, a.body)
		}
	}
}

// TestFaultProfileNamesKnownOperations: a rule naming an operation neither
// API has would never match; it is refused, with examples of real ones.
func TestFaultProfileNamesKnownOperations(t *testing.T) {
	s := devServer(t, mock.Config{})
	req, _ := http.NewRequest("PUT", s.URL+"/__admin/faults", strings.NewReader(`{"rules":[{"operation":"createOrdr","fault":"reset"}]}`))
	if a := devDo(t, s.Client(), req); a.status != 400 || !strings.Contains(string(a.body), `operation \"createOrdr\" is not an operationId`) {
		t.Errorf("unknown operation: %d %s", a.status, a.body)
	}
	devAdmin(t, s, "PUT", "/__admin/faults", map[string]any{"rules": []any{map[string]any{"operation": "createOrder", "latency": "1ms"}}}, 200)
	if _, err := mock.New(mock.Config{Faults: mustFaults(t, `{"rules":[{"operation":"nope","fault":"reset"}]}`)}); err == nil || !strings.Contains(err.Error(), `"nope"`) {
		t.Errorf("New with an unknown operation: %v", err)
	}
}
