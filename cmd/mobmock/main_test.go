package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io/fs"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/mobmock/mobmock/fixtures"
	"github.com/mobmock/mobmock/mock"
	"github.com/mobmock/mobmock/mock/mocktest"
)

// runCmd runs the command line with the given stdin and environment and
// returns the exit code and outputs.
func runCmd(t *testing.T, ctx context.Context, stdin string, envv map[string]string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := runEnv(ctx, args, env{stdin: strings.NewReader(stdin), stdout: &out, stderr: &errb,
		getenv: func(k string) string { return envv[k] }})
	return code, out.String(), errb.String()
}

func TestServeFlagsAndEnvironment(t *testing.T) {
	tests := []struct {
		name    string
		env     map[string]string
		args    []string
		want    serveConfig
		wantErr string
	}{
		{name: "defaults", want: defaultServeConfig()},
		{name: "environment", env: map[string]string{"MOBMOCK_ADDR": "127.0.0.1:9", "MOBMOCK_STRICT": "true", "MOBMOCK_ADVANCE": "5s", "MOBMOCK_AUTH": "required"},
			want: func() serveConfig {
				c := defaultServeConfig()
				c.addr, c.strict, c.advance, c.auth = "127.0.0.1:9", true, 5*time.Second, "required"
				return c
			}()},
		{name: "flags win over the environment", env: map[string]string{"MOBMOCK_ADDR": "127.0.0.1:9"}, args: []string{"--addr", "127.0.0.1:10"},
			want: func() serveConfig { c := defaultServeConfig(); c.addr = "127.0.0.1:10"; return c }()},
		{name: "bad environment value names the variable", env: map[string]string{"MOBMOCK_ADVANCE": "soon"}, wantErr: "MOBMOCK_ADVANCE"},
		{name: "bad auth mode", args: []string{"--auth", "maybe"}, wantErr: "--auth must be off or required"},
		{name: "bad log format", args: []string{"--log", "xml"}, wantErr: "--log must be"},
		{name: "developer features from the environment",
			env: map[string]string{"MOBMOCK_CORS": "none", "MOBMOCK_LATENCY": "tail:50ms..2s", "MOBMOCK_FAULTS": "f.json", "MOBMOCK_SEED": "s.json", "MOBMOCK_WATCH": "true"},
			want: func() serveConfig {
				c := defaultServeConfig()
				c.cors, c.latency, c.faults, c.seed, c.watch = "none", "tail:50ms..2s", "f.json", "s.json", true
				return c
			}()},
		{name: "bad latency", env: map[string]string{"MOBMOCK_LATENCY": "soon"}, wantErr: `latency "soon"`},
		{name: "latency over the longest delay", env: map[string]string{"MOBMOCK_LATENCY": "2h"}, wantErr: `longest delay`},
		{name: "--watch without --seed", args: []string{"--watch"}, wantErr: "--watch needs --seed"},
		{name: "state limits and redirect URIs from the environment",
			env: map[string]string{"MOBMOCK_MAX_TENANTS": "10", "MOBMOCK_MAX_RECORDS_PER_TENANT": "5", "MOBMOCK_REDIRECT_URIS": "https://app.example/cb, https://b.example/"},
			want: func() serveConfig {
				c := defaultServeConfig()
				c.maxTenants, c.maxRecordsPerTenant, c.redirectURIs = 10, 5, "https://app.example/cb, https://b.example/"
				return c
			}()},
		{name: "no tenants", args: []string{"--max-tenants", "0"}, wantErr: "--max-tenants must be at least 1"},
		{name: "no records", args: []string{"--max-records-per-tenant", "0"}, wantErr: "--max-records-per-tenant must be at least 1"},
		{name: "redirect URI with a fragment", args: []string{"--redirect-uris", "https://a.example/cb#x"}, wantErr: "--redirect-uris"},
		{name: "relative redirect URI", args: []string{"--redirect-uris", "/cb"}, wantErr: "--redirect-uris"},
		{name: "state from the environment", env: map[string]string{"MOBMOCK_STATE": "file:/tmp/x.db"},
			want: func() serveConfig { c := defaultServeConfig(); c.state = "file:/tmp/x.db"; return c }()},
		{name: "bad state", args: []string{"--state", "mysql://x"}, wantErr: "--state must be memory, file:PATH or postgres://"},
		{name: "file state without a path", args: []string{"--state", "file:"}, wantErr: "needs a path"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := &serveCmd{}
			fs := c.flags()
			err := applyEnv(fs, func(k string) string { return tt.env[k] })
			if err == nil {
				err = parseFlags(fs, env{stderr: &bytes.Buffer{}}, tt.args)
			}
			if err == nil {
				err = c.cfg.check()
			}
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error %v, want it to mention %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if c.cfg != tt.want {
				t.Errorf("config %+v, want %+v", c.cfg, tt.want)
			}
		})
	}
}

// TestValidateDocumentedExamples: every documented request validates (exit
// 0) in the default, lenient mode.
func TestValidateDocumentedExamples(t *testing.T) {
	files, err := fs.Glob(fixtures.FS, "documented/*/*.request.json")
	if err != nil || len(files) < 34 {
		t.Fatalf("%d documented requests: %v", len(files), err)
	}
	dir := t.TempDir()
	var paths []string
	for _, f := range files {
		data, _ := fs.ReadFile(fixtures.FS, f)
		p := filepath.Join(dir, strings.ReplaceAll(f, "/", "_"))
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	code, out, errOut := runCmd(t, context.Background(), "", nil, append([]string{"validate"}, paths...)...)
	if code != 0 || strings.Contains(out, ": error: ") {
		t.Fatalf("exit %d\n%s\n%s", code, out, errOut)
	}
	if !strings.Contains(errOut, "with errors") || !strings.Contains(errOut, "0 with errors") {
		t.Errorf("summary: %s", errOut)
	}
}

// TestValidateNegativeFixtures: every negative fixture exits 1 and names its
// field in a "file: pointer: severity: message" line.
func TestValidateNegativeFixtures(t *testing.T) {
	set, err := fixtures.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	n := 0
	line := regexp.MustCompile(`^[^:]+: (\(body\)|/\S*): (error|warning): \S.*$`)
	for _, c := range set.Cases {
		st := c.Steps[0]
		if !c.HasTag("negative") || st.Expect.Status != 400 || st.Request.Payload == nil || c.API() == "" {
			continue
		}
		n++
		data, _ := json.Marshal(st.Request.Payload)
		p := filepath.Join(dir, strings.ReplaceAll(c.Name, "/", "_")+".json")
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Run(c.Name, func(t *testing.T) {
			code, out, _ := runCmd(t, context.Background(), "", nil, "validate", "--api", c.API(), p)
			if code != 1 {
				t.Fatalf("exit %d, want 1:\n%s", code, out)
			}
			for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
				if !line.MatchString(l) {
					t.Errorf("line %q is not file: pointer: severity: message", l)
				}
			}
			for _, want := range st.Expect.Problems {
				if want.Severity == "warning" {
					continue
				}
				ptr := want.Pointer
				if ptr == "" {
					ptr = "(body)"
				}
				if !strings.Contains(out, ": "+ptr+": error: ") {
					t.Errorf("no error at %s:\n%s", ptr, out)
				}
			}
		})
	}
	if n < 100 {
		t.Errorf("only %d negative fixtures", n)
	}
}

func TestValidateCommand(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.json")
	os.WriteFile(good, []byte(`{"orderRequest":{"transactionType":"SUSPEND","serviceId":"38382335","properties":[{"groupId":"MISCELLANEOUS","fields":[{"id":"CONTACT_NUMBER","type":"TEXT","text":"2035559999"}]}]}}`), 0o644)
	tests := []struct {
		name   string
		stdin  string
		args   []string
		code   int
		stdout string
		stderr string
	}{
		{name: "valid file", args: []string{good}, code: 0, stderr: "1 valid"},
		{name: "stdin with a misspelled type", stdin: `{"orderRequest":{"transactionType":"SWAP_DEVICE"}}`, args: []string{"-"}, code: 1,
			stdout: `<stdin>: /orderRequest/transactionType: error: orderRequest.transactionType has a value the contract does not allow: expected one of NEW_ACTIVATION, UPGRADE, PORT_NUMBER, ORDER_ACCESSORIES, SUSPEND, UNSUSPEND, DEACTIVATE, UPDATE_FEATURES, SWAP_DEVICES, XFER_SERVICE_OUT, XFER_SERVICE_IN, XFER_SERVICE_IN_AND_PORT; got "SWAP_DEVICE". Hint: Did you mean "SWAP_DEVICES"?`},
		{name: "malformed JSON", stdin: `{"orderRequest": `, args: []string{"-"}, code: 1, stdout: "<stdin>: (body): error: The body is not valid JSON"},
		{name: "unknown envelope", stdin: `{"order": {}}`, args: []string{"-"}, code: 1, stdout: "Cannot tell which API"},
		{name: "api forced", stdin: `{"order": {}}`, args: []string{"--api", "mobile", "-"}, code: 1, stdout: "/activity: error: activity is required"},
		{name: "strict turns warnings into errors", stdin: `{"orderRequest":{"transactionType":"SUSPEND","serviceId":"38382335","properties":[{"groupId":"MISCELLANEOUS","fields":[{"id":"CONTACT_NUMBER","type":"TEXT","text":"2035559999"}]}],"x":1}}`, args: []string{"--strict", "-"}, code: 1,
			stdout: "/orderRequest/x: error: x is not a field of orderRequest."},
		{name: "lenient warns", stdin: `{"orderRequest":{"transactionType":"SUSPEND","serviceId":"38382335","properties":[{"groupId":"MISCELLANEOUS","fields":[{"id":"CONTACT_NUMBER","type":"TEXT","text":"2035559999"}]}],"x":1}}`, args: []string{"-"}, code: 0,
			stdout: "/orderRequest/x: warning:"},
		{name: "json output", args: []string{"--format", "json", good}, code: 0, stdout: `"valid": true`},
		{name: "payload rule", stdin: `{"orderRequest":{"transactionType":"SUSPEND","serviceId":"38382335"}}`, args: []string{"-"}, code: 1,
			stdout: "/orderRequest/properties: error: SUSPEND orders need the property CONTACT_NUMBER"},
		{name: "world checks named", args: []string{good}, code: 0, stdout: "note: not judged offline (the API checks them against its data): that these ids exist: /orderRequest/serviceId"},
		{name: "unreadable file", args: []string{filepath.Join(dir, "missing.json")}, code: 2, stderr: "cannot read"},
		{name: "no files", args: nil, code: 2, stderr: "name at least one file"},
		{name: "bad api", args: []string{"--api", "soap", good}, code: 2, stderr: "--api must be"},
		{name: "unknown flag", args: []string{"--nope", good}, code: 2, stderr: "Run 'mobmock help validate'"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := runCmd(t, context.Background(), tt.stdin, nil, append([]string{"validate"}, tt.args...)...)
			if code != tt.code || !strings.Contains(out, tt.stdout) || !strings.Contains(errOut, tt.stderr) {
				t.Errorf("exit %d (want %d)\nstdout: %s\nstderr: %s", code, tt.code, out, errOut)
			}
			if strings.Contains(out+errOut, "goroutine") || strings.Contains(out+errOut, "jsonschema") {
				t.Errorf("output shows internals:\n%s%s", out, errOut)
			}
		})
	}
}

func TestUnknownCommand(t *testing.T) {
	code, _, errOut := runCmd(t, context.Background(), "", nil, "valid")
	if code != 2 || !strings.Contains(errOut, `Did you mean "validate"?`) {
		t.Errorf("exit %d: %s", code, errOut)
	}
}

// TestServe starts the real command on a free port, talks to it, and stops
// it the way SIGTERM does (its context ends).
func TestServe(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	var out, errb syncBuffer
	done := make(chan int)
	go func() {
		done <- runEnv(ctx, []string{"serve", "--addr", "127.0.0.1:0", "--log", "off"}, env{stdout: &out, stderr: &errb, getenv: func(string) string { return "" }})
	}()
	var base string
	for i := 0; i < 1000 && base == ""; i++ {
		time.Sleep(10 * time.Millisecond)
		if m := regexp.MustCompile(`MOBPROC at (http://[^/]+)/mobproc/v1`).FindStringSubmatch(out.String()); m != nil {
			base = m[1]
		}
	}
	if base == "" {
		t.Fatalf("no banner: %s %s", out.String(), errb.String())
	}
	if !strings.Contains(out.String(), "curl -s -X POST") {
		t.Errorf("the banner shows no ready curl line:\n%s", out.String())
	}
	// The banner's curl line works as printed.
	req, _ := http.NewRequest("POST", base+"/mobproc/v1/orders?confirm=true", strings.NewReader(bannerBody))
	req.Header["X-TNGO-TENANT"] = []string{"acme"}
	req.Header["client_id"] = []string{"demo"}
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(out.String(), bannerBody) {
		t.Errorf("the banner's request answers %d", resp.StatusCode)
	}
	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("exit %d: %s", code, errb.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not stop")
	}
}

func TestServePortInUse(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	code, _, errOut := runCmd(t, context.Background(), "", nil, "serve", "--addr", ln.Addr().String(), "--log", "off")
	if code != 2 || !strings.Contains(errOut, "already in use") {
		t.Errorf("exit %d: %s", code, errOut)
	}
}

func TestConformCommand(t *testing.T) {
	s := mocktest.Start(t, mock.Config{})
	junit := filepath.Join(t.TempDir(), "junit.xml")
	code, out, errOut := runCmd(t, context.Background(), "", nil, "conform", "--target", s.URL, "--allow-writes", "--junit", junit, "--run", "^mobproc/suspend/")
	if code != 0 || !regexp.MustCompile(`(?m)^\d+ passed, 0 failed, 0 skipped$`).MatchString(out) {
		t.Fatalf("exit %d\n%s\n%s", code, out, errOut)
	}
	if data, err := os.ReadFile(junit); err != nil || !bytes.Contains(data, []byte("<testsuites")) {
		t.Errorf("JUnit file: %v", err)
	}
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	addr := ln.Addr().String()
	ln.Close()
	code, _, errOut = runCmd(t, context.Background(), "", nil, "conform", "--target", "http://"+addr)
	if code != 2 || !strings.Contains(errOut, "cannot connect") {
		t.Errorf("unreachable target: exit %d: %s", code, errOut)
	}
	code, _, errOut = runCmd(t, context.Background(), "", nil, "conform")
	if code != 2 || !strings.Contains(errOut, "--target is required") {
		t.Errorf("no target: exit %d: %s", code, errOut)
	}
	code, out, _ = runCmd(t, context.Background(), "", nil, "conform", "--target", s.URL, "--dry-run", "--run", "documented-flow")
	if code != 0 || !strings.Contains(out, "none sent (--dry-run)") {
		t.Errorf("dry run: exit %d\n%s", code, out)
	}
}
