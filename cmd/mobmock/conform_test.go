package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

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
	code, out, _ = runCmd(t, context.Background(), "", nil, "conform", "--target", s.URL, "--run", "^mobproc/suspend/confirm$", "--min-coverage", "99")
	if code != 1 || !strings.Contains(out, "is below --min-coverage 99.0%") {
		t.Errorf("--min-coverage: exit %d\n%s", code, out)
	}

	code, out, _ = runCmd(t, context.Background(), "", nil, "conform", "--target", s.URL, "--parallel", "1", "--run", "^mobproc/", "--max-requests", "3")
	if code != 0 || !strings.Contains(out, "not run: the run reached --max-requests 3") {
		t.Errorf("--max-requests: exit %d\n%s", code, out)
	}
}
