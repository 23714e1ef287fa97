package mock

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mobmock/mobmock/mock/internal/op"
)

// TestStatusFor pins the one mapping from error codes to statuses.
func TestStatusFor(t *testing.T) {
	tests := map[string]int{
		"required": 400, "type": 400, "invalid-json": 400, "missing-header": 400, "unknown-parameter": 400,
		op.CodeUnauthorized: 401, op.CodeForbidden: 403, op.CodeNotFound: 404, op.CodeMethodNotAllowed: 405,
		op.CodeWrongState: 409, op.CodeDuplicate: 409, op.CodeBodyTooLarge: 413, op.CodeUnsupportedMedia: 415,
		op.CodeUnknownID: 422, op.CodeNotOnPlan: 422, op.CodeDeviceMismatch: 422, op.CodeNotOwner: 422,
		op.CodeInternal: 500, op.CodeNotImplemented: 501, op.CodeOverloaded: 503, op.CodeUnavailable: 503,
	}
	for code, want := range tests {
		if got := statusFor(code); got != want {
			t.Errorf("statusFor(%q) = %d, want %d", code, got, want)
		}
	}
}

func newServer(t *testing.T, cfg Config) *Server {
	t.Helper()
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func confirmRequest() *http.Request {
	r := httptest.NewRequest("GET", "/mobproc/v1/orders", nil)
	r.Header.Set("X-TNGO-TENANT", "acme")
	r.Header.Set("client_id", "t")
	return r
}

// TestPanicIsA500InTheErrorShape: a handler that panics is answered 500 in
// the API's error shape with the request id, and logged with it.
func TestPanicIsA500InTheErrorShape(t *testing.T) {
	var logs bytes.Buffer
	s := newServer(t, Config{Logger: slog.New(slog.NewJSONHandler(&logs, nil))})
	s.ops["listOrders"] = func(*op.Request) (op.Result, error) { panic("boom") }
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, confirmRequest())
	if rec.Code != 500 {
		t.Fatalf("status %d", rec.Code)
	}
	var body mobprocError
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil || body.Status != "ERROR" || body.Errors[0].Code != op.CodeInternal {
		t.Errorf("body %s", rec.Body)
	}
	id := rec.Header().Get("X-Request-Id")
	if id == "" || !strings.Contains(body.Errors[0].Hint, id) || !strings.Contains(logs.String(), `"request_id":"`+id+`"`) || !strings.Contains(logs.String(), "boom") {
		t.Errorf("request id %q not in the answer and the log:\n%s\n%s", id, rec.Body, logs.String())
	}
	if strings.Contains(rec.Body.String(), "boom") || strings.Contains(rec.Body.String(), "goroutine") {
		t.Errorf("the answer shows the panic: %s", rec.Body)
	}
}

// TestOperationWithoutHandlerIs501: an operation of the contract the mock
// has no behaviour for answers 501 with a clear message, never 404.
func TestOperationWithoutHandlerIs501(t *testing.T) {
	s := newServer(t, Config{})
	delete(s.ops, "listOrders")
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, confirmRequest())
	if rec.Code != 501 || !strings.Contains(rec.Body.String(), "listOrders") || !strings.Contains(rec.Body.String(), "not-implemented") {
		t.Errorf("%d %s", rec.Code, rec.Body)
	}
}

// TestEveryOperationHasAHandler: no operation of the documents answers 501.
func TestEveryOperationHasAHandler(t *testing.T) {
	s := newServer(t, Config{})
	for _, d := range s.specs.Docs {
		doc, err := d.OpenAPI()
		if err != nil {
			t.Fatal(err)
		}
		for p, item := range doc.Paths.Map() {
			for m, op := range item.Operations() {
				if s.ops[op.OperationID] == nil {
					t.Errorf("%s %s%s (%s) has no handler", m, d.Base, p, op.OperationID)
				}
			}
		}
	}
}

// TestLimit: past the in-flight limit requests get 503 with Retry-After at
// once, in the error shape of their API; nothing queues without bound.
func TestLimit(t *testing.T) {
	release := make(chan struct{})
	var started sync.WaitGroup
	started.Add(2)
	s := newServer(t, Config{})
	s.ops["listOrders"] = func(*op.Request) (op.Result, error) {
		started.Done()
		<-release
		return op.OK(nil), nil
	}
	h := Limit(s, 2)
	done := make(chan int, 2)
	for range 2 {
		go func() {
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, confirmRequest())
			done <- rec.Code
		}()
	}
	started.Wait()
	for _, path := range []string{"/mobproc/v1/orders", "/1/activities", "/1"} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
		if rec.Code != 503 || rec.Header().Get("Retry-After") == "" || !strings.Contains(rec.Body.String(), op.CodeOverloaded) {
			t.Errorf("%s over the limit: %d %v %s", path, rec.Code, rec.Header(), rec.Body)
		}
		if strings.HasPrefix(path, "/mobproc") != strings.Contains(rec.Body.String(), `"status":"ERROR"`) {
			t.Errorf("%s: wrong error shape: %s", path, rec.Body)
		}
	}
	close(release)
	for range 2 {
		select {
		case code := <-done:
			if code != 200 {
				t.Errorf("request within the limit: %d", code)
			}
		case <-time.After(5 * time.Second):
			t.Fatal("requests within the limit never finished")
		}
	}
}

// TestPagingLeavesTheQueryAlone: the Mobile API's paging headers are
// written from a copy of the request's query, never from the parsed query
// the handler was given.
func TestPagingLeavesTheQueryAlone(t *testing.T) {
	x := &exchange{r: httptest.NewRequest("GET", "/1/people?page=2&per_page=3&employee_id=10000", nil), req: op.Request{Base: "http://h"}}
	q := x.query()
	h := http.Header{}
	setPaging(h, x, &op.Page{Total: 10, Number: 2, Per: 3})
	if got := q.Encode(); got != "employee_id=10000&page=2&per_page=3" {
		t.Errorf("the request's query became %s", got)
	}
	want := `<http://h/1/people?employee_id=10000&page=1&per_page=3>; rel="first", <http://h/1/people?employee_id=10000&page=4&per_page=3>; rel="last", ` +
		`<http://h/1/people?employee_id=10000&page=3&per_page=3>; rel="next", <http://h/1/people?employee_id=10000&page=1&per_page=3>; rel="prev"`
	if got := h.Get("Link"); got != want {
		t.Errorf("Link:\n got %s\nwant %s", got, want)
	}
	if h.Get("X-Total-Count") != "10" || h.Get("X-Page") != "2" || h.Get("X-Per-Page") != "3" {
		t.Errorf("paging headers %v", h)
	}
}
