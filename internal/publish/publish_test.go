package publish_test

import (
	"fmt"
	"io/fs"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"go.yaml.in/yaml/v4"

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

// TestSelfContained: a published document refers only to itself (every
// $ref is "#/…") and declares no $id or $schema a resolver would follow.
func TestSelfContained(t *testing.T) {
	for _, f := range generated(t) {
		var doc any
		if err := yaml.Unmarshal(f.Data, &doc); err != nil {
			t.Fatalf("%s: %v", f.Path, err)
		}
		var walk func(where string, v any)
		walk = func(where string, v any) {
			switch v := v.(type) {
			case map[string]any:
				for k, x := range v {
					if where == "" || !strings.HasSuffix(where, "/examples") && !strings.HasSuffix(where, "/value") {
						switch k {
						case "$ref":
							if s, _ := x.(string); !strings.HasPrefix(s, "#/") {
								t.Errorf("%s: %s/$ref is %q, outside the document", f.Path, where, s)
							}
						case "$id", "$schema":
							t.Errorf("%s: %s has %s", f.Path, where, k)
						}
					}
					walk(where+"/"+k, x)
				}
			case []any:
				for i, x := range v {
					walk(fmt.Sprintf("%s/%d", where, i), x)
				}
			}
		}
		walk("", doc)
	}
}
