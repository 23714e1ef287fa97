package main

import (
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
)

// gcHeadroom is how far above the live heap the garbage collector lets the
// heap grow before it collects again, while the live heap is small.
//
// The mock's live heap is mostly fixed (the world, the compiled schemas,
// the documents: about 8 MB) and a request leaves 20 to 30 KB of garbage.
// With Go's default (collect when the heap doubles) a collection comes every
// few hundred requests and marks the whole fixed heap each time: a tenth of
// the CPU under load. Keeping the goal at least gcHeadroom above the live
// heap makes collections several times rarer for a few more megabytes of
// RSS; once stored orders make the live heap large, the default applies
// again, so memory stays proportional to what is stored. 16 MB keeps the RSS
// under 60 MB under a steady load of confirmations (issue 18: 56 to 57 MB,
// against 65 MB with 24 MB of headroom) for about 2% of their throughput
// (bench/run.sh, 2026-12-03).
const gcHeadroom = 16 << 20

// startupGCPercent is the GOGC while the mock loads its documents, schemas
// and world. Loading only grows the heap, and each page a fresh process
// touches costs a page fault (on virtual machines, tens of microseconds):
// collecting often keeps the heap, and the start-up time, small.
const startupGCPercent = 25

// startGC sets the collector for start-up and returns the function that
// hands it over to tuneGC once the mock is loaded. A GOGC set in the
// environment wins over both.
func startGC() (loaded func()) {
	if os.Getenv("GOGC") != "" {
		return func() {}
	}
	debug.SetGCPercent(startupGCPercent)
	return tuneGC
}

// tuneGC keeps the collector's goal at least gcHeadroom above the live heap,
// re-deciding after every collection. A GOGC set in the environment wins.
func tuneGC() {
	if os.Getenv("GOGC") != "" {
		return
	}
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	var rearm func()
	rearm = func() {
		// A finalizer runs once after the collection that finds its object
		// unreachable: one call per collection.
		runtime.SetFinalizer(&gcSentinel{}, func(*gcSentinel) {
			metrics.Read(sample)
			if sample[0].Value.Kind() == metrics.KindUint64 {
				debug.SetGCPercent(gcPercent(sample[0].Value.Uint64()))
			}
			rearm()
		})
	}
	rearm()
}

// gcSentinel is the object whose finalizer marks a collection. It holds a
// pointer so that it is never a tiny allocation, whose finalizers may not run.
type gcSentinel struct {
	_ *int
	_ [8]byte
}

// gcPercent is the GOGC that puts the next goal gcHeadroom above a live
// heap of live bytes, never below Go's default of 100.
func gcPercent(live uint64) int {
	if live == 0 {
		return 100
	}
	p := gcHeadroom * 100 / live
	if p < 100 {
		return 100
	}
	if p > 1000 {
		return 1000
	}
	return int(p)
}
