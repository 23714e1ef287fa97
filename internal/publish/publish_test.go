package publish_test

import (
	"io/fs"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mobmock/mobmock/internal/publish"
	"github.com/mobmock/mobmock/schemas"
	"github.com/mobmock/mobmock/spec"
)

// generated returns the published documents as the sources make them now.
func generated(t testing.TB) []publish.File {
	t.Helper()
	files, err := publish.Generate(spec.FS, schemas.FS)
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// TestDistUpToDate fails when a committed document of spec/dist differs
// from what the sources give: run go generate ./spec after changing a
// document, a schema file or the register.
func TestDistUpToDate(t *testing.T) {
	files := generated(t)
	if len(files) != 4 {
		t.Fatalf("generated %d documents, want 4 (two APIs, two readings)", len(files))
	}
	for _, f := range files {
		t.Run(f.Path, func(t *testing.T) {
			have, err := fs.ReadFile(spec.FS, f.Path)
			if err != nil {
				t.Fatalf("%v (run go generate ./spec)", err)
			}
			if diff := cmp.Diff(string(f.Data), string(have)); diff != "" {
				t.Errorf("%s is stale; run go generate ./spec (-generated +committed):\n%s", f.Path, diff)
			}
		})
	}
}
