package main

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mobmock/mobmock/mock"
	"github.com/mobmock/mobmock/mock/mocktest"
)

// TestConformUsage: each impossible combination of flags is a usage error
// (exit 2) whose message names the flag.
func TestConformUsage(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"only one API's URL", []string{"--mobproc-url", "http://a"}, "or both --mobproc-url and --mobile-url"},
		{"tenant placeholder in MOBPROC", []string{"--mobproc-url", "http://{tenant}.a", "--mobile-url", "http://b/1"}, "only the Mobile base URL may hold {tenant}"},
		{"token and token URL", []string{"--target", "http://a", "--token", "x", "--token-url", "http://a/t"}, "give --token or --token-url"},
		{"mobile token and its URL", []string{"--target", "http://a", "--mobile-token", "x", "--mobile-token-url", "http://a/t", "--username", "u", "--password", "p"}, "give --mobile-token or --mobile-token-url"},
		{"token URL without credentials", []string{"--target", "http://a", "--mobile-token-url", "http://a/t"}, "need --username and --password"},
		{"negative generate", []string{"--target", "http://a", "--generate", "-1"}, "--generate must be 0 or more"},
		{"coverage over 100", []string{"--target", "http://a", "--min-coverage", "150"}, "--min-coverage is a percentage"},
		{"negative budget", []string{"--target", "http://a", "--max-requests", "-5"}, "must not be negative"},
		{"progress mode", []string{"--target", "http://a", "--progress", "sometimes"}, "--progress must be auto, on or off"},
		{"target with MOBPROC's base path", []string{"--target", "http://127.0.0.1:8080/mobproc/v1"}, "(here http://127.0.0.1:8080); for APIs served elsewhere give each one's full base URL instead (--mobproc-url and --mobile-url)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errOut := runCmd(t, context.Background(), "", nil, append([]string{"conform"}, tt.args...)...)
			if code != 2 || !strings.Contains(errOut, tt.want) {
				t.Errorf("exit %d, stderr %q; want 2 and %q", code, errOut, tt.want)
			}
		})
	}
}

// TestConformGenerate: --generate prints the seed and only the failures of
// generated cases (no line per generated request), the coverage report
// comes in the text and the JSON report, --min-coverage fails a run below
// it, and --max-requests stops starting cases once spent.
func TestConformGenerate(t *testing.T) {
	s := mocktest.Start(t, mock.Config{})
	dir := t.TempDir()
	js := filepath.Join(dir, "report.json")
	code, out, errOut := runCmd(t, context.Background(), "", nil, "conform", "--target", s.URL, "--allow-writes",
		"--generate", "10", "--seed", "4", "--run", "^generated/create", "--json", js, "--save-failures", filepath.Join(dir, "failures"))
	if code != 0 {
		t.Fatalf("exit %d\n%s\n%s", code, out, errOut)
	}
	for _, want := range []string{"generated case(s), --seed 4", "coverage: ", "POST     /mobproc/v1/orders"} {
		if !strings.Contains(out, want) {
			t.Errorf("output does not say %q:\n%s", want, out)
		}
	}
	if regexp.MustCompile(`(?m)^PASS generated/`).MatchString(out) {
		t.Errorf("a line per passing generated case:\n%s", out)
	}
	if _, err := os.Stat(filepath.Join(dir, "failures")); !os.IsNotExist(err) {
		t.Errorf("--save-failures wrote a directory though nothing failed: %v", err)
	}
	var rep struct {
		Seed     int64 `json:"seed"`
		Coverage struct {
			Operations []struct {
				Operation string `json:"operation"`
				Statuses  struct {
					Covered int `json:"covered"`
				} `json:"statuses"`
			} `json:"operations"`
		} `json:"coverage"`
	}
	data, err := os.ReadFile(js)
	if err != nil || json.Unmarshal(data, &rep) != nil || rep.Seed != 4 || len(rep.Coverage.Operations) < 30 {
		t.Errorf("JSON report: %v, seed %d, %d operations", err, rep.Seed, len(rep.Coverage.Operations))
	}

	// On a terminal (here: --progress on), one progress line, rewritten in
	// place, counts the cases.
	code, out, _ = runCmd(t, context.Background(), "", nil, "conform", "--target", s.URL, "--generate", "3", "--seed", "1",
		"--run", "^generated/", "--progress", "on")
	if code != 0 || !regexp.MustCompile(`\r\x1b\[K\[\d+/\d+ cases\] \d+ passed, 0 failed, \d+ skipped; \d+ requests`).MatchString(out) {
		t.Errorf("--progress on: exit %d\n%q", code, out)
	}
	checkMinCoverage(t, s.URL, dir)

	code, out, _ = runCmd(t, context.Background(), "", nil, "conform", "--target", s.URL, "--parallel", "1", "--run", "^mobproc/", "--max-requests", "3")
	if code != 0 || !strings.Contains(out, "not run: the run reached --max-requests 3") {
		t.Errorf("--max-requests: exit %d\n%s", code, out)
	}
}

// TestConformDryRunIsStable: two dry runs with the same --seed print the
// same bytes (case order, tenants, header order).
func TestConformDryRunIsStable(t *testing.T) {
	args := []string{"conform", "--target", "http://127.0.0.1:1", "--dry-run", "--allow-writes", "--generate", "3", "--seed", "7"}
	code, first, errOut := runCmd(t, context.Background(), "", nil, args...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for range 3 {
		_, again, _ := runCmd(t, context.Background(), "", nil, args...)
		if d := cmp.Diff(first, again); d != "" {
			t.Fatalf("same --seed, different --dry-run output (-first +again):\n%s", d)
		}
	}
}

// checkMinCoverage: a run below --min-coverage exits 1, says so, and shows
// as failed in the JUnit report (a failing coverage case) and the JSON
// report (total, threshold and verdict); a run above it passes in both.
func checkMinCoverage(t *testing.T, target, dir string) {
	t.Helper()
	tests := []struct {
		name, min   string
		wantCode    int
		wantVerdict string
		wantFail    int
	}{
		{"below", "99", 1, "fail", 1},
		{"reached", "0.1", 0, "pass", 0},
	}
	for _, tt := range tests {
		t.Run("min-coverage "+tt.name, func(t *testing.T) {
			js, ju := filepath.Join(dir, tt.name+".json"), filepath.Join(dir, tt.name+".xml")
			code, out, errOut := runCmd(t, context.Background(), "", nil, "conform", "--target", target, "--run", "^mobproc/suspend/confirm$",
				"--min-coverage", tt.min, "--json", js, "--junit", ju)
			if code != tt.wantCode {
				t.Fatalf("exit %d, want %d\n%s%s", code, tt.wantCode, out, errOut)
			}
			if tt.wantCode == 1 && !strings.Contains(out, "is below --min-coverage 99.0%") {
				t.Errorf("output does not say the coverage is below the minimum:\n%s", out)
			}
			var rep struct {
				Failed   int `json:"failed"`
				Coverage struct {
					Total float64 `json:"total"`
				} `json:"coverage"`
				Check *struct {
					Total     float64 `json:"total"`
					Threshold float64 `json:"threshold"`
					Verdict   string  `json:"verdict"`
				} `json:"coverageCheck"`
			}
			data, err := os.ReadFile(js)
			if err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(data, &rep); err != nil {
				t.Fatal(err)
			}
			if rep.Check == nil || rep.Check.Verdict != tt.wantVerdict || rep.Check.Total <= 0 || rep.Check.Total != rep.Coverage.Total ||
				fmt.Sprint(rep.Check.Threshold) != tt.min {
				t.Errorf("JSON coverageCheck = %+v (coverage.total %v), want verdict %s, threshold %s", rep.Check, rep.Coverage.Total, tt.wantVerdict, tt.min)
			}
			var suites struct {
				Failures int `xml:"failures,attr"`
				Suites   []struct {
					Cases []struct {
						Name    string    `xml:"name,attr"`
						Failure *struct{} `xml:"failure"`
					} `xml:"testcase"`
				} `xml:"testsuite"`
			}
			data, err = os.ReadFile(ju)
			if err != nil {
				t.Fatal(err)
			}
			if err := xml.Unmarshal(data, &suites); err != nil {
				t.Fatal(err)
			}
			failing := 0
			for _, su := range suites.Suites {
				for _, c := range su.Cases {
					if c.Failure != nil && c.Name == "coverage/min-coverage" {
						failing++
					}
				}
			}
			if suites.Failures != rep.Failed+tt.wantFail || failing != tt.wantFail {
				t.Errorf("JUnit: failures=%d and %d failing coverage case(s), want %d and %d", suites.Failures, failing, rep.Failed+tt.wantFail, tt.wantFail)
			}
		})
	}
}

// TestConformOutputPathsFirst: a report path that cannot be written is an
// error (exit 2) naming the flag and what to do, before any request is sent.
func TestConformOutputPathsFirst(t *testing.T) {
	var requests atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		requests.Add(1)
		w.WriteHeader(http.StatusNotFound)
	}))
	t.Cleanup(srv.Close)
	dir := t.TempDir()
	file := filepath.Join(dir, "file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"json in a missing directory", []string{"--json", "/nonexistent/x.json"}, "--json /nonexistent/x.json: the directory /nonexistent does not exist; create it or give another path"},
		{"junit in a missing directory", []string{"--junit", "/nonexistent/x.xml"}, "--junit /nonexistent/x.xml: the directory /nonexistent does not exist"},
		{"json is a directory", []string{"--json", dir}, "is a directory; give a file name for the report"},
		{"save-failures under a file", []string{"--json", filepath.Join(dir, "ok.json"), "--save-failures", filepath.Join(file, "sub")}, "is a file, not a directory"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := runCmd(t, context.Background(), "", nil, append([]string{"conform", "--target", srv.URL, "--run", "^mobproc/"}, tt.args...)...)
			if code != 2 || !strings.Contains(errOut, tt.want) {
				t.Errorf("exit %d, stderr %q; want 2 and %q", code, errOut, tt.want)
			}
			if n := requests.Load(); n != 0 || out != "" {
				t.Errorf("%d request(s) sent and output %q before the bad path was reported", n, out)
			}
		})
	}
	if _, err := os.Stat(filepath.Join(dir, "ok.json")); !os.IsNotExist(err) {
		t.Errorf("checking a path left a file behind: %v", err)
	}
}

// TestConformFixturesMistakes: the mistakes people make with --fixtures are
// reported as sentences naming the file, the place and what to do (exit 2),
// and giving the cases/ directory itself works.
func TestConformFixturesMistakes(t *testing.T) {
	const good = `{"cases": [{"name": "mine/health", "summary": "s", "steps": [{"request": {"path": "/1/lines"}, "expect": {"status": 200}}]}]}`
	write := func(t *testing.T, files map[string]string) string {
		t.Helper()
		dir := t.TempDir()
		for name, data := range files {
			p := filepath.Join(dir, name)
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		return dir
	}
	tests := []struct {
		name  string
		files map[string]string
		sub   string // the directory given, under the temporary one
		want  string // "" when the run must work
	}{
		{"the cases directory itself", map[string]string{"cases/a.json": good}, "cases", ""},
		{"no cases directory", map[string]string{"a.json": good}, "",
			"has no cases/ directory; DIR holds 1 .json file(s) directly: if they are cases, move them into DIR/cases"},
		{"wrong type", map[string]string{"cases/a.json": strings.Replace(good, `"status": 200`, `"status": "200"`, 1)}, "",
			"cases/a.json: line 1 column 117: /cases/0/steps/0/expect/status must be a whole number, not a string"},
		{"truncated", map[string]string{"cases/a.json": good[:70]}, "",
			"cases/a.json: line 1: the file ends in the middle of its JSON (cut short?); complete it"},
		{"files listing no case", map[string]string{"cases/a.json": `{"cases": []}`}, "", "holds no case (its files list none); add cases or give another directory"},
		{"empty cases directory", map[string]string{"cases/.keep": ""}, "",
			"DIR/cases holds no .json file, so there is no case to run; record some (mobmock proxy --record DIR) or give another directory"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := write(t, tt.files)
			code, out, errOut := runCmd(t, context.Background(), "", nil, "conform", "--target", "http://127.0.0.1:1", "--dry-run",
				"--fixtures", filepath.Join(dir, tt.sub))
			if tt.want == "" {
				if code != 0 || !strings.Contains(out, "GET http://127.0.0.1:1/1/lines") {
					t.Errorf("exit %d\n%s%s", code, out, errOut)
				}
				return
			}
			want := strings.ReplaceAll(tt.want, "DIR", dir)
			if code != 2 || !strings.Contains(errOut, want) {
				t.Errorf("exit %d, stderr %q\nwant 2 and %q", code, errOut, want)
			}
			for _, bad := range []string{" json: ", "Go struct", "stat cases", "--run"} {
				if strings.Contains(errOut, bad) {
					t.Errorf("stderr %q shows %q", errOut, bad)
				}
			}
		})
	}
}
