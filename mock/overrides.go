package mock

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"path"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/mobmock/mobmock/internal/jsonpatch"
	"github.com/mobmock/mobmock/mock/internal/op"
	"github.com/mobmock/mobmock/schemas"
	"github.com/mobmock/mobmock/spec"
)

// Override is a one-off answer layered over the stateful mock: the next
// Times requests of a tenant that match Method, Path and every Match
// pointer get Status and Body instead of the mock's answer (like WireMock's
// stubs). The admin API registers, lists and deletes them; resetting the
// tenant drops them.
type Override struct {
	// ID names the override in the admin API and in the X-Mobmock-Override
	// header of the answers it gives.
	ID string `json:"id"`
	// Method and Path select the requests; Path may be a path.Match
	// pattern (/mobproc/v1/orders/*).
	Method string `json:"method"`
	Path   string `json:"path"`
	// Match maps JSON pointers into the request body to the values they
	// must hold ({"/orderRequest/transactionType": "SUSPEND"}).
	Match map[string]json.RawMessage `json:"match,omitempty"`
	// Times is how many requests the override answers (default 1).
	Times int `json:"times"`
	// Remaining is how many answers are left.
	Remaining int `json:"remaining"`
	// Status and Body are the answer; Headers are added to it.
	Status  int               `json:"status"`
	Body    json.RawMessage   `json:"body,omitempty"`
	Headers map[string]string `json:"headers,omitempty"`
	// Operation is the contract's operationId the override answers for.
	Operation string `json:"operation"`
	// Warnings say where the override breaks the contract (lenient mode
	// accepts it; strict mode refuses it).
	Warnings []string `json:"warnings,omitempty"`

	match map[string]any
}

// overrides holds each tenant's overrides, oldest first.
type overrides struct {
	// mu guards byTenant, each Override's Remaining, seq and bytes.
	mu       sync.Mutex
	byTenant map[string][]*Override
	seq      int
	// count is the number of overrides of all tenants, read without the
	// lock so that requests do not queue on it when there are none.
	count atomic.Int64
	// bytes is what all overrides weigh (Override.size).
	bytes int
}

// size is about how many bytes ov holds: its body, headers and match.
func (ov *Override) size() int {
	n := len(ov.Body) + len(ov.Path) + 64
	for k, v := range ov.Headers {
		n += len(k) + len(v)
	}
	for k, v := range ov.Match {
		n += len(k) + len(v)
	}
	return n
}

func newOverrides() *overrides { return &overrides{byTenant: map[string][]*Override{}} }

// Bounds of what the admin API registers: overrides per tenant and in
// all, and the headers of one override.
const (
	maxOverridesPerTenant = 100
	maxOverrides          = 10_000
	maxOverrideHeaders    = 20
	maxOverrideHeaderLen  = 1024
	// maxOverrideBytes bounds what all overrides weigh (their bodies and
	// headers), whatever --max-body lets one body be.
	maxOverrideBytes = 64 << 20
)

// add registers ov for tenant, or refuses it (507) when the tenant or the
// mock holds as many overrides as it keeps.
func (o *overrides) add(tenant string, ov *Override) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	if n := len(o.byTenant[tenant]); n >= maxOverridesPerTenant {
		return op.Fail(op.CodeTooManyRecords, fmt.Sprintf("Tenant %s has %d overrides, the most the mock keeps for one tenant.", tenant, n),
			"Delete the ones you no longer need (DELETE /__admin/tenants/"+tenant+"/overrides).")
	}
	if n := o.count.Load(); n >= maxOverrides {
		return op.Fail(op.CodeTooManyRecords, fmt.Sprintf("The mock holds %d overrides, the most it keeps.", n),
			"Delete overrides no longer needed, or reset tenants (POST /__admin/reset).")
	}
	if size := ov.size(); o.bytes+size > maxOverrideBytes {
		return op.Fail(op.CodeTooManyRecords, fmt.Sprintf("The overrides the mock holds weigh %d bytes; this one (%d bytes) would take them past %d.", o.bytes, size, maxOverrideBytes),
			"Delete overrides no longer needed, or register smaller bodies.")
	}
	o.bytes += ov.size()
	o.seq++
	ov.ID = "ov" + strconv.Itoa(o.seq)
	ov.Remaining = ov.Times
	o.byTenant[tenant] = append(o.byTenant[tenant], ov)
	o.count.Add(1)
	return nil
}

// list returns copies of the tenant's overrides.
func (o *overrides) list(tenant string) []Override {
	o.mu.Lock()
	defer o.mu.Unlock()
	out := []Override{}
	for _, ov := range o.byTenant[tenant] {
		out = append(out, *ov)
	}
	return out
}

// remove drops one override (id) or all of the tenant's (id ""), reporting
// how many it dropped.
func (o *overrides) remove(tenant, id string) int {
	o.mu.Lock()
	defer o.mu.Unlock()
	list := o.byTenant[tenant]
	kept := list[:0:0]
	for _, ov := range list {
		if id != "" && ov.ID != id {
			kept = append(kept, ov)
		} else {
			o.bytes -= ov.size()
		}
	}
	n := len(list) - len(kept)
	o.count.Add(-int64(n))
	if len(kept) == 0 {
		delete(o.byTenant, tenant)
	} else {
		o.byTenant[tenant] = kept
	}
	return n
}

func (o *overrides) removeAll() {
	o.mu.Lock()
	o.byTenant = map[string][]*Override{}
	o.count.Store(0)
	o.bytes = 0
	o.mu.Unlock()
}

// take consumes one answer of the first override of the tenant that matches
// the request, and returns a copy of it; an override whose answers are all
// used is dropped. The lock makes each answer go to exactly one request.
func (o *overrides) take(tenant, method, p string, body any) (Override, bool) {
	if o.count.Load() == 0 {
		return Override{}, false
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	list := o.byTenant[tenant]
	for i, ov := range list {
		if !ov.matches(method, p, body) {
			continue
		}
		ov.Remaining--
		if ov.Remaining == 0 {
			o.count.Add(-1)
			o.bytes -= ov.size()
			list = append(list[:i:i], list[i+1:]...)
			if len(list) == 0 {
				delete(o.byTenant, tenant)
			} else {
				o.byTenant[tenant] = list
			}
		}
		return *ov, true
	}
	return Override{}, false
}

func (ov *Override) matches(method, p string, body any) bool {
	if ov.Method != method {
		return false
	}
	if ov.Path != p {
		if ok, _ := path.Match(ov.Path, p); !ok {
			return false
		}
	}
	for ptr, want := range ov.match {
		got, err := jsonpatch.Get(body, ptr)
		if err != nil || !jsonpatch.Equal(got, want) {
			return false
		}
	}
	return true
}

// answerOverride answers the request with the first override that matches
// it, reporting whether one did.
func (s *Server) answerOverride(x *exchange) (op.Result, bool) {
	ov, ok := s.overrides.take(x.req.Tenant, x.r.Method, x.r.URL.Path, x.req.Body)
	if !ok {
		return op.Result{}, false
	}
	header := map[string]string{"X-Mobmock-Override": ov.ID}
	for k, v := range ov.Headers {
		header[k] = v
	}
	x.rec.Injected = "override " + ov.ID
	res := op.Result{Status: ov.Status, Header: header}
	if len(ov.Body) > 0 {
		res.Body = ov.Body
	}
	return res, true
}

// checkOverride validates an override being registered: its request must
// be an operation of the contract, its status documented for it and its
// body valid against the documented schema. It fills the operation and the
// warnings. It returns the error of an override that cannot be registered
// (no such operation, malformed), or in strict mode the problems that
// refuse it (answered 422).
func (s *Server) checkOverride(ov *Override) ([]op.Item, *op.Error) {
	refuse := func(field, format string, args ...any) ([]op.Item, *op.Error) {
		return nil, op.Fail(op.CodeInvalidParameter, fmt.Sprintf(format, args...), "Fix the override and register it again.").At(field)
	}
	if ov.Times == 0 {
		ov.Times = 1
	}
	if ov.Times < 0 || ov.Times > 1_000_000 {
		return refuse("/times", "times must be from 1 to 1000000, not %d.", ov.Times)
	}
	if _, err := path.Match(ov.Path, ""); err != nil || ov.Path == "" || ov.Path[0] != '/' {
		return refuse("/path", "path %q is not a path such as /mobproc/v1/orders or a pattern such as /1/activities/*.", ov.Path)
	}
	if ov.Status < 200 || ov.Status > 599 {
		// 1xx are not answers: 101 would leave the client waiting for a
		// protocol switch that never comes.
		return refuse("/status", "status %d must be a final HTTP status, from 200 to 599.", ov.Status)
	}
	if len(bytes.TrimSpace(ov.Body)) > 0 && (ov.Status == http.StatusNoContent || ov.Status == http.StatusResetContent || ov.Status == http.StatusNotModified) {
		return refuse("/body", "a %d answer has no body; leave body out or choose another status.", ov.Status)
	}
	if len(ov.Headers) > maxOverrideHeaders {
		return refuse("/headers", "an override sets at most %d headers, not %d.", maxOverrideHeaders, len(ov.Headers))
	}
	seen := map[string]string{}
	for k, v := range ov.Headers {
		if why := overrideHeaderProblem(k, v); why != "" {
			return refuse("/headers/"+jsonpatch.Escape(k), "header %q: %s", k, why)
		}
		c := http.CanonicalHeaderKey(k)
		if other, dup := seen[c]; dup {
			return refuse("/headers/"+jsonpatch.Escape(k), "headers %q and %q name the same header; give it once", other, k)
		}
		seen[c] = k
	}
	req, err := http.NewRequest(ov.Method, ov.Path, nil)
	if err != nil {
		return refuse("/method", "method %q is not an HTTP method.", ov.Method)
	}
	_, route, _, err := s.specs.FindRoute(req)
	if err != nil || route == nil {
		return refuse("/path", "No operation of the contract answers %s %s.", ov.Method, ov.Path)
	}
	o := route.Operation
	ov.Operation = o.OperationID
	ov.match = map[string]any{}
	for ptr, raw := range ov.Match {
		if _, err := jsonpatch.Split(ptr); err != nil {
			return refuse("/match", "%q is not a JSON pointer such as /orderRequest/transactionType.", ptr)
		}
		v, err := schemas.Decode(raw)
		if err != nil {
			return refuse("/match", "The value for %q is not JSON.", ptr)
		}
		ov.match[ptr] = v
	}
	var warnings []string
	if o.Responses.Status(ov.Status) == nil {
		warnings = append(warnings, fmt.Sprintf("The contract documents no %d response for %s.", ov.Status, o.OperationID))
	} else if name := spec.ResponseSchema(o, ov.Status); name != "" {
		warnings = append(warnings, s.bodyWarnings(name, ov.Body)...)
	}
	if len(warnings) == 0 {
		return nil, nil
	}
	if s.cfg.Strict {
		items := make([]op.Item, len(warnings))
		for i, w := range warnings {
			items[i] = op.Item{Code: "invalid", Message: w, Hint: "The mock is in strict mode: an override must be an answer the contract allows."}
		}
		return items, nil
	}
	ov.Warnings = warnings
	return nil, nil
}

// bodyWarnings validates an override's body against a response schema.
func (s *Server) bodyWarnings(name string, body json.RawMessage) []string {
	if len(bytes.TrimSpace(body)) == 0 {
		return []string{"The contract documents a body for this answer; the override has none."}
	}
	_, ps, err := s.schemas.Check(name, body, schemas.Lenient)
	if err != nil {
		return []string{"The body is not JSON the contract's schema can read."}
	}
	var out []string
	for _, p := range ps {
		if p.Severity == schemas.Error {
			out = append(out, fmt.Sprintf("body%s: %s", p.Pointer, p.Message))
		}
	}
	return out
}

// overrideHeaderProblem says why an override may not set the header k: v,
// or "" when it may. The headers that frame the message (hop-by-hop ones,
// Content-Length, Content-Encoding) are the server's to set, CORS's are the
// CORS policy's, and X-Mobmock-* are the mock's own markers.
func overrideHeaderProblem(k, v string) string {
	if k == "" || len(k) > 64 || strings.IndexFunc(k, func(r rune) bool { return !isTokenChar(r) }) >= 0 {
		return "not a header name (letters, digits and !#$%&'*+-.^_`|~, at most 64)"
	}
	if len(v) > maxOverrideHeaderLen || strings.IndexFunc(v, func(r rune) bool { return r < ' ' && r != '\t' || r == 0x7f }) >= 0 {
		return fmt.Sprintf("the value must be at most %d characters with no line breaks or control characters", maxOverrideHeaderLen)
	}
	c := http.CanonicalHeaderKey(k)
	switch c {
	case "Connection", "Keep-Alive", "Proxy-Connection", "Proxy-Authenticate", "Transfer-Encoding", "Te", "Trailer", "Upgrade",
		"Content-Length", "Content-Encoding", "Date":
		return "the server sets it from the answer itself"
	case "Content-Type":
		return "an override's body is JSON, sent as application/json"
	}
	if strings.HasPrefix(c, "Access-Control-") {
		return "the CORS policy (--cors) sets it"
	}
	if strings.HasPrefix(c, "X-Mobmock-") || c == "X-Request-Id" {
		return "the mock sets it"
	}
	return ""
}

// isTokenChar reports whether r may appear in a header name (RFC 9110 token).
func isTokenChar(r rune) bool {
	return r < 0x7f && (r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || strings.ContainsRune("!#$%&'*+-.^_`|~", r))
}
