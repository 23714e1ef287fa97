package conformance

import (
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/mobmock/mobmock/fixtures"
	"github.com/mobmock/mobmock/internal/jsonpatch"
	"github.com/mobmock/mobmock/schemas"
	"github.com/mobmock/mobmock/spec"
)

// Coverage says what a run exercised of the contract, per operation.
type Coverage struct {
	Operations []OperationCoverage `json:"operations"`
}

// OperationCoverage is one operation's share: which documented status
// codes came back, which request properties were sent and which mutated
// (by generated negative cases), and which response properties came back.
// Properties are JSON pointers with "*" for any array item; a schema's
// alternatives (oneOf) all count.
type OperationCoverage struct {
	API       string `json:"api"`
	Operation string `json:"operation"`
	Method    string `json:"method"`
	Path      string `json:"path"`
	Requests  int    `json:"requests"`

	Statuses         Share `json:"statuses"`
	RequestSent      Share `json:"requestPropertiesSent"`
	RequestMutated   Share `json:"requestPropertiesMutated"`
	ResponseReceived Share `json:"responsePropertiesReceived"`
}

// Share is what part of a documented set a run covered.
type Share struct {
	Covered int `json:"covered"`
	Total   int `json:"total"`
	// Missing lists what was not covered.
	Missing []string `json:"missing,omitempty"`
}

// Percent is the covered share as a percentage (100 for an empty set).
func (s Share) Percent() float64 {
	if s.Total == 0 {
		return 100
	}
	return 100 * float64(s.Covered) / float64(s.Total)
}

func share(universe, seen map[string]bool) Share {
	s := Share{Total: len(universe)}
	for k := range universe {
		if seen[k] {
			s.Covered++
		} else {
			s.Missing = append(s.Missing, k)
		}
	}
	sort.Strings(s.Missing)
	return s
}

// opKey names an operation: "POST /mobproc/v1/orders".
type opKey struct{ method, path string }

// opInfo is what the contract documents of one operation.
type opInfo struct {
	api, id           string
	statuses          map[string]bool
	request, response map[string]bool
}

// seenOp is what a run saw of one operation.
type seenOp struct {
	requests          int
	statuses          map[string]bool
	sent, received    map[string]bool
	mutated           map[string]bool
	responseUniverses map[int]bool
}

// coverage collects what a run exercises.
type coverage struct {
	specs *spec.Specs
	ops   map[opKey]*opInfo
	order []opKey

	mu   sync.Mutex // guards seen
	seen map[opKey]*seenOp
}

// newCoverage reads every operation of the contract with what it
// documents.
func newCoverage(sp *spec.Specs) *coverage {
	c := &coverage{specs: sp, ops: map[opKey]*opInfo{}, seen: map[opKey]*seenOp{}}
	w := &schemaWalker{cache: map[string]any{}}
	eachPath(sp, func(d *spec.Document, _ *openapi3.T, p string, item *openapi3.PathItem) {
		for method, op := range item.Operations() {
			k := opKey{method, d.Base + p}
			info := &opInfo{api: string(d.API), id: op.OperationID, statuses: map[string]bool{}, request: map[string]bool{}, response: map[string]bool{}}
			for code := range op.Responses.Map() {
				if _, err := strconv.Atoi(code); err == nil {
					info.statuses[code] = true
				}
			}
			if name := spec.RequestSchema(op); name != "" {
				w.props(name, "", info.request, 0)
			}
			// Query parameters count as request properties, as "?name".
			for _, pr := range parameters(item, op) {
				if pr.Value != nil && pr.Value.In == "query" {
					info.request["?"+pr.Value.Name] = true
				}
			}
			for code := range info.statuses {
				n, _ := strconv.Atoi(code)
				if n < 400 {
					if name := spec.ResponseSchema(op, n); name != "" {
						w.props(name, "", info.response, 0)
					}
				}
			}
			c.ops[k] = info
			c.order = append(c.order, k)
		}
	})
	sort.Slice(c.order, func(i, j int) bool {
		if c.order[i].path != c.order[j].path {
			return c.order[i].path < c.order[j].path
		}
		return c.order[i].method < c.order[j].method
	})
	return c
}

// route finds the documented operation of a request path.
func (c *coverage) route(method, p string) (opKey, *opInfo) {
	req := &http.Request{Method: method, URL: &url.URL{Path: p}, Header: http.Header{}}
	_, route, _, err := c.specs.FindRoute(req)
	if err != nil || route == nil {
		return opKey{}, nil
	}
	for _, d := range c.specs.Docs {
		if k := (opKey{method, d.Base + route.Path}); c.ops[k] != nil && c.ops[k].id == route.Operation.OperationID {
			return k, c.ops[k]
		}
	}
	return opKey{}, nil
}

// record notes one exchange: docPath is the documented path of the request.
func (c *coverage) record(method, docPath string, query url.Values, hasBody bool, reqBody []byte, status int, respBody any) {
	if c == nil {
		return
	}
	k, info := c.route(method, docPath)
	if info == nil {
		// A method the path does not take: the answer (405) counts for
		// the operations the path has.
		for _, m := range []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete} {
			if k, info := c.route(m, docPath); info != nil && m != method {
				c.mu.Lock()
				c.seenOp(k).statuses[strconv.Itoa(status)] = true
				c.mu.Unlock()
			}
		}
		return
	}
	var sent []string
	for k := range query {
		sent = append(sent, "?"+k)
	}
	if hasBody && len(reqBody) > 0 {
		if v, err := schemas.Decode(reqBody); err == nil {
			sent = append(sent, pointers(v)...)
		}
	}
	received := pointers(respBody)
	c.mu.Lock()
	defer c.mu.Unlock()
	s := c.seenOp(k)
	s.requests++
	s.statuses[strconv.Itoa(status)] = true
	for _, p := range sent {
		s.sent[p] = true
	}
	if status < 400 {
		for _, p := range received {
			s.received[p] = true
		}
	}
}

// seenOp returns what the run saw of operation k; c.mu must be held.
func (c *coverage) seenOp(k opKey) *seenOp {
	s := c.seen[k]
	if s == nil {
		s = &seenOp{statuses: map[string]bool{}, sent: map[string]bool{}, received: map[string]bool{}, mutated: map[string]bool{}}
		c.seen[k] = s
	}
	return s
}

// mutatedBy returns, per operation, the properties the generated negative
// cases among cases mutate.
func (r *Runner) mutatedBy(cases []*fixtures.Case) map[opKey]map[string]bool {
	out := map[opKey]map[string]bool{}
	for _, c := range cases {
		if !c.HasTag(KindNegative) || !c.HasTag("generated") || len(c.Steps) == 0 {
			continue
		}
		st := c.Steps[0]
		k, info := r.cov.route(st.Request.Method, st.Request.Path)
		if info == nil {
			continue
		}
		if out[k] == nil {
			out[k] = map[string]bool{}
		}
		if len(st.Request.Patch) > 0 {
			out[k][generalise(st.Request.Patch[0].Path)] = true
		}
		for q := range st.Request.Query {
			out[k]["?"+q] = true
		}
	}
	return out
}

// report computes the coverage of the run.
func (c *coverage) report(mutated map[opKey]map[string]bool) *Coverage {
	cov := &Coverage{}
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, k := range c.order {
		info := c.ops[k]
		s := c.seen[k]
		if s == nil {
			s = &seenOp{}
		}
		cov.Operations = append(cov.Operations, OperationCoverage{
			API: info.api, Operation: info.id, Method: k.method, Path: k.path, Requests: s.requests,
			Statuses:         share(info.statuses, s.statuses),
			RequestSent:      share(info.request, s.sent),
			RequestMutated:   share(info.request, mutated[k]),
			ResponseReceived: share(info.response, s.received),
		})
	}
	return cov
}

// Below returns the operations with a share under min percent.
func (c *Coverage) Below(min float64) []OperationCoverage {
	var out []OperationCoverage
	for _, o := range c.Operations {
		if o.Statuses.Percent() < min || o.RequestSent.Percent() < min || o.ResponseReceived.Percent() < min {
			out = append(out, o)
		}
	}
	return out
}

// Total is the coverage of all operations together, as one percentage:
// statuses, request properties sent and response properties received,
// counted together.
func (c *Coverage) Total() float64 {
	covered, total := 0, 0
	for _, o := range c.Operations {
		for _, s := range []Share{o.Statuses, o.RequestSent, o.ResponseReceived} {
			covered += s.Covered
			total += s.Total
		}
	}
	if total == 0 {
		return 100
	}
	return 100 * float64(covered) / float64(total)
}

// WriteText writes the coverage as a table, one operation a line, and the
// gaps of the operations below 100%.
func (c *Coverage) WriteText(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "coverage: %.1f%% of documented statuses, request and response properties\n", c.Total())
	fmt.Fprintf(&b, "  %-8s %-45s %5s %9s %9s %9s %9s\n", "method", "path", "reqs", "statuses", "req sent", "mutated", "response")
	for _, o := range c.Operations {
		fmt.Fprintf(&b, "  %-8s %-45s %5d %8.0f%% %8.0f%% %8.0f%% %8.0f%%\n", o.Method, o.Path, o.Requests,
			o.Statuses.Percent(), o.RequestSent.Percent(), o.RequestMutated.Percent(), o.ResponseReceived.Percent())
	}
	for _, o := range c.Operations {
		gaps := []string{}
		if len(o.Statuses.Missing) > 0 {
			gaps = append(gaps, "statuses never seen: "+strings.Join(o.Statuses.Missing, ", "))
		}
		if len(o.RequestSent.Missing) > 0 {
			gaps = append(gaps, "request properties never sent: "+abbreviate(o.RequestSent.Missing))
		}
		if len(o.ResponseReceived.Missing) > 0 {
			gaps = append(gaps, "response properties never seen: "+abbreviate(o.ResponseReceived.Missing))
		}
		if len(gaps) > 0 {
			fmt.Fprintf(&b, "  %s %s (%s):\n    %s\n", o.Method, o.Path, o.Operation, strings.Join(gaps, "\n    "))
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// abbreviate lists up to 8 items and says how many more there are.
func abbreviate(items []string) string {
	if len(items) <= 8 {
		return strings.Join(items, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(items[:8], ", "), len(items)-8)
}

// pointers lists the pointers of every value in v, array indices as "*".
func pointers(v any) []string {
	var leaves []leaf
	walk("", v, &leaves)
	seen := map[string]bool{}
	var out []string
	for _, l := range leaves {
		if l.ptr == "" {
			continue
		}
		g := generalise(l.ptr)
		if !seen[g] {
			seen[g] = true
			out = append(out, g)
		}
	}
	return out
}

// generalise replaces the array indices of a pointer with "*".
func generalise(ptr string) string {
	toks, err := jsonpatch.Split(ptr)
	if err != nil {
		return ptr
	}
	out := ""
	for _, t := range toks {
		if isIndex(t) {
			out += "/*"
		} else {
			out = jsonpatch.Append(out, t)
		}
	}
	return out
}

// schemaWalker lists the properties a JSON schema of package schemas
// documents, following $refs across the files.
type schemaWalker struct {
	cache map[string]any // decoded schema files by name
}

func (w *schemaWalker) file(name string) any {
	if v, ok := w.cache[name]; ok {
		return v
	}
	var v any
	if data, err := fs.ReadFile(schemas.FS, name); err == nil {
		_ = json.Unmarshal(data, &v)
	}
	w.cache[name] = v
	return v
}

// props adds to out every property pointer (below prefix) of the schema
// ref ("mobproc/order-request.json", or with a "#/$defs/x" fragment).
func (w *schemaWalker) props(ref, prefix string, out map[string]bool, depth int) {
	file, frag, _ := strings.Cut(ref, "#")
	node := w.file(file)
	if frag != "" {
		var err error
		if node, err = jsonpatch.Get(node, frag); err != nil {
			return
		}
	}
	w.node(file, node, prefix, out, depth)
}

func (w *schemaWalker) node(file string, n any, prefix string, out map[string]bool, depth int) {
	m, ok := n.(map[string]any)
	if !ok || depth > 12 {
		return
	}
	if ref, ok := m["$ref"].(string); ok {
		target := ref
		if f, frag, _ := strings.Cut(ref, "#"); f == "" {
			target = file + "#" + frag
		} else {
			target = path.Join(path.Dir(file), f)
			if frag != "" {
				target += "#" + frag
			}
		}
		w.props(target, prefix, out, depth+1)
	}
	if ps, ok := m["properties"].(map[string]any); ok {
		for k, v := range ps {
			p := jsonpatch.Append(prefix, k)
			out[p] = true
			w.node(file, v, p, out, depth+1)
		}
	}
	if it, ok := m["items"]; ok {
		w.node(file, it, prefix+"/*", out, depth+1)
	}
	for _, key := range []string{"oneOf", "anyOf", "allOf"} {
		if list, ok := m[key].([]any); ok {
			for _, s := range list {
				w.node(file, s, prefix, out, depth+1)
			}
		}
	}
	for _, key := range []string{"then", "else"} {
		if s, ok := m[key]; ok {
			w.node(file, s, prefix, out, depth+1)
		}
	}
}
