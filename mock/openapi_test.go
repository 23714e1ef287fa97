package mock_test

import (
	"io/fs"
	"net/http"
	"testing"

	"github.com/mobmock/mobmock/mock"
	"github.com/mobmock/mobmock/spec"
)

// TestOpenAPIServesPublishedDocuments: /openapi/ answers the published
// documents of spec/dist byte for byte, the default reading unless the
// strict one is asked for, and nothing else.
func TestOpenAPIServesPublishedDocuments(t *testing.T) {
	_, c := start(t, mock.Config{})
	for _, tc := range []struct{ path, file string }{
		{"/openapi/mobproc.yaml", "dist/mobproc.yaml"},
		{"/openapi/mobile.yaml", "dist/mobile.yaml"},
		{"/openapi/mobproc.yaml?bundle=1", "dist/mobproc.yaml"},
		{"/openapi/mobile.yaml?bundle=1", "dist/mobile.yaml"},
		{"/openapi/strict/mobproc.yaml", "dist/strict/mobproc.yaml"},
		{"/openapi/strict/mobile.yaml", "dist/strict/mobile.yaml"},
		{"/openapi/mobile.yaml?reading=strict", "dist/strict/mobile.yaml"},
	} {
		t.Run(tc.path, func(t *testing.T) {
			want, err := fs.ReadFile(spec.FS, tc.file)
			if err != nil {
				t.Fatal(err)
			}
			r := c.do(http.MethodGet, tc.path, nil)
			if r.Status != http.StatusOK || r.Header.Get("Content-Type") != "application/yaml" {
				t.Fatalf("status %d, content type %q; want 200 application/yaml", r.Status, r.Header.Get("Content-Type"))
			}
			if string(r.Raw) != string(want) {
				t.Errorf("body is not %s (%d bytes, want %d)", tc.file, len(r.Raw), len(want))
			}
		})
	}
	for _, p := range []string{"/openapi/other.yaml", "/openapi/strict/other.yaml", "/openapi/bundle/mobproc.json"} {
		if r := c.do(http.MethodGet, p, nil); r.Status != http.StatusNotFound {
			t.Errorf("GET %s: status %d, want 404", p, r.Status)
		}
	}
}
