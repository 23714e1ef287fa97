package conformance

import (
	"encoding/json"
	"fmt"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/mobmock/mobmock/fixtures"
	"github.com/mobmock/mobmock/internal/jsonpatch"
)

// Diff is one place where a response differs from what a case expects.
type Diff struct {
	// Pointer is the JSON pointer of the value in the response body.
	Pointer string `json:"pointer"`
	// Want and Got render the expected and actual values ("" when absent).
	Want string `json:"want"`
	Got  string `json:"got"`
	// Reason says what rule failed, in words.
	Reason string `json:"reason"`
}

func (d Diff) String() string {
	ptr := d.Pointer
	if ptr == "" {
		ptr = "(body)"
	}
	switch {
	case d.Want != "" && d.Got != "":
		return fmt.Sprintf("%s: %s: want %s, got %s", ptr, d.Reason, d.Want, d.Got)
	case d.Want != "":
		return fmt.Sprintf("%s: %s: want %s", ptr, d.Reason, d.Want)
	}
	return fmt.Sprintf("%s: %s", ptr, d.Reason)
}

// comparer compares an expected body with an actual one.
type comparer struct {
	rules []fixtures.Rule
	vars  fixtures.Vars
	exact bool
	diffs []Diff
	// linkPath maps a link's URL to the request URI the documents would
	// give it (the target may serve an API at another base path).
	linkPath func(*url.URL) string
}

// Compare returns where actual differs from want under the given rules:
// want is a subset of actual unless exact is set.
func Compare(want, actual any, rules []fixtures.Rule, vars fixtures.Vars, exact bool) []Diff {
	return compare(want, actual, rules, vars, exact, (*url.URL).RequestURI)
}

func compare(want, actual any, rules []fixtures.Rule, vars fixtures.Vars, exact bool, linkPath func(*url.URL) string) []Diff {
	c := &comparer{rules: rules, vars: vars, exact: exact, linkPath: linkPath}
	c.walk("", want, actual, true)
	sort.SliceStable(c.diffs, func(i, j int) bool { return c.diffs[i].Pointer < c.diffs[j].Pointer })
	return c.diffs
}

func (c *comparer) rule(ptr string) (fixtures.Rule, bool) {
	for _, r := range c.rules {
		if fixtures.PathMatches(r.Path, ptr) {
			return r, true
		}
	}
	return fixtures.Rule{}, false
}

func (c *comparer) add(ptr, reason string, want, got any) {
	d := Diff{Pointer: ptr, Reason: reason}
	if want != nil {
		d.Want = render(want)
	}
	if got != nil {
		d.Got = render(got)
	}
	c.diffs = append(c.diffs, d)
}

func (c *comparer) walk(ptr string, want, got any, present bool) {
	if r, ok := c.rule(ptr); ok {
		c.apply(r, ptr, want, got, present)
		return
	}
	if !present {
		c.add(ptr, "missing", want, nil)
		return
	}
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			c.add(ptr, "expected an object", want, got)
			return
		}
		for _, k := range sortedKeys(w) {
			gv, ok := g[k]
			c.walk(jsonpatch.Append(ptr, k), w[k], gv, ok)
		}
		if c.exact {
			for _, k := range sortedKeys(g) {
				if _, ok := w[k]; !ok {
					c.add(jsonpatch.Append(ptr, k), "not expected", nil, g[k])
				}
			}
		}
	case []any:
		g, ok := got.([]any)
		if !ok {
			c.add(ptr, "expected a list", want, got)
			return
		}
		if len(g) != len(w) {
			c.add(ptr, fmt.Sprintf("expected %d item(s), got %d", len(w), len(g)), nil, nil)
		}
		for i := 0; i < len(w) && i < len(g); i++ {
			c.walk(ptr+"/"+strconv.Itoa(i), w[i], g[i], true)
		}
	case string:
		if x, err := c.vars.Expand(w); err == nil {
			w = x
		}
		if gs, ok := got.(string); !ok || gs != w {
			c.add(ptr, "value differs", w, got)
		}
	default:
		if !jsonpatch.Equal(want, got) {
			c.add(ptr, "value differs", want, got)
		}
	}
}

var (
	dateRE = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
	idRE   = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._:-]*$`)
)

// apply checks a value under a rule.
func (c *comparer) apply(r fixtures.Rule, ptr string, want, got any, present bool) {
	if !present {
		c.add(ptr, "missing (a "+r.Match+" value is expected)", want, nil)
		return
	}
	switch r.Match {
	case "ignore":
	case "id":
		switch g := got.(type) {
		case string:
			if !idRE.MatchString(g) {
				c.add(ptr, "expected an id", nil, got)
			}
		case json.Number:
			if _, err := g.Int64(); err != nil {
				c.add(ptr, "expected an id", nil, got)
			}
		default:
			c.add(ptr, "expected an id (a string or a whole number)", nil, got)
		}
	case "datetime":
		g, ok := got.(string)
		if _, err := time.Parse(time.RFC3339, g); !ok || err != nil {
			c.add(ptr, "expected an RFC 3339 date-time", nil, got)
		}
	case "date":
		if g, ok := got.(string); !ok || !dateRE.MatchString(g) {
			c.add(ptr, "expected a YYYY-MM-DD date", nil, got)
		}
	case "link":
		c.link(r, ptr, want, got)
	case "number":
		if ws, ok := want.(string); ok {
			if x, err := c.vars.Expand(ws); err == nil {
				want = x
			}
		}
		gn, ok := numeric(got)
		wn, ok2 := numeric(want)
		if !ok || !ok2 || gn != wn {
			c.add(ptr, "value differs (numbers and numeric strings compare by value)", want, got)
		}
	case "unordered":
		w, ok1 := want.([]any)
		g, ok2 := got.([]any)
		if !ok1 || !ok2 {
			c.add(ptr, "expected a list", want, got)
			return
		}
		c.unordered(ptr, w, g)
	}
}

// link checks an absolute URL whose host is not compared.
func (c *comparer) link(r fixtures.Rule, ptr string, want, got any) {
	gs, ok := got.(string)
	u, err := url.Parse(gs)
	if !ok || err != nil || !u.IsAbs() || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		c.add(ptr, "expected an absolute http(s) URL", nil, got)
		return
	}
	var wantPath string
	switch {
	case r.Pattern != "":
		p, err := c.vars.Expand(r.Pattern)
		if err != nil {
			c.add(ptr, "link pattern: "+err.Error(), nil, nil)
			return
		}
		wantPath = p
	default:
		ws, _ := want.(string)
		if x, err := c.vars.Expand(ws); err == nil {
			ws = x
		}
		wu, err := url.Parse(ws)
		if err != nil {
			c.add(ptr, "expected link is not a URL", want, nil)
			return
		}
		wantPath = wu.RequestURI()
	}
	gotPath := c.linkPath(u)
	if gotPath != wantPath && unescape(gotPath) != unescape(wantPath) {
		c.add(ptr, "link path differs (the host is not compared)", wantPath, gotPath)
	}
}

func unescape(s string) string {
	if u, err := url.PathUnescape(s); err == nil {
		return u
	}
	return s
}

// unordered matches every expected item with a distinct actual item.
func (c *comparer) unordered(ptr string, want, got []any) {
	if len(want) != len(got) {
		c.add(ptr, fmt.Sprintf("expected %d item(s) in any order, got %d", len(want), len(got)), nil, nil)
	}
	used := make([]bool, len(got))
	for i, w := range want {
		found := false
		for j, g := range got {
			if used[j] {
				continue
			}
			sub := &comparer{rules: c.rules, vars: c.vars, exact: c.exact, linkPath: c.linkPath}
			sub.walk(ptr+"/"+strconv.Itoa(j), w, g, true)
			if len(sub.diffs) == 0 {
				used[j], found = true, true
				break
			}
		}
		if !found {
			c.add(ptr+"/"+strconv.Itoa(i), "no item in the list matches the expected one", w, nil)
		}
	}
}

func numeric(v any) (float64, bool) {
	switch n := v.(type) {
	case json.Number:
		f, err := n.Float64()
		return f, err == nil
	case float64:
		return n, true
	case string:
		f, err := strconv.ParseFloat(strings.TrimSpace(n), 64)
		return f, err == nil
	}
	return 0, false
}

func render(v any) string {
	switch x := v.(type) {
	case string:
		return strconv.Quote(x)
	case json.Number:
		return x.String()
	}
	data, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	if len(data) > 200 {
		return string(data[:197]) + "..."
	}
	return string(data)
}

func sortedKeys(m map[string]any) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
