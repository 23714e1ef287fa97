package mock

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"time"
)

// Latency is a delay distribution: fixed, uniform between two bounds, or a
// long tail (log-normal, given its median and 99th percentile). The zero
// value adds no delay. Build one with ParseLatency.
type Latency struct {
	text     string
	min, max time.Duration
	// tail: median and the log-normal's sigma; max caps a draw.
	tail   bool
	median time.Duration
	sigma  float64
}

// MaxLatency is the longest delay a latency may add: longer than any
// client's timeout worth testing, and short enough that a typing slip
// (1000h) does not hold connections for ever.
const MaxLatency = time.Minute

// ParseLatency reads a latency: "200ms" (fixed), "100ms..500ms" (uniform
// between the two), or "tail:50ms..2s" (a long tail: half the requests
// wait less than 50 ms, 1 in 100 more than 2 s, none more than 5 times
// that). No delay is longer than MaxLatency: every duration given must be
// at most that, and a tail's draws are cut there. The error says which
// form was expected.
func ParseLatency(s string) (Latency, error) {
	s = strings.TrimSpace(s)
	l := Latency{text: s}
	if s == "" || s == "0" {
		return Latency{}, nil
	}
	body, tail := strings.CutPrefix(s, "tail:")
	lo, hi, isRange := strings.Cut(body, "..")
	min, err := time.ParseDuration(lo)
	if err != nil || min < 0 {
		return Latency{}, fmt.Errorf("latency %q: %q is not a duration such as 200ms (forms: 200ms, 100ms..500ms, tail:50ms..2s)", s, lo)
	}
	max := min
	if isRange {
		if max, err = time.ParseDuration(hi); err != nil || max < min {
			return Latency{}, fmt.Errorf("latency %q: %q is not a duration of at least %s", s, hi, min)
		}
	}
	if max > MaxLatency {
		return Latency{}, fmt.Errorf("latency %q: %s is longer than the longest delay the mock adds, %s", s, max, MaxLatency)
	}
	switch {
	case tail && (!isRange || min <= 0 || max <= min):
		return Latency{}, fmt.Errorf("latency %q: a tail needs a median and a larger 99th percentile, such as tail:50ms..2s", s)
	case tail:
		// The 99th percentile of a log-normal is median·exp(2.326·sigma).
		l.tail, l.median, l.sigma, l.max = true, min, math.Log(float64(max)/float64(min))/2.3263, MaxLatency
		if 5*max < MaxLatency {
			l.max = 5 * max
		}
	default:
		l.min, l.max = min, max
	}
	return l, nil
}

// String returns the latency as ParseLatency reads it.
func (l Latency) String() string { return l.text }

// IsZero reports whether the latency adds no delay.
func (l Latency) IsZero() bool { return l.max == 0 }

// Draw returns one delay drawn from the distribution with r, or with
// math/rand/v2's global source when r is nil.
func (l Latency) Draw(r *rand.Rand) time.Duration {
	norm, intN := rand.NormFloat64, rand.Int64N
	if r != nil {
		norm, intN = r.NormFloat64, r.Int64N
	}
	switch {
	case l.tail:
		// Clamp as a float: a draw far out in the tail would overflow
		// int64 (and turn negative) if converted first.
		return time.Duration(min(float64(l.median)*math.Exp(l.sigma*norm()), float64(l.max)))
	case l.max > l.min:
		return l.min + time.Duration(intN(int64(l.max-l.min)+1))
	}
	return l.min
}
