package conformance_test

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/mobmock/mobmock/conformance"
	"github.com/mobmock/mobmock/fixtures"
	"github.com/mobmock/mobmock/mock"
	"github.com/mobmock/mobmock/mock/mocktest"
)

func embedded(t testing.TB) *fixtures.Set {
	t.Helper()
	s, err := fixtures.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func run(t *testing.T, cfg conformance.Config) *conformance.Report {
	t.Helper()
	r, err := conformance.New(cfg, embedded(t))
	if err != nil {
		t.Fatal(err)
	}
	return r.Run(context.Background())
}

// TestSuiteAgainstMock runs the whole embedded suite against the mock, in
// both readings of the contract: everything passes.
func TestSuiteAgainstMock(t *testing.T) {
	for _, strict := range []bool{false, true} {
		t.Run("strict="+strconv.FormatBool(strict), func(t *testing.T) {
			s := mocktest.Start(t, mock.Config{Strict: strict})
			rep := run(t, conformance.Config{Target: s.URL, AllowWrites: true, Strict: strict, Parallel: 8})
			if rep.Failed > 0 || rep.Skipped > 0 || rep.Passed < 200 {
				for _, res := range rep.Results {
					if res.Outcome != conformance.Pass {
						t.Errorf("%s %s: %s\n%s", res.Outcome, res.Name, res.Reason, conformance.Details(res))
					}
				}
				t.Fatalf("%s", rep.Summary())
			}
		})
	}
}

// TestWritesNeedPermission: without AllowWrites every case that creates or
// changes data is skipped with a line saying how to include it, and no
// request of such a case reaches the target.
func TestWritesNeedPermission(t *testing.T) {
	s := mocktest.Start(t, mock.Config{})
	var posts atomic.Int64
	proxy := proxyTo(t, s.URL, func(r *http.Request) {
		if r.Method == http.MethodPost && r.URL.Query().Get("confirm") != "true" {
			posts.Add(1)
		}
	}, nil)
	rep := run(t, conformance.Config{Target: proxy.URL})
	if rep.Skipped == 0 || rep.Failed != 0 {
		t.Fatalf("%s", rep.Summary())
	}
	for _, res := range rep.Results {
		if res.Outcome == conformance.Skip && !strings.Contains(res.Reason, "--allow-writes") {
			t.Errorf("%s skipped without saying how to include it: %q", res.Name, res.Reason)
		}
	}
	if n := posts.Load(); n != 0 {
		t.Errorf("%d writing requests reached the target", n)
	}
}

// proxyTo starts a target that forwards to the mock; inspect sees each
// request, mutate may rewrite each response.
func proxyTo(t *testing.T, target string, inspect func(*http.Request), mutate func(*http.Request, *http.Response) error) *httptest.Server {
	t.Helper()
	u, err := url.Parse(target)
	if err != nil {
		t.Fatal(err)
	}
	rp := httputil.NewSingleHostReverseProxy(u)
	if mutate != nil {
		rp.ModifyResponse = func(resp *http.Response) error { return mutate(resp.Request, resp) }
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if inspect != nil {
			inspect(r)
		}
		rp.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv
}

// rewriteJSON returns a mutator that edits JSON bodies with fn.
func rewriteJSON(fn func(r *http.Request, status int, body map[string]any) (int, map[string]any)) func(*http.Request, *http.Response) error {
	return func(r *http.Request, resp *http.Response) error {
		data, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			return err
		}
		var body map[string]any
		if json.Unmarshal(data, &body) == nil {
			resp.StatusCode, body = fn(r, resp.StatusCode, body)
			if data, err = json.Marshal(body); err != nil {
				return err
			}
		}
		resp.Body = io.NopCloser(bytes.NewReader(data))
		resp.ContentLength = int64(len(data))
		resp.Header.Set("Content-Length", strconv.Itoa(len(data)))
		return nil
	}
}

// brokenTarget is a target broken on purpose: handler replaces the mock,
// or mutate rewrites its answers.
type brokenTarget struct {
	name string
	run  string
	// handler, when set, replaces the mock; else mutate rewrites it.
	handler http.HandlerFunc
	mutate  func(*http.Request, *http.Response) error
	// want must appear in the failure details of at least one case.
	want []string
}

// start serves the broken target in front of the mock s.
func (b brokenTarget) start(t *testing.T, s *mocktest.Server) string {
	t.Helper()
	if b.handler != nil {
		srv := httptest.NewServer(b.handler)
		t.Cleanup(srv.Close)
		return srv.URL
	}
	return proxyTo(t, s.URL, nil, b.mutate).URL
}

// brokenTargets are the targets the conformance tests break on purpose.
func brokenTargets(s *mocktest.Server) []brokenTarget {
	return []brokenTarget{
		{
			name: "drops a field",
			run:  `^mobproc/suspend/documented-flow$`,
			mutate: rewriteJSON(func(r *http.Request, st int, b map[string]any) (int, map[string]any) {
				if oc, ok := b["orderConfirmation"].(map[string]any); ok {
					delete(oc, "service")
				}
				return st, b
			}),
			want: []string{"/orderConfirmation/service: missing"},
		},
		{
			name: "changes a type",
			run:  `^mobproc/suspend/documented-flow$`,
			mutate: rewriteJSON(func(r *http.Request, st int, b map[string]any) (int, map[string]any) {
				if o, ok := b["order"].(map[string]any); ok {
					if id, err := strconv.Atoi(o["orderId"].(string)); err == nil {
						o["orderId"] = id
					}
				}
				return st, b
			}),
			want: []string{"body /order/orderId: order.orderId must be a string, not a number"},
		},
		{
			name: "answers 200 to an invalid request",
			run:  `^mobproc/suspend/missing-service-id$`,
			mutate: rewriteJSON(func(r *http.Request, st int, b map[string]any) (int, map[string]any) {
				if st == 400 {
					return 200, map[string]any{"status": "SUCCESS", "orderConfirmation": map[string]any{"transactionType": "SUSPEND"}}
				}
				return st, b
			}),
			want: []string{"mobproc/suspend/missing-service-id", "status: want 400, got 200"},
		},
		{
			name: "returns a 500",
			run:  `^mobproc/suspend/documented-flow$`,
			handler: func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(500)
				_, _ = w.Write([]byte(`{"status":"ERROR","errors":[{"code":"internal","message":"boom"}]}`))
			},
			want: []string{"status: want 200, got 500"},
		},
		{
			name: "wrong error shape",
			run:  `^mobproc/suspend/missing-service-id$`,
			mutate: rewriteJSON(func(r *http.Request, st int, b map[string]any) (int, map[string]any) {
				if st == 400 {
					return 400, map[string]any{"message": "serviceId missing"}
				}
				return st, b
			}),
			want: []string{"body /errors: errors is required in the body.", "the answer has no errors list naming /orderRequest/serviceId"},
		},
		{
			name: "points at the wrong field",
			run:  `^mobproc/suspend/missing-service-id$`,
			mutate: rewriteJSON(func(r *http.Request, st int, b map[string]any) (int, map[string]any) {
				errs, _ := b["errors"].([]any)
				for _, e := range errs {
					if em, ok := e.(map[string]any); ok && em["pointer"] != nil {
						em["pointer"] = "/orderRequest/elsewhere"
						em["message"] = "Something is wrong."
					}
				}
				return st, b
			}),
			want: []string{"no error names /orderRequest/serviceId", "the answer points at /orderRequest/elsewhere instead"},
		},
		{
			name: "leaks another tenant's order",
			run:  `^mobproc/tenancy/`,
			handler: func(w http.ResponseWriter, r *http.Request) {
				// A target that ignores the tenant: everyone is "shared".
				r.Header.Set("X-TNGO-TENANT", "shared")
				s.Mock.ServeHTTP(w, r)
			},
			want: []string{"mobproc/tenancy/other-tenant-cannot-read", "status: want 404, got 200"},
		},
	}
}

// TestBrokenTargets runs parts of the suite against targets broken on
// purpose and checks each breakage is reported as a failure that names the
// field or the case.
func TestBrokenTargets(t *testing.T) {
	s := mocktest.Start(t, mock.Config{})
	tests := brokenTargets(s)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			target := tt.start(t, s)
			rep := run(t, conformance.Config{Target: target, AllowWrites: true, Run: regexp.MustCompile(tt.run)})
			if rep.Failed == 0 {
				t.Fatalf("the breakage went unnoticed: %s", rep.Summary())
			}
			var text strings.Builder
			for _, res := range rep.Results {
				if res.Outcome == conformance.Fail {
					text.WriteString(res.Name + "\n" + conformance.Details(res))
				}
			}
			for _, w := range tt.want {
				if !strings.Contains(text.String(), w) {
					t.Errorf("failure report does not say %q:\n%s", w, text.String())
				}
			}
		})
	}
}

// TestReports: the summary line, the JUnit XML and the JSON report.
func TestReports(t *testing.T) {
	s := mocktest.Start(t, mock.Config{})
	broken := proxyTo(t, s.URL, nil, rewriteJSON(func(r *http.Request, st int, b map[string]any) (int, map[string]any) {
		delete(b, "status")
		return st, b
	}))
	rep := run(t, conformance.Config{Target: broken.URL, Run: regexp.MustCompile(`^mobproc/(suspend/(missing-service-id|confirm)|swap-devices/documented-flow)$`)})
	if got := rep.Summary(); !regexp.MustCompile(`^\d+ passed, \d+ failed, \d+ skipped$`).MatchString(got) || rep.Failed == 0 {
		t.Errorf("summary %q", got)
	}
	var junit bytes.Buffer
	if err := rep.WriteJUnit(&junit); err != nil {
		t.Fatal(err)
	}
	var suites struct {
		Tests      int `xml:"tests,attr"`
		Failures   int `xml:"failures,attr"`
		Properties []struct {
			Name  string `xml:"name,attr"`
			Value string `xml:"value,attr"`
		} `xml:"properties>property"`
		SystemOut string `xml:"system-out"`
		Suites    []struct {
			Cases []struct {
				Name    string `xml:"name,attr"`
				Failure *struct {
					Message string `xml:"message,attr"`
				} `xml:"failure"`
			} `xml:"testcase"`
		} `xml:"testsuite"`
	}
	if err := xml.Unmarshal(junit.Bytes(), &suites); err != nil {
		t.Fatalf("JUnit XML does not parse: %v\n%s", err, junit.String())
	}
	if suites.Tests != len(rep.Results) || suites.Failures != rep.Failed || len(suites.Suites) == 0 {
		t.Errorf("JUnit counts: %+v, report %s", suites, rep.Summary())
	}
	if len(suites.Properties) < 30 || suites.Properties[0].Name != "coverage" || !strings.Contains(suites.SystemOut, "coverage: ") {
		t.Errorf("JUnit coverage: %d properties, system-out %q", len(suites.Properties), suites.SystemOut)
	}
	failed := 0
	for _, su := range suites.Suites {
		for _, c := range su.Cases {
			if c.Failure != nil && c.Failure.Message != "" {
				failed++
			}
		}
	}
	if failed != rep.Failed {
		t.Errorf("%d JUnit failures with a message, %d failed cases", failed, rep.Failed)
	}
	var js bytes.Buffer
	if err := rep.WriteJSON(&js); err != nil {
		t.Fatal(err)
	}
	var back conformance.Report
	if err := json.Unmarshal(js.Bytes(), &back); err != nil || back.Failed != rep.Failed || len(back.Results) != len(rep.Results) {
		t.Errorf("JSON report does not round-trip: %v", err)
	}
}

// TestDryRun: a dry run sends nothing, lists only the requests a real run
// would send (no writing case without AllowWrites), and prints captured
// values as the placeholders the cases write, not URL-encoded.
func TestDryRun(t *testing.T) {
	var hits atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1) }))
	defer srv.Close()
	for _, writes := range []bool{false, true} {
		t.Run("allowWrites="+strconv.FormatBool(writes), func(t *testing.T) {
			r, err := conformance.New(conformance.Config{Target: srv.URL, AllowWrites: writes, Run: regexp.MustCompile(`^mobproc/suspend/`)}, embedded(t))
			if err != nil {
				t.Fatal(err)
			}
			reqs := r.DryRun()
			if len(reqs) < 5 || hits.Load() != 0 {
				t.Fatalf("%d requests planned, %d sent", len(reqs), hits.Load())
			}
			placeholders := 0
			for _, rq := range reqs {
				if !strings.HasPrefix(rq.URL, srv.URL) {
					t.Errorf("request to %s, not the target", rq.URL)
				}
				if !writes && rq.Method == http.MethodPost && !strings.Contains(rq.URL, "confirm=true") {
					t.Errorf("a writing request is listed without AllowWrites: %s %s", rq.Method, rq.URL)
				}
				if strings.Contains(rq.URL, "%7B") {
					t.Errorf("placeholder URL-encoded: %s", rq.URL)
				}
				if strings.Contains(rq.URL, "/orders/{{orderId}}") {
					placeholders++
				}
			}
			if writes && placeholders == 0 {
				t.Errorf("no request reads the submitted order back as /orders/{{orderId}}")
			}
		})
	}
}

func TestUnreachable(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	addr := srv.URL
	srv.Close()
	r, err := conformance.New(conformance.Config{Target: addr}, embedded(t))
	if err != nil {
		t.Fatal(err)
	}
	err = r.Preflight(context.Background())
	if !errors.Is(err, conformance.ErrUnreachable) || !strings.Contains(err.Error(), "cannot connect") {
		t.Errorf("Preflight = %v", err)
	}
	if _, err := conformance.New(conformance.Config{Target: "ftp://x"}, embedded(t)); err == nil {
		t.Error("a non-http target was accepted")
	}
}

// TestNoOtherHost: a target that redirects elsewhere is not followed.
func TestNoOtherHost(t *testing.T) {
	var elsewhere atomic.Int64
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { elsewhere.Add(1) }))
	defer other.Close()
	target := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, other.URL+r.URL.Path, http.StatusTemporaryRedirect)
	}))
	defer target.Close()
	run(t, conformance.Config{Target: target.URL, AllowWrites: true, Run: regexp.MustCompile(`^mobproc/suspend/`)})
	if n := elsewhere.Load(); n != 0 {
		t.Errorf("%d requests went to another host", n)
	}
}

// TestSharedTenantTwice runs the embedded suite twice in a row on one
// shared tenant of one mock, in both readings: cases find what they need
// through the lookups and tolerate what the first run left, so nothing
// fails; a case the tenant cannot serve is skipped, saying why.
func TestSharedTenantTwice(t *testing.T) {
	for _, strict := range []bool{false, true} {
		t.Run("strict="+strconv.FormatBool(strict), func(t *testing.T) {
			s := mocktest.Start(t, mock.Config{Strict: strict})
			for i := 1; i <= 2; i++ {
				rep := run(t, conformance.Config{Target: s.URL, Tenant: "shared", AllowWrites: true, Strict: strict, Parallel: 8})
				for _, res := range rep.Results {
					switch {
					case res.Outcome == conformance.Fail:
						t.Errorf("run %d: %s: %s\n%s", i, res.Name, res.Reason, conformance.Details(res))
					case res.Outcome == conformance.Skip && !strings.Contains(res.Reason, "the tenant holds nothing this case can use"):
						t.Errorf("run %d: %s skipped without saying what it lacked: %q", i, res.Name, res.Reason)
					case res.Outcome == conformance.Pass && res.Duration <= 0:
						t.Errorf("run %d: %s took no time: durations are not recorded", i, res.Name)
					}
				}
				if rep.Passed < 230 {
					t.Errorf("run %d: %s", i, rep.Summary())
				}
				if i == 2 {
					// The documented Suspend names a line the first run
					// left with an open activity: the second run looks
					// another up and passes with it.
					for _, res := range rep.Results {
						if res.Name == "mobile/suspend/documented" && (res.Outcome != conformance.Pass || len(res.Steps) < 3 || res.Steps[0].Unusable == "" || res.Steps[1].Name != "look up another") {
							t.Errorf("run 2: %s %s did not fall back to a looked-up line: %+v", res.Name, res.Outcome, res.Steps)
						}
					}
				}
			}
		})
	}
}

// TestNothingUsable: against a target whose every item is taken (each
// submission answers 409), a case that finds its service through the
// lookup tries a bounded number of candidates and is skipped, naming what
// it looked for and the target's answer; it is not failed.
func TestNothingUsable(t *testing.T) {
	s := mocktest.Start(t, mock.Config{})
	var submits atomic.Int64
	busy := proxyTo(t, s.URL, nil, rewriteJSON(func(r *http.Request, st int, b map[string]any) (int, map[string]any) {
		if r.Method == http.MethodPost && r.URL.Query().Get("confirm") != "true" {
			submits.Add(1)
			return 409, map[string]any{"status": "ERROR", "errors": []any{map[string]any{"code": "wrong-state", "message": "Service is busy.", "pointer": "/orderRequest/serviceId"}}}
		}
		return st, b
	}))
	rep := run(t, conformance.Config{Target: busy.URL, Tenant: "busy", AllowWrites: true, Run: regexp.MustCompile(`^mobproc/state/suspend-twice$`)})
	if rep.Skipped != 1 {
		t.Fatalf("%s, want the case skipped", rep.Summary())
	}
	reason := rep.Results[0].Reason
	for _, want := range []string{"the tenant holds nothing this case can use", "ACTIVE service with no open order", "409 (Service is busy.)"} {
		if !strings.Contains(reason, want) {
			t.Errorf("reason %q does not say %q", reason, want)
		}
	}
	if n := submits.Load(); n == 0 || n > int64(fixtures.MaxCandidates) {
		t.Errorf("%d submissions, want 1 to %d", n, fixtures.MaxCandidates)
	}
}
