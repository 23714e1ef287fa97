package conformance_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/mobmock/mobmock/conformance"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/ from what the writers produce")

// junitReport is a run with a case of each outcome, warnings, a diff and
// coverage, for the JUnit goldens.
func junitReport() *conformance.Report {
	started := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	return &conformance.Report{
		Target: "http://127.0.0.1:8080", Started: started, Duration: 1234 * time.Millisecond,
		Passed: 2, Failed: 1, Skipped: 1,
		Results: []conformance.Result{
			{Name: "mobproc/orders/create", Summary: "create an order", Outcome: conformance.Pass, Duration: 120 * time.Millisecond,
				Steps: []conformance.StepResult{{Method: "POST", URL: "/mobproc/v1/orders", Status: 201, Warnings: []string{"header Location is missing", "x < y & z"}}}},
			{Name: "mobproc/orders/get", Summary: "read it back", Outcome: conformance.Fail, Duration: 30 * time.Millisecond, Reason: "status 500, want 200",
				Steps: []conformance.StepResult{{Name: "get", Method: "GET", URL: "/mobproc/v1/orders/1", Status: 500, Failures: []string{"status 500, want 200"},
					Diffs: []conformance.Diff{{Pointer: "/id", Want: `"1"`, Got: "", Reason: "missing"}}}}},
			{Name: "mobile/activities/list", Summary: "list activities", Outcome: conformance.Skip, Reason: "needs --allow-writes"},
			{Name: "health", Summary: "health", Outcome: conformance.Pass, Duration: 5 * time.Millisecond},
		},
	}
}

// TestWriteJUnitGolden: the JUnit XML of a report, byte for byte, with and
// without coverage and a minimum.
func TestWriteJUnitGolden(t *testing.T) {
	cov := &conformance.Coverage{Operations: []conformance.OperationCoverage{{
		API: "mobproc", Operation: "createOrder", Method: "POST", Path: "/mobproc/v1/orders", Requests: 3,
		Statuses:         conformance.Share{Covered: 1, Total: 2, Missing: []string{"400"}},
		RequestSent:      conformance.Share{Covered: 2, Total: 2},
		ResponseReceived: conformance.Share{Covered: 1, Total: 4, Missing: []string{"/id", "/lines", "/status"}},
	}}}
	tests := []struct {
		name   string
		golden string
		edit   func(*conformance.Report)
	}{
		{"cases only", "junit-cases.xml", func(*conformance.Report) {}},
		{"coverage without a minimum", "junit-coverage.xml", func(r *conformance.Report) { r.Coverage = cov }},
		{"coverage below the minimum", "junit-min-coverage-failed.xml", func(r *conformance.Report) {
			r.Coverage = cov
			r.CoverageCheck = &conformance.CoverageCheck{Total: cov.Total(), Threshold: 80, Verdict: conformance.Fail}
		}},
		{"coverage above the minimum", "junit-min-coverage-passed.xml", func(r *conformance.Report) {
			r.Coverage = cov
			r.CoverageCheck = &conformance.CoverageCheck{Total: cov.Total(), Threshold: 10, Verdict: conformance.Pass}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := junitReport()
			tt.edit(r)
			var got bytes.Buffer
			if err := r.WriteJUnit(&got); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join("testdata", tt.golden)
			if *update {
				if err := os.WriteFile(path, got.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if d := cmp.Diff(string(want), got.String()); d != "" {
				t.Errorf("WriteJUnit differs from %s (-want +got):\n%s", path, d)
			}
		})
	}
}
