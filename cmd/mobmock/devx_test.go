package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/mobmock/mobmock/mock"
	"github.com/mobmock/mobmock/mock/mocktest"
	"github.com/mobmock/mobmock/mock/world"
)

// TestCORSOrigins: what --cors allows, given the address serve listens on.
func TestCORSOrigins(t *testing.T) {
	tests := []struct {
		name, addr, cors string
		want             []string
	}{
		{name: "open on loopback by default", addr: "127.0.0.1:8080", want: []string{"*"}},
		{name: "open on localhost by default", addr: "localhost:8080", want: []string{"*"}},
		{name: "open on IPv6 loopback by default", addr: "[::1]:8080", want: []string{"*"}},
		{name: "closed off loopback by default", addr: "0.0.0.0:8080"},
		{name: "opened off loopback", addr: "0.0.0.0:8080", cors: "*", want: []string{"*"}},
		{name: "listed origins, trailing slashes dropped", addr: "127.0.0.1:8080", cors: "http://localhost:3000/, https://app.test",
			want: []string{"http://localhost:3000", "https://app.test"}},
		{name: "closed on loopback", addr: "127.0.0.1:8080", cors: "none"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := serveConfig{addr: tt.addr, cors: tt.cors}
			if got := c.corsOrigins(); strings.Join(got, " ") != strings.Join(tt.want, " ") {
				t.Errorf("CORS origins %q, want %q", got, tt.want)
			}
		})
	}
}

// TestServeWatchReloadsTheSeed runs serve --seed --watch, changes the seed
// file (written in place, then replaced by a rename as editors do), and
// breaks it: each good version reaches tenants created after it, existing
// tenants keep what they stored, and a bad file is reported and ignored.
func TestServeWatchReloadsTheSeed(t *testing.T) {
	dir := t.TempDir()
	seed := filepath.Join(dir, "seed.json")
	withName := func(name string) []byte {
		var m map[string]any
		if err := json.Unmarshal(world.EmbeddedSeed(), &m); err != nil {
			t.Fatal(err)
		}
		m["employees"].([]any)[0].(map[string]any)["firstName"] = name
		data, err := json.Marshal(m)
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
	if err := os.WriteFile(seed, withName("Peter"), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	var out, errb syncBuffer
	done := make(chan int)
	go func() {
		done <- runEnv(ctx, []string{"serve", "--addr", "127.0.0.1:0", "--log", "off", "--seed", seed, "--watch"},
			env{stdout: &out, stderr: &errb, getenv: func(string) string { return "" }})
	}()
	defer func() {
		cancel()
		if code := <-done; code != 0 {
			t.Errorf("serve exited %d: %s", code, errb.String())
		}
	}()
	base := waitFor(t, &out, regexp.MustCompile(`MOBPROC at (http://[^/]+)/mobproc/v1`))
	get := func(tenant, path string) (int, string) {
		t.Helper()
		req, _ := http.NewRequest("GET", base+path, nil)
		req.Header["X-TNGO-TENANT"] = []string{tenant}
		req.Header["client_id"] = []string{"test"}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(body)
	}
	firstName := func(tenant string) string {
		t.Helper()
		_, body := get(tenant, "/mobproc/v1/employees/28673732")
		m := regexp.MustCompile(`"firstName":"([^"]*)"`).FindStringSubmatch(body)
		if m == nil {
			t.Fatalf("no firstName in %s", body)
		}
		return m[1]
	}
	if n := firstName("before"); n != "Peter" {
		t.Fatalf("first name %q before any change", n)
	}
	// A tenant with state of its own.
	req, _ := http.NewRequest("POST", base+"/mobproc/v1/orders", strings.NewReader(bannerBody))
	req.Header["X-TNGO-TENANT"] = []string{"before"}
	req.Header["client_id"] = []string{"test"}
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	orderID := regexp.MustCompile(`"orderId":"(\d+)"`).FindStringSubmatch(string(body))
	if orderID == nil {
		t.Fatalf("no order: %s", body)
	}

	steps := []struct {
		name  string
		write func() error
		log   string
		want  string
	}{
		{name: "written in place", write: func() error { return os.WriteFile(seed, withName("Petra"), 0o644) },
			log: "reloaded the seed file", want: "Petra"},
		{name: "a bad file", write: func() error { return os.WriteFile(seed, []byte(`{"employees": [`), 0o644) },
			log: "keeping the world loaded before", want: "Petra"},
		{name: "replaced by a rename", write: func() error {
			tmp := filepath.Join(dir, ".seed.json.tmp")
			if err := os.WriteFile(tmp, withName("Paula"), 0o644); err != nil {
				return err
			}
			return os.Rename(tmp, seed)
		}, log: "reloaded the seed file", want: "Paula"},
	}
	for i, st := range steps {
		logged := strings.Count(errb.String(), st.log)
		if err := st.write(); err != nil {
			t.Fatal(err)
		}
		for range 500 {
			if strings.Count(errb.String(), st.log) > logged {
				break
			}
			time.Sleep(10 * time.Millisecond)
		}
		if strings.Count(errb.String(), st.log) == logged {
			t.Fatalf("%s: serve did not report %q: %s", st.name, st.log, errb.String())
		}
		tenant := "after" + string(rune('a'+i))
		if n := firstName(tenant); n != st.want {
			t.Errorf("%s: a new tenant sees %q, want %q", st.name, n, st.want)
		}
		if code, body := get("before", "/mobproc/v1/orders/"+orderID[1]); code != 200 {
			t.Errorf("%s: the existing tenant lost its order: %d %s", st.name, code, body)
		}
	}
}

func waitFor(t *testing.T, b *syncBuffer, re *regexp.Regexp) string {
	t.Helper()
	for range 1000 {
		if m := re.FindStringSubmatch(b.String()); m != nil {
			return m[1]
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("no %s in %s", re, b.String())
	return ""
}

// TestConformSeesFaults: the conformance run against a mock with a fault
// profile reports the injected faults as failures, and is green without one.
func TestConformSeesFaults(t *testing.T) {
	tests := []struct {
		name    string
		profile string
		code    int
		mention string
	}{
		{name: "no faults", code: 0},
		{name: "an error status", profile: `{"rules":[{"path":"/mobproc/v1/orders","fault":"status","status":503}]}`, code: 1, mention: "503"},
		{name: "connection resets", profile: `{"rules":[{"operation":"createOrder","fault":"reset"}]}`, code: 1, mention: "reset"},
		{name: "cut bodies", profile: `{"rules":[{"method":"POST","fault":"cut"}]}`, code: 1, mention: "EOF"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := mock.Config{}
			if tt.profile != "" {
				p, err := mock.ParseFaults([]byte(tt.profile))
				if err != nil {
					t.Fatal(err)
				}
				cfg.Faults = p
			}
			s := mocktest.Start(t, cfg)
			code, out, errOut := runCmd(t, context.Background(), "", nil, "conform", "--target", s.URL, "--allow-writes", "--run", "^mobproc/suspend/")
			if code != tt.code {
				t.Fatalf("exit %d, want %d\n%s\n%s", code, tt.code, out, errOut)
			}
			if tt.code == 0 {
				if !regexp.MustCompile(`(?m)^\d+ passed, 0 failed, 0 skipped$`).MatchString(out) {
					t.Errorf("not green:\n%s", out)
				}
				return
			}
			if !regexp.MustCompile(`(?m)^\d+ passed, [1-9]\d* failed`).MatchString(out) || !strings.Contains(out+errOut, tt.mention) {
				t.Errorf("the faults are not reported as failures mentioning %q:\n%s\n%s", tt.mention, out, errOut)
			}
		})
	}
}
