package mock

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"path"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/getkin/kin-openapi/routers"

	"github.com/mobmock/mobmock/internal/jsondiag"
	"github.com/mobmock/mobmock/mock/internal/op"
)

// Fault kinds a FaultRule can inject.
const (
	// FaultStatus answers an error status in the API's error shape, with
	// Retry-After for 429 and 503, without doing the request's work.
	FaultStatus = "status"
	// FaultReset resets the connection (TCP RST) without answering.
	FaultReset = "reset"
	// FaultEmpty closes the connection without answering.
	FaultEmpty = "empty"
	// FaultCut sends the headers and half the body, then closes the
	// connection: the client reads fewer bytes than Content-Length says.
	FaultCut = "cut"
	// FaultDribble sends the answer a few bytes at a time, slowly.
	FaultDribble = "dribble"
)

// FaultProfile is a list of rules that make the mock slow or failing, to
// test a client's timeouts and retries. Rules are checked in order: the first
// matching rule with a latency sets the delay, and each matching rule with
// a fault rolls its rate in turn until one fires. Build one with ParseFaults.
type FaultProfile struct {
	Rules []FaultRule `json:"rules"`
}

// FaultRule selects requests (all of them when every selector is empty) and
// says what to do to them.
type FaultRule struct {
	// Operation is an operationId of the contract (createOrder).
	Operation string `json:"operation,omitempty"`
	// Method is an HTTP method (POST).
	Method string `json:"method,omitempty"`
	// Path is a path or a path.Match pattern (/mobproc/v1/orders/*).
	Path string `json:"path,omitempty"`
	// Latency delays the answer (see ParseLatency).
	Latency string `json:"latency,omitempty"`
	// Fault is one of the Fault kinds, or empty for latency alone.
	Fault string `json:"fault,omitempty"`
	// Rate is the share of matching requests the fault hits, from 0 to 1
	// (default 1).
	Rate *float64 `json:"rate,omitempty"`
	// Status is the status of a FaultStatus (default 503).
	Status int `json:"status,omitempty"`
	// RetryAfter is the Retry-After of a 429 or 503, in seconds (default 1).
	RetryAfter int `json:"retryAfter,omitempty"`
	// Chunk and Interval pace a FaultDribble: Chunk bytes every Interval
	// (defaults 16 bytes every 50ms).
	Chunk    int    `json:"chunk,omitempty"`
	Interval string `json:"interval,omitempty"`

	interval time.Duration
	latency  Latency
}

// ParseFaults reads a fault profile from JSON ({"rules": [...]}) and checks
// every rule. The error names the rule (from 1) and what is wrong with it.
func ParseFaults(data []byte) (*FaultProfile, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var p FaultProfile
	if err := dec.Decode(&p); err != nil {
		return nil, fmt.Errorf("not a fault profile ({\"rules\": [...]}): %s", jsonProblem(data, err))
	}
	if p.Rules == nil {
		return nil, errors.New(`not a fault profile: it has no "rules" list`)
	}
	if len(p.Rules) > maxFaultRules {
		return nil, fmt.Errorf("a fault profile has at most %d rules, not %d", maxFaultRules, len(p.Rules))
	}
	for i := range p.Rules {
		if err := p.Rules[i].check(); err != nil {
			return nil, fmt.Errorf("rule %d: %w", i+1, err)
		}
	}
	return &p, nil
}

func (r *FaultRule) check() error {
	for _, f := range []struct{ name, v string }{{"operation", r.Operation}, {"method", r.Method}, {"path", r.Path}, {"latency", r.Latency}, {"interval", r.Interval}} {
		if len(f.v) > maxFaultField {
			return fmt.Errorf("%s is %d characters long; at most %d", f.name, len(f.v), maxFaultField)
		}
	}
	var err error
	if r.latency, err = ParseLatency(r.Latency); err != nil {
		return err
	}
	if _, err := path.Match(r.Path, ""); err != nil {
		return fmt.Errorf("path %q is not a path pattern such as /mobproc/v1/orders/*", r.Path)
	}
	if r.Method != "" && r.Method != strings.ToUpper(r.Method) {
		return fmt.Errorf("method %q must be in capitals", r.Method)
	}
	if r.Rate != nil && (*r.Rate < 0 || *r.Rate > 1) {
		return fmt.Errorf("rate %v must be from 0 to 1", *r.Rate)
	}
	switch r.Fault {
	case "":
		if r.latency.IsZero() {
			return errors.New(`it sets neither a latency nor a fault ("status", "reset", "empty", "cut" or "dribble")`)
		}
	case FaultStatus:
		if r.Status == 0 {
			r.Status = http.StatusServiceUnavailable
		}
		if r.Status < 400 || r.Status > 599 {
			return fmt.Errorf("status %d must be an error status, from 400 to 599", r.Status)
		}
		if r.RetryAfter < 0 || r.RetryAfter > 3600 {
			return fmt.Errorf("retryAfter %d must be a number of seconds from 0 to 3600", r.RetryAfter)
		}
	case FaultReset, FaultEmpty, FaultCut:
	case FaultDribble:
		if r.Chunk <= 0 {
			r.Chunk = 16
		}
		r.interval = 50 * time.Millisecond
		if r.Interval != "" {
			d, err := time.ParseDuration(r.Interval)
			if err != nil || d < time.Millisecond || d > 10*time.Second {
				return fmt.Errorf("interval %q must be a duration from 1ms to 10s", r.Interval)
			}
			r.interval = d
		}
	default:
		return fmt.Errorf(`fault %q is not one of "status", "reset", "empty", "cut", "dribble"`, r.Fault)
	}
	return nil
}

func (r *FaultRule) matches(op, method, p string) bool {
	if r.Operation != "" && r.Operation != op || r.Method != "" && r.Method != method {
		return false
	}
	if r.Path == "" || r.Path == p {
		return true
	}
	ok, _ := path.Match(r.Path, p)
	return ok
}

// Bounds of fault profiles: rules in one, and tenants with one of their own.
const (
	maxFaultRules   = 100
	maxFaultTenants = 1_000
	// maxFaultField bounds each text of a rule (a path pattern, an
	// operationId), so a profile weighs a few kilobytes at most.
	maxFaultField = 256
)

// faults holds the run's profile and each tenant's.
type faults struct {
	// mu guards global and tenants.
	mu      sync.RWMutex
	global  *FaultProfile
	tenants map[string]*FaultProfile
}

// newFaults builds the run's profile from the configured one and a run-wide
// latency, which applies where no rule of the profile sets one.
func newFaults(p *FaultProfile, latency string) (*faults, error) {
	f := &faults{tenants: map[string]*FaultProfile{}}
	var g FaultProfile
	if p != nil {
		for _, r := range p.Rules {
			if err := r.check(); err != nil {
				return nil, fmt.Errorf("fault profile: %w", err)
			}
			g.Rules = append(g.Rules, r)
		}
	}
	l, err := ParseLatency(latency)
	if err != nil {
		return nil, err
	}
	if !l.IsZero() {
		g.Rules = append(g.Rules, FaultRule{Latency: latency, latency: l})
	}
	if len(g.Rules) > 0 {
		f.global = &g
	}
	return f, nil
}

// profile returns the tenant's own profile when it has one, else the run's;
// scope says which.
func (f *faults) profile(tenant string) (p *FaultProfile, scope string) {
	f.mu.RLock()
	defer f.mu.RUnlock()
	if p, ok := f.tenants[tenant]; ok {
		return p, "tenant " + tenant
	}
	return f.global, "the run"
}

// set replaces the tenant's profile ("" is the run's); nil removes it. It
// refuses (507) a new tenant's profile when maxFaultTenants tenants have one.
func (f *faults) set(tenant string, p *FaultProfile) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if _, ok := f.tenants[tenant]; !ok && tenant != "" && p != nil && len(f.tenants) >= maxFaultTenants {
		return op.Fail(op.CodeTooManyRecords, fmt.Sprintf("%d tenants have a fault profile of their own, the most the mock keeps.", len(f.tenants)),
			"Remove the profiles no longer needed (DELETE /__admin/tenants/{tenant}/faults), or set the run's (PUT /__admin/faults).")
	}
	switch {
	case tenant == "":
		f.global = p
	case p == nil:
		delete(f.tenants, tenant)
	default:
		f.tenants[tenant] = p
	}
	return nil
}

// checkOperations refuses a profile whose rules name an operation neither
// API has: such a rule would silently never match.
func (s *Server) checkOperations(p *FaultProfile) error {
	if p == nil {
		return nil
	}
	for i, r := range p.Rules {
		if r.Operation != "" && !s.knownOperation(r.Operation) {
			return fmt.Errorf("rule %d: operation %q is not an operationId of either API (such as createOrder, getOrder, createActivity; see /openapi/mobproc.yaml and /openapi/mobile.yaml)", i+1, r.Operation)
		}
	}
	return nil
}

// knownOperation reports whether id is an operationId of either API.
func (s *Server) knownOperation(id string) bool {
	for _, d := range s.specs.Docs {
		t, err := d.OpenAPI()
		if err != nil {
			continue
		}
		for _, item := range t.Paths.Map() {
			for _, o := range item.Operations() {
				if o.OperationID == id {
					return true
				}
			}
		}
	}
	return false
}

// injectFault applies the fault profile that covers the request: it waits
// the latency, then injects the fault, if any. It reports whether the
// request must go no further (an injected error, a broken connection), and
// what to answer it with.
func (s *Server) injectFault(x *exchange, route *routers.Route) (op.Result, bool) {
	p, scope := s.faults.profile(x.req.Tenant)
	if p == nil {
		return op.Result{}, false
	}
	o := route.Operation.OperationID
	var delayed bool
	var marks []string
	for i := range p.Rules {
		r := &p.Rules[i]
		if !r.matches(o, x.r.Method, x.r.URL.Path) {
			continue
		}
		if !delayed && !r.latency.IsZero() {
			delayed = true
			d := r.latency.Draw(nil)
			marks = append(marks, "latency="+d.Round(time.Millisecond).String())
			t := time.NewTimer(d)
			select {
			case <-t.C:
			case <-x.r.Context().Done():
				t.Stop()
			}
		}
		if r.Fault == "" || (r.Rate != nil && rand.Float64() >= *r.Rate) {
			continue
		}
		marks = append(marks, r.Fault)
		markFault(x, marks, scope, i)
		return s.breakAnswer(x, r, scope, i)
	}
	if len(marks) > 0 {
		markFault(x, marks, scope, -1)
	}
	return op.Result{}, false
}

// markFault says in the answer's headers and in the journal what was
// injected, so that nobody takes it for a bug of the mock or the client.
func markFault(x *exchange, marks []string, scope string, rule int) {
	v := strings.Join(marks, "; ")
	if rule >= 0 {
		v += fmt.Sprintf(" (rule %d of %s's fault profile)", rule+1, scope)
	}
	x.w.Header().Set("X-Mobmock-Fault", v)
	x.rec.Injected = "fault: " + v
}

// breakAnswer injects r's fault into the answer of x, reporting whether
// the request must go no further, and what to answer it with.
func (s *Server) breakAnswer(x *exchange, r *FaultRule, scope string, i int) (op.Result, bool) {
	switch r.Fault {
	case FaultStatus:
		items := []op.Item{{Code: "injected-fault",
			Message: fmt.Sprintf("mobmock injected this %d (rule %d of %s's fault profile); the request was not processed.", r.Status, i+1, scope),
			Hint:    "This is the chaos you asked for: retry, or remove the rule (" + faultsRoute(scope) + ")."}}
		var header map[string]string
		if r.Status == http.StatusTooManyRequests || r.Status == http.StatusServiceUnavailable {
			header = map[string]string{"Retry-After": strconv.Itoa(max(r.RetryAfter, 1))}
		}
		return s.errorResult(x, r.Status, items, header), true
	case FaultReset, FaultEmpty:
		closeConn(x.w, r.Fault == FaultReset)
		return op.Result{}, true
	case FaultCut:
		x.w.ResponseWriter = &cutWriter{ResponseWriter: x.w.ResponseWriter}
	case FaultDribble:
		x.w.ResponseWriter = &dribbleWriter{ResponseWriter: x.w.ResponseWriter, chunk: r.Chunk, every: r.interval, done: x.r.Context().Done(), limit: MaxLatency}
	}
	return op.Result{}, false
}

// faultsRoute is the admin route of the profile in scope.
func faultsRoute(scope string) string {
	if t, ok := strings.CutPrefix(scope, "tenant "); ok {
		return "/__admin/tenants/" + t + "/faults"
	}
	return "/__admin/faults"
}

// closeConn takes the connection from net/http and closes it, with a TCP
// reset when reset is set, without writing a byte of the answer; whatever
// is written to w afterwards goes nowhere.
func closeConn(w *statusWriter, reset bool) {
	conn, buf, err := http.NewResponseController(w).Hijack()
	if err != nil {
		// HTTP/2 or a test recorder: no connection to break. Abort the
		// handler, which net/http turns into a broken stream.
		panic(http.ErrAbortHandler)
	}
	_ = buf.Flush()
	if tc, ok := conn.(*net.TCPConn); ok && reset {
		_ = tc.SetLinger(0)
	}
	_ = conn.Close()
	// Nothing was answered: the journal shows status 0, and the one
	// writer's answer is dropped.
	w.wrote = true
	w.ResponseWriter = hijacked{}
}

// hijacked stands in for the writer of a connection taken from net/http.
type hijacked struct{}

func (hijacked) Header() http.Header         { return http.Header{} }
func (hijacked) Write(b []byte) (int, error) { return len(b), nil }
func (hijacked) WriteHeader(int)             {}

// cutWriter writes the headers and the first half of the body, then closes
// the connection.
type cutWriter struct {
	http.ResponseWriter
	cut bool
}

func (w *cutWriter) Write(b []byte) (int, error) {
	if w.cut {
		return len(b), nil
	}
	w.cut = true
	if _, err := w.ResponseWriter.Write(b[:len(b)/2]); err != nil {
		return 0, err
	}
	// Hijacking drops what net/http still buffers: send the half first.
	rc := http.NewResponseController(w.ResponseWriter)
	if err := rc.Flush(); err != nil {
		return 0, err
	}
	if conn, buf, err := rc.Hijack(); err == nil {
		_ = buf.Flush()
		_ = conn.Close()
	}
	return len(b), nil
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (w *cutWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// dribbleWriter writes chunk bytes every interval, flushing each, for at
// most limit in all: then it writes the rest at once, so that no answer is
// held longer than any delay the mock adds.
type dribbleWriter struct {
	http.ResponseWriter
	chunk int
	every time.Duration
	done  <-chan struct{}
	// limit is how long it dribbles in all (MaxLatency), from its first
	// write.
	limit time.Duration
	start time.Time
}

func (w *dribbleWriter) Write(b []byte) (int, error) {
	rc := http.NewResponseController(w.ResponseWriter)
	if w.start.IsZero() {
		w.start = time.Now()
	}
	n := 0
	for n < len(b) {
		end := min(n+w.chunk, len(b))
		if time.Since(w.start) >= w.limit {
			end = len(b)
		}
		m, err := w.ResponseWriter.Write(b[n:end])
		n += m
		if err != nil {
			return n, err
		}
		if err := rc.Flush(); err != nil {
			return n, err
		}
		if n < len(b) {
			t := time.NewTimer(w.every)
			select {
			case <-t.C:
			case <-w.done:
				t.Stop()
				return n, http.ErrAbortHandler
			}
		}
	}
	return n, nil
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (w *dribbleWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// jsonProblem words an encoding/json decoding error of data for people:
// where (the field, or the line and column of bad syntax) and what is
// wrong, in JSON's terms.
func jsonProblem(data []byte, err error) string {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		// The decoder's offset is just past the byte it could not read.
		line, col := jsondiag.Position(data, se.Offset-1)
		return fmt.Sprintf("the JSON is malformed at line %d column %d", line, col)
	case errors.As(err, &te):
		// The field's path says where.
		field := te.Field
		if field == "" {
			field = "the document"
		}
		return fmt.Sprintf("%s must be %s, not %s", field, jsondiag.Kind(te.Type), jsondiag.Value(te.Value))
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return "the JSON ends too early"
	}
	if f, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		return "there is no field " + f
	}
	return "the JSON is not of the expected form"
}
