package schemas_test

import (
	"io/fs"
	"testing"
	"time"

	"github.com/mobmock/mobmock/fixtures"
	"github.com/mobmock/mobmock/schemas"
)

// BenchmarkValidate decodes and validates each of the 43 documented request
// types (BenchmarkValidate/API/TYPE/READING), in both readings, with a unique
// body per iteration: variants of the example whose ids, text and numbers
// differ where the contract leaves them free, made before the timer starts
// and each with exactly the example's problems (the loop checks their
// number). It is what mobmock validate does per body.
func BenchmarkValidate(b *testing.B) {
	set := load(b)
	for _, d := range documentedRequests(b) {
		v := vary(b, set, d)
		for _, mode := range []schemas.Mode{schemas.Lenient, schemas.Strict} {
			want := len(v.want[mode])
			b.Run(string(d.api)+"/"+d.name+"/"+mode.String(), func(b *testing.B) {
				bodies := v.bodies(b, set, b.N)
				b.ReportAllocs()
				b.SetBytes(int64(len(bodies[0])))
				b.ResetTimer()
				cpu := cpuTime()
				for i := range b.N {
					payload, err := schemas.Decode(bodies[i])
					if err != nil {
						b.Fatal(err)
					}
					if got := len(set.Validate(payload, d.api, mode)); got != want {
						b.Fatalf("%d problems, want %d", got, want)
					}
				}
				reportCPU(b, cpu)
			})
		}
	}
}

// reportCPU reports the CPU time per operation since since (cpu-ns/op), the
// figure to read on a machine whose cores other work shares.
func reportCPU(b *testing.B, since time.Duration) {
	b.StopTimer()
	b.ReportMetric(float64(cpuTime()-since)/float64(b.N), "cpu-ns/op")
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

// BenchmarkCheck is what the mock does per request body (Check: decode and
// validate, in the default reading) for three documented requests: a
// unique body per iteration, and one body over and over.
func BenchmarkCheck(b *testing.B) {
	set := load(b)
	for _, d := range documentedRequests(b) {
		if d.name != "swap-devices" && d.name != "new-line" && d.name != "device-return" {
			continue
		}
		v := vary(b, set, d)
		want := len(v.want[schemas.Lenient])
		for _, unique := range []bool{true, false} {
			name := string(d.api) + "/" + d.name + "/repeated"
			if unique {
				name = string(d.api) + "/" + d.name + "/unique"
			}
			b.Run(name, func(b *testing.B) {
				n := 1
				if unique {
					n = b.N
				}
				bodies := v.bodies(b, set, n)
				b.ReportAllocs()
				b.ResetTimer()
				cpu := cpuTime()
				for i := range b.N {
					_, ps, err := set.Check(schemas.Envelope(d.api), bodies[i%n], schemas.Lenient)
					if err != nil {
						b.Fatal(err)
					}
					if len(ps) != want {
						b.Fatalf("%d problems, want %d", len(ps), want)
					}
				}
				reportCPU(b, cpu)
			})
		}
	}
}
