package conformance

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/mobmock/mobmock/fixtures"
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

type junitSuites struct {
	XMLName  xml.Name `xml:"testsuites"`
	Name     string   `xml:"name,attr"`
	Tests    int      `xml:"tests,attr"`
	Failures int      `xml:"failures,attr"`
	Skipped  int      `xml:"skipped,attr"`
	Time     string   `xml:"time,attr"`
	// Properties and SystemOut carry the coverage of the run.
	Properties []junitProperty `xml:"properties>property,omitempty"`
	Suites     []junitSuite    `xml:"testsuite"`
	SystemOut  string          `xml:"system-out,omitempty"`
}

type junitProperty struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value,attr"`
}

type junitSuite struct {
	Name      string      `xml:"name,attr"`
	Tests     int         `xml:"tests,attr"`
	Failures  int         `xml:"failures,attr"`
	Skipped   int         `xml:"skipped,attr"`
	Time      string      `xml:"time,attr"`
	Timestamp string      `xml:"timestamp,attr"`
	Cases     []junitCase `xml:"testcase"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	Time      string        `xml:"time,attr"`
	Failure   *junitMessage `xml:"failure,omitempty"`
	Skipped   *junitMessage `xml:"skipped,omitempty"`
	SystemOut string        `xml:"system-out,omitempty"`
}

type junitMessage struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr,omitempty"`
	Body    string `xml:",chardata"`
}

func seconds(d time.Duration) string { return fmt.Sprintf("%.3f", d.Seconds()) }

// WriteJUnit writes the report as JUnit XML: one test suite per API (the
// first part of the case names), one test case per case.
func (r *Report) WriteJUnit(w io.Writer) error {
	suites := map[string]*junitSuite{}
	took := map[string]time.Duration{}
	var order []string
	for _, res := range r.Results {
		name, _, _ := strings.Cut(res.Name, "/")
		s, ok := suites[name]
		if !ok {
			s = &junitSuite{Name: name, Timestamp: r.Started.Format(time.RFC3339)}
			suites[name] = s
			order = append(order, name)
		}
		classname := res.Name
		if i := strings.LastIndexByte(res.Name, '/'); i > 0 {
			classname = strings.ReplaceAll(res.Name[:i], "/", ".")
		}
		tc := junitCase{Name: res.Name, Classname: classname, Time: seconds(res.Duration)}
		var warnings []string
		for _, st := range res.Steps {
			warnings = append(warnings, st.Warnings...)
		}
		if len(warnings) > 0 {
			tc.SystemOut = "warnings:\n  " + strings.Join(warnings, "\n  ")
		}
		switch res.Outcome {
		case Fail:
			tc.Failure = &junitMessage{Message: res.Reason, Type: "contract", Body: res.Summary + "\n" + Details(res)}
			s.Failures++
		case Skip:
			tc.Skipped = &junitMessage{Message: res.Reason}
			s.Skipped++
		}
		s.Tests++
		took[name] += res.Duration
		s.Time = seconds(took[name])
		s.Cases = append(s.Cases, tc)
	}
	out := junitSuites{Name: "mobmock conform " + r.Target, Tests: len(r.Results), Failures: r.Failed, Skipped: r.Skipped, Time: seconds(r.Duration)}
	for _, n := range order {
		out.Suites = append(out.Suites, *suites[n])
	}
	if c := r.Coverage; c != nil {
		out.Properties = append(out.Properties, junitProperty{"coverage", fmt.Sprintf("%.1f", c.Total())})
		for _, o := range c.Operations {
			out.Properties = append(out.Properties, junitProperty{"coverage " + o.Method + " " + o.Path,
				fmt.Sprintf("statuses %.0f%%, request properties sent %.0f%%, mutated %.0f%%, response properties %.0f%%",
					o.Statuses.Percent(), o.RequestSent.Percent(), o.RequestMutated.Percent(), o.ResponseReceived.Percent())})
		}
		var b strings.Builder
		if err := c.WriteText(&b); err != nil {
			return err
		}
		out.SystemOut = b.String()
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(out); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}
