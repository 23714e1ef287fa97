package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mobmock/mobmock/fixtures"
	"github.com/mobmock/mobmock/internal/jsonpatch"
	"github.com/mobmock/mobmock/mock"
	"github.com/mobmock/mobmock/mock/mocktest"
	"github.com/mobmock/mobmock/schemas"
)

// body is one request body of the fixtures, sent to an API's create
// operation.
type body struct {
	name string
	data []byte
}

// fixtureBodies returns the body of every fixture step that POSTs to
// /mobproc/v1/orders or /1/activities, malformed ones included.
func fixtureBodies(t *testing.T) []body {
	t.Helper()
	set, err := fixtures.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	var out []body
	for _, c := range set.Cases {
		for i, st := range c.Steps {
			r := st.Request
			if r.Method != http.MethodPost || (r.Path != "/mobproc/v1/orders" && r.Path != "/1/activities") {
				continue
			}
			var data []byte
			switch {
			case r.RawBody != nil:
				data = []byte(*r.RawBody)
			case r.Payload != nil:
				if data, err = json.Marshal(r.Payload); err != nil {
					t.Fatal(err)
				}
			default:
				continue
			}
			out = append(out, body{name: c.Name + "#" + strconv.Itoa(i), data: data})
		}
	}
	if len(out) < 200 {
		t.Fatalf("only %d fixture bodies", len(out))
	}
	return out
}

// TestValidateEndpointAgreesWithCommand: for every fixture body, in both
// modes, POST /__validate answers exactly the report `mobmock validate
// --format json` prints for the same bytes (the file name aside).
func TestValidateEndpointAgreesWithCommand(t *testing.T) {
	bodies := fixtureBodies(t)
	dir := t.TempDir()
	paths := make([]string, len(bodies))
	for i, b := range bodies {
		paths[i] = filepath.Join(dir, strconv.Itoa(i)+".json")
		if err := os.WriteFile(paths[i], b.data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	srv := mocktest.Start(t, mock.Config{})
	for _, strict := range []bool{false, true} {
		t.Run("strict="+strconv.FormatBool(strict), func(t *testing.T) {
			args := []string{"validate", "--format", "json"}
			if strict {
				args = append(args, "--strict")
			}
			_, out, errOut := runCmd(t, context.Background(), "", nil, append(args, paths...)...)
			var cli []schemas.Report
			if err := json.Unmarshal([]byte(out), &cli); err != nil || len(cli) != len(bodies) {
				t.Fatalf("validate --format json: %d reports, %v\n%s", len(cli), err, errOut)
			}
			for i, b := range bodies {
				res, err := srv.Client().Post(srv.URL+"/__validate?strict="+strconv.FormatBool(strict), "application/json", bytes.NewReader(b.data))
				if err != nil {
					t.Fatal(err)
				}
				data, err := io.ReadAll(res.Body)
				res.Body.Close()
				if err != nil || res.StatusCode != http.StatusOK {
					t.Fatalf("%s: /__validate answered %d, %v: %s", b.name, res.StatusCode, err, data)
				}
				var got schemas.Report
				if err := json.Unmarshal(data, &got); err != nil {
					t.Fatalf("%s: %v", b.name, err)
				}
				want := cli[i]
				if want.File != paths[i] {
					t.Fatalf("report %d is for %s, want %s", i, want.File, paths[i])
				}
				want.File = ""
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("%s: /__validate differs from validate --format json (-cli +endpoint):\n%s", b.name, diff)
				}
			}
		})
	}
}

// TestNegativeFixtureMessages: every problem the validator reports for a
// negative fixture names its field and is a sentence a person can act on:
// it ends with a full stop, and it either says what was expected or comes
// with a hint.
func TestNegativeFixtureMessages(t *testing.T) {
	set, err := fixtures.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	sc, err := schemas.Load()
	if err != nil {
		t.Fatal(err)
	}
	actionable := regexp.MustCompile(`(?i)\b(expected|required|must|needs?|only one|may|at least|at most|limit|not a field|misspelling|cannot tell)\b`)
	n := 0
	for _, c := range set.Cases {
		st := c.Steps[0]
		if !c.HasTag("negative") || st.Expect.Status != 400 || st.Request.Payload == nil || c.API() == "" {
			continue
		}
		data, err := json.Marshal(st.Request.Payload)
		if err != nil {
			t.Fatal(err)
		}
		for _, mode := range []schemas.Mode{schemas.Lenient, schemas.Strict} {
			rep := sc.Report(data, schemas.API(c.API()), mode)
			for _, p := range rep.Problems {
				n++
				where := c.Name + " (" + mode.String() + ") " + p.Pointer
				if !namesField(p) {
					t.Errorf("%s: message %q does not name the field", where, p.Message)
				}
				if !strings.HasSuffix(p.Message, ".") || strings.TrimSpace(p.Message) != p.Message {
					t.Errorf("%s: message %q is not a sentence", where, p.Message)
				}
				if p.Hint == "" && !actionable.MatchString(p.Message) {
					t.Errorf("%s: message %q says neither what is expected nor, in a hint, what to do", where, p.Message)
				}
				if p.Hint != "" && !strings.HasSuffix(strings.TrimSpace(p.Hint), ".") && !strings.HasSuffix(p.Hint, "?") && !strings.HasSuffix(p.Hint, ")") {
					t.Errorf("%s: hint %q is not a sentence", where, p.Hint)
				}
			}
		}
	}
	if n < 100 {
		t.Errorf("only %d problems checked", n)
	}
}

// namesField reports whether a problem's message names the field its
// pointer points at (for an item of a list, the list), or the body.
func namesField(p schemas.Problem) bool {
	tokens, err := jsonpatch.Split(p.Pointer)
	if err != nil {
		return false
	}
	for i := len(tokens) - 1; i >= 0; i-- {
		if _, err := strconv.Atoi(tokens[i]); err == nil {
			continue
		}
		return strings.Contains(p.Message, tokens[i])
	}
	return strings.Contains(strings.ToLower(p.Message), "body") || strings.Contains(p.Message, "payload")
}
