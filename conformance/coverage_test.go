package conformance_test

import (
	"strings"
	"testing"

	"github.com/mobmock/mobmock/conformance"
)

// TestCoverageEmptySetIsNotApplicable: a documented set with nothing in it
// (an operation with no request properties) is shown as n/a, counts in no
// total and is never below a threshold; it is not 100%.
func TestCoverageEmptySetIsNotApplicable(t *testing.T) {
	cov := &conformance.Coverage{Operations: []conformance.OperationCoverage{{
		Method: "GET", Path: "/mobproc/v1/things", Operation: "listThings", Requests: 0,
		Statuses:         conformance.Share{Covered: 0, Total: 2, Missing: []string{"200", "401"}},
		RequestSent:      conformance.Share{},
		RequestMutated:   conformance.Share{},
		ResponseReceived: conformance.Share{Covered: 1, Total: 2, Missing: []string{"/b"}},
	}}}
	if p, ok := (conformance.Share{}).Percent(); ok {
		t.Errorf("empty share: Percent() = %v, true; want not applicable", p)
	}
	if got := cov.Total(); got != 25 {
		t.Errorf("Total() = %v, want 25 (1 of 4; the empty sets count for nothing)", got)
	}
	var b strings.Builder
	if err := cov.WriteText(&b); err != nil {
		t.Fatal(err)
	}
	var row string
	for _, l := range strings.Split(b.String(), "\n") {
		if row == "" && strings.HasPrefix(l, "  GET ") && strings.Contains(l, "/mobproc/v1/things ") {
			row = l
		}
	}
	if strings.Contains(row, "100%") || strings.Count(row, "n/a") != 2 || !strings.Contains(row, "0%") || !strings.Contains(row, "50%") {
		t.Errorf("table row %q: want statuses 0%%, req sent n/a, mutated n/a, response 50%%", row)
	}
	if got := cov.Below(10); len(got) != 1 {
		t.Errorf("Below(10) = %d operations, want 1 (statuses at 0%%)", len(got))
	}
	cov.Operations[0].Statuses = conformance.Share{Covered: 2, Total: 2}
	cov.Operations[0].ResponseReceived = conformance.Share{Covered: 2, Total: 2}
	if got := cov.Below(100); len(got) != 0 {
		t.Errorf("Below(100) = %v, want none: the empty sets are not below anything", got)
	}
}
