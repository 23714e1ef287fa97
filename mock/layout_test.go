package mock_test

import (
	"go/build"
	"path/filepath"
	"strings"
	"testing"
)

// TestDomainImports keeps the rooms apart: the packages that hold the APIs'
// behaviour (mock/internal/mobproc, mock/internal/mobile) and what they
// share (mock/internal/op) never import net/http, so they cannot write an
// answer (package mock, which routes, is the only writer); neither API
// imports the other; and none imports package mock.
func TestDomainImports(t *testing.T) {
	const module = "github.com/mobmock/mobmock/mock"
	forbidden := map[string][]string{
		"internal/op":      {"net/http", module, module + "/internal/mobproc", module + "/internal/mobile"},
		"internal/mobproc": {"net/http", module, module + "/internal/mobile"},
		"internal/mobile":  {"net/http", module, module + "/internal/mobproc"},
		"internal/optest":  {"net/http", module, module + "/internal/mobproc", module + "/internal/mobile"},
	}
	for dir, banned := range forbidden {
		pkg, err := build.ImportDir(filepath.FromSlash(dir), 0)
		if err != nil {
			t.Fatal(err)
		}
		imports := append(append(pkg.Imports, pkg.TestImports...), pkg.XTestImports...)
		if len(imports) == 0 {
			t.Fatalf("%s: no imports found", dir)
		}
		for _, imp := range imports {
			for _, b := range banned {
				if imp == b || strings.HasPrefix(imp, b+"/") && b == "net/http" {
					t.Errorf("mock/%s imports %s", dir, imp)
				}
			}
		}
	}
}
