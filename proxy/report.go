package proxy

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/mobmock/mobmock/internal/junit"
)

// Report is what the proxy saw: every operation of the contract that
// traffic reached, with its violations.
type Report struct {
	Target   string        `json:"target"`
	Started  time.Time     `json:"started"`
	Duration time.Duration `json:"durationNs"`
	// Exchanges counts every forwarded request; Unchecked those outside
	// both APIs (health, OAuth), which are forwarded but not judged.
	Exchanges int `json:"exchanges"`
	Unchecked int `json:"unchecked"`
	// Violations counts violations by class.
	Violations map[Class]int `json:"violations"`
	// Operations lists the operations seen, in the order first seen.
	Operations []*Operation `json:"operations"`
	// Recorded and NotRecorded count the exchanges written to the
	// recording, and those left out because the answer broke the contract;
	// TooLarge those left out because a body was over MaxCheck (not kept
	// whole): a recording with any may not replay, as later steps can use
	// what they created.
	Recorded    int `json:"recorded,omitempty"`
	NotRecorded int `json:"notRecorded,omitempty"`
	TooLarge    int `json:"notRecordedTooLarge,omitempty"`
	// LinksRewritten counts the answers whose links to the target the
	// proxy pointed at itself (Config.KeepLinks).
	LinksRewritten int `json:"linksRewritten,omitempty"`
	// InFlight counts the exchanges not finished when the report was made
	// (at shutdown: those cut off after the grace period); they are not
	// judged, counted as exchanges or recorded.
	InFlight int `json:"inFlight,omitempty"`
}

// Operation is one operation of the contract (or the paths under an API
// that are in none) and what its exchanges broke.
type Operation struct {
	API         string `json:"api"`
	Method      string `json:"method"`
	Path        string `json:"path"` // the template, with the API's base path
	OperationID string `json:"operationId,omitempty"`
	Exchanges   int    `json:"exchanges"`
	// Failing counts the exchanges with at least one violation.
	Failing  int       `json:"failing"`
	Warnings int       `json:"warnings"`
	Findings []Finding `json:"findings"`
	// Omitted counts violations past the first maxFindings.
	Omitted int `json:"omitted,omitempty"`
}

// Name is the operation as reports show it ("POST /mobproc/v1/orders").
func (o *Operation) Name() string { return o.Method + " " + o.Path }

// Finding is a violation with the exchange it was seen in.
type Finding struct {
	Violation
	Seq    uint64 `json:"seq"`
	Target string `json:"request"` // method and path as sent
	Status int    `json:"status"`
}

// maxFindings bounds the findings kept per operation.
const maxFindings = 100

// tally sums up exchanges as they finish.
type tally struct {
	// mu guards everything below.
	mu             sync.Mutex
	exchanges      int
	unchecked      int
	linksRewritten int
	violations     map[Class]int
	ops            map[string]*Operation
	order          []string
}

func newTally() *tally { return &tally{violations: map[Class]int{}, ops: map[string]*Operation{}} }

// operationName names the operation of an exchange as the journal shows
// it: "mobproc createOrder"; "" outside both APIs.
func operationName(x *exchange) string {
	switch {
	case x.route != nil:
		return string(x.api) + " " + x.route.Operation.OperationID
	case x.api != "":
		return string(x.api) + " (not in the contract)"
	}
	return ""
}

func (t *tally) add(x *exchange) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.exchanges++
	if x.linksRewritten > 0 {
		t.linksRewritten++
	}
	for _, v := range x.violations {
		t.violations[v.Class]++
	}
	if x.api == "" {
		t.unchecked++
		return
	}
	key := string(x.api) + " (not in the contract)"
	op := &Operation{API: string(x.api), Method: "*", Path: x.docBase() + "/... (not in the contract)"}
	if x.route != nil {
		key = string(x.api) + " " + x.route.Operation.OperationID
		op = &Operation{API: string(x.api), Method: x.method, Path: x.docBase() + x.route.Path, OperationID: x.route.Operation.OperationID}
	}
	if have, ok := t.ops[key]; ok {
		op = have
	} else {
		op.Findings = []Finding{}
		t.ops[key] = op
		t.order = append(t.order, key)
	}
	op.Exchanges++
	op.Warnings += len(x.warnings)
	if len(x.violations) > 0 {
		op.Failing++
	}
	for _, v := range x.violations {
		if len(op.Findings) >= maxFindings {
			op.Omitted++
			continue
		}
		op.Findings = append(op.Findings, Finding{Violation: v, Seq: x.seq, Target: x.method + " " + x.path, Status: x.status})
	}
}

func (x *exchange) docBase() string {
	if x.doc != nil {
		return x.doc.Base
	}
	switch x.api {
	case "mobile":
		return "/1"
	case "mobproc":
		return "/mobproc/v1"
	}
	return ""
}

func (t *tally) report(target string, started time.Time, d time.Duration, rec *recorder) *Report {
	t.mu.Lock()
	defer t.mu.Unlock()
	r := &Report{Target: target, Started: started.UTC(), Duration: d, Exchanges: t.exchanges, Unchecked: t.unchecked, LinksRewritten: t.linksRewritten,
		Violations: map[Class]int{}, Operations: []*Operation{}}
	for k, v := range t.violations {
		r.Violations[k] = v
	}
	for _, k := range t.order {
		op := *t.ops[k]
		op.Findings = append([]Finding(nil), op.Findings...)
		r.Operations = append(r.Operations, &op)
	}
	if rec != nil {
		r.Recorded, r.NotRecorded, r.TooLarge = rec.counts()
	}
	return r
}

// Total is the number of violations of the given classes (all when none
// is given).
func (r *Report) Total(classes ...Class) int {
	if len(classes) == 0 {
		classes = []Class{Request, Response, Domain, Upstream}
	}
	n := 0
	for _, c := range classes {
		n += r.Violations[c]
	}
	return n
}

// Summary renders the report for a terminal: one line per operation, its
// violations under it (at most five each), and a closing count.
func (r *Report) Summary() string {
	var b strings.Builder
	fmt.Fprintf(&b, "mobmock proxy: %d exchange(s) with %s", r.Exchanges, r.Target)
	if r.Unchecked > 0 {
		fmt.Fprintf(&b, " (%d outside both APIs, not checked)", r.Unchecked)
	}
	b.WriteString("\n")
	for _, op := range r.Operations {
		status := "ok  "
		if op.Failing > 0 {
			status = "FAIL"
		}
		fmt.Fprintf(&b, "%s %s: %d exchange(s), %d with violations", status, op.Name(), op.Exchanges, op.Failing)
		if op.Warnings > 0 {
			fmt.Fprintf(&b, ", %d warning(s)", op.Warnings)
		}
		b.WriteString("\n")
		for i, f := range op.Findings {
			if i == 5 {
				fmt.Fprintf(&b, "    ... and %d more (see --report)\n", len(op.Findings)-i+op.Omitted)
				break
			}
			fmt.Fprintf(&b, "    #%d %s -> %d: %s\n", f.Seq, f.Target, f.Status, f.Violation)
		}
	}
	fmt.Fprintf(&b, "%d violation(s): %d request, %d response, %d domain, %d upstream",
		r.Total(), r.Violations[Request], r.Violations[Response], r.Violations[Domain], r.Violations[Upstream])
	if r.Recorded > 0 || r.NotRecorded > 0 || r.TooLarge > 0 {
		fmt.Fprintf(&b, "; %d exchange(s) recorded, %d not recorded (their answers broke the contract)", r.Recorded, r.NotRecorded)
	}
	b.WriteString("\n")
	if r.TooLarge > 0 {
		fmt.Fprintf(&b, "warning: %d exchange(s) not recorded because a body was over --max-check (not kept whole); "+
			"the recording may not replay where later steps use what they created: raise --max-check to record them\n", r.TooLarge)
	}
	if r.LinksRewritten > 0 {
		fmt.Fprintf(&b, "links to the target rewritten to the proxy in %d answer(s) (X-Mobmock-Links-Rewritten; --keep-links passes them as sent)\n", r.LinksRewritten)
	}
	if r.InFlight > 0 {
		fmt.Fprintf(&b, "%d exchange(s) still in flight, not judged, counted or recorded\n", r.InFlight)
	}
	return b.String()
}

// WriteJSON writes the report as indented JSON.
func (r *Report) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

// WriteJUnit writes the report as JUnit XML: one test suite per API, one
// test case per operation seen, failing when any of its exchanges broke
// the contract, its failure listing each violation with its pointer.
func (r *Report) WriteJUnit(w io.Writer) error {
	suites := map[string]*junit.Suite{}
	var names []string
	out := junit.Suites{Name: "mobmock proxy " + r.Target, Time: junit.Seconds(r.Duration)}
	for _, op := range r.Operations {
		s, ok := suites[op.API]
		if !ok {
			s = &junit.Suite{Name: op.API, Timestamp: junit.Timestamp(r.Started)}
			suites[op.API] = s
			names = append(names, op.API)
		}
		tc := junit.Case{Name: op.Name(), Classname: "mobmock.proxy." + op.API,
			SystemOut: fmt.Sprintf("%d exchange(s), %d warning(s)", op.Exchanges, op.Warnings)}
		if op.Failing > 0 {
			var body strings.Builder
			for _, f := range op.Findings {
				fmt.Fprintf(&body, "#%d %s -> %d: %s\n", f.Seq, f.Target, f.Status, f.Violation)
				if f.Hint != "" {
					fmt.Fprintf(&body, "    hint: %s\n", f.Hint)
				}
			}
			if op.Omitted > 0 {
				fmt.Fprintf(&body, "... and %d more\n", op.Omitted)
			}
			tc.Failure = &junit.Message{Type: "contract",
				Message: fmt.Sprintf("%d of %d exchange(s) broke the contract; first: %s", op.Failing, op.Exchanges, op.Findings[0].Violation),
				Body:    body.String()}
			s.Failures++
			out.Failures++
		}
		s.Tests++
		out.Tests++
		s.Cases = append(s.Cases, tc)
	}
	sort.Strings(names)
	for _, n := range names {
		out.Suites = append(out.Suites, *suites[n])
	}
	return out.Write(w)
}
