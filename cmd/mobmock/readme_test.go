package main

import (
	"context"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/mobmock/mobmock/mock"
	"github.com/mobmock/mobmock/mock/mocktest"
)

// readmeSession returns the shell block of the README's "A session with the
// mock" that follows "In another shell".
func readmeSession(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(data), "In another shell")
	if !ok {
		t.Fatal(`README.md has no "In another shell" session`)
	}
	_, rest, ok = strings.Cut(rest, "```sh\n")
	block, _, ok2 := strings.Cut(rest, "```")
	if !ok || !ok2 {
		t.Fatal("README.md: the session is not a ```sh block")
	}
	return block
}

// TestREADMESession runs the README's curl session as written against a
// fresh mock (only B is pointed at it) and checks each step's answer, in
// order: the ids the session uses are the ones the answers gave. It needs
// bash, curl and jq (.ci/run installs them); without them it is skipped,
// unless MOBMOCK_README_SESSION is set.
func TestREADMESession(t *testing.T) {
	for _, tool := range []string{"bash", "curl", "jq"} {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv("MOBMOCK_README_SESSION") != "" {
				t.Fatalf("%s is not installed: %v", tool, err)
			}
			t.Skipf("%s is not installed (set MOBMOCK_README_SESSION to make this a failure)", tool)
		}
	}
	block := readmeSession(t)
	const written = "B=http://127.0.0.1:8080;"
	if !strings.Contains(block, written) {
		t.Fatalf("the session does not start with %q", written)
	}
	s := mocktest.Start(t, mock.Config{Admin: true})
	script := "set -euo pipefail\n" + strings.Replace(block, written, "B="+s.URL+";", 1)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, "bash", "-c", script).CombinedOutput()
	if err != nil {
		t.Fatalf("the session failed: %v\n%s", err, out)
	}
	got := string(out)
	// What each step must answer, in order.
	steps := []struct{ step, want string }{
		{"1. confirm", `"orderConfirmation":{`},
		{"1. confirm expands the service", `"serviceNumber":"2035554468"`},
		{"2. submit", `"status":"ORDER_SUBMITTED"`},
		{"3. read back", `"order":{`},
		{"3. second SUSPEND refused", `"code":"wrong-state"`},
		{"4. advance", `"moved":2`},
		{"4. history completes", `"status":"COMPLETED"`},
		{"5. the service is suspended", `"status":"SUSPENDED"`},
		{"5. a third SUSPEND is refused", `is SUSPENDED; a SUSPEND order needs it ACTIVE.`},
	}
	rest := got
	for _, st := range steps {
		i := strings.Index(rest, st.want)
		if i < 0 {
			t.Fatalf("step %s: %q not found in what is left of the output:\n%s", st.step, st.want, rest)
		}
		rest = rest[i+len(st.want):]
	}
	if regexp.MustCompile(`"code":"not-found"`).MatchString(got) {
		t.Errorf("a step answered not-found (an id the session did not take from an answer?):\n%s", got)
	}
}
