package schemas

import (
	"fmt"
	"sync"
	"testing"
)

// TestIntern: the cache returns the string for the bytes whatever else
// hashed to the same slot before, including from other goroutines (run
// with -race), and long strings bypass it.
func TestIntern(t *testing.T) {
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 20000 {
				want := fmt.Sprintf("k%d", (i*7+g)%5000) // more strings than slots
				if got := intern([]byte(want)); got != want {
					t.Errorf("intern(%q) = %q", want, got)
					return
				}
			}
		}()
	}
	wg.Wait()
	long := "a string longer than the cache keeps, by a few bytes"
	if got := intern([]byte(long)); got != long {
		t.Errorf("intern(long) = %q", got)
	}
	b := []byte("SWAP_DEVICES")
	s := intern(b)
	b[0] = 'X' // the caller's buffer is reused: the string must not change
	if s != "SWAP_DEVICES" || intern([]byte("SWAP_DEVICES")) != "SWAP_DEVICES" {
		t.Errorf("an interned string changed with its source bytes: %q", s)
	}
}
