package conformance_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mobmock/mobmock/conformance"
	"github.com/mobmock/mobmock/fixtures"
	"github.com/mobmock/mobmock/mock"
	"github.com/mobmock/mobmock/mock/mocktest"
)

// requestsOf renders the requests a runner would send, for comparison.
func requestsOf(t *testing.T, cfg conformance.Config) []string {
	t.Helper()
	r, err := conformance.New(cfg, embedded(t))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, rq := range r.DryRun() {
		out = append(out, rq.Method+" "+rq.URL+" "+string(rq.Body))
	}
	return out
}

// TestGenerateIsReproducible: the same seed gives the same requests, in the
// same order; another seed gives others.
func TestGenerateIsReproducible(t *testing.T) {
	cfg := conformance.Config{Target: "http://127.0.0.1:1", Tenant: "t", AllowWrites: true, Generate: 30, Seed: 42, Run: regexp.MustCompile(`^generated/`)}
	a, b := requestsOf(t, cfg), requestsOf(t, cfg)
	if len(a) < 60 {
		t.Fatalf("%d generated requests for 30 per operation", len(a))
	}
	// The run id in {{unique}} differs between runners; the rest must not.
	norm := regexp.MustCompile(`MM-[a-z0-9]+-`)
	for i := range a {
		a[i], b[i] = norm.ReplaceAllString(a[i], "MM-"), norm.ReplaceAllString(b[i], "MM-")
	}
	if d := cmp.Diff(a, b); d != "" {
		t.Errorf("same seed, different requests (-first +second):\n%s", d)
	}
	cfg.Seed = 43
	c := requestsOf(t, cfg)
	for i := range c {
		c[i] = norm.ReplaceAllString(c[i], "MM-")
	}
	if cmp.Equal(a, c) {
		t.Error("seeds 42 and 43 generated the same requests")
	}
}

// TestGenerateAgainstMock: 60 generated cases per operation with a fixed
// seed (.ci/run runs --generate 200) find nothing in the mock, in both
// readings, on a shared tenant; every generated kind runs, and the negative
// cases change payloads every way the issue lists.
func TestGenerateAgainstMock(t *testing.T) {
	for _, strict := range []bool{false, true} {
		t.Run("strict="+strconv.FormatBool(strict), func(t *testing.T) {
			s := mocktest.Start(t, mock.Config{Strict: strict})
			r, err := conformance.New(conformance.Config{Target: s.URL, Tenant: "gen", AllowWrites: true, Strict: strict, Parallel: 8,
				Generate: 60, Seed: 1, Run: regexp.MustCompile(`^generated/`)}, embedded(t))
			if err != nil {
				t.Fatal(err)
			}
			rep := r.Run(context.Background())
			kinds := map[string]int{}
			for _, res := range rep.Results {
				if res.Outcome == conformance.Fail || (res.Outcome == conformance.Skip && !strings.Contains(res.Reason, "the tenant holds nothing")) {
					t.Errorf("%s %s: %s\n%s", res.Outcome, res.Name, res.Reason, conformance.Details(res))
				}
				kinds[strings.Split(res.Name, "/")[2]]++
			}
			for _, k := range []string{conformance.KindNegative, conformance.KindPositive, conformance.KindStateful} {
				if kinds[k] == 0 {
					t.Errorf("no %s case ran: %v", k, kinds)
				}
			}
			ways := map[string]bool{}
			for _, c := range r.Generated() {
				if c.HasTag(conformance.KindNegative) && len(c.Steps[0].Expect.Problems) > 0 {
					ways[c.Steps[0].Expect.Problems[0].Code] = true
				}
			}
			want := []string{"required", "type", "enum", "max-length", "invalid-parameter"}
			if strict {
				want = append(want, "unknown-field")
			}
			for _, w := range want {
				if !ways[w] {
					t.Errorf("no generated negative case expects a %s problem (have %v)", w, ways)
				}
			}
			if rep.Coverage == nil || len(rep.Coverage.Operations) < 30 || rep.Coverage.Total() <= 0 {
				t.Errorf("coverage: %+v", rep.Coverage)
			}
		})
	}
}

// acceptsOne is a target that accepts a request the contract refuses when
// every problem the mock finds in it has the given code: a server that does
// not check that one rule.
func acceptsOne(code string) brokenTarget {
	return brokenTarget{name: "accepts a payload whose only problem is " + code,
		mutate: rewriteJSON(func(r *http.Request, st int, b map[string]any) (int, map[string]any) {
			errs, _ := b["errors"].([]any)
			if st != 400 || len(errs) == 0 {
				return st, b
			}
			for _, e := range errs {
				if em, _ := e.(map[string]any); em["code"] != code {
					return st, b
				}
			}
			if strings.HasPrefix(r.URL.Path, "/1/") {
				return 201, map[string]any{"id": 1, "state": "approved"}
			}
			return 200, map[string]any{"status": "SUCCESS", "orderConfirmation": map[string]any{}}
		})}
}

// TestGeneratedCasesFindBrokenTargets: against each broken target of the
// conformance tests, and against targets that accept one kind of invalid
// payload, the generated cases fail the run. For the latter, each failed
// case is shrunk and names the field it changed, and the fixtures
// --save-failures writes reproduce the failure (and pass against the mock).
func TestGeneratedCasesFindBrokenTargets(t *testing.T) {
	s := mocktest.Start(t, mock.Config{})
	gen := regexp.MustCompile(`^generated/`)
	for _, bt := range brokenTargets(s) {
		t.Run(bt.name, func(t *testing.T) {
			rep := run(t, conformance.Config{Target: bt.start(t, s), Tenant: "broken", AllowWrites: true, Generate: 6, Seed: 5, Run: gen})
			if rep.Failed == 0 {
				t.Errorf("the generated cases did not notice: %s", rep.Summary())
			}
		})
	}
	for _, code := range []string{"required", "enum", "type"} {
		bt := acceptsOne(code)
		t.Run(bt.name, func(t *testing.T) {
			target := bt.start(t, s)
			r, err := conformance.New(conformance.Config{Target: target, Tenant: "broken", AllowWrites: true, Generate: 40, Seed: 9,
				Run: regexp.MustCompile(`^generated/create\w+/negative/`)}, embedded(t))
			if err != nil {
				t.Fatal(err)
			}
			rep := r.Run(context.Background())
			if rep.Failed == 0 {
				t.Fatalf("the generated cases did not notice: %s", rep.Summary())
			}
			original := map[string]*fixtures.Case{}
			for _, c := range r.Generated() {
				original[c.Name] = c
			}
			dir := t.TempDir()
			n, err := r.SaveFailures(rep, dir)
			if err != nil || n != rep.Failed {
				t.Fatalf("SaveFailures wrote %d of %d failed cases: %v", n, rep.Failed, err)
			}
			saved, err := fixtures.Load(os.DirFS(dir))
			if err != nil {
				t.Fatalf("the saved fixtures do not load: %v", err)
			}
			smaller := 0
			for _, c := range saved.Cases {
				p := c.Steps[0].Expect.Problems[0]
				if p.Code != code {
					t.Errorf("%s: expects a %s problem; only %s payloads are accepted", c.Name, p.Code, code)
				}
				if !strings.Contains(c.Summary, p.Pointer) || !strings.Contains(c.Summary, "Shrunk") {
					t.Errorf("%s: the summary does not name the field %s as shrunk: %q", c.Name, p.Pointer, c.Summary)
				}
				if o := original[c.Name]; o != nil && values(t, c.Steps[0].Request.Body) < values(t, o.Steps[0].Request.Body) {
					smaller++
				}
			}
			if smaller == 0 {
				t.Error("no failed case was shrunk to a smaller payload")
			}
			replay, err := conformance.New(conformance.Config{Target: target, Tenant: "broken", AllowWrites: true}, saved)
			if err != nil {
				t.Fatal(err)
			}
			if again := replay.Run(context.Background()); again.Failed != len(saved.Cases) {
				t.Errorf("replaying the saved fixtures against the broken target: %s, want all %d failed", again.Summary(), len(saved.Cases))
			}
			good, err := conformance.New(conformance.Config{Target: s.URL, Tenant: "good", AllowWrites: true}, saved)
			if err != nil {
				t.Fatal(err)
			}
			if rep := good.Run(context.Background()); rep.Failed != 0 {
				var out bytes.Buffer
				_ = json.NewEncoder(&out).Encode(rep.Results)
				t.Errorf("the saved fixtures fail against the mock: %s\n%s", rep.Summary(), out.String())
			}
		})
	}
}

// values counts the values of a JSON document, containers included.
func values(t *testing.T, doc []byte) int {
	t.Helper()
	var v any
	if err := json.Unmarshal(doc, &v); err != nil {
		t.Fatal(err)
	}
	var count func(any) int
	count = func(v any) int {
		n := 1
		switch x := v.(type) {
		case map[string]any:
			for _, e := range x {
				n += count(e)
			}
		case []any:
			for _, e := range x {
				n += count(e)
			}
		}
		return n
	}
	return count(v)
}
