package proxy

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/mobmock/mobmock/fixtures"
	"github.com/mobmock/mobmock/internal/jsonpatch"
	"github.com/mobmock/mobmock/internal/redact"
	"github.com/mobmock/mobmock/schemas"
)

// recorder turns exchanges into fixture cases in the project's format
// (fixtures/README.md): one case per tenant, one step per exchange in the
// order the requests arrived, written to DIR/cases/recorded-RUN.json by
// flush (when the proxy is closed), for `mobmock conform --fixtures DIR` to replay against any target.
//
// Values the target generates are not recorded as such: they are compared
// with the rules the embedded fixtures use (rules.json: ids, times, links),
// ids are captured where they first appear and replayed as {{variables}} in
// later requests and expectations, and other date-times and links to the
// target get datetime and link rules. Error answers are recorded as their
// status and the problems they name (pointer or parameter, and code), not
// their wording.
//
// Secrets are never written: Authorization, cookies and headers named like
// tokens, keys, passwords or secrets are dropped, as are the configured
// extra headers; request body fields and query parameters named like
// passwords, tokens or secrets (and the configured body pointers) are
// replaced by "REDACTED"; the same fields are left out of expected bodies.
// Exchanges whose answer broke the contract are not recorded, nor are those
// with a body over MaxCheck, which the proxy did not keep whole (the report
// counts both, apart: later steps may depend on what a dropped one made).
type recorder struct {
	dir, target, run string
	when             time.Time
	dropHeaders      map[string]bool
	pointers         []string
	ruleSets         map[schemas.API][]fixtures.Rule

	// secretValues are the values the recording has redacted, wherever
	// else they appear (an answer echoing a redacted field); built by
	// flush before it writes anything.
	secretValues map[string]bool

	// mu guards steps and the counts.
	mu       sync.Mutex
	steps    []recorded
	recorded int
	skipped  int // the answer broke the contract
	tooLarge int // a body over MaxCheck was not kept whole
}

// recorded is what the recorder keeps of an exchange.
type recorded struct {
	seq       uint64
	api       schemas.API
	tenant    string
	host      string
	method    string
	path      string
	query     url.Values
	header    http.Header
	headerPrm map[string]bool // header parameters of the operation, canonical
	body      []byte
	status    int
	location  bool
	response  any
}

// newRecorder prepares a recording into dir (created if missing) of
// traffic to target. redactHeaders and redactPointers add to the secrets it
// never writes. It returns an error when dir cannot be created or a
// pointer is not a JSON pointer.
func newRecorder(dir, target string, redactHeaders, redactPointers []string, now time.Time) (*recorder, error) {
	for _, p := range redactPointers {
		if _, err := jsonpatch.Split(p); err != nil {
			return nil, fmt.Errorf("redact pointer %q: %w", p, err)
		}
	}
	if err := os.MkdirAll(filepath.Join(dir, "cases"), 0o755); err != nil {
		return nil, fmt.Errorf("cannot create the recording directory: %w", err)
	}
	// The recording is written at exit: find out now that it can be.
	probe, err := os.CreateTemp(filepath.Join(dir, "cases"), ".mobmock-probe-*")
	if err != nil {
		return nil, fmt.Errorf("cannot write in the recording directory %s: %w", filepath.Join(dir, "cases"), err)
	}
	probe.Close()
	os.Remove(probe.Name())
	set, err := fixtures.Embedded()
	if err != nil {
		return nil, err
	}
	r := &recorder{dir: dir, target: target, when: now.UTC(), run: now.UTC().Format("20060102-150405"),
		dropHeaders: map[string]bool{}, pointers: redactPointers,
		ruleSets: map[schemas.API][]fixtures.Rule{
			schemas.MOBPROC: append(append([]fixtures.Rule(nil), set.RuleSets["mobproc-order"]...), set.RuleSets["links"]...),
			schemas.Mobile:  append(append([]fixtures.Rule(nil), set.RuleSets["mobile-activity"]...), set.RuleSets["links"]...),
		}}
	for _, h := range redactHeaders {
		r.dropHeaders[http.CanonicalHeaderKey(h)] = true
	}
	return r, nil
}

// file is the case file flush writes.
func (r *recorder) file() string {
	return filepath.Join(r.dir, "cases", "recorded-"+r.run+".json")
}

// counts returns how many exchanges were recorded, left out because the
// answer broke the contract, and left out because a body was too large.
func (r *recorder) counts() (recorded, broken, tooLarge int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.recorded, r.skipped, r.tooLarge
}

// add keeps an exchange of a contract operation for the recording.
func (r *recorder) add(x *exchange) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, v := range x.violations {
		if v.Class != Request {
			r.skipped++
			return
		}
	}
	if !x.reqBodyComplete || !x.respBodyComplete {
		r.tooLarge++
		return
	}
	u, _ := url.ParseRequestURI(x.path)
	rec := recorded{seq: x.seq, api: x.api, host: x.host, method: x.method, path: u.Path, query: u.Query(), header: x.reqHeader,
		headerPrm: map[string]bool{}, body: x.reqBody, status: x.status, location: x.respHeader.Get("Location") != "",
		response: x.respPayload}
	rec.tenant = x.reqHeader.Get("X-Tngo-Tenant")
	if rec.tenant == "" && x.api == schemas.Mobile {
		rec.tenant = subdomain(x.host)
	}
	if rec.tenant == "" {
		rec.tenant = "default"
	}
	for _, p := range x.route.Operation.Parameters {
		if p.Value != nil && p.Value.In == "header" {
			rec.headerPrm[http.CanonicalHeaderKey(p.Value.Name)] = true
		}
	}
	r.steps = append(r.steps, rec)
	r.recorded++
}

// subdomain returns the first label of a host name of three labels or
// more ("acme" of acme.example.com), which the Mobile API may take as the
// tenant; "" for IP addresses, localhost and shorter names.
func subdomain(host string) string {
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	labels := strings.Split(host, ".")
	if len(labels) < 3 || net.ParseIP(host) != nil {
		return ""
	}
	return labels[0]
}

// flush writes every case recorded so far to file, replacing what an
// earlier flush wrote. Nothing is written when nothing was recorded.
func (r *recorder) flush() error {
	r.mu.Lock()
	steps := append([]recorded(nil), r.steps...)
	r.mu.Unlock()
	if len(steps) == 0 {
		return nil
	}
	sort.Slice(steps, func(i, j int) bool { return steps[i].seq < steps[j].seq })
	r.collectSecrets(steps)
	var tenants []string
	byTenant := map[string][]recorded{}
	for _, s := range steps {
		if _, ok := byTenant[s.tenant]; !ok {
			tenants = append(tenants, s.tenant)
		}
		byTenant[s.tenant] = append(byTenant[s.tenant], s)
	}
	file := struct {
		Cases []*fixtures.Case `json:"cases"`
	}{}
	used := map[string]bool{}
	for _, t := range tenants {
		c, err := r.caseOf(t, byTenant[t], used)
		if err != nil {
			return err
		}
		file.Cases = append(file.Cases, c)
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(file); err != nil {
		return fmt.Errorf("encoding the recording: %w", err)
	}
	tmp := r.file() + ".tmp"
	if err := os.WriteFile(tmp, buf.Bytes(), 0o644); err != nil {
		return fmt.Errorf("writing the recording: %w", err)
	}
	if err := os.Rename(tmp, r.file()); err != nil {
		return fmt.Errorf("writing the recording: %w", err)
	}
	return nil
}

var nameUnsafe = regexp.MustCompile(`[^a-z0-9_.-]+`)

// caseOf builds the case of one tenant's exchanges.
func (r *recorder) caseOf(tenant string, steps []recorded, used map[string]bool) (*fixtures.Case, error) {
	slug := strings.Trim(nameUnsafe.ReplaceAllString(strings.ToLower(tenant), "-"), "-._")
	if slug == "" {
		slug = "tenant"
	}
	name := "recorded/" + r.run + "/" + slug
	for i := 2; used[name]; i++ {
		name = fmt.Sprintf("recorded/%s/%s-%d", r.run, slug, i)
	}
	used[name] = true
	c := &fixtures.Case{Name: name, Tags: []string{"recorded"},
		Summary: fmt.Sprintf("%d exchange(s) of tenant %q recorded by mobmock proxy from %s on %s.", len(steps), tenant, r.target, r.when.Format(time.RFC3339))}
	vars := &variables{byValue: map[string]string{}, names: map[string]bool{}}
	for _, b := range fixtures.Builtins {
		vars.names[b] = true
	}
	for _, s := range steps {
		st, err := r.step(s, vars)
		if err != nil {
			return nil, err
		}
		c.Steps = append(c.Steps, st)
	}
	return c, nil
}

// variables are the generated values captured so far in a case.
type variables struct {
	byValue map[string]string // value -> variable name
	names   map[string]bool
}

// minVarLen keeps short values (a "1", a "10") from being taken for
// generated ids wherever they appear.
const minVarLen = 4

func (v *variables) lookup(s string) (string, bool) {
	if len(s) < minVarLen {
		return "", false
	}
	n, ok := v.byValue[s]
	return n, ok
}

var varUnsafe = regexp.MustCompile(`[^A-Za-z0-9_]+`)

// capture names value after the pointer it was found at ("orderId",
// "orderSegmentId"; an "id" after the object that holds it:
// "shipping_addressId", or "id" at the top) and remembers it.
func (v *variables) capture(ptr, value string) string {
	tokens, _ := jsonpatch.Split(ptr)
	name := "id"
	if n := len(tokens); n > 0 && tokens[n-1] != "id" {
		name = tokens[n-1]
	} else {
		for i := n - 2; i >= 0; i-- {
			if _, err := strconv.Atoi(tokens[i]); err != nil && tokens[i] != "items" {
				name = tokens[i] + "Id"
				break
			}
		}
	}
	name = varUnsafe.ReplaceAllString(name, "_")
	if name == "" || !((name[0] >= 'a' && name[0] <= 'z') || (name[0] >= 'A' && name[0] <= 'Z')) {
		name = "v" + name
	}
	base := name
	for i := 2; v.names[name]; i++ {
		name = base + strconv.Itoa(i)
	}
	v.names[name] = true
	v.byValue[value] = name
	return name
}

// substitute replaces a string equal to a captured value by its variable.
func (v *variables) substitute(s string) string {
	if n, ok := v.lookup(s); ok {
		return "{{" + n + "}}"
	}
	return s
}

// substitutePath replaces the path segments equal to captured values.
func (v *variables) substitutePath(p string) string {
	segs := strings.Split(p, "/")
	for i, s := range segs {
		segs[i] = v.substitute(s)
	}
	return strings.Join(segs, "/")
}

// substituteURI replaces captured values in the path segments and query
// values of a request URI (a link's path and query).
func (v *variables) substituteURI(u *url.URL) string {
	out := v.substitutePath(u.EscapedPath())
	if u.RawQuery == "" {
		return out
	}
	parts := strings.Split(u.RawQuery, "&")
	for i, part := range parts {
		k, val, ok := strings.Cut(part, "=")
		if ok {
			parts[i] = k + "=" + v.substitute(val)
		}
	}
	return out + "?" + strings.Join(parts, "&")
}

// Headers a recording never keeps: the transport's, the ones conform sets
// itself, and credentials.
var transportHeaders = map[string]bool{
	"Host": true, "Connection": true, "Keep-Alive": true, "Proxy-Connection": true, "Te": true, "Trailer": true,
	"Transfer-Encoding": true, "Upgrade": true, "Content-Length": true, "Content-Type": true, "Accept-Encoding": true,
	"User-Agent": true, "Authorization": true, "Proxy-Authorization": true, "Cookie": true, "Forwarded": true, "Via": true,
	"X-Forwarded-For": true, "X-Forwarded-Host": true, "X-Forwarded-Proto": true, "Expect": true,
	"Accept": true, "X-Tngo-Tenant": true, "Client_id": true,
}

// Redacted is what a recording has in place of a secret value it sends.
const Redacted = "REDACTED"

// step builds the fixture step of one exchange.
func (r *recorder) step(s recorded, vars *variables) (fixtures.Step, error) {
	segs := strings.Split(s.path, "/")
	for i, seg := range segs {
		if r.leaks(seg) {
			segs[i] = Redacted
		}
	}
	p := strings.Join(segs, "/")
	st := fixtures.Step{Name: fmt.Sprintf("#%d %s %s", s.seq, s.method, p)}
	rq := &st.Request
	rq.Method = s.method
	rq.Path = vars.substitutePath(p)
	if len(s.query) > 0 {
		rq.Query = map[string]string{}
		for k, vs := range s.query {
			val := vs[0]
			if redact.SecretName(k) || r.leaks(val) {
				val = Redacted
			}
			rq.Query[k] = vars.substitute(val)
		}
	}
	for k, vs := range s.header {
		ck := http.CanonicalHeaderKey(k)
		if transportHeaders[ck] || r.dropHeaders[ck] || redact.SecretName(ck) || strings.HasPrefix(ck, "X-Mobmock-") || len(vs) == 0 || r.leaks(vs[0]) {
			continue
		}
		if rq.Headers == nil {
			rq.Headers = map[string]string{}
		}
		rq.Headers[k] = vars.substitute(vs[0])
	}
	switch accept := s.header.Get("Accept"); {
	case accept == "":
		rq.OmitHeaders = append(rq.OmitHeaders, "Accept")
	case accept != "application/json":
		setHeader(rq, "Accept", accept)
	}
	if s.api == schemas.MOBPROC {
		// MOBPROC requires both; a request without them is a negative
		// case to replay as such. The Mobile API takes the tenant from
		// the header or the host, and conform sends the header.
		if s.header.Get("X-Tngo-Tenant") == "" {
			rq.OmitHeaders = append(rq.OmitHeaders, "X-TNGO-TENANT")
		}
		if len(s.header.Values("client_id")) == 0 && s.header.Get("Client_id") == "" {
			rq.OmitHeaders = append(rq.OmitHeaders, "client_id")
		}
	}
	if len(s.body) > 0 {
		ct := s.header.Get("Content-Type")
		switch {
		case ct == "":
			rq.ContentType = "none"
		case ct != "application/json":
			rq.ContentType = ct
		}
		payload, err := schemas.Decode(s.body)
		if err != nil {
			raw := string(s.body)
			if r.leaks(raw) {
				raw = Redacted
			}
			rq.RawBody = &raw
		} else {
			payload = r.redactRequest(payload)
			payload = substituteAll(payload, vars)
			if rq.Body, err = marshal(payload); err != nil {
				return st, err
			}
		}
	}
	ex := &st.Expect
	ex.Status = s.status
	if s.location {
		ex.Headers = map[string]string{"Location": "*"}
	}
	if s.status >= 400 {
		ex.Problems = problemsOf(s.response)
		return st, nil
	}
	if s.response == nil {
		return st, nil
	}
	want := r.redactResponse(jsonpatch.Clone(s.response))
	b := &expectation{rec: r, vars: vars, api: s.api, host: s.host, capture: map[string]string{}}
	// Ids first: a link may name an id that sorts after it.
	b.capturing = true
	b.walk("", want)
	b.capturing = false
	want = b.walk("", want)
	ex.Rules = b.rules
	if len(b.capture) > 0 {
		st.Capture = b.capture
	}
	var err error
	ex.Body, err = marshal(want)
	return st, err
}

func setHeader(rq *fixtures.Request, k, v string) {
	if rq.Headers == nil {
		rq.Headers = map[string]string{}
	}
	rq.Headers[k] = v
}

func marshal(v any) (json.RawMessage, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, fmt.Errorf("encoding a recorded body: %w", err)
	}
	return json.RawMessage(bytes.TrimSpace(buf.Bytes())), nil
}

// collectSecrets gathers the values of the secret headers, query
// parameters and body fields of the requests, so that they can be taken out
// wherever else they appear.
func (r *recorder) collectSecrets(steps []recorded) {
	r.secretValues = map[string]bool{}
	keep := func(s string) {
		if len(s) >= minVarLen {
			r.secretValues[s] = true
		}
	}
	for _, s := range steps {
		for k, vs := range s.header {
			ck := http.CanonicalHeaderKey(k)
			if r.dropHeaders[ck] || redact.SecretName(ck) {
				for _, v := range vs {
					keep(v)
					// "Bearer xyz", "session=xyz": the credential itself.
					if _, cred, ok := strings.Cut(v, " "); ok {
						keep(cred)
					}
					if _, cred, ok := strings.Cut(v, "="); ok {
						keep(cred)
					}
				}
			}
		}
		for k, vs := range s.query {
			if redact.SecretName(k) {
				for _, v := range vs {
					keep(v)
				}
			}
		}
		if payload, err := schemas.Decode(s.body); err == nil {
			r.redact("", payload, func(_ string, v any) (any, bool) {
				keep(scalar(v))
				return v, true
			})
		}
	}
}

// leaks reports whether s contains a redacted value.
func (r *recorder) leaks(s string) bool {
	for v := range r.secretValues {
		if strings.Contains(s, v) {
			return true
		}
	}
	return false
}

// redactRequest replaces secret fields of a request body, and any string
// holding a redacted value, by Redacted.
func (r *recorder) redactRequest(v any) any {
	v = r.redact("", v, func(string, any) (any, bool) { return Redacted, true })
	return r.scrub(v, true)
}

// redactResponse drops secret fields, and fields holding a redacted
// value, from an expected body: a subset comparison leaves them unchecked.
func (r *recorder) redactResponse(v any) any {
	v = r.redact("", v, func(string, any) (any, bool) { return nil, false })
	return r.scrub(v, false)
}

// scrub replaces (replace) or drops every string that holds a redacted
// value; a dropped list item becomes null.
func (r *recorder) scrub(v any, replace bool) any {
	switch c := v.(type) {
	case string:
		if r.leaks(c) {
			if replace {
				return Redacted
			}
			return nil
		}
	case map[string]any:
		for k, e := range c {
			if s, ok := e.(string); ok && r.leaks(s) && !replace {
				delete(c, k)
				continue
			}
			c[k] = r.scrub(e, replace)
		}
	case []any:
		for i, e := range c {
			c[i] = r.scrub(e, replace)
		}
	}
	return v
}

// redact walks v and, for every field named like a secret or at a
// configured pointer, calls with, which returns the replacement or false
// to drop the field.
func (r *recorder) redact(ptr string, v any, with func(string, any) (any, bool)) any {
	switch c := v.(type) {
	case map[string]any:
		for k, e := range c {
			p := jsonpatch.Append(ptr, k)
			if e != nil && (redact.SecretName(k) || r.pointed(p)) {
				if nv, keep := with(p, e); keep {
					c[k] = nv
				} else {
					delete(c, k)
				}
				continue
			}
			c[k] = r.redact(p, e, with)
		}
	case []any:
		for i, e := range c {
			p := ptr + "/" + strconv.Itoa(i)
			if e != nil && r.pointed(p) {
				if nv, keep := with(p, e); keep {
					c[i] = nv
				} else {
					c[i] = nil
				}
				continue
			}
			c[i] = r.redact(p, e, with)
		}
	}
	return v
}

func (r *recorder) pointed(p string) bool {
	for _, pat := range r.pointers {
		if fixtures.PathMatches(pat, p) {
			return true
		}
	}
	return false
}

// substituteAll replaces every string equal to a captured value.
func substituteAll(v any, vars *variables) any {
	switch c := v.(type) {
	case string:
		return vars.substitute(c)
	case map[string]any:
		for k, e := range c {
			c[k] = substituteAll(e, vars)
		}
	case []any:
		for i, e := range c {
			c[i] = substituteAll(e, vars)
		}
	}
	return v
}

// problemsOf lists the problems an error answer names.
func problemsOf(body any) []fixtures.Problem {
	m, _ := body.(map[string]any)
	list, _ := m["errors"].([]any)
	var out []fixtures.Problem
	for _, it := range list {
		im, _ := it.(map[string]any)
		code, _ := im["code"].(string)
		if code == "" {
			continue
		}
		ptr, _ := im["pointer"].(string)
		if _, err := jsonpatch.Split(ptr); err != nil {
			ptr = ""
		}
		param, _ := im["parameter"].(string)
		out = append(out, fixtures.Problem{Pointer: ptr, Parameter: param, Code: code})
	}
	return out
}

// expectation turns a recorded answer into an expected body with rules.
type expectation struct {
	rec     *recorder
	vars    *variables
	api     schemas.API
	host    string // the host the client called (links name it with --preserve-host)
	rules   []fixtures.Rule
	capture map[string]string
	// capturing is the first pass, which only captures new ids.
	capturing bool
}

func (b *expectation) rule(ptr string) (fixtures.Rule, bool) {
	for _, r := range b.rec.ruleSets[b.api] {
		if fixtures.PathMatches(r.Path, ptr) {
			return r, true
		}
		// A list of resources: the rules of one apply to each item
		// (a Mobile list is an array; MOBPROC's orders are
		// {"orders": {"items": [...]}} of what {"order": ...} holds).
		if tokens, _ := jsonpatch.Split(ptr); len(tokens) > 1 {
			if _, err := strconv.Atoi(tokens[0]); err == nil && fixtures.PathMatches(r.Path, jsonpatch.Join(tokens[1:]...)) {
				return r, true
			}
			if len(tokens) > 3 && tokens[0] == "orders" && tokens[1] == "items" && fixtures.PathMatches(r.Path, jsonpatch.Join(append([]string{"order"}, tokens[3:]...)...)) {
				return r, true
			}
		}
	}
	return fixtures.Rule{}, false
}

// walk returns v as expected at ptr, adding the rules and captures its
// generated values need.
func (b *expectation) walk(ptr string, v any) any {
	switch c := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(c))
		for k := range c {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			c[k] = b.walk(jsonpatch.Append(ptr, k), c[k])
		}
		return c
	case []any:
		for i := range c {
			c[i] = b.walk(ptr+"/"+strconv.Itoa(i), c[i])
		}
		return c
	case nil, bool:
		return v
	}
	s := scalar(v)
	_, isString := v.(string)
	if b.capturing {
		if _, known := b.vars.lookup(s); !known && len(s) >= minVarLen {
			if r, ok := b.rule(ptr); ok && r.Match == "id" {
				b.capture[b.vars.capture(ptr, s)] = ptr
			}
		}
		return v
	}
	if name, ok := b.vars.lookup(s); ok {
		if isString {
			return "{{" + name + "}}"
		}
		b.rules = append(b.rules, fixtures.Rule{Path: ptr, Match: "number", Why: "the id captured as {{" + name + "}}"})
		return "{{" + name + "}}"
	}
	if r, ok := b.rule(ptr); ok {
		switch r.Match {
		case "id":
			b.rules = append(b.rules, fixtures.Rule{Path: ptr, Match: "id", Why: r.Why})
			return v
		case "link":
			if l, ok := b.link(ptr, s, r.Why); ok {
				b.rules = append(b.rules, l)
			}
			return v
		case "datetime", "date", "ignore", "number":
			b.rules = append(b.rules, fixtures.Rule{Path: ptr, Match: r.Match, Why: r.Why, Discrepancy: r.Discrepancy})
			return v
		}
	}
	if !isString {
		return v
	}
	if _, err := time.Parse(time.RFC3339, s); err == nil {
		b.rules = append(b.rules, fixtures.Rule{Path: ptr, Match: "datetime", Why: "a time the target set"})
		return v
	}
	if strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "https://") {
		target, _ := url.Parse(b.rec.target)
		if u, err := url.Parse(s); err == nil && target != nil && (u.Host == target.Host || u.Host == b.host ||
			strings.HasPrefix(u.Path, "/mobproc/v1/") || strings.HasPrefix(u.Path, "/1/")) {
			if l, ok := b.link(ptr, s, "a link to the target: its path is compared, not its host"); ok {
				b.rules = append(b.rules, l)
			}
		}
	}
	return v
}

// link is the rule for a link at ptr: its path and query, with captured
// ids as variables.
func (b *expectation) link(ptr, s, why string) (fixtures.Rule, bool) {
	u, err := url.Parse(s)
	if err != nil || !u.IsAbs() {
		return fixtures.Rule{}, false
	}
	return fixtures.Rule{Path: ptr, Match: "link", Pattern: b.vars.substituteURI(u), Why: why}, true
}
