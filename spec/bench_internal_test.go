package spec

import "testing"

// BenchmarkLoadBundles is what the runtime documents cost a starting
// server: reading both bundles and building their routers.
func BenchmarkLoadBundles(b *testing.B) {
	b.ReportAllocs()
	for range b.N {
		if _, err := bundled(FS); err != nil {
			b.Fatal(err)
		}
	}
}
