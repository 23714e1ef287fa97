package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mobmock/mobmock/internal/publish"
	"github.com/mobmock/mobmock/schemas"
	"github.com/mobmock/mobmock/spec"
)

func TestRunUsage(t *testing.T) {
	var errs bytes.Buffer
	if code := run([]string{"-nosuchflag"}, &errs); code != 2 {
		t.Errorf("run(-nosuchflag) = %d, want 2", code)
	}
	errs.Reset()
	if code := run([]string{"-spec", t.TempDir(), "-schemas", "../../../schemas", "-out", t.TempDir()}, &errs); code != 1 || !strings.Contains(errs.String(), "mobproc.yaml") {
		t.Errorf("run on an empty spec folder = %d, stderr %q; want 1 naming the missing document", code, errs.String())
	}
}

// TestRunWrites: from the repository's sources, the command writes the four
// documents Generate makes, under dist/ of -out.
func TestRunWrites(t *testing.T) {
	out := t.TempDir()
	var errs bytes.Buffer
	if code := run([]string{"-spec", "../../../spec", "-schemas", "../../../schemas", "-out", out}, &errs); code != 0 {
		t.Fatalf("run = %d: %s", code, errs.String())
	}
	want, err := publish.Generate(spec.FS, schemas.FS)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range want {
		got, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(f.Path)))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, f.Data) {
			t.Errorf("%s differs from what Generate makes", f.Path)
		}
	}
}
