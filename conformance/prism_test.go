package conformance_test

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/mobmock/mobmock/conformance"
	"github.com/mobmock/mobmock/mock"
	"github.com/mobmock/mobmock/mock/mocktest"
)

// TestAgainstPrism runs the MOBPROC cases against Prism (a third-party mock
// of the same document, serving spec/mobproc.yaml at its root) when
// MOBMOCK_PRISM_URL names one (.ci/run starts it): the run completes, the
// requests reach the operations (the base URL is Prism's root, not
// /mobproc/v1), and every failure is a readable per-case diff.
func TestAgainstPrism(t *testing.T) {
	prism := os.Getenv("MOBMOCK_PRISM_URL")
	if prism == "" {
		t.Skip("set MOBMOCK_PRISM_URL to a Prism serving spec/mobproc.yaml (see .ci/run)")
	}
	s := mocktest.Start(t, mock.Config{})
	rep := run(t, conformance.Config{MobprocURL: prism, MobileURL: s.URL + "/1", Token: "prism", AllowWrites: true,
		Run: regexp.MustCompile(`^mobproc/`)})
	if n := rep.Passed + rep.Failed + rep.Skipped; n < 90 || n != len(rep.Results) {
		t.Fatalf("%d results: %s", len(rep.Results), rep.Summary())
	}
	reached, notFound := 0, 0
	junk := regexp.MustCompile(`%!|panic|goroutine|<nil>`)
	for _, res := range rep.Results {
		for _, st := range res.Steps {
			switch {
			case st.Status == 404:
				notFound++
			case st.Status != 0:
				reached++
			}
			for _, f := range st.Failures {
				if strings.HasPrefix(f, "request failed") {
					t.Errorf("%s: %s (did Prism crash?)", res.Name, f)
				}
			}
		}
		if res.Outcome != conformance.Fail {
			continue
		}
		d := conformance.Details(res)
		if res.Reason == "" || !strings.Contains(d, "step ") || junk.MatchString(d+res.Reason) {
			t.Errorf("%s: the failure is not a readable diff: %q\n%s", res.Name, res.Reason, d)
		}
	}
	if reached < notFound || rep.Passed == 0 {
		t.Errorf("%d answers reached an operation, %d were 404; %s", reached, notFound, rep.Summary())
	}
	t.Logf("against Prism: %s (%d answers from an operation, %d 404)", rep.Summary(), reached, notFound)
}
