package main

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"io/fs"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/mobmock/mobmock/fixtures"
	"github.com/mobmock/mobmock/mock"
	"github.com/mobmock/mobmock/mock/mocktest"
	"github.com/mobmock/mobmock/proxy"
)

// TestProxyFlags tests flag and environment parsing of mobmock proxy apart
// from the work it does.
func TestProxyFlags(t *testing.T) {
	with := func(f func(*proxyConfig)) proxyConfig {
		c := defaultProxyConfig()
		c.target = "https://sandbox.example.com"
		f(&c)
		return c
	}
	tests := []struct {
		name    string
		env     map[string]string
		args    []string
		want    proxyConfig
		wantErr string
	}{
		{name: "target only", args: []string{"--target", "https://sandbox.example.com"}, want: with(func(*proxyConfig) {})},
		{name: "every flag", args: []string{"--target", "https://sandbox.example.com", "--addr", "127.0.0.1:0", "--strict", "--record", "rec",
			"--report", "r.json", "--junit", "j.xml", "--fail-on", "response", "--timeout", "5s", "--ca-file", "ca.pem",
			"--redact-header", "X-A,X-B", "--redact-header", "X-C", "--preserve-host", "--redact-pointer", "/a/*/b", "--max-check", "2048", "--grace", "1s", "--log", "json"},
			want: with(func(c *proxyConfig) {
				c.addr, c.strict, c.record, c.report, c.junit, c.failOn = "127.0.0.1:0", true, "rec", "r.json", "j.xml", "response"
				c.timeout, c.caFile, c.redactHeaders, c.redactPointers = 5*time.Second, "ca.pem", listFlag{"X-A", "X-B", "X-C"}, listFlag{"/a/*/b"}
				c.maxCheck, c.grace, c.log, c.preserveHost = 2048, time.Second, "json", true
			})},
		{name: "environment", env: map[string]string{"MOBMOCK_TARGET": "https://sandbox.example.com", "MOBMOCK_FAIL_ON": "none", "MOBMOCK_INSECURE": "true"},
			want: with(func(c *proxyConfig) { c.failOn, c.insecure = "none", true })},
		{name: "flags win over the environment", env: map[string]string{"MOBMOCK_TARGET": "http://a.example"}, args: []string{"--target", "https://sandbox.example.com"},
			want: with(func(*proxyConfig) {})},
		{name: "no target", wantErr: "--target is required"},
		{name: "relative target", args: []string{"--target", "sandbox.example.com"}, wantErr: "absolute http:// or https:// URL"},
		{name: "bad fail-on", args: []string{"--target", "http://a.example", "--fail-on", "warnings"}, wantErr: "--fail-on must be"},
		{name: "insecure and a CA file", args: []string{"--target", "http://a.example", "--insecure", "--ca-file", "x.pem"}, wantErr: "not both"},
		{name: "bad pointer", args: []string{"--target", "http://a.example", "--redact-pointer", "password"}, wantErr: "JSON pointer"},
		{name: "bad duration in the environment", env: map[string]string{"MOBMOCK_TIMEOUT": "soon"}, wantErr: "MOBMOCK_TIMEOUT"},
		{name: "an argument", args: []string{"--target", "http://a.example", "extra"}, wantErr: `unexpected argument "extra"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := &proxyCmd{}
			e := env{stderr: &bytes.Buffer{}, getenv: func(k string) string { return tt.env[k] }}
			err := parseCommand(c.flags(), e, tt.args, func() error { return c.cfg.check() })
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error %v, want it to mention %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(tt.want, c.cfg, cmp.AllowUnexported(proxyConfig{})); d != "" {
				t.Errorf("config (-want +got):\n%s", d)
			}
		})
	}
}

// TestProxyFailOn: which violations make the command exit 1.
func TestProxyFailOn(t *testing.T) {
	rep := &proxy.Report{Violations: map[proxy.Class]int{proxy.Request: 2}}
	for failOn, want := range map[string]bool{"request": true, "response": false, "any": true, "none": false} {
		c := proxyConfig{failOn: failOn}
		if got := c.fails(rep); got != want {
			t.Errorf("--fail-on %s with request violations: fails %v, want %v", failOn, got, want)
		}
	}
}

// startProxy runs mobmock proxy with args on a free port until the
// returned stop is called, which returns the exit code and output.
func startProxy(t *testing.T, args ...string) (base string, stop func() (int, string)) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var out, errb syncBuffer
	done := make(chan int, 1)
	go func() {
		done <- runEnv(ctx, append([]string{"proxy", "--addr", "127.0.0.1:0"}, args...), env{stdout: &out, stderr: &errb, getenv: func(string) string { return "" }})
	}()
	re := regexp.MustCompile(`mobmock proxy on (http://\S+) forwarding`)
	for i := 0; i < 1000 && base == ""; i++ {
		time.Sleep(10 * time.Millisecond)
		if m := re.FindStringSubmatch(out.String()); m != nil {
			base = m[1]
		}
		select {
		case code := <-done:
			t.Fatalf("proxy exited %d: %s %s", code, out.String(), errb.String())
		default:
		}
	}
	if base == "" {
		cancel()
		t.Fatalf("no banner: %s %s", out.String(), errb.String())
	}
	return base, func() (int, string) {
		cancel()
		select {
		case code := <-done:
			return code, out.String() + errb.String()
		case <-time.After(10 * time.Second):
			t.Fatal("proxy did not stop")
		}
		return 0, ""
	}
}

// post sends a documented body to url as a partner's client would.
func post(t *testing.T, method, url string, body []byte) *http.Response {
	t.Helper()
	var req *http.Request
	if body == nil {
		req, _ = http.NewRequest(method, url, nil)
	} else {
		req, _ = http.NewRequest(method, url, bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header["X-TNGO-TENANT"] = []string{"partner"}
	req.Header["client_id"] = []string{"partner-app"}
	req.Header.Set("Authorization", "Bearer partner-secret-token")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	return resp
}

// TestProxyCommandRecordsAndReplays is the partner's walk-through of the
// README: the proxy in front of a mock, a client's session through it, the
// summary, JSON and JUnit reports at exit, and the recording replayed green
// by mobmock conform --fixtures against a fresh mock.
func TestProxyCommandRecordsAndReplays(t *testing.T) {
	up := mocktest.Start(t, mock.Config{})
	dir := t.TempDir()
	rec, report, junit := filepath.Join(dir, "rec"), filepath.Join(dir, "report.json"), filepath.Join(dir, "junit.xml")
	base, stop := startProxy(t, "--target", up.URL, "--record", rec, "--report", report, "--junit", junit)
	body, err := fs.ReadFile(fixtures.FS, "documented/mobproc/swap-devices.request.json")
	if err != nil {
		t.Fatal(err)
	}
	if resp := post(t, "POST", base+"/mobproc/v1/orders?confirm=true", body); resp.StatusCode != 200 || resp.Header.Get(proxy.HeaderViolations) != "" {
		t.Fatalf("confirm: %d %v", resp.StatusCode, resp.Header)
	}
	resp := post(t, "POST", base+"/mobproc/v1/orders", body)
	var sub struct {
		Order struct {
			OrderID string `json:"orderId"`
		} `json:"order"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&sub); err != nil || sub.Order.OrderID == "" {
		t.Fatalf("submit: %d %v", resp.StatusCode, err)
	}
	post(t, "GET", base+"/mobproc/v1/orders/"+sub.Order.OrderID, nil)
	// One request the contract refuses: the mock says so, the proxy too.
	if resp := post(t, "GET", base+"/mobproc/v1/orders?colour=red", nil); resp.StatusCode != 400 || resp.Header.Get(proxy.HeaderViolations) != "1" {
		t.Errorf("bad request: %d %q", resp.StatusCode, resp.Header.Get(proxy.HeaderViolations))
	}
	journal := post(t, "GET", base+"/__proxy/journal?failing=true", nil)
	var j struct {
		Exchanges []proxy.Entry `json:"exchanges"`
	}
	if err := json.NewDecoder(journal.Body).Decode(&j); err != nil || len(j.Exchanges) != 1 || j.Exchanges[0].Violations[0].Parameter != "colour" {
		t.Errorf("journal: %v %+v", err, j)
	}
	code, out := stop()
	if code != exitProblems {
		t.Errorf("exit %d with a request violation and --fail-on any, want 1\n%s", code, out)
	}
	for _, want := range []string{"ok   POST /mobproc/v1/orders: 2 exchange(s)", "FAIL GET /mobproc/v1/orders: 1 exchange(s), 1 with violations",
		"request unknown-parameter (colour)", "1 violation(s): 1 request, 0 response", "4 exchange(s) recorded"} {
		if !strings.Contains(out, want) {
			t.Errorf("summary does not say %q:\n%s", want, out)
		}
	}
	var rep proxy.Report
	if data, err := os.ReadFile(report); err != nil || json.Unmarshal(data, &rep) != nil || rep.Exchanges != 4 || rep.Total(proxy.Request) != 1 {
		t.Errorf("report %s: %v %+v", report, err, rep)
	}
	var suites struct {
		Tests    int `xml:"tests,attr"`
		Failures int `xml:"failures,attr"`
		Suites   []struct {
			Cases []struct {
				Name    string `xml:"name,attr"`
				Failure *struct {
					Body string `xml:",chardata"`
				} `xml:"failure"`
			} `xml:"testcase"`
		} `xml:"testsuite"`
	}
	if data, err := os.ReadFile(junit); err != nil || xml.Unmarshal(data, &suites) != nil {
		t.Fatalf("junit: %v", err)
	}
	failing := ""
	for _, s := range suites.Suites {
		for _, c := range s.Cases {
			if c.Failure != nil {
				failing += c.Name + ": " + c.Failure.Body
			}
		}
	}
	if suites.Tests != 3 || suites.Failures != 1 || !strings.HasPrefix(failing, "GET /mobproc/v1/orders: ") || !strings.Contains(failing, "request unknown-parameter (colour)") {
		t.Errorf("junit: %d tests, %d failures: %s", suites.Tests, suites.Failures, failing)
	}
	fresh := mocktest.Start(t, mock.Config{})
	code, stdout, stderr := runCmd(t, context.Background(), "", nil, "conform", "--target", fresh.URL, "--fixtures", rec, "--allow-writes")
	if code != 0 || !strings.Contains(stdout, "1 passed, 0 failed, 0 skipped") {
		t.Fatalf("replay: exit %d\n%s\n%s", code, stdout, stderr)
	}
	err = filepath.WalkDir(rec, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if bytes.Contains(data, []byte("partner-secret-token")) {
			t.Errorf("%s holds the bearer token", p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestProxyCommandErrors(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	code, _, errOut := runCmd(t, context.Background(), "", nil, "proxy", "--target", "http://127.0.0.1:9", "--addr", ln.Addr().String())
	if code != exitUsage || !strings.Contains(errOut, "already in use") {
		t.Errorf("port in use: exit %d: %s", code, errOut)
	}
	code, _, errOut = runCmd(t, context.Background(), "", nil, "proxy", "--target", "http://127.0.0.1:9", "--ca-file", filepath.Join(t.TempDir(), "none.pem"))
	if code != exitUsage || !strings.Contains(errOut, "cannot read --ca-file") {
		t.Errorf("missing CA file: exit %d: %s", code, errOut)
	}
	code, _, errOut = runCmd(t, context.Background(), "", nil, "proxy")
	if code != exitUsage || !strings.Contains(errOut, "Run 'mobmock help proxy'") {
		t.Errorf("no target: exit %d: %s", code, errOut)
	}
}
