package conformance

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"

	"github.com/mobmock/mobmock/fixtures"
	"github.com/mobmock/mobmock/internal/jsonpatch"
	"github.com/mobmock/mobmock/schemas"
	"github.com/mobmock/mobmock/spec"
)

// Config says what to check and how.
type Config struct {
	// Target is the base URL of an implementation serving both APIs at
	// their documented paths ("http://127.0.0.1:8080", or with a path
	// prefix that precedes /mobproc/v1 and /1).
	Target string
	// MobprocURL and MobileURL are each API's full base URL, for targets
	// that mount them elsewhere ("http://127.0.0.1:4010" for a mock serving
	// the MOBPROC document at its root). They override Target for their
	// API. MobileURL may hold {tenant} for subdomain tenancy
	// ("https://{tenant}.example.com/1"): the tenant then goes in the host
	// and Mobile requests carry no X-TNGO-TENANT.
	MobprocURL, MobileURL string
	// Tenant is the X-TNGO-TENANT every case runs as. Empty gives each case
	// a tenant of its own (right for the mock: cases cannot disturb each
	// other); a real sandbox usually has one tenant to name.
	Tenant string
	// OtherTenant is the second tenant of isolation cases; empty derives it
	// from the case's tenant.
	OtherTenant string
	// ClientID is sent as client_id.
	ClientID string
	// Token, when set, is sent as "Authorization: Bearer <Token>".
	Token string
	// MobprocToken and MobileToken replace Token for one API (the two
	// may have different token endpoints).
	MobprocToken, MobileToken string
	// AllowWrites runs cases that create or change data; without it they
	// are reported as skipped.
	AllowWrites bool
	// Strict holds the target to the strict reading of the contract: fields
	// the contract does not name are errors (warnings otherwise), and cases
	// expect what the strict reading answers.
	Strict bool
	// Parallel is how many cases run at once (default 4).
	Parallel int
	// Timeout bounds each request (default 10s).
	Timeout time.Duration
	// Run, when set, selects the cases whose names it matches.
	Run *regexp.Regexp
	// Client sends the requests; nil builds one that never follows a
	// redirect to another host.
	Client *http.Client
	// OnResult is called as each case finishes, one call at a time.
	OnResult func(Result)
	// Generate, when positive, adds that many generated cases per
	// operation of the contract (negative, positive and stateful; see
	// Runner.Generated), reproducible from Seed.
	Generate int
	// Seed fixes the generated cases: the same seed gives the same
	// requests.
	Seed int64
	// MaxRequests, when positive, caps the requests of the run: once it
	// is reached, the cases not yet started are skipped (a case started
	// runs to its end).
	MaxRequests int64
	// TimeLimit, when positive, bounds the run the same way in time.
	TimeLimit time.Duration
	// OnProgress, when set, is called after each case (after OnResult)
	// with how many of the run's cases are done and how many requests were
	// sent, one call at a time.
	OnProgress func(done, total int, requests int64)
}

// Result is the outcome of one case.
type Result struct {
	Name     string        `json:"name"`
	Summary  string        `json:"summary"`
	Outcome  string        `json:"outcome"` // pass, fail or skip
	Duration time.Duration `json:"durationNs"`
	// Reason is why a case was skipped, or its first failure.
	Reason string       `json:"reason,omitempty"`
	Steps  []StepResult `json:"steps"`
}

// StepResult is the outcome of one step.
type StepResult struct {
	Name     string        `json:"name,omitempty"`
	Method   string        `json:"method"`
	URL      string        `json:"url"`
	Status   int           `json:"status,omitempty"`
	Duration time.Duration `json:"durationNs"`
	Failures []string      `json:"failures,omitempty"`
	Diffs    []Diff        `json:"diffs,omitempty"`
	Warnings []string      `json:"warnings,omitempty"`
	Skipped  string        `json:"skipped,omitempty"`
	// Unusable is the answer that said the tenant cannot serve the case
	// now (a status the step lists as unusable), with its message.
	Unusable string `json:"unusable,omitempty"`
}

// Outcomes.
const (
	Pass = "pass"
	Fail = "fail"
	Skip = "skip"
)

// Runner runs cases against a target.
type Runner struct {
	cfg     Config
	cases   *fixtures.Set
	specs   *spec.Specs
	schemas *schemas.Set
	targets *targets
	client  *http.Client
	runID   string
	// generated are the cases Generate asks for, built once in New.
	generated []*fixtures.Case
	// requests counts the requests sent; deadline is when TimeLimit ends.
	requests atomic.Int64
	deadline time.Time
	cov      *coverage
}

// spent reports whether the request budget or the time limit is used up.
func (r *Runner) spent() bool {
	return (r.cfg.MaxRequests > 0 && r.requests.Load() >= r.cfg.MaxRequests) ||
		(!r.deadline.IsZero() && time.Now().After(r.deadline))
}

// budgetReason says which budget ended the run.
func (r *Runner) budgetReason() string {
	if r.cfg.MaxRequests > 0 && r.requests.Load() >= r.cfg.MaxRequests {
		return fmt.Sprintf("not run: the run reached --max-requests %d", r.cfg.MaxRequests)
	}
	return fmt.Sprintf("not run: the run reached --time-limit %s", r.cfg.TimeLimit)
}

// ErrUnreachable wraps the error of a target that cannot be reached at all.
var ErrUnreachable = errors.New("target unreachable")

// New prepares a runner. It returns an error when the target is not an
// absolute http(s) URL or the contract cannot be loaded.
func New(cfg Config, cases *fixtures.Set) (*Runner, error) {
	tg, err := newTargets(cfg)
	if err != nil {
		return nil, err
	}
	if cfg.Parallel <= 0 {
		cfg.Parallel = 4
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = 10 * time.Second
	}
	if cfg.ClientID == "" {
		cfg.ClientID = "mobmock-conform"
	}
	sp, err := spec.Load()
	if err != nil {
		return nil, err
	}
	sc, err := schemas.Load()
	if err != nil {
		return nil, err
	}
	client := cfg.Client
	if client == nil {
		client = &http.Client{
			// Requests go to the target and to no other host, ever.
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		}
	}
	r := &Runner{cfg: cfg, cases: cases, specs: sp, schemas: sc, targets: tg, client: client,
		runID: strconv.FormatInt(time.Now().UnixNano()%1e9, 36)}
	if cfg.Generate > 0 {
		r.generated = r.generate()
	}
	return r, nil
}

// Generated returns the generated cases of the run (none unless Generate is
// set): for the two operations with request bodies, Generate cases each,
// about two in three negative (a valid payload changed one way along the
// schema, which the target must refuse with a 4xx in the API's error shape
// naming the changed field) and the rest positive (a valid payload with ids
// from the target's own lookups, which it must accept) and stateful (short
// flows with ids carried from step to step); for each lookup, up to
// Generate cases with one query parameter out of its schema.
func (r *Runner) Generated() []*fixtures.Case { return r.generated }

// Selected returns the cases the configuration selects, in file order.
func (r *Runner) Selected() []*fixtures.Case {
	var out []*fixtures.Case
	for _, c := range append(slices.Clip(r.cases.Cases), r.generated...) {
		if r.cfg.Run == nil || r.cfg.Run.MatchString(c.Name) {
			out = append(out, c)
		}
	}
	return out
}

// Preflight checks that each API's base URL answers HTTP at all (any
// status). Its error wraps ErrUnreachable.
func (r *Runner) Preflight(ctx context.Context) error {
	tenant := r.cfg.Tenant
	if tenant == "" {
		tenant = "conform-" + r.runID
	}
	for _, base := range r.targets.bases(tenant) {
		if err := r.preflight(ctx, base); err != nil {
			return err
		}
	}
	return nil
}

func (r *Runner) preflight(ctx context.Context, base string) error {
	ctx, cancel := context.WithTimeout(ctx, r.cfg.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+"/", nil)
	if err != nil {
		return fmt.Errorf("%w: %v", ErrUnreachable, err)
	}
	resp, err := r.client.Do(req)
	if err != nil {
		var ne net.Error
		if errors.As(err, &ne) && ne.Timeout() {
			return fmt.Errorf("%w: %s did not answer within %s", ErrUnreachable, req.URL.Host, r.cfg.Timeout)
		}
		return fmt.Errorf("%w: cannot connect to %s (%s)", ErrUnreachable, req.URL.Host, shortNetError(err))
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<16))
	resp.Body.Close()
	return nil
}

func shortNetError(err error) string {
	var op *net.OpError
	if errors.As(err, &op) && op.Err != nil {
		return op.Err.Error()
	}
	return err.Error()
}

// Run runs the selected cases, Parallel at a time, and returns the report.
func (r *Runner) Run(ctx context.Context) *Report {
	cases := r.Selected()
	if r.cfg.TimeLimit > 0 {
		r.deadline = time.Now().Add(r.cfg.TimeLimit)
	}
	r.cov = newCoverage(r.specs)
	rep := &Report{Target: r.targets.String(), Seed: r.cfg.Seed, Generated: len(r.generated), Started: time.Now().UTC(), Results: make([]Result, len(cases))}
	var mu sync.Mutex // serialises OnResult and OnProgress, guards done and rep.failedGenerated
	done := 0
	// Shrinking costs requests: the first maxShrunk failures are shrunk,
	// the others reported as they failed.
	var shrinkSlots atomic.Int64
	shrinkSlots.Store(maxShrunk)
	jobs := make(chan int)
	var wg sync.WaitGroup
	for range min(r.cfg.Parallel, max(1, len(cases))) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				res := r.runCase(ctx, cases[i], i)
				if res.Outcome == Fail && cases[i].HasTag("generated") && shrinkSlots.Add(-1) >= 0 {
					var shrunk *fixtures.Case
					shrunk, res = r.shrink(ctx, cases[i], res, i)
					mu.Lock()
					rep.failedGenerated = append(rep.failedGenerated, shrunk)
					mu.Unlock()
				}
				rep.Results[i] = res
				mu.Lock()
				done++
				if r.cfg.OnResult != nil {
					r.cfg.OnResult(res)
				}
				if r.cfg.OnProgress != nil {
					r.cfg.OnProgress(done, len(cases), r.requests.Load())
				}
				mu.Unlock()
			}
		}()
	}
	for i := range cases {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	rep.Duration = time.Since(rep.Started)
	rep.count()
	rep.Requests = r.requests.Load()
	rep.Coverage = r.cov.report(r.mutatedBy(cases))
	return rep
}

// vars returns the built-in variables of case number i.
func (r *Runner) vars(c *fixtures.Case, i int) fixtures.Vars {
	tenant := r.cfg.Tenant
	if tenant == "" {
		tenant = fmt.Sprintf("conform-%s-%d", r.runID, i)
	}
	other := r.cfg.OtherTenant
	if other == "" {
		other = tenant + "-other"
	}
	return fixtures.Vars{"tenant": tenant, "otherTenant": other, "clientId": r.cfg.ClientID,
		"unique": fmt.Sprintf("MM-%s-%d", r.runID, i)}
}

func (r *Runner) runCase(ctx context.Context, c *fixtures.Case, i int) (res Result) {
	start := time.Now()
	res = Result{Name: c.Name, Summary: c.Summary, Outcome: Pass}
	// res is the named result so that the deferred assignment reaches the
	// caller (a plain local would be copied before the defer runs).
	defer func() { res.Duration = time.Since(start) }()
	if c.Writes() && !r.cfg.AllowWrites {
		res.Outcome, res.Reason = Skip, "creates or changes data; run with --allow-writes to include it"
		return res
	}
	if r.spent() || ctx.Err() != nil {
		res.Outcome, res.Reason = Skip, r.budgetReason()
		return res
	}
	vars := r.vars(c, i)
	steps, out := r.runFrom(ctx, c, 0, vars)
	res.Steps = steps
	switch {
	case out.fail != "":
		res.Outcome, res.Reason = Fail, out.fail
	case out.unusable != "":
		res.Outcome, res.Reason = Skip, "the tenant holds nothing this case can use: "+out.unusable
	}
	return res
}

// outcome is how a run of steps ended: a failure, or an answer saying the
// tenant cannot serve the case now (unusable); both empty when it passed.
type outcome struct{ fail, unusable string }

// runFrom runs c.Steps[from:] with vars. A step that finds candidates runs
// the rest once per candidate until one is usable.
func (r *Runner) runFrom(ctx context.Context, c *fixtures.Case, from int, vars fixtures.Vars) ([]StepResult, outcome) {
	var steps []StepResult
	for si := from; si < len(c.Steps); si++ {
		st := c.Steps[si]
		sr, body, header := r.runStep(ctx, st, vars)
		var cands []fixtures.Vars
		if st.Find != nil && len(sr.Failures) == 0 && len(sr.Diffs) == 0 && sr.Unusable == "" {
			cands = r.find(ctx, &sr, st, body, header, vars)
		}
		if sr.Unusable != "" && st.Otherwise != nil {
			rest, out := r.otherwise(ctx, c, si, vars, sr)
			return append(steps, rest...), out
		}
		steps = append(steps, sr)
		if sr.Unusable != "" {
			return steps, outcome{unusable: stepName(si, st) + ": " + sr.Unusable}
		}
		if len(sr.Failures) > 0 || len(sr.Diffs) > 0 {
			for j := si + 1; j < len(c.Steps); j++ {
				steps = append(steps, StepResult{Name: c.Steps[j].Name, Method: c.Steps[j].Request.Method,
					Skipped: fmt.Sprintf("skipped: step %d failed", si+1)})
			}
			return steps, outcome{fail: firstFailure(si, st, sr)}
		}
		if r.expectation(st).Final {
			break
		}
		if st.Find == nil || st.Find.Must {
			continue
		}
		if len(cands) == 0 {
			return steps, outcome{unusable: fmt.Sprintf("%s: the lookup lists no %s", stepName(si, st), st.Find.What)}
		}
		var tried []string
		for _, cv := range cands {
			rest, out := r.runFrom(ctx, c, si+1, cv)
			if out.unusable == "" {
				for k, v := range cv {
					vars[k] = v
				}
				return append(steps, rest...), out
			}
			tried = append(tried, out.unusable)
		}
		return steps, outcome{unusable: fmt.Sprintf("no usable %s among the %d the lookup lists (%s)", st.Find.What, len(cands), strings.Join(tried, "; "))}
	}
	return steps, outcome{}
}

func stepName(i int, st fixtures.Step) string {
	if st.Name == "" {
		return fmt.Sprintf("step %d", i+1)
	}
	return st.Name
}

func firstFailure(i int, st fixtures.Step, sr StepResult) string {
	name := stepName(i, st)
	if len(sr.Failures) > 0 {
		return name + ": " + sr.Failures[0]
	}
	return name + ": " + sr.Diffs[0].String()
}

// expectation picks the step's expectation for the configured reading.
func (r *Runner) expectation(st fixtures.Step) fixtures.Expect {
	if r.cfg.Strict && st.Strict != nil {
		return *st.Strict
	}
	return st.Expect
}

// Request is a request as the runner sends it (or, in a dry run, would).
type Request struct {
	Method string
	URL    string
	Header http.Header
	Body   []byte
	// Path is the path as the contract documents it (/mobproc/v1/...),
	// whatever base URL the target serves the API at.
	Path string
}

// build makes the HTTP request of a step.
func (r *Runner) build(st fixtures.Step, vars fixtures.Vars) (*Request, error) {
	rq := st.Request
	p, err := vars.Expand(rq.Path)
	if err != nil {
		return nil, err
	}
	q := url.Values{}
	for k, v := range rq.Query {
		ev, err := vars.Expand(v)
		if err != nil {
			return nil, err
		}
		q.Set(k, ev)
	}
	h := http.Header{}
	for k, v := range fixtures.DefaultHeaders {
		ev, _ := vars.Expand(v)
		h.Set(k, ev)
	}
	ep, _ := r.targets.endpoint(p)
	if ep != nil && ep.token != "" {
		h.Set("Authorization", "Bearer "+ep.token)
	}
	for _, k := range rq.OmitHeaders {
		h.Del(k)
	}
	for k, v := range rq.Headers {
		ev, err := vars.Expand(v)
		if err != nil {
			return nil, err
		}
		h.Set(k, ev)
	}
	tenant := h.Get("X-TNGO-TENANT")
	if ep != nil && ep.tenantInHost {
		// Subdomain tenancy: the tenant is in the host name, and the
		// Mobile API documents no tenant header.
		if tenant == "" {
			tenant = vars["tenant"]
		}
		h.Del("X-TNGO-TENANT")
	}
	u, err := r.targets.url(p, tenant, q)
	if err != nil {
		return nil, err
	}
	var body []byte
	switch {
	case rq.RawBody != nil:
		body = []byte(*rq.RawBody)
	case rq.Payload != nil:
		x, err := vars.ExpandJSON(rq.Payload)
		if err != nil {
			return nil, err
		}
		if body, err = json.Marshal(x); err != nil {
			return nil, err
		}
	}
	if body != nil {
		switch rq.ContentType {
		case "":
			h.Set("Content-Type", "application/json")
		case "none":
		default:
			h.Set("Content-Type", rq.ContentType)
		}
	}
	// client_id and X-TNGO-TENANT are case-sensitive in the documents;
	// send them exactly as written rather than canonicalised.
	raw := http.Header{}
	for k, v := range h {
		name := k
		switch strings.ToLower(k) {
		case "client_id":
			name = "client_id"
		case "x-tngo-tenant":
			name = "X-TNGO-TENANT"
		}
		raw[name] = v
	}
	return &Request{Method: rq.Method, URL: u.String(), Header: raw, Body: body, Path: p}, nil
}

// DryRun returns the requests the selected cases would send in a real run
// (cases a run would skip send nothing), with the values that earlier steps
// capture left as the placeholders the cases write: {{orderId}}.
func (r *Runner) DryRun() []Request {
	var out []Request
	for i, c := range r.Selected() {
		if c.Writes() && !r.cfg.AllowWrites {
			continue
		}
		vars := r.vars(c, i)
		marks := map[string]string{}
		for _, st := range c.Steps {
			for k := range st.Capture {
				// A marker that URL encoding leaves alone, put back as
				// {{k}} once the request is built.
				m := "zzcapture" + strconv.Itoa(len(marks)) + "zz"
				vars[k], marks[m] = m, "{{"+k+"}}"
			}
		}
		for _, st := range c.Steps {
			rq, err := r.build(st, vars)
			if err != nil {
				continue
			}
			for m, ph := range marks {
				rq.URL = strings.ReplaceAll(rq.URL, m, ph)
				rq.Path = strings.ReplaceAll(rq.Path, m, ph)
				rq.Body = bytes.ReplaceAll(rq.Body, []byte(m), []byte(ph))
				for _, vs := range rq.Header {
					for j := range vs {
						vs[j] = strings.ReplaceAll(vs[j], m, ph)
					}
				}
			}
			out = append(out, *rq)
			if r.expectation(st).Final {
				break
			}
		}
	}
	return out
}

// runStep sends a step's request and checks the answer; it returns the
// decoded body and the headers for a Find.
func (r *Runner) runStep(ctx context.Context, st fixtures.Step, vars fixtures.Vars) (StepResult, any, http.Header) {
	sr := StepResult{Name: st.Name, Method: st.Request.Method}
	rq, err := r.build(st, vars)
	if err != nil {
		sr.Failures = append(sr.Failures, "cannot build the request: "+err.Error())
		return sr, nil, nil
	}
	sr.URL = rq.URL
	ctx, cancel := context.WithTimeout(ctx, r.cfg.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, rq.Method, rq.URL, bytes.NewReader(rq.Body))
	if err != nil {
		sr.Failures = append(sr.Failures, "cannot build the request: "+err.Error())
		return sr, nil, nil
	}
	req.Header = rq.Header
	// A case may name the Host (the Mobile API takes the tenant from its
	// subdomain); Go sends req.Host, not a Host header.
	if h := rq.Header.Get("Host"); h != "" {
		req.Host = h
		req.Header.Del("Host")
	}
	start := time.Now()
	r.requests.Add(1)
	resp, err := r.client.Do(req)
	sr.Duration = time.Since(start)
	if err != nil {
		sr.Failures = append(sr.Failures, "request failed: "+shortNetError(err))
		return sr, nil, nil
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, 16<<20))
	resp.Body.Close()
	sr.Status = resp.StatusCode
	if err != nil {
		sr.Failures = append(sr.Failures, "reading the response failed: "+shortNetError(err))
		return sr, nil, nil
	}
	exp := r.expectation(st)
	var body any
	isJSON := strings.Contains(resp.Header.Get("Content-Type"), "json")
	if isJSON && len(data) > 0 {
		if body, err = schemas.Decode(data); err != nil {
			sr.Failures = append(sr.Failures, "the response body is not valid JSON: "+err.Error())
		}
	}
	if slices.Contains(exp.Unusable, resp.StatusCode) {
		sr.Unusable = strconv.Itoa(resp.StatusCode)
		if s := errorSummary(body); s != "" {
			sr.Unusable += " (" + s + ")"
		}
		return sr, body, resp.Header
	}
	if resp.StatusCode != exp.Status && !(exp.StatusClass == "4xx" && resp.StatusCode >= 400 && resp.StatusCode < 500) {
		msg := fmt.Sprintf("status: want %d, got %d", exp.Status, resp.StatusCode)
		if s := errorSummary(body); s != "" {
			msg += " (" + s + ")"
		}
		sr.Failures = append(sr.Failures, msg)
	}
	for k, v := range exp.Headers {
		got := resp.Header.Get(k)
		if got == "" || (v != "*" && got != v) {
			sr.Failures = append(sr.Failures, fmt.Sprintf("header %s: want %q, got %q", k, v, got))
		}
	}
	// Captures first: a link pattern of this step may use them. A final
	// expectation ends the case: there is nothing to carry forward.
	for name, src := range st.Capture {
		if exp.Final {
			break
		}
		v, ok := capture(src, body, resp.Header)
		if !ok {
			sr.Failures = append(sr.Failures, fmt.Sprintf("capture %s: nothing at %s in the response", name, src))
			continue
		}
		vars[name] = v
	}
	r.checkContract(&sr, req, rq.Path, resp, body, isJSON)
	r.cov.record(req.Method, rq.Path, req.URL.Query(), st.Request.Payload != nil, rq.Body, resp.StatusCode, body)
	if exp.Want != nil && body != nil {
		sr.Diffs = compare(exp.Want, body, r.cases.RulesFor(&exp), vars, exp.Exact, r.targets.docPath)
	}
	if exp.SameAs != "" && body != nil {
		var earlier any
		if err := jsonpatch.Unmarshal([]byte(vars[exp.SameAs]), &earlier); err != nil {
			sr.Failures = append(sr.Failures, fmt.Sprintf("sameAs %s: no earlier answer to compare with", exp.SameAs))
		} else {
			for _, d := range compare(earlier, body, r.cases.RulesFor(&exp), vars, false, r.targets.docPath) {
				d.Reason += " (differs from the answer kept as " + exp.SameAs + ")"
				sr.Diffs = append(sr.Diffs, d)
			}
		}
	}
	for _, p := range exp.Problems {
		if p.Severity == "warning" {
			continue
		}
		if f := checkProblem(p, body, r.cfg.Strict); f != "" {
			sr.Failures = append(sr.Failures, f)
		}
	}
	return sr, body, resp.Header
}

func capture(src string, body any, h http.Header) (string, bool) {
	if name, ok := strings.CutPrefix(src, "header:"); ok {
		v := h.Get(name)
		return v, v != ""
	}
	v, err := jsonpatch.Get(body, src)
	if err != nil {
		return "", false
	}
	if src == "" {
		// The whole body, kept as JSON text for a later sameAs.
		data, err := json.Marshal(v)
		return string(data), err == nil
	}
	switch x := v.(type) {
	case string:
		return x, true
	case json.Number:
		return x.String(), true
	case bool:
		return strconv.FormatBool(x), true
	}
	return "", false
}

// errorSummary extracts the messages of an error answer, to explain an
// unexpected status.
func errorSummary(body any) string {
	m, _ := body.(map[string]any)
	list, _ := m["errors"].([]any)
	var msgs []string
	for _, it := range list {
		im, _ := it.(map[string]any)
		if s, _ := im["message"].(string); s != "" {
			msgs = append(msgs, s)
		}
		if len(msgs) == 3 {
			break
		}
	}
	return strings.Join(msgs, "; ")
}

// checkProblem checks that an error answer names the field or parameter an
// expected problem is about. With strict it also checks the code.
func checkProblem(p fixtures.Problem, body any, strict bool) string {
	m, _ := body.(map[string]any)
	list, ok := m["errors"].([]any)
	what := p.Pointer
	if p.Parameter != "" {
		what = p.Parameter
	}
	if !ok {
		return fmt.Sprintf("the answer has no errors list naming %s", what)
	}
	_, last := jsonpatch.Parent(p.Pointer)
	for _, it := range list {
		im, _ := it.(map[string]any)
		ptr, _ := im["pointer"].(string)
		param, _ := im["parameter"].(string)
		msg, _ := im["message"].(string)
		code, _ := im["code"].(string)
		named := (p.Pointer != "" && ptr == p.Pointer) ||
			(p.Pointer == "" && p.Parameter == "" && ptr == "" && param == "") ||
			(p.Parameter != "" && strings.EqualFold(param, p.Parameter)) ||
			(ptr == "" && p.Parameter == "" && last != "" && strings.Contains(msg, last)) ||
			(p.Parameter != "" && strings.Contains(strings.ToLower(msg), strings.ToLower(p.Parameter)))
		if named && (!strict || code == p.Code) {
			return ""
		}
	}
	// Say what the answer pointed at instead: a wrong pointer is a finding
	// of its own.
	var named []string
	for _, it := range list {
		im, _ := it.(map[string]any)
		for _, k := range []string{"pointer", "parameter"} {
			if v, _ := im[k].(string); v != "" {
				named = append(named, v)
			}
		}
	}
	instead := ""
	if len(named) > 0 {
		instead = "; the answer points at " + strings.Join(named, ", ") + " instead"
	}
	if strict {
		return fmt.Sprintf("no error names %s with code %s%s", what, p.Code, instead)
	}
	return fmt.Sprintf("no error names %s (expected a %s problem)%s", orBody(what), p.Code, instead)
}

func orBody(s string) string {
	if s == "" {
		return "the body"
	}
	return s
}

// checkContract validates the response against the OpenAPI response
// definition (status, content type, headers) and its body schema.
func (r *Runner) checkContract(sr *StepResult, req *http.Request, docPath string, resp *http.Response, body any, isJSON bool) {
	// The documents route on their own base paths, whatever base URL the
	// target serves the API at.
	rel := req.Clone(req.Context())
	rel.URL.Path = docPath
	rel.URL.RawPath = ""
	d, route, params, err := r.specs.FindRoute(rel)
	if errors.Is(err, spec.ErrUnavailable) {
		sr.Failures = append(sr.Failures, fmt.Sprintf("cannot check the answer: the contract document %s does not load: %v", d.File, err))
		return
	}
	if err != nil || route == nil {
		return // not an operation of the contract (health, OAuth): nothing to check
	}
	op := route.Operation
	where := req.Method + " " + route.Path
	respRef := op.Responses.Status(resp.StatusCode)
	if respRef == nil {
		respRef = op.Responses.Default()
	}
	if respRef == nil || respRef.Value == nil {
		sr.Failures = append(sr.Failures, fmt.Sprintf("the contract defines no %d response for %s", resp.StatusCode, where))
		return
	}
	if ct := resp.Header.Get("Content-Type"); len(respRef.Value.Content) > 0 && ct != "" {
		mt, _, _ := mime.ParseMediaType(ct)
		if respRef.Value.Content.Get(mt) == nil {
			sr.Failures = append(sr.Failures, fmt.Sprintf("Content-Type %q is not one the contract defines for a %d from %s", ct, resp.StatusCode, where))
		}
	}
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{Request: rel, PathParams: params, Route: route},
		Status:                 resp.StatusCode, Header: resp.Header, Body: io.NopCloser(bytes.NewReader(nil)),
		Options: &openapi3filter.Options{ExcludeResponseBody: true},
	}
	if err := openapi3filter.ValidateResponse(req.Context(), in); err != nil {
		sr.Failures = append(sr.Failures, headerFailures(respRef.Value, resp.Header, where)...)
	}
	if !isJSON || body == nil {
		return
	}
	name := spec.ResponseSchema(op, resp.StatusCode)
	if name == "" {
		return
	}
	mode := schemas.Lenient
	if r.cfg.Strict {
		mode = schemas.Strict
	}
	ps, err := r.schemas.ValidateFile(name, body, mode)
	if err != nil {
		sr.Failures = append(sr.Failures, "the contract names a body schema the runner cannot load: "+name)
		return
	}
	for _, p := range ps {
		line := fmt.Sprintf("body %s: %s", orBody(p.Pointer), p.Message)
		if p.Severity == schemas.Error {
			sr.Failures = append(sr.Failures, line)
		} else {
			sr.Warnings = append(sr.Warnings, line)
		}
	}
}

// headerFailures words what is wrong with the response headers, header by
// header.
func headerFailures(resp *openapi3.Response, h http.Header, where string) []string {
	var out []string
	names := make([]string, 0, len(resp.Headers))
	for k := range resp.Headers {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		hr := resp.Headers[k]
		if hr.Value == nil || strings.EqualFold(k, "Content-Type") {
			continue
		}
		v := h.Get(k)
		switch {
		case v == "" && hr.Value.Required:
			out = append(out, fmt.Sprintf("header %s is required by the contract for %s but missing", k, where))
		case v != "" && hr.Value.Schema != nil && hr.Value.Schema.Value != nil && hr.Value.Schema.Value.Type.Is("integer"):
			if _, err := strconv.ParseInt(v, 10, 64); err != nil {
				out = append(out, fmt.Sprintf("header %s must be a whole number, got %q", k, v))
			}
		}
	}
	if len(out) == 0 {
		out = append(out, "response headers do not match the contract for "+where)
	}
	return out
}
