package spec

import "testing"

// BenchmarkLoadBundles is what each runtime document costs on its first
// use: reading its bundle and building its router.
func BenchmarkLoadBundles(b *testing.B) {
	b.ReportAllocs()
	for range b.N {
		s, err := bundled(FS)
		if err != nil {
			b.Fatal(err)
		}
		for _, d := range s.Docs {
			if _, err := d.OpenAPI(); err != nil {
				b.Fatal(err)
			}
		}
	}
}
