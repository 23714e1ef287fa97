package conformance

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/mobmock/mobmock/fixtures"
	"github.com/mobmock/mobmock/internal/jsonpatch"
	"github.com/mobmock/mobmock/schemas"
)

// shrinkBudget bounds the requests spent shrinking one failed case, and
// maxShrunk how many failed cases of a run are shrunk.
const (
	shrinkBudget = 30
	maxShrunk    = 50
)

// shrink reduces a failed generated negative case to the smallest payload
// that still fails the same way: it drops, one at a time, the fields of the
// valid payload that the mutation does not touch (keeping a drop when the
// payload stays valid without the mutation, the mutation is still refused
// at the same field, and the target still fails the case), and cuts a
// too-long string down to the shortest that still fails. It returns the
// shrunk case and its result, or c and res unchanged when nothing could be
// dropped.
func (r *Runner) shrink(ctx context.Context, c *fixtures.Case, res Result, i int) (*fixtures.Case, Result) {
	if !c.HasTag(KindNegative) || len(c.Steps) != 1 || len(c.Steps[0].Request.Patch) != 1 || len(c.Steps[0].Request.Body) == 0 {
		return c, res
	}
	st := c.Steps[0]
	var b any
	if err := jsonpatch.Unmarshal(st.Request.Body, &b); err != nil {
		return c, res
	}
	m := st.Request.Patch[0]
	api := schemas.API(fixtures.APIOf(st.Request.Path))
	want := st.Expect.Problems[0]
	mode := schemas.Lenient
	if r.cfg.Strict {
		mode = schemas.Strict
	}
	refused := func(payload any) bool {
		for _, p := range r.schemas.Validate(payload, api, mode) {
			if p.Severity == schemas.Error && p.Pointer == want.Pointer && p.Code == want.Code {
				return true
			}
		}
		return false
	}
	budget := shrinkBudget
	// try runs the case with base nb and mutation nm; it keeps them when the
	// target still fails it.
	try := func(nb any, nm jsonpatch.Op) bool {
		if budget <= 0 || r.spent() {
			return false
		}
		mutated, err := jsonpatch.Apply(nb, []jsonpatch.Op{nm})
		if err != nil || hasError(r.schemas.Validate(nb, api, mode)) || !refused(mutated) {
			return false
		}
		budget--
		body, _ := json.Marshal(nb)
		nc := *c
		ns := st
		ns.Request.Body, ns.Request.Patch, ns.Request.Payload = body, []jsonpatch.Op{nm}, mutated
		nc.Steps = []fixtures.Step{ns}
		nres := r.runCase(ctx, &nc, i)
		if nres.Outcome != Fail {
			return false
		}
		c, res, b, m = &nc, nres, nb, nm
		return true
	}
	for changed := true; changed; {
		changed = false
		var leaves []leaf
		walk("", b, &leaves)
		for _, l := range leaves {
			if l.ptr == "" || related(l.ptr, m.Path) {
				continue
			}
			nb, err := jsonpatch.Apply(b, []jsonpatch.Op{{Op: "remove", Path: l.ptr}})
			if err == nil && try(nb, m) {
				changed = true
				break // the pointers after a drop have moved
			}
		}
	}
	// A string too long: the shortest that is still refused and still
	// accepted by the target.
	var s string
	if m.Op == "replace" && json.Unmarshal(m.Value, &s) == nil && want.Code == schemas.CodeTooLong {
		lo, hi := 0, len(s)
		for lo+1 < hi && budget > 0 {
			mid := (lo + hi) / 2
			nm := m
			nm.Value, _ = json.Marshal(strings.Repeat("x", mid))
			if try(b, nm) {
				hi = mid
			} else {
				lo = mid
			}
		}
	}
	c.Summary = strings.TrimSuffix(c.Summary, ".") + fmt.Sprintf(" Shrunk: the smallest valid payload found with %s changed still fails.", want.Pointer)
	res.Summary = c.Summary
	return c, res
}

// related reports whether one pointer is the other or inside it.
func related(a, b string) bool {
	return a == b || strings.HasPrefix(a, b+"/") || strings.HasPrefix(b, a+"/")
}

// SaveFailures writes the failed generated cases of rep (shrunk) to dir as
// a fixtures directory: dir/cases/generated.json and the rule sets they
// use in dir/rules.json, so that `mobmock conform --fixtures dir` replays
// them. It returns how many cases it wrote.
func (r *Runner) SaveFailures(rep *Report, dir string) (int, error) {
	var out []*fixtures.Case
	for _, c := range rep.failedGenerated {
		out = append(out, fileForm(c))
	}
	if len(out) == 0 {
		return 0, nil
	}
	if err := os.MkdirAll(filepath.Join(dir, "cases"), 0o755); err != nil {
		return 0, err
	}
	write := func(name string, v any) error {
		data, err := json.MarshalIndent(v, "", "  ")
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dir, name), append(data, '\n'), 0o644)
	}
	if err := write("rules.json", r.cases.RuleSets); err != nil {
		return 0, err
	}
	if err := write(filepath.Join("cases", "generated.json"), map[string]any{"cases": out}); err != nil {
		return 0, err
	}
	return len(out), nil
}

// fileForm returns a copy of c whose bodies are written out (Body, and
// Expect.Body from Want), the form a case file holds.
func fileForm(c *fixtures.Case) *fixtures.Case {
	cp := *c
	cp.Steps = make([]fixtures.Step, len(c.Steps))
	for i, st := range c.Steps {
		if st.Request.Body == nil && st.Request.Payload != nil && st.Request.RawBody == nil && st.Request.BodyFile == "" {
			st.Request.Body, _ = json.Marshal(st.Request.Payload)
			st.Request.Patch = nil
		}
		if st.Expect.Body == nil && st.Expect.BodyFile == "" && st.Expect.Want != nil {
			st.Expect.Body, _ = json.Marshal(st.Expect.Want)
		}
		cp.Steps[i] = st
	}
	return &cp
}
