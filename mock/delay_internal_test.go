package mock

import (
	"math/rand/v2"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// TestNoDelayOverAMinute: however a latency or a dribble is written, nothing
// the mock adds holds an answer longer than MaxLatency. A tail drawn far out
// is cut there (and never overflows into a negative delay); a dribble
// sends the rest of the answer at once when its time is up.
func TestNoDelayOverAMinute(t *testing.T) {
	for _, text := range []string{"tail:1ns..60s", "tail:1ms..1m", "tail:50ms..2s", "0..1m", "1m"} {
		l, err := ParseLatency(text)
		if err != nil {
			t.Fatalf("%s: %v", text, err)
		}
		r := rand.New(rand.NewPCG(1, 2))
		for range 200_000 {
			if d := l.Draw(r); d < 0 || d > MaxLatency {
				t.Fatalf("%s drew %s", text, d)
			}
		}
	}
	rec := httptest.NewRecorder()
	w := &dribbleWriter{ResponseWriter: rec, chunk: 1, every: 20 * time.Millisecond, done: make(chan struct{}), limit: 100 * time.Millisecond}
	body := strings.Repeat("x", 1000) // 20 s at one byte every 20 ms
	start := time.Now()
	if n, err := w.Write([]byte(body)); n != len(body) || err != nil {
		t.Fatalf("wrote %d, %v", n, err)
	}
	// A generous bound, not a speed measurement: without the limit the
	// write takes 20 s.
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("the dribble took %s, past its limit", d)
	}
	if rec.Body.String() != body {
		t.Errorf("the answer is not whole: %d bytes", rec.Body.Len())
	}
}
