package mock_test

import (
	"bytes"
	"encoding/json"
	"io"
	"io/fs"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/mobmock/mobmock/fixtures"
	"github.com/mobmock/mobmock/mock"
	"github.com/mobmock/mobmock/mock/mocktest"
)

// The tests of CORS, Accept, forced answers, faults and overrides talk to a
// real listener through these helpers only (the mock's exported API, HTTP),
// so that they do not depend on how package mock is organised inside.

// devServer starts a mock for one test.
func devServer(t testing.TB, cfg mock.Config) *mocktest.Server {
	t.Helper()
	return mocktest.Start(t, cfg)
}

// devReq builds an API request of tenant with the headers MOBPROC needs.
func devReq(t testing.TB, method, url, tenant string, body []byte) *http.Request {
	t.Helper()
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequest(method, url, rd)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("X-TNGO-TENANT", tenant)
	req.Header["client_id"] = []string{"devx-test"}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	return req
}

// devAnswer is an answer read in full.
type devAnswer struct {
	status int
	header http.Header
	body   []byte
}

// devDo sends req with hc and reads the whole answer, failing the test on a
// transport error.
func devDo(t testing.TB, hc *http.Client, req *http.Request) devAnswer {
	t.Helper()
	resp, err := hc.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("%s %s: reading the body: %v", req.Method, req.URL, err)
	}
	return devAnswer{status: resp.StatusCode, header: resp.Header, body: body}
}

// json decodes the answer's body.
func (a devAnswer) json(t testing.TB) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(a.body, &m); err != nil {
		t.Fatalf("the answer is not a JSON object: %v\n%s", err, a.body)
	}
	return m
}

// firstError returns the first item of an error answer's "errors".
func (a devAnswer) firstError(t testing.TB) map[string]any {
	t.Helper()
	list, _ := a.json(t)["errors"].([]any)
	if len(list) == 0 {
		t.Fatalf("no errors in %s", a.body)
	}
	item, _ := list[0].(map[string]any)
	return item
}

// devFixture returns a documented payload of the embedded fixtures.
func devFixture(t testing.TB, name string) []byte {
	t.Helper()
	data, err := fs.ReadFile(fixtures.FS, "documented/"+name)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// devAdmin sends an admin API request with a JSON body (nil for none) and
// wants the status.
func devAdmin(t testing.TB, s *mocktest.Server, method, path string, body any, want int) devAnswer {
	t.Helper()
	var data []byte
	if body != nil {
		var err error
		if data, err = json.Marshal(body); err != nil {
			t.Fatal(err)
		}
	}
	req, err := http.NewRequest(method, s.URL+path, bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	a := devDo(t, s.Client(), req)
	if a.status != want {
		t.Fatalf("%s %s: status %d, want %d: %s", method, path, a.status, want, a.body)
	}
	return a
}

// journalInjected returns the "injected" marks of a tenant's journal, newest
// first.
func journalInjected(t testing.TB, s *mocktest.Server, tenant string) []string {
	t.Helper()
	a := devAdmin(t, s, "GET", "/__admin/journal?tenant="+tenant, nil, 200)
	var j struct {
		Requests []struct {
			Injected string `json:"injected"`
		} `json:"requests"`
	}
	if err := json.Unmarshal(a.body, &j); err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, r := range j.Requests {
		out = append(out, r.Injected)
	}
	return out
}

// waitJournal waits until the newest journal entry of tenant is marked
// with prefix: the entry is written when the answer is, which a client may
// finish reading a moment before.
func waitJournal(t testing.TB, s *mocktest.Server, tenant, prefix string) {
	t.Helper()
	var j []string
	for range 200 {
		if j = journalInjected(t, s, tenant); len(j) > 0 && strings.HasPrefix(j[0], prefix) {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Errorf("the journal of %s does not mark %q: %q", tenant, prefix, j)
}

func hasPrefixIn(list []string, prefix string) bool {
	for _, s := range list {
		if strings.HasPrefix(s, prefix) {
			return true
		}
	}
	return false
}
