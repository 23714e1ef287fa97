package schemas

import (
	"encoding/json"
	"errors"
	"io"
	"strings"
)

// Report is the verdict on one request payload, in the one shape that both
// `mobmock validate --format json` prints (one per file) and the mock's
// POST /__validate answers. Write it with WriteReport or WriteReports, never
// with an encoder of one's own, so that the two cannot drift apart.
type Report struct {
	// File is the file the payload was read from (the command line only).
	File string `json:"file,omitempty"`
	// Valid is false when a problem is an error; warnings leave it true.
	Valid bool `json:"valid"`
	// API is the API the payload was checked against; empty when it could
	// not be told.
	API API `json:"api,omitempty"`
	// Type is the transaction type (MOBPROC) or activity type name (Mobile)
	// the payload asks for, when it names a known one.
	Type string `json:"type,omitempty"`
	// Mode is "lenient" or "strict".
	Mode string `json:"mode"`
	// Problems are every problem found, sorted by pointer; never nil.
	Problems []Problem `json:"problems"`
	// NotJudged lists, for a valid payload, what only a server holding the
	// tenant's world can judge (ids, states, ownership; see WorldChecks).
	NotJudged []string `json:"notJudged,omitempty"`
}

// Report decodes and checks one request payload (the whole body, envelope
// included) against api's request schema; api "" tells the API from the
// envelope. It never fails: a body that is not JSON, or whose API cannot be
// told, is a report with one error problem.
func (s *Set) Report(data []byte, api API, mode Mode) Report {
	r := Report{Mode: mode.String(), Problems: []Problem{}}
	payload, err := Decode(data)
	if err != nil {
		var se *SyntaxError
		if errors.As(err, &se) {
			r.Problems = append(r.Problems, se.Problem())
		} else {
			r.Problems = append(r.Problems, Problem{Severity: Error, Code: CodeInvalidJSON,
				Message: "The body could not be read as JSON.", Hint: "Send one JSON object."})
		}
		return r
	}
	if api == "" {
		detected, ok := DetectAPI(payload)
		if !ok {
			r.Problems = append(r.Problems, Problem{
				Pointer: "", Severity: Error, Code: "envelope",
				Message: `Cannot tell which API this payload is for: the body must be {"orderRequest": …} (MOBPROC /orders) or {"activity": …} (Mobile /1/activities).`,
				Hint:    "Wrap the payload in its envelope, or name the API (--api mobproc or --api mobile; api=mobproc or api=mobile).",
			})
			return r
		}
		api = detected
	}
	r.API = api
	r.Type = s.payloadType(payload, api)
	if ps := s.Validate(payload, api, mode); ps != nil {
		r.Problems = ps
	}
	r.Valid = true
	for _, p := range r.Problems {
		if p.Severity == Error {
			r.Valid = false
		}
	}
	if r.Valid {
		r.NotJudged = WorldChecks(payload, api)
	}
	return r
}

// payloadType names what the payload asks for: the transaction type of an
// order request, the name of the activity type of an activity.
func (s *Set) payloadType(payload any, api API) string {
	m, _ := payload.(map[string]any)
	if api == MOBPROC {
		o, _ := m["orderRequest"].(map[string]any)
		t, _ := o["transactionType"].(string)
		return t
	}
	a, _ := m["activity"].(map[string]any)
	id, ok := a["activity_type_id"].(json.Number)
	if !ok {
		return ""
	}
	return s.activityName(string(id))
}

// activityName names the activity type whose activity_type_id is id
// ("14" is "Plan Change"), from the titles of the activity schemas; "" when
// none has it. It reads the decoded documents the set keeps, so a lookup is
// a walk over a few dozen map entries: reports are not on a hot path.
func (s *Set) activityName(id string) string {
	for _, f := range s.Files() {
		if !strings.HasPrefix(f, "mobile/activities/") {
			continue
		}
		doc, _ := s.Document(f)
		m, _ := doc.(map[string]any)
		if n, ok := m["x-activity-type-id"].(json.Number); !ok || string(n) != id {
			continue
		}
		title, _ := m["title"].(string)
		name, _, _ := strings.Cut(title, " (activity type")
		return name
	}
	return ""
}

// WriteReport writes one report as indented JSON followed by a newline: the
// body of a POST /__validate answer.
func WriteReport(w io.Writer, r Report) error { return encodeReports(w, r) }

// WriteReports writes reports as an indented JSON array followed by a
// newline: the output of `mobmock validate --format json`.
func WriteReports(w io.Writer, rs []Report) error {
	if rs == nil {
		rs = []Report{}
	}
	return encodeReports(w, rs)
}

func encodeReports(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
