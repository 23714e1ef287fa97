package main

import (
	"runtime"
	"runtime/debug"
	"testing"
	"time"
)

func TestGCPercent(t *testing.T) {
	for _, tc := range []struct {
		live uint64
		want int
	}{
		{0, 100},                    // nothing measured yet: Go's default
		{1 << 20, 1000},             // tiny heap: capped, not 2400
		{gcHeadroom / 10, 1000},     // exactly at the cap
		{8 << 20, 200},              // the mock at rest: goal 24 MB
		{gcHeadroom / 2, 200},       // goal = live + headroom
		{gcHeadroom, 100},           // headroom equals the heap: the default
		{200 << 20, 100},            // many stored orders: never below the default
		{gcHeadroom * 3 / 2, 100},   // 66% would fall under the default
		{gcHeadroom * 10 / 11, 110}, // just below the headroom
	} {
		if got := gcPercent(tc.live); got != tc.want {
			t.Errorf("gcPercent(%d) = %d, want %d", tc.live, got, tc.want)
		}
	}
}

func TestTuneGCSetsTheGoalAfterACollection(t *testing.T) {
	t.Setenv("GOGC", "")
	// 77 is a GOGC gcPercent never answers (it answers 100 to 1000), so any
	// change is tuneGC's, whatever the test binary's live heap.
	const unset = 77
	old := debug.SetGCPercent(unset)
	t.Cleanup(func() { debug.SetGCPercent(old) })
	tuneGC()
	// The finalizer runs on its own goroutine after a collection; give it
	// a few collections to be seen.
	for i := 0; i < 200; i++ {
		runtime.GC()
		time.Sleep(5 * time.Millisecond)
		if p := debug.SetGCPercent(unset); p != unset {
			if p < 100 || p > 1000 {
				t.Fatalf("GOGC set to %d, outside gcPercent's 100 to 1000", p)
			}
			return
		}
	}
	t.Fatal("tuneGC never set GOGC after a collection")
}
