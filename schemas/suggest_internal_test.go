package schemas

import (
	"strings"
	"testing"
)

// TestDistance: the edit distance, on the stack or not (long names), with
// runes of several bytes, and cut off at a limit.
func TestDistance(t *testing.T) {
	long := strings.Repeat("ab", 40)
	for _, c := range []struct {
		a, b string
		want int
	}{
		{"", "", 0},
		{"kitten", "sitting", 3},
		{"employee_id", "employe_id", 1},
		{"müller", "muller", 1},
		{long, long + "c", 1},
		{long + "x", "y" + long, 2},
		{"abc", long, len(long) - 2},
	} {
		if got := distance(c.a, c.b); got != c.want {
			t.Errorf("distance(%q, %q) = %d, want %d", c.a, c.b, got, c.want)
		}
		// Within a limit: the distance when it is within, limit+1 when not.
		for limit := 0; limit <= c.want+1; limit++ {
			want := min(c.want, limit+1)
			if got := distanceWithin(c.a, c.b, limit); got != want {
				t.Errorf("distanceWithin(%q, %q, %d) = %d, want %d", c.a, c.b, limit, got, want)
			}
		}
	}
}

// TestSuggest: the closest candidate within reach, whatever the lengths of
// the others, which suggest rules out without computing their distance.
func TestSuggest(t *testing.T) {
	candidates := []string{"employee_id", "carrier_id", "shipping_address_attributes", "comment", "x"}
	for _, c := range []struct{ in, want string }{
		{"employe_id", "employee_id"},
		{"EMPLOYEE_ID", "employee_id"},
		{"shipping_adress_attributes", "shipping_address_attributes"},
		{"comments", "comment"},
		{"y", "x"},
		{"xyz", "x"},
		{"label", ""},
		{"return_courier_id", ""},
	} {
		if got := suggest(c.in, candidates); got != c.want {
			t.Errorf("suggest(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
