package junit

import (
	"encoding/xml"
	"fmt"
	"io"
	"time"
)

// Suites is the document: the <testsuites> root element.
type Suites struct {
	XMLName  xml.Name `xml:"testsuites"`
	Name     string   `xml:"name,attr"`
	Tests    int      `xml:"tests,attr"`
	Failures int      `xml:"failures,attr"`
	// Skipped is left out when nil, for reports that never skip.
	Skipped *int   `xml:"skipped,attr,omitempty"`
	Time    string `xml:"time,attr"`
	// Properties and SystemOut say more about the run as a whole;
	// Properties is left out when nil, and written (empty) when it
	// lists none.
	Properties *Properties `xml:"properties,omitempty"`
	Suites     []Suite     `xml:"testsuite"`
	SystemOut  string      `xml:"system-out,omitempty"`
}

// Properties is the <properties> element of the run.
type Properties struct {
	Property []Property `xml:"property"`
}

// Property is a name and value that describe the run.
type Property struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value,attr"`
}

// Suite is one <testsuite>.
type Suite struct {
	Name     string `xml:"name,attr"`
	Tests    int    `xml:"tests,attr"`
	Failures int    `xml:"failures,attr"`
	// Skipped is left out when nil, for reports that never skip.
	Skipped *int `xml:"skipped,attr,omitempty"`
	// Time (Seconds) is left out when empty.
	Time      string `xml:"time,attr,omitempty"`
	Timestamp string `xml:"timestamp,attr"`
	Cases     []Case `xml:"testcase"`
}

// Case is one <testcase>: passed, or failed (Failure) or skipped
// (Skipped).
type Case struct {
	Name      string `xml:"name,attr"`
	Classname string `xml:"classname,attr"`
	// Time (Seconds) is left out when empty.
	Time      string   `xml:"time,attr,omitempty"`
	Failure   *Message `xml:"failure,omitempty"`
	Skipped   *Message `xml:"skipped,omitempty"`
	SystemOut string   `xml:"system-out,omitempty"`
}

// Message is the <failure> or <skipped> element of a case: a one-line
// message, an optional type and the details as its text.
type Message struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr,omitempty"`
	Body    string `xml:",chardata"`
}

// Seconds formats a duration as JUnit times are written: seconds with
// three decimals ("1.234").
func Seconds(d time.Duration) string { return fmt.Sprintf("%.3f", d.Seconds()) }

// Timestamp formats the start of a suite as JUnit timestamps are written
// (RFC 3339).
func Timestamp(t time.Time) string { return t.Format(time.RFC3339) }

// Write writes s as an XML document: the XML header, then the elements
// indented by two spaces, then a final newline. It returns the first
// error of w or of the encoding.
func (s *Suites) Write(w io.Writer) error {
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(s); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}
