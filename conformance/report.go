package conformance

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/mobmock/mobmock/fixtures"
	"github.com/mobmock/mobmock/internal/junit"
)

// Report is the outcome of a run.
type Report struct {
	Target string `json:"target"`
	// Seed is the seed of the generated cases; rerunning with it sends the
	// same requests.
	Seed      int64         `json:"seed"`
	Generated int           `json:"generated"`
	Started   time.Time     `json:"started"`
	Duration  time.Duration `json:"durationNs"`
	Passed    int           `json:"passed"`
	Failed    int           `json:"failed"`
	Skipped   int           `json:"skipped"`
	// Requests is how many requests the run sent.
	Requests int64    `json:"requests"`
	Results  []Result `json:"results"`
	// Coverage is what the run exercised of the contract, per operation.
	Coverage *Coverage `json:"coverage,omitempty"`
	// CoverageCheck is the verdict of the coverage against
	// Config.MinCoverage; nil when no minimum was set.
	CoverageCheck *CoverageCheck `json:"coverageCheck,omitempty"`

	// failedGenerated are the failed generated cases, shrunk, for
	// SaveFailures.
	failedGenerated []*fixtures.Case
}

func (r *Report) count() {
	for _, res := range r.Results {
		switch res.Outcome {
		case Pass:
			r.Passed++
		case Fail:
			r.Failed++
		case Skip:
			r.Skipped++
		}
	}
}

// CoverageCheck is the run's total coverage held against a minimum.
type CoverageCheck struct {
	// Total and Threshold are percentages.
	Total     float64 `json:"total"`
	Threshold float64 `json:"threshold"`
	// Verdict is Pass or Fail.
	Verdict string `json:"verdict"`
}

func checkCoverage(total, threshold float64) *CoverageCheck {
	v := Pass
	if total < threshold {
		v = Fail
	}
	return &CoverageCheck{Total: total, Threshold: threshold, Verdict: v}
}

// Failed reports whether the coverage is below the minimum.
func (c *CoverageCheck) Failed() bool { return c != nil && c.Verdict == Fail }

// Message says how the coverage compares with the minimum, for people.
func (c *CoverageCheck) Message() string {
	if c.Failed() {
		return fmt.Sprintf("coverage %.1f%% is below --min-coverage %.1f%%; add cases (or --generate more) for the gaps the coverage table lists", c.Total, c.Threshold)
	}
	return fmt.Sprintf("coverage %.1f%% reaches --min-coverage %.1f%%", c.Total, c.Threshold)
}

// Summary is the closing line: "N passed, N failed, N skipped".
func (r *Report) Summary() string {
	return fmt.Sprintf("%d passed, %d failed, %d skipped", r.Passed, r.Failed, r.Skipped)
}

// Line renders one case as the progress line printed when it finishes.
func Line(res Result) string {
	out := fmt.Sprintf("%-4s %s (%s)", strings.ToUpper(res.Outcome), res.Name, res.Duration.Round(time.Millisecond))
	if res.Outcome == Skip {
		out += ": " + res.Reason
	}
	return out
}

// Details renders what went wrong in a failed case: each step's failures and
// the differences, by JSON pointer, between what was expected and what came
// back.
func Details(res Result) string {
	var b strings.Builder
	for i, st := range res.Steps {
		if st.Skipped != "" {
			fmt.Fprintf(&b, "    step %d %s: %s\n", i+1, st.Name, st.Skipped)
			continue
		}
		if len(st.Failures) == 0 && len(st.Diffs) == 0 {
			continue
		}
		fmt.Fprintf(&b, "    step %d %s %s -> %d\n", i+1, st.Method, st.URL, st.Status)
		for _, f := range st.Failures {
			fmt.Fprintf(&b, "      %s\n", f)
		}
		for _, d := range st.Diffs {
			fmt.Fprintf(&b, "      %s\n", d)
		}
	}
	return b.String()
}

// WriteJSON writes the report as JSON.
func (r *Report) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

// WriteJUnit writes the report as JUnit XML: one test suite per API (the
// first part of the case names), one test case per case.
func (r *Report) WriteJUnit(w io.Writer) error {
	suites := map[string]*junit.Suite{}
	took := map[string]time.Duration{}
	var order []string
	for _, res := range r.Results {
		name, _, _ := strings.Cut(res.Name, "/")
		s, ok := suites[name]
		if !ok {
			s = &junit.Suite{Name: name, Skipped: new(int), Timestamp: junit.Timestamp(r.Started)}
			suites[name] = s
			order = append(order, name)
		}
		classname := res.Name
		if i := strings.LastIndexByte(res.Name, '/'); i > 0 {
			classname = strings.ReplaceAll(res.Name[:i], "/", ".")
		}
		tc := junit.Case{Name: res.Name, Classname: classname, Time: junit.Seconds(res.Duration)}
		var warnings []string
		for _, st := range res.Steps {
			warnings = append(warnings, st.Warnings...)
		}
		if len(warnings) > 0 {
			tc.SystemOut = "warnings:\n  " + strings.Join(warnings, "\n  ")
		}
		switch res.Outcome {
		case Fail:
			tc.Failure = &junit.Message{Message: res.Reason, Type: "contract", Body: res.Summary + "\n" + Details(res)}
			s.Failures++
		case Skip:
			tc.Skipped = &junit.Message{Message: res.Reason}
			(*s.Skipped)++
		}
		s.Tests++
		took[name] += res.Duration
		s.Time = junit.Seconds(took[name])
		s.Cases = append(s.Cases, tc)
	}
	skipped := r.Skipped
	out := junit.Suites{Name: "mobmock conform " + r.Target, Tests: len(r.Results), Failures: r.Failed, Skipped: &skipped, Time: junit.Seconds(r.Duration),
		// conform has always written <properties>, empty without coverage.
		Properties: &junit.Properties{}}
	for _, n := range order {
		out.Suites = append(out.Suites, *suites[n])
	}
	if c := r.Coverage; c != nil {
		out.Properties.Property = append(out.Properties.Property, junit.Property{Name: "coverage", Value: fmt.Sprintf("%.1f", c.Total())})
		for _, o := range c.Operations {
			out.Properties.Property = append(out.Properties.Property, junit.Property{Name: "coverage " + o.Method + " " + o.Path,
				Value: fmt.Sprintf("statuses %s, request properties sent %s, mutated %s, response properties %s",
					o.Statuses.Cell(0), o.RequestSent.Cell(0), o.RequestMutated.Cell(0), o.ResponseReceived.Cell(0))})
		}
		var b strings.Builder
		if err := c.WriteText(&b); err != nil {
			return err
		}
		out.SystemOut = b.String()
	}
	if c := r.CoverageCheck; c != nil {
		// The minimum coverage is a test case of its own, so that a CI
		// report shows a run below it as failed.
		tc := junit.Case{Name: "coverage/min-coverage", Classname: "coverage", Time: junit.Seconds(0)}
		s := junit.Suite{Name: "coverage", Tests: 1, Skipped: new(int), Time: junit.Seconds(0), Timestamp: junit.Timestamp(r.Started)}
		if c.Failed() {
			tc.Failure = &junit.Message{Message: c.Message(), Type: "coverage"}
			s.Failures++
			out.Failures++
		} else {
			tc.SystemOut = c.Message()
		}
		s.Cases = []junit.Case{tc}
		out.Suites = append(out.Suites, s)
		out.Tests++
		out.Properties.Property = append(out.Properties.Property, junit.Property{Name: "min-coverage", Value: fmt.Sprintf("%.1f", c.Threshold)},
			junit.Property{Name: "coverage verdict", Value: c.Verdict})
	}
	return out.Write(w)
}
