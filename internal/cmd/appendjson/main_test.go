package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// TestGeneratedFilesUpToDate fails when a view type changed and its
// AppendJSON method was not regenerated (go generate ./mock/...).
func TestGeneratedFilesUpToDate(t *testing.T) {
	for _, c := range []struct {
		dir  string
		with []string
	}{
		{"../../../mock", []string{"world"}},
		{"../../../mock/world", nil},
	} {
		want, err := generate(c.dir, "zz_appendjson.go", c.with)
		if err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(filepath.Join(c.dir, "zz_appendjson.go"))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s/zz_appendjson.go is out of date: run go generate ./mock/...", c.dir)
		}
	}
}
