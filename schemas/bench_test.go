package schemas_test

import (
	"io/fs"
	"path"
	"strings"
	"testing"

	"github.com/mobmock/mobmock/fixtures"
	"github.com/mobmock/mobmock/schemas"
)

// BenchmarkValidate decodes and validates each documented request in the
// default, lenient reading: what mobmock validate and the mock do per body.
func BenchmarkValidate(b *testing.B) {
	set := load(b)
	files, _ := fs.Glob(fixtures.FS, "documented/*/*.request.json")
	for _, f := range files {
		data, err := fs.ReadFile(fixtures.FS, f)
		if err != nil {
			b.Fatal(err)
		}
		name := strings.TrimSuffix(path.Base(f), ".request.json")
		b.Run(path.Base(path.Dir(f))+"/"+name, func(b *testing.B) {
			payload, _ := schemas.Decode(data)
			api, _ := schemas.DetectAPI(payload)
			set.Validate(payload, api, schemas.Lenient) // compile what this body needs
			b.ReportAllocs()
			b.SetBytes(int64(len(data)))
			b.ResetTimer()
			for range b.N {
				payload, err := schemas.Decode(data)
				if err != nil {
					b.Fatal(err)
				}
				for _, p := range set.Validate(payload, api, schemas.Lenient) {
					if p.Severity == schemas.Error {
						b.Fatalf("%s: %s", p.Pointer, p.Message)
					}
				}
			}
		})
	}
}

// BenchmarkColdStart is what the first confirmation costs a fresh process in
// this package: building the set from the embedded files, then compiling
// what the documented SWAP_DEVICES request needs while validating it.
func BenchmarkColdStart(b *testing.B) {
	data, err := fs.ReadFile(fixtures.FS, "documented/mobproc/swap-devices.request.json")
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for range b.N {
		set, err := schemas.New(schemas.FS)
		if err != nil {
			b.Fatal(err)
		}
		payload, _ := schemas.Decode(data)
		for _, p := range set.Validate(payload, schemas.MOBPROC, schemas.Lenient) {
			if p.Severity == schemas.Error {
				b.Fatalf("%s: %s", p.Pointer, p.Message)
			}
		}
	}
}
