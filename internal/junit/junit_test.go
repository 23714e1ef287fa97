package junit_test

import (
	"bytes"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/mobmock/mobmock/internal/junit"
)

// TestWrite: the document for suites with and without the optional
// attributes and elements, byte for byte.
func TestWrite(t *testing.T) {
	zero, two := 0, 2
	tests := []struct {
		name   string
		suites junit.Suites
		want   string
	}{
		{
			name:   "optional parts left out",
			suites: junit.Suites{Name: "run", Tests: 1, Time: "0.500", Suites: []junit.Suite{{Name: "api", Tests: 1, Timestamp: "2026-01-02T03:04:05Z", Cases: []junit.Case{{Name: "a", Classname: "c"}}}}},
			want: `<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="run" tests="1" failures="0" time="0.500">
  <testsuite name="api" tests="1" failures="0" timestamp="2026-01-02T03:04:05Z">
    <testcase name="a" classname="c"></testcase>
  </testsuite>
</testsuites>
`,
		},
		{
			name: "every part, escaped",
			suites: junit.Suites{Name: "run <1>", Tests: 3, Failures: 1, Skipped: &two, Time: "1.000",
				Properties: &junit.Properties{Property: []junit.Property{{Name: "coverage", Value: "50.0"}}},
				Suites: []junit.Suite{{Name: "api", Tests: 3, Failures: 1, Skipped: &zero, Time: "1.000", Timestamp: "t",
					Cases: []junit.Case{
						{Name: "fails", Classname: "c", Time: "0.250", Failure: &junit.Message{Message: "m & n", Type: "contract", Body: "line 1\nline 2"}},
						{Name: "skips", Classname: "c", Time: "0.000", Skipped: &junit.Message{Message: "why"}},
						{Name: "passes", Classname: "c", Time: "0.750", SystemOut: "said"},
					}}},
				SystemOut: "all"},
			want: `<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="run &lt;1&gt;" tests="3" failures="1" skipped="2" time="1.000">
  <properties>
    <property name="coverage" value="50.0"></property>
  </properties>
  <testsuite name="api" tests="3" failures="1" skipped="0" time="1.000" timestamp="t">
    <testcase name="fails" classname="c" time="0.250">
      <failure message="m &amp; n" type="contract">line 1&#xA;line 2</failure>
    </testcase>
    <testcase name="skips" classname="c" time="0.000">
      <skipped message="why"></skipped>
    </testcase>
    <testcase name="passes" classname="c" time="0.750">
      <system-out>said</system-out>
    </testcase>
  </testsuite>
  <system-out>all</system-out>
</testsuites>
`,
		},
		{
			name:   "empty properties kept",
			suites: junit.Suites{Name: "run", Time: "0.000", Properties: &junit.Properties{}},
			want: `<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="run" tests="0" failures="0" time="0.000">
  <properties></properties>
</testsuites>
`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := tt.suites.Write(&b); err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(tt.want, b.String()); d != "" {
				t.Errorf("Write (-want +got):\n%s", d)
			}
		})
	}
}

type failingWriter struct{ err error }

func (w failingWriter) Write([]byte) (int, error) { return 0, w.err }

// TestWriteError: an error of the writer comes back.
func TestWriteError(t *testing.T) {
	boom := errors.New("disk full")
	s := junit.Suites{Name: "run"}
	if err := s.Write(failingWriter{boom}); !errors.Is(err, boom) {
		t.Errorf("Write to a failing writer: %v, want %v", err, boom)
	}
}

// TestFormats: times in seconds with three decimals, timestamps in RFC 3339.
func TestFormats(t *testing.T) {
	for d, want := range map[time.Duration]string{0: "0.000", 1234567 * time.Microsecond: "1.235", 90 * time.Second: "90.000"} {
		if got := junit.Seconds(d); got != want {
			t.Errorf("Seconds(%v) = %q, want %q", d, got, want)
		}
	}
	ts := time.Date(2026, 1, 2, 3, 4, 5, 0, time.FixedZone("", 3600))
	if got, want := junit.Timestamp(ts), "2026-01-02T03:04:05+01:00"; got != want {
		t.Errorf("Timestamp = %q, want %q", got, want)
	}
}
