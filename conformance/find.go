package conformance

import (
	"context"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"

	"github.com/mobmock/mobmock/fixtures"
	"github.com/mobmock/mobmock/internal/jsonpatch"
	"github.com/mobmock/mobmock/schemas"
)

// find applies a step's Find to its answer. It returns one variable set per
// candidate (vars plus what the Find captures), at most
// fixtures.MaxCandidates, in an order that changes from run to run; with
// Must it returns nothing and records a failure on sr when no item matches.
func (r *Runner) find(ctx context.Context, sr *StepResult, st fixtures.Step, body any, header http.Header, vars fixtures.Vars) []fixtures.Vars {
	f := st.Find
	where, err := vars.ExpandJSON(any(f.Where))
	if err != nil {
		sr.Failures = append(sr.Failures, "find: "+err.Error())
		return nil
	}
	avoid := map[string][]string{}
	for ptr, vals := range f.Avoid {
		for _, v := range vals {
			ev, err := vars.Expand(v)
			if err != nil {
				sr.Failures = append(sr.Failures, "find: "+err.Error())
				return nil
			}
			avoid[ptr] = append(avoid[ptr], ev)
		}
	}
	var out []fixtures.Vars
	pages := 0
	for {
		list, err := jsonpatch.Get(body, f.Items)
		items, ok := list.([]any)
		if err != nil || !ok {
			sr.Failures = append(sr.Failures, fmt.Sprintf("find %s: the answer has no list at %q", f.What, f.Items))
			return nil
		}
		for _, it := range items {
			if !subset(where, it) || avoided(avoid, it) {
				continue
			}
			if f.Must {
				return nil
			}
			cv := fixtures.Vars{}
			for k, v := range vars {
				cv[k] = v
			}
			ok := true
			for name, src := range f.Capture {
				v, found := capture(src, it, nil)
				if !found {
					ok = false
					break
				}
				cv[name] = v
			}
			if ok {
				out = append(out, cv)
			}
		}
		next := nextLink(header)
		if f.Next != "" {
			next, _ = capture(f.Next, body, nil)
		}
		if next == "" || pages >= f.Pages {
			break
		}
		pages++
		if body, header, err = r.getPage(ctx, st, vars, next); err != nil {
			sr.Failures = append(sr.Failures, fmt.Sprintf("find %s: next page: %v", f.What, err))
			return nil
		}
	}
	if f.Must {
		w, _ := json.Marshal(where)
		sr.Failures = append(sr.Failures, fmt.Sprintf("find %s: no item at %q holds %s (%d page(s) read)", f.What, orBody(f.Items), w, pages+1))
		return nil
	}
	// Runs on one tenant would otherwise all try first the items that
	// earlier runs used up; the order is fixed by the case and the run.
	h := fnv.New64a()
	h.Write([]byte(vars["unique"]))
	rand.New(rand.NewPCG(h.Sum64(), 0)).Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	if len(out) > fixtures.MaxCandidates {
		out = out[:fixtures.MaxCandidates]
	}
	return out
}

// avoided reports whether item has, at one of the pointers of avoid, one of
// the values listed for it.
func avoided(avoid map[string][]string, item any) bool {
	for ptr, vals := range avoid {
		if v, ok := capture(ptr, item, nil); ok && slices.Contains(vals, v) {
			return true
		}
	}
	return false
}

var linkNextRE = regexp.MustCompile(`<([^>]*)>\s*;\s*rel="?next"?`)

// nextLink returns the URL of a Link header's rel="next", or "".
func nextLink(h http.Header) string {
	for _, v := range h.Values("Link") {
		if m := linkNextRE.FindStringSubmatch(v); m != nil {
			return m[1]
		}
	}
	return ""
}

// getPage reads a further page of a lookup, with the step's headers, from
// the host the step called and from no other.
func (r *Runner) getPage(ctx context.Context, st fixtures.Step, vars fixtures.Vars, next string) (any, http.Header, error) {
	rq, err := r.build(st, vars)
	if err != nil {
		return nil, nil, err
	}
	first, _ := url.Parse(rq.URL)
	u, err := first.Parse(next)
	if err != nil || u.Host != first.Host {
		return nil, nil, fmt.Errorf("the next page %q is not on the target", next)
	}
	ctx, cancel := context.WithTimeout(ctx, r.cfg.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, nil, err
	}
	req.Header = rq.Header
	r.requests.Add(1)
	resp, err := r.client.Do(req)
	if err != nil {
		return nil, nil, fmt.Errorf("%s", shortNetError(err))
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 16<<20))
	if err != nil {
		return nil, nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, nil, fmt.Errorf("status %d", resp.StatusCode)
	}
	body, err := schemas.Decode(data)
	return body, resp.Header, err
}

// subset reports whether got holds everything want holds; numbers and
// numeric strings compare by their text ("807778" matches 807778).
func subset(want, got any) bool {
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			return false
		}
		for k, wv := range w {
			gv, ok := g[k]
			if !ok || !subset(wv, gv) {
				return false
			}
		}
		return true
	case []any:
		g, ok := got.([]any)
		if !ok || len(g) != len(w) {
			return false
		}
		for i := range w {
			if !subset(w[i], g[i]) {
				return false
			}
		}
		return true
	case nil:
		return got == nil
	}
	return scalar(want) == scalar(got)
}

func scalar(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case json.Number:
		return x.String()
	case float64:
		return strings.TrimSuffix(strings.TrimRight(fmt.Sprintf("%f", x), "0"), ".")
	}
	return fmt.Sprint(v)
}

// otherwise handles an unusable answer to step si that names a way out: it
// looks another item up and runs the case from that step again with each
// candidate patched into the body, until one is usable. The first answer
// is kept in the results, so the report shows why the lookup ran.
func (r *Runner) otherwise(ctx context.Context, c *fixtures.Case, si int, vars fixtures.Vars, first StepResult) ([]StepResult, outcome) {
	st := c.Steps[si]
	o := st.Otherwise
	lookup := o.Instead()
	steps := []StepResult{first}
	lr, body, header := r.runStep(ctx, lookup, vars)
	var cands []fixtures.Vars
	if len(lr.Failures) == 0 && lr.Unusable == "" {
		cands = r.find(ctx, &lr, lookup, body, header, vars)
	}
	steps = append(steps, lr)
	if len(lr.Failures) > 0 || len(lr.Diffs) > 0 {
		return steps, outcome{fail: firstFailure(si, lookup, lr)}
	}
	if len(cands) == 0 {
		return steps, outcome{unusable: fmt.Sprintf("%s: %s, and the lookup lists no other %s", stepName(si, st), first.Unusable, o.Find.What)}
	}
	tried := []string{first.Unusable}
	for _, cv := range cands {
		payload, err := patchWith(st.Request.Payload, o.Patch, cv)
		if err != nil {
			return steps, outcome{fail: fmt.Sprintf("%s: otherwise: %v", stepName(si, st), err)}
		}
		again := *c
		again.Steps = slices.Clone(c.Steps)
		retry := st
		retry.Otherwise = nil
		retry.Request.Payload = payload
		again.Steps[si] = retry
		rest, out := r.runFrom(ctx, &again, si, cv)
		if out.unusable == "" {
			for k, v := range cv {
				vars[k] = v
			}
			return append(steps, rest...), out
		}
		tried = append(tried, out.unusable)
	}
	return steps, outcome{unusable: fmt.Sprintf("%s: no usable %s among the %d the lookup lists (%s)", stepName(si, st), o.Find.What, len(cands), strings.Join(tried, "; "))}
}

// patchWith applies ops, their values' {{variables}} expanded from vars, to
// a copy of payload.
func patchWith(payload any, ops []jsonpatch.Op, vars fixtures.Vars) (any, error) {
	out := make([]jsonpatch.Op, len(ops))
	for i, op := range ops {
		out[i] = op
		if len(op.Value) == 0 {
			continue
		}
		var v any
		if err := jsonpatch.Unmarshal(op.Value, &v); err != nil {
			return nil, fmt.Errorf("patch value at %s: %w", op.Path, err)
		}
		ev, err := vars.ExpandJSON(v)
		if err != nil {
			return nil, err
		}
		if out[i].Value, err = json.Marshal(ev); err != nil {
			return nil, err
		}
	}
	return jsonpatch.Apply(payload, out)
}
