package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRunNeedsOut(t *testing.T) {
	var out, errs bytes.Buffer
	if code := run(nil, &out, &errs); code != 2 || !strings.Contains(errs.String(), "-out is required") {
		t.Errorf("run() = %d, stderr %q; want 2 and a word about -out", code, errs.String())
	}
}

// TestRunWritesChecks: one check file per published document, typing every
// documented request (3 MOBPROC flows, 31 Mobile activities in the default
// documents) and ending with the wrong requests tsc must refuse.
func TestRunWritesChecks(t *testing.T) {
	dir := t.TempDir()
	var out, errs bytes.Buffer
	if code := run([]string{"-out", dir}, &out, &errs); code != 0 {
		t.Fatalf("run = %d: %s", code, errs.String())
	}
	for _, tc := range []struct {
		file, op   string
		documented int
	}{
		{"mobproc.check.ts", "createOrder", 3},
		{"mobile.check.ts", "createActivity", 31},
		{"mobproc.strict.check.ts", "createOrder", 0},
		{"mobile.strict.check.ts", "createActivity", 0},
	} {
		data, err := os.ReadFile(filepath.Join(dir, tc.file))
		if err != nil {
			t.Fatal(err)
		}
		src := string(data)
		if n := strings.Count(src, ": Req<\""+tc.op+"\"> = {"); n < tc.documented {
			t.Errorf("%s types %d requests of %s, want at least %d", tc.file, n, tc.op, tc.documented)
		}
		if n := strings.Count(src, "// @ts-expect-error\n"); n != 3 {
			t.Errorf("%s has %d wrong requests, want 3", tc.file, n)
		}
	}
}
