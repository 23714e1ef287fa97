package schemas

import (
	"math"
	"slices"
	"strings"
	"unicode/utf8"
)

// suggest returns the candidate closest to s when it is close enough to be a
// likely typo, or "" when none is.
func suggest(s string, candidates []string) string {
	best, bestDist := "", -1
	ls := strings.ToLower(s)
	n := utf8.RuneCountInString(s)
	for _, c := range candidates {
		limit := max(2, len(c)/4)
		// The distance is at least the difference in length (ToLower
		// keeps the number of runes): most candidates are ruled out
		// without computing it.
		if diff := n - utf8.RuneCountInString(c); diff > limit || -diff > limit {
			continue
		}
		lc := strings.ToLower(c)
		d := distanceWithin(ls, lc, limit)
		if ls == lc {
			d = 0
		}
		if d > limit {
			continue
		}
		if bestDist < 0 || d < bestDist {
			best, bestDist = c, d
		}
	}
	return best
}

// distance is the Levenshtein edit distance between a and b.
func distance(a, b string) int { return distanceWithin(a, b, math.MaxInt-1) }

// distanceWithin is the Levenshtein edit distance between a and b when it
// is at most limit, and limit+1 otherwise: it stops at the first row of
// the table whose cells all exceed limit, since no later row has a smaller
// cell.
func distanceWithin(a, b string, limit int) int {
	// Field names are short: their runes and rows fit on the stack.
	var bufA, bufB [64]rune
	var rows [2][65]int
	ra, rb := appendRunes(bufA[:0], a), appendRunes(bufB[:0], b)
	n := len(rb) + 1
	var prev, cur []int
	if n <= len(rows[0]) {
		prev, cur = rows[0][:n], rows[1][:n]
	} else {
		prev, cur = make([]int, n), make([]int, n)
	}
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		if slices.Min(cur) > limit {
			return limit + 1
		}
		prev, cur = cur, prev
	}
	return min(prev[len(rb)], limit+1)
}

// appendRunes appends the runes of s to buf, as []rune(s) would make them.
func appendRunes(buf []rune, s string) []rune {
	for _, r := range s {
		buf = append(buf, r)
	}
	return buf
}
