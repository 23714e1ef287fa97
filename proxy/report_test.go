package proxy_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/mobmock/mobmock/proxy"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/ from what the writers produce")

// TestWriteJUnitGolden: the JUnit XML of a report, byte for byte: suites
// per API in name order, a passing and a failing operation, hints and
// omitted findings.
func TestWriteJUnitGolden(t *testing.T) {
	r := &proxy.Report{
		Target: "http://127.0.0.1:9090", Started: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC), Duration: 2500 * time.Millisecond,
		Exchanges: 6,
		Operations: []*proxy.Operation{
			{API: "mobproc", Method: "POST", Path: "/mobproc/v1/orders", OperationID: "createOrder", Exchanges: 3, Failing: 2, Warnings: 1,
				Findings: []proxy.Finding{
					{Violation: proxy.Violation{Class: proxy.Response, Code: "schema", Pointer: "/id", Message: "id is missing", Hint: "send <id> & retry"}, Seq: 1, Target: "POST /mobproc/v1/orders", Status: 201},
					{Violation: proxy.Violation{Class: proxy.Request, Code: "parameter", Parameter: "Authorization", Message: "no credentials"}, Seq: 4, Target: "POST /mobproc/v1/orders", Status: 401},
				},
				Omitted: 3},
			{API: "mobile", Method: "GET", Path: "/1/activities", OperationID: "listActivities", Exchanges: 2, Findings: []proxy.Finding{}},
			{API: "mobproc", Method: "*", Path: "/mobproc/v1/... (not in the contract)", Exchanges: 1, Findings: []proxy.Finding{}},
		},
	}
	var got bytes.Buffer
	if err := r.WriteJUnit(&got); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join("testdata", "junit.xml")
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
}
