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
	needShellTools(t)
	block := readmeSession(t)
	const written = "B=http://127.0.0.1:8080;"
	if !strings.Contains(block, written) {
		t.Fatalf("the session does not start with %q", written)
	}
	s := mocktest.Start(t, mock.Config{Admin: true})
	got := runBash(t, strings.Replace(block, written, "B="+s.URL+";", 1))
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

// readmeBlock returns the first ```sh block of the README section under
// heading.
func readmeBlock(t *testing.T, heading string) string {
	t.Helper()
	data, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(data), "\n"+heading+"\n")
	if !ok {
		t.Fatalf("README.md has no section %q", heading)
	}
	// The block must be in the section, before the next heading.
	if loc := regexp.MustCompile(`\n##+ `).FindStringIndex(rest); loc != nil {
		rest = rest[:loc[0]]
	}
	_, rest, ok = strings.Cut(rest, "```sh\n")
	block, _, ok2 := strings.Cut(rest, "```")
	if !ok || !ok2 {
		t.Fatalf("README.md section %q: no ```sh block", heading)
	}
	return block
}

// TestREADMEAdminBlocks runs the shell blocks of the README's "Latency and
// faults" and "One-off overrides" as written, each against a fresh mock
// after the session's first lines (which set B, H and ORDER; only B is
// pointed at the mock), and checks what each command answers: a command
// the admin API refuses (a missing Content-Type is 415) fails the test. It
// needs bash, curl and jq as TestREADMESession does.
func TestREADMEAdminBlocks(t *testing.T) {
	needShellTools(t)
	const written = "B=http://127.0.0.1:8080;"
	prelude, _, _ := strings.Cut(readmeSession(t), "\n\n")
	if !strings.Contains(prelude, written) || !strings.Contains(prelude, "ORDER=") {
		t.Fatalf("the session's first lines do not set B and ORDER:\n%s", prelude)
	}
	tests := []struct {
		heading string
		// want are regular expressions the output must match, in order.
		want []string
	}{
		{"### Latency and faults", []string{
			`^\{"rules":\[\{[^\n]*"operation":"createOrder"`, // the profile as stored
			`\n((200|503) ){4}`, // each request answered or faulted
			`\{"requests":\[\{`, // the journal
		}},
		{"### One-off overrides", []string{
			`^\{[^\n]*"id":"ov1"[^\n]*"operation":"createOrder"`,    // registered
			`\{"overrides":\[\{[^\n]*"id":"ov1"[^\n]*"remaining":2`, // listed
			`\{"deleted":1\}`, // deleted
		}},
	}
	for _, tt := range tests {
		t.Run(strings.TrimPrefix(tt.heading, "### "), func(t *testing.T) {
			block := readmeBlock(t, tt.heading)
			s := mocktest.Start(t, mock.Config{Admin: true})
			out := runBash(t, strings.Replace(prelude, written, "B="+s.URL+";", 1)+"\n"+block)
			rest := out
			for _, w := range tt.want {
				loc := regexp.MustCompile(w).FindStringIndex(rest)
				if loc == nil {
					t.Fatalf("%q not found in what is left of the output:\n%s", w, rest)
				}
				rest = rest[loc[1]:]
			}
			// The answers may carry the API's error shape (an override's
			// body, an injected fault in the journal); the admin API's own
			// refusals have these codes.
			if m := refused.FindString(out); m != "" {
				t.Errorf("a command was refused (%s):\n%s", m, out)
			}
		})
	}
}

// refused matches the codes of the admin API's refusals.
var refused = regexp.MustCompile(`"code":"(unsupported-media-type|not-found|unauthorized|forbidden|invalid|invalid-json|method-not-allowed)"`)

// needShellTools skips the test unless bash, curl and jq are installed
// (fails it instead when MOBMOCK_README_SESSION is set, as in CI).
func needShellTools(t *testing.T) {
	t.Helper()
	for _, tool := range []string{"bash", "curl", "jq"} {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv("MOBMOCK_README_SESSION") != "" {
				t.Fatalf("%s is not installed: %v", tool, err)
			}
			t.Skipf("%s is not installed (set MOBMOCK_README_SESSION to make this a failure)", tool)
		}
	}
}

// runBash runs script under bash with set -euo pipefail and returns its
// output; the test fails when the script does.
func runBash(t *testing.T, script string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, "bash", "-c", "set -euo pipefail\n"+script).CombinedOutput()
	if err != nil {
		t.Fatalf("the README commands failed: %v\n%s", err, out)
	}
	return string(out)
}
