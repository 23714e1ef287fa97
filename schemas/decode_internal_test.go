package schemas

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
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

// TestDecodeSharesNoCallerBytes: Decode gives what encoding/json gives, and
// no value changes when the caller reuses the body's buffer (mock reads
// bodies into pooled buffers), for small and large bodies.
func TestDecodeSharesNoCallerBytes(t *testing.T) {
	for _, size := range []int{100, 8 << 10, 64 << 10} {
		var b strings.Builder
		b.WriteString(`{"items":[`)
		for i := 0; b.Len() < size; i++ {
			if i > 0 {
				b.WriteByte(',')
			}
			fmt.Fprintf(&b, `{"name":"item %d","text":"caf\u00e9 \"%d\"","quantity":%d,"price":%d.5,"on":true}`, i, i, i, i)
		}
		b.WriteString(`]}`)
		data := []byte(b.String())
		got, err := Decode(data)
		if err != nil {
			t.Fatalf("%d bytes: %v", len(data), err)
		}
		var want any
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.UseNumber()
		if err := dec.Decode(&want); err != nil {
			t.Fatal(err)
		}
		for i := range data {
			data[i] = 'x'
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%d bytes (-encoding/json +Decode):\n%s", b.Len(), diff)
		}
	}
}
