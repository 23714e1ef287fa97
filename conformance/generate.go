package conformance

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"path"
	"regexp"
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

// Generated case kinds, the second part of a generated case's name.
const (
	KindNegative = "negative"
	KindPositive = "positive"
	KindStateful = "stateful"
)

// mutation is one change of a valid payload that the contract refuses, and
// the problem the target must report for it.
type mutation struct {
	// op is the change, as an RFC 6902 operation on the payload.
	op jsonpatch.Op
	// what says in words what was changed ("dropped the required field").
	what string
	// problem is what the contract (package schemas, in the run's reading)
	// reports: the pointer the target must name, and its code.
	problem schemas.Problem
}

// base is a payload the contract accepts in the run's reading, with the
// operation it is sent to.
type base struct {
	api     schemas.API
	name    string // the type, for case names: "suspend", "new-line"
	path    string
	query   map[string]string
	payload any
}

// generator builds the generated cases of a run from the seed.
type generator struct {
	rng     *rand.Rand
	schemas *schemas.Set
	mode    schemas.Mode
	n       int
}

// generate returns n generated cases per operation of the contract, the
// same for the same seed, contract and fixtures: negative ones for the two
// operations with request bodies (a valid payload mutated one way), negative
// query parameters for the lookups, positive ones with ids found through the
// target's own lookups, and short stateful flows.
func (r *Runner) generate() []*fixtures.Case {
	g := &generator{rng: rand.New(rand.NewPCG(uint64(r.cfg.Seed), 0x6d6f626d6f636b)), schemas: r.schemas, n: r.cfg.Generate, mode: schemas.Lenient}
	if r.cfg.Strict {
		g.mode = schemas.Strict
	}
	var out []*fixtures.Case
	bases := g.bases(r.cases)
	for _, api := range []schemas.API{schemas.MOBPROC, schemas.Mobile} {
		var mine []base
		for _, b := range bases {
			if b.api == api {
				mine = append(mine, b)
			}
		}
		out = append(out, g.bodyCases(api, mine)...)
	}
	out = append(out, g.parameterCases(r)...)
	out = append(out, g.lookupCases()...)
	out = append(out, g.statusCases()...)
	return out
}

// bases returns the payloads of the fixtures' positive request cases (one
// per transaction and activity type) that the contract accepts in the run's
// reading without an error.
func (g *generator) bases(set *fixtures.Set) []base {
	var out []base
	for _, c := range set.Cases {
		if !strings.HasSuffix(c.File, "/requests.json") || len(c.Steps) == 0 {
			continue
		}
		st := c.Steps[0]
		api := schemas.API(fixtures.APIOf(st.Request.Path))
		if st.Request.Payload == nil || st.Request.UsesCaptures() || api == "" {
			continue
		}
		exp := st.Expect
		if g.mode == schemas.Strict && st.Strict != nil {
			exp = *st.Strict
		}
		// A base is what the fixtures say the target accepts in this
		// reading, and what the contract accepts without an error.
		if exp.Status/100 != 2 || hasError(g.schemas.Validate(st.Request.Payload, api, g.mode)) {
			continue
		}
		parts := strings.Split(c.Name, "/")
		out = append(out, base{api: api, name: parts[1], path: st.Request.Path, query: st.Request.Query, payload: st.Request.Payload})
	}
	return out
}

func hasError(ps []schemas.Problem) bool {
	for _, p := range ps {
		if p.Severity == schemas.Error {
			return true
		}
	}
	return false
}

// bodyCases returns g.n cases for the body operation of api: about two in
// three negative, the rest positive and stateful.
func (g *generator) bodyCases(api schemas.API, bases []base) []*fixtures.Case {
	if len(bases) == 0 || g.n <= 0 {
		return nil
	}
	op := "createOrder"
	if api == schemas.Mobile {
		op = "createActivity"
	}
	// Every change of every base, in a fixed order, shuffled by the seed;
	// the contract's validator keeps, in that order, those it refuses
	// (checking only as many as the run needs).
	var cands []candidate
	for _, b := range bases {
		cands = append(cands, g.mutations(b)...)
	}
	g.rng.Shuffle(len(cands), func(i, j int) { cands[i], cands[j] = cands[j], cands[i] })
	nNeg := g.n - g.n/3
	var out []*fixtures.Case
	for _, c := range cands {
		if len(out) == nNeg {
			break
		}
		if m, ok := g.check(c); ok {
			out = append(out, negativeCase(op, c.b, m, len(out)))
		}
	}
	for i := len(out); i < g.n; i++ {
		b := bases[g.rng.IntN(len(bases))]
		if i%2 == 0 {
			out = append(out, g.positiveCase(op, b, i))
		} else {
			out = append(out, g.statefulCase(api, op, i))
		}
	}
	return out
}

// negativeCase is the case that sends b with m applied and expects a 4xx in
// the API's error shape naming m's field.
func negativeCase(op string, b base, m mutation, i int) *fixtures.Case {
	body, _ := json.Marshal(b.payload)
	patched, err := jsonpatch.Apply(b.payload, []jsonpatch.Op{m.op})
	if err != nil {
		panic(err) // the mutation was built on this payload and checked
	}
	code := m.problem.Code
	return &fixtures.Case{
		Name:    fmt.Sprintf("generated/%s/%s/%s/%s-%d", strings.ToLower(op), KindNegative, b.name, nameSafe(m.problem.Pointer), i),
		Summary: fmt.Sprintf("A %s payload whose %s %s is refused with a 4xx naming %s (%s).", b.name, m.problem.Pointer, m.what, m.problem.Pointer, code),
		Tags:    []string{"generated", KindNegative},
		Steps: []fixtures.Step{{
			Request: fixtures.Request{Method: http.MethodPost, Path: b.path, Query: b.query, Body: body, Patch: []jsonpatch.Op{m.op}, Payload: patched},
			Expect: fixtures.Expect{Status: http.StatusBadRequest, StatusClass: "4xx",
				Problems: []fixtures.Problem{{Pointer: m.problem.Pointer, Code: code}}},
		}},
	}
}

// nameSafe turns a pointer into a case name part: "/orderRequest/serviceId"
// is "orderrequest.serviceid".
func nameSafe(ptr string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(strings.TrimPrefix(ptr, "/")) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '_', r == '-':
			b.WriteRune(r)
		case r == '/':
			b.WriteByte('.')
		}
	}
	if b.Len() == 0 {
		return "body"
	}
	return b.String()
}

// leaf is a value of a payload with its pointer.
type leaf struct {
	ptr string
	val any
}

func walk(ptr string, v any, out *[]leaf) {
	*out = append(*out, leaf{ptr, v})
	switch x := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			walk(jsonpatch.Append(ptr, k), x[k], out)
		}
	case []any:
		for i, e := range x {
			walk(ptr+"/"+strconv.Itoa(i), e, out)
		}
	}
}

// extraField is the name of the field a mutation adds.
const extraField = "mobmockUnexpected"

// candidate is a change of a payload that the contract may refuse.
type candidate struct {
	b    base
	op   jsonpatch.Op
	what string
	want string // the pointer the refusal must name
}

// check returns the mutation when the contract refuses c with an error at
// the changed field.
func (g *generator) check(c candidate) (mutation, bool) {
	p, err := jsonpatch.Apply(c.b.payload, []jsonpatch.Op{c.op})
	if err != nil {
		return mutation{}, false
	}
	for _, pr := range g.schemas.Validate(p, c.b.api, g.mode) {
		if pr.Severity == schemas.Error && pr.Pointer == c.want {
			return mutation{op: c.op, what: c.what, problem: pr}, true
		}
	}
	return mutation{}, false
}

// mutations returns every single change of b's payload that the contract
// may refuse with an error at the changed field (check says which do): drop a field, give it the
// wrong type, an out-of-enum or pattern-breaking string, a string too long,
// boundary numbers, an extra field (an error only in the strict reading),
// a wrong discriminator value (an enum mutation of transactionType or
// activity_type_id). Which of those are refusals, and what the problem is,
// the contract's own validator says.
func (g *generator) mutations(b base) []candidate {
	var leaves []leaf
	walk("", b.payload, &leaves)
	var out []candidate
	try := func(op jsonpatch.Op, what, want string) {
		out = append(out, candidate{b: b, op: op, what: what, want: want})
	}
	raw := func(v any) json.RawMessage {
		data, _ := json.Marshal(v)
		return data
	}
	for _, l := range leaves {
		if l.ptr == "" {
			continue
		}
		if _, last := jsonpatch.Parent(l.ptr); !isIndex(last) {
			try(jsonpatch.Op{Op: "remove", Path: l.ptr}, "is missing", l.ptr)
		}
		switch v := l.val.(type) {
		case string:
			try(jsonpatch.Op{Op: "replace", Path: l.ptr, Value: raw(json.Number("12345"))}, "is a number, not a string", l.ptr)
			try(jsonpatch.Op{Op: "replace", Path: l.ptr, Value: raw("NOT_A_VALID_VALUE")}, "is a value the contract does not allow", l.ptr)
			try(jsonpatch.Op{Op: "replace", Path: l.ptr, Value: raw(strings.Repeat("x", 1025))}, "is too long", l.ptr)
			if v != "" {
				try(jsonpatch.Op{Op: "replace", Path: l.ptr, Value: raw("")}, "is empty", l.ptr)
			}
		case json.Number:
			try(jsonpatch.Op{Op: "replace", Path: l.ptr, Value: raw("not-a-number")}, "is a string, not a number", l.ptr)
			for _, n := range []string{"-1", "0", "99999999999"} {
				if n != v.String() {
					try(jsonpatch.Op{Op: "replace", Path: l.ptr, Value: raw(json.Number(n))}, "is "+n, l.ptr)
				}
			}
		case bool:
			try(jsonpatch.Op{Op: "replace", Path: l.ptr, Value: raw("yes")}, "is a string, not a boolean", l.ptr)
		case map[string]any:
			try(jsonpatch.Op{Op: "replace", Path: l.ptr, Value: raw("text")}, "is a string, not an object", l.ptr)
			try(jsonpatch.Op{Op: "add", Path: jsonpatch.Append(l.ptr, extraField), Value: raw("x")}, "has a field the contract does not name", jsonpatch.Append(l.ptr, extraField))
		case []any:
			try(jsonpatch.Op{Op: "replace", Path: l.ptr, Value: raw("text")}, "is a string, not a list", l.ptr)
			try(jsonpatch.Op{Op: "replace", Path: l.ptr, Value: raw([]any{})}, "is an empty list", l.ptr)
		}
	}
	// The top-level object may take no extra field either.
	try(jsonpatch.Op{Op: "add", Path: "/" + extraField, Value: raw("x")}, "has a field the contract does not name", "/"+extraField)
	return out
}

func isIndex(tok string) bool {
	_, err := strconv.Atoi(tok)
	return err == nil
}

// positiveCase sends a valid payload, with ids found through the target's
// own lookups where the type allows, and expects it accepted: a
// confirmation for MOBPROC (nothing is written), a creation for Mobile.
func (g *generator) positiveCase(op string, b base, i int) *fixtures.Case {
	payload := jsonpatch.Clone(b.payload)
	var steps []fixtures.Step
	var patch []jsonpatch.Op
	unique := fmt.Sprintf("%s-%d", "{{unique}}", i)
	switch b.api {
	case schemas.MOBPROC:
		if _, err := jsonpatch.Get(payload, "/orderRequest/externalOrderNumber"); err == nil {
			patch = append(patch, jsonpatch.Op{Op: "replace", Path: "/orderRequest/externalOrderNumber", Value: mustRaw(unique)})
		}
		// Only types whose sole world constraint is an ACTIVE service
		// take a looked-up one: the others name devices and plans that
		// must go with their service.
		if tt, _ := jsonpatch.Get(payload, "/orderRequest/transactionType"); tt == "SUSPEND" || tt == "DEACTIVATE" {
			steps = append(steps, findService())
			patch = append(patch, jsonpatch.Op{Op: "replace", Path: "/orderRequest/serviceId", Value: mustRaw("{{serviceId}}")})
		}
	case schemas.Mobile:
		if _, err := jsonpatch.Get(payload, "/activity/remote_activity_id"); err == nil {
			patch = append(patch, jsonpatch.Op{Op: "replace", Path: "/activity/remote_activity_id", Value: mustRaw(unique)})
		}
		if id, _ := jsonpatch.Get(payload, "/activity/activity_type_id"); fmt.Sprint(id) == "2" {
			steps = append(steps, findLine())
			patch = append(patch,
				jsonpatch.Op{Op: "replace", Path: "/activity/line_id", Value: mustRaw("{{lineId:number}}")},
				jsonpatch.Op{Op: "replace", Path: "/activity/employee_id", Value: mustRaw("{{employeeId}}")})
		}
	}
	body, _ := json.Marshal(payload)
	patched, err := jsonpatch.Apply(payload, patch)
	if err != nil {
		panic(err)
	}
	status := http.StatusOK
	if b.api == schemas.Mobile {
		status = http.StatusCreated
	}
	send := fixtures.Step{
		Name:    "send",
		Request: fixtures.Request{Method: http.MethodPost, Path: b.path, Query: b.query, Body: body, Patch: patch, Payload: patched},
		Expect:  fixtures.Expect{Status: status, Unusable: []int{http.StatusConflict}},
	}
	if lineTypes[b.name] && len(steps) == 0 {
		// The documented line may have an open activity from an earlier
		// run: then another line, looked up.
		f := findLine()
		send.Otherwise = &fixtures.Otherwise{Request: f.Request, Find: *f.Find, Patch: []jsonpatch.Op{
			{Op: "replace", Path: "/activity/line_id", Value: mustRaw("{{lineId:number}}")},
			{Op: "replace", Path: "/activity/employee_id", Value: mustRaw("{{employeeId}}")}}}
	}
	steps = append(steps, send)
	return &fixtures.Case{
		Name:    fmt.Sprintf("generated/%s/%s/%s-%d", strings.ToLower(op), KindPositive, b.name, i),
		Summary: fmt.Sprintf("A valid %s payload, with ids the target's lookups list, is accepted.", b.name),
		Tags:    []string{"generated", KindPositive},
		Steps:   steps,
	}
}

// lineTypes are the Mobile activity types whose only world constraint is a
// line of the employee in the right state: any active line will do.
var lineTypes = map[string]bool{"suspend": true, "unsuspend": true, "reactivate-line": true, "line-assignment": true,
	"line-cancel": true, "transfer-of-liability-corporate-to-personal": true}

func mustRaw(v any) json.RawMessage {
	data, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return data
}

// findService is a lookup step that finds an ACTIVE service other than the
// documented ones (which the fixtures keep as the documents show them).
func findService() fixtures.Step {
	return fixtures.Step{
		Name:    "find a service",
		Request: fixtures.Request{Method: http.MethodGet, Path: "/mobproc/v1/assets/services", Query: map[string]string{"limit": "100"}},
		Expect:  fixtures.Expect{Status: http.StatusOK},
		Find: &fixtures.Find{Items: "/services/items", Where: map[string]any{"status": "ACTIVE"},
			// Mike McPadden's services are left to the documented
			// SWAP_DEVICES flow, whose new device must be one of his.
			Avoid: map[string][]string{"/id": {"34415733", "38382335", "38382349", "38382400", "38382401", "38382402"},
				"/accountHolder/id": {"28673741"}},
			Capture: map[string]string{"serviceId": "/id"}, What: "ACTIVE service with no open order", Pages: 2, Next: "/services/_meta/hrefNext"},
	}
}

// findLine is a lookup step that finds an active line other than the
// documented ones.
func findLine() fixtures.Step {
	return fixtures.Step{
		Name:    "find a line",
		Request: fixtures.Request{Method: http.MethodGet, Path: "/1/lines", Query: map[string]string{"per_page": "100"}},
		Expect:  fixtures.Expect{Status: http.StatusOK},
		Find: &fixtures.Find{Items: "", Where: map[string]any{"status": "active"},
			Avoid:   map[string][]string{"/id": {"807778", "807729", "807728", "3583821", "813736"}},
			Capture: map[string]string{"lineId": "/id", "employeeId": "/employee_id"}, What: "active line with no open activity", Pages: 2},
	}
}

// statefulCase is a short flow over one lifecycle with ids carried from
// step to step, each answer checked against the contract and the reads
// against what the write answered: MOBPROC confirm, submit, read back,
// history; Mobile create, read back, list.
func (g *generator) statefulCase(api schemas.API, op string, i int) *fixtures.Case {
	c := &fixtures.Case{Tags: []string{"generated", KindStateful}}
	if api == schemas.MOBPROC {
		number := fmt.Sprintf("{{unique}}-%d", i)
		contact := strconv.Itoa(2030000000 + g.rng.IntN(9999999))
		body := mustRaw(map[string]any{"orderRequest": map[string]any{"transactionType": "SUSPEND", "serviceId": "{{serviceId}}",
			"externalOrderNumber": number, "properties": []any{map[string]any{"groupId": "MISCELLANEOUS",
				"fields": []any{map[string]any{"id": "CONTACT_NUMBER", "type": "TEXT", "text": contact}}}}}})
		var payload any
		_ = jsonpatch.Unmarshal(body, &payload)
		c.Name = fmt.Sprintf("generated/%s/%s/suspend-%d", strings.ToLower(op), KindStateful, i)
		c.Summary = "A SUSPEND of a looked-up service: confirmed, submitted, read back as submitted (and by no other tenant), its history starting at ORDER_SUBMITTED."
		c.Steps = []fixtures.Step{
			findService(),
			{Name: "confirm", Request: fixtures.Request{Method: http.MethodPost, Path: "/mobproc/v1/orders", Query: map[string]string{"confirm": "true"}, Body: body, Payload: payload},
				Expect: fixtures.Expect{Status: http.StatusOK, Unusable: []int{http.StatusConflict},
					Want: map[string]any{"status": "SUCCESS", "orderConfirmation": map[string]any{"transactionType": "SUSPEND", "service": map[string]any{"id": "{{serviceId}}"}}}}},
			{Name: "submit", Request: fixtures.Request{Method: http.MethodPost, Path: "/mobproc/v1/orders", Body: body, Payload: payload},
				Expect: fixtures.Expect{Status: http.StatusOK, Unusable: []int{http.StatusConflict},
					Want: map[string]any{"status": "SUCCESS", "order": map[string]any{"transactionType": "SUSPEND", "status": "ORDER_SUBMITTED", "externalOrderNumber": number}}},
				Capture: map[string]string{"orderId": "/order/orderId", "segmentId": "/order/orderSegments/items/0/orderSegmentId", "submitted": ""}},
			{Name: "read back", Request: fixtures.Request{Method: http.MethodGet, Path: "/mobproc/v1/orders/{{orderId}}"},
				Expect: fixtures.Expect{Status: http.StatusOK, SameAs: "submitted", Use: []string{"links"}}},
			{Name: "another tenant cannot read it", Request: fixtures.Request{Method: http.MethodGet, Path: "/mobproc/v1/orders/{{orderId}}", Headers: map[string]string{"X-TNGO-TENANT": "{{otherTenant}}"}},
				Expect: fixtures.Expect{Status: http.StatusNotFound}},
			{Name: "history", Request: fixtures.Request{Method: http.MethodGet, Path: "/mobproc/v1/orders/{{orderId}}/history", Query: map[string]string{"orderSegment": "{{segmentId}}"}},
				Expect: fixtures.Expect{Status: http.StatusOK, Want: map[string]any{"status": "SUCCESS", "history": map[string]any{"orderId": "{{orderId}}", "orderSegmentId": "{{segmentId}}"}}},
				Find:   &fixtures.Find{Items: "/history/items", Where: map[string]any{"status": "ORDER_SUBMITTED"}, What: "the submission in the history", Must: true}},
		}
		return c
	}
	comment := fmt.Sprintf("generated %d", g.rng.IntN(1_000_000))
	body := mustRaw(map[string]any{"activity": map[string]any{"activity_type_id": 2, "line_id": "{{lineId:number}}", "employee_id": "{{employeeId}}",
		"comment": comment, "remote_activity_id": fmt.Sprintf("{{unique}}-%d", i)}})
	var payload any
	_ = jsonpatch.Unmarshal(body, &payload)
	c.Name = fmt.Sprintf("generated/%s/%s/suspend-%d", strings.ToLower(op), KindStateful, i)
	c.Summary = "A Suspend of a looked-up line: created, read back as created (and by no other tenant), listed for its employee."
	c.Steps = []fixtures.Step{
		findLine(),
		{Name: "create", Request: fixtures.Request{Method: http.MethodPost, Path: "/1/activities", Body: body, Payload: payload},
			Expect: fixtures.Expect{Status: http.StatusCreated, Unusable: []int{http.StatusConflict},
				Want: map[string]any{"activity_type_id": json.Number("2"), "comment": comment}},
			Capture: map[string]string{"activityId": "/id", "created": ""}},
		{Name: "read back", Request: fixtures.Request{Method: http.MethodGet, Path: "/1/activities/{{activityId}}"},
			Expect: fixtures.Expect{Status: http.StatusOK, SameAs: "created", Rules: []fixtures.Rule{{Path: "/updated_at", Match: "datetime", Why: "may move on between the two reads"}}}},
		{Name: "another tenant cannot read it", Request: fixtures.Request{Method: http.MethodGet, Path: "/1/activities/{{activityId}}", Headers: map[string]string{"X-TNGO-TENANT": "{{otherTenant}}"}},
			Expect: fixtures.Expect{Status: http.StatusNotFound}},
		{Name: "listed", Request: fixtures.Request{Method: http.MethodGet, Path: "/1/activities", Query: map[string]string{"employee_id": "{{employeeId}}", "per_page": "100"}},
			Expect: fixtures.Expect{Status: http.StatusOK},
			Find:   &fixtures.Find{Items: "", Where: map[string]any{"id": "{{activityId}}"}, What: "the activity just created", Must: true, Pages: 50}},
	}
	return c
}

// fullSpecs loads the contract documents once, examples and all: the
// runtime bundles leave the examples out.
var fullSpecs = sync.OnceValues(func() (*spec.Specs, error) { return spec.New(spec.FS, schemas.FS) })

// pathExamples returns the contract's example of each path parameter; ok
// is false when one has none.
func pathExamples(ps openapi3.Parameters) (map[string]string, bool) {
	out := map[string]string{}
	for _, pr := range ps {
		if pr.Value == nil || pr.Value.In != "path" {
			continue
		}
		ex := pr.Value.Example
		if ex == nil && pr.Value.Schema != nil && pr.Value.Schema.Value != nil {
			if ex = pr.Value.Schema.Value.Example; ex == nil && len(pr.Value.Schema.Value.Enum) > 0 {
				ex = pr.Value.Schema.Value.Enum[0]
			}
		}
		if ex == nil {
			return nil, false
		}
		out[pr.Value.Name] = fmt.Sprint(ex)
	}
	return out, true
}

// requiredQuery returns the example values of the required query
// parameters; ok is false when one has no example.
func requiredQuery(ps openapi3.Parameters) (map[string]string, bool) {
	q := map[string]string{}
	for _, pr := range ps {
		if pr.Value == nil || pr.Value.In != "query" || !pr.Value.Required {
			continue
		}
		ex := pr.Value.Example
		if ex == nil && pr.Value.Schema != nil && pr.Value.Schema.Value != nil {
			ex = pr.Value.Schema.Value.Example
		}
		if ex == nil {
			return nil, false
		}
		q[pr.Value.Name] = fmt.Sprint(ex)
	}
	return q, true
}

// eachPath calls fn for every path of the contract's documents, in order.
func eachPath(sp *spec.Specs, fn func(d *spec.Document, t *openapi3.T, p string, item *openapi3.PathItem)) {
	for _, d := range sp.Docs {
		t, err := d.OpenAPI()
		if err != nil {
			continue
		}
		paths := t.Paths.InMatchingOrder()
		sort.Strings(paths)
		for _, p := range paths {
			fn(d, t, p, t.Paths.Value(p))
		}
	}
}

// parameters returns the parameters of op, those of its path included.
func parameters(item *openapi3.PathItem, op *openapi3.Operation) openapi3.Parameters {
	return append(append(openapi3.Parameters{}, item.Parameters...), op.Parameters...)
}

// parameterCases returns, for each lookup operation (a GET with query
// parameters), up to g.n cases that send one parameter out of its schema
// (a word for a number, a number out of range, a value not in the enum)
// and expect a 4xx naming the parameter.
func (g *generator) parameterCases(r *Runner) []*fixtures.Case {
	if g.n <= 0 {
		return nil
	}
	var out []*fixtures.Case
	eachPath(r.specs, func(d *spec.Document, _ *openapi3.T, p string, item *openapi3.PathItem) {
		op := item.Get
		if op == nil || strings.Contains(p, "{") {
			return
		}
		var cands [][2]string
		for _, pr := range parameters(item, op) {
			if pr.Value == nil || pr.Value.In != "query" || pr.Value.Schema == nil || pr.Value.Schema.Value == nil {
				continue
			}
			s, name := pr.Value.Schema.Value, pr.Value.Name
			switch {
			case len(s.Enum) > 0:
				cands = append(cands, [2]string{name, "NOT_A_VALID_VALUE"})
			case s.Type.Is("integer") || s.Type.Is("number"):
				cands = append(cands, [2]string{name, "abc"})
				if s.Min != nil {
					cands = append(cands, [2]string{name, strconv.FormatFloat(*s.Min-1, 'f', -1, 64)})
				}
				if s.Max != nil {
					cands = append(cands, [2]string{name, strconv.FormatFloat(*s.Max+1, 'f', -1, 64)})
				}
			case s.Type.Is("boolean"):
				cands = append(cands, [2]string{name, "maybe"})
			}
		}
		path := d.Base + p
		for i := 0; i < g.n && i < len(cands); i++ {
			c := cands[i]
			out = append(out, &fixtures.Case{
				Name:    fmt.Sprintf("generated/%s/%s/%s-%d", strings.ToLower(op.OperationID), KindNegative, nameSafe(c[0]), i),
				Summary: fmt.Sprintf("GET %s with %s=%s, outside the parameter's schema, is refused with a 4xx naming %s.", path, c[0], c[1], c[0]),
				Tags:    []string{"generated", KindNegative},
				Steps: []fixtures.Step{{
					Request: fixtures.Request{Method: http.MethodGet, Path: path, Query: map[string]string{c[0]: c[1]}},
					Expect: fixtures.Expect{Status: http.StatusBadRequest, StatusClass: "4xx",
						Problems: []fixtures.Problem{{Parameter: c[0], Code: "invalid-parameter"}}},
				}},
			})
		}
	})
	return out
}

var pathParam = regexp.MustCompile(`\{[^}]+\}`)

// lookupCases returns, for each lookup of the contract (a GET), one
// positive case: the list with its documented defaults, or an item read by
// an id its list gives (the first item) or, where no list gives one, by the
// contract's examples; answered 200 and checked against the contract.
// Lookups that need a query parameter the contract gives no example of are
// left out.
func (g *generator) lookupCases() []*fixtures.Case {
	full, err := fullSpecs()
	if err != nil {
		return nil
	}
	var out []*fixtures.Case
	eachPath(full, func(d *spec.Document, t *openapi3.T, p string, item *openapi3.PathItem) {
		op := item.Get
		if op == nil {
			return
		}
		query, ok := requiredQuery(parameters(item, op))
		if !ok {
			return
		}
		params := pathParam.FindAllStringIndex(p, -1)
		var steps []fixtures.Step
		switch {
		case len(params) == 0:
		case len(params) > 1 || params[0][1] != len(p) || t.Paths.Value(strings.TrimSuffix(p[:params[0][0]], "/")) == nil:
			// No list to take an id from: the contract's examples, except
			// for what a tenant creates (orders, activities), whose
			// documented ids exist only in the documents.
			ex, ok := pathExamples(parameters(item, op))
			if !ok || strings.HasPrefix(p, "/orders/") || strings.HasPrefix(p, "/activities/") {
				return
			}
			p = pathParam.ReplaceAllStringFunc(p, func(m string) string { return ex[m[1:len(m)-1]] })
		default:
			// /things/{id}: the id of the first of /things.
			list := strings.TrimSuffix(p[:params[0][0]], "/")
			li := t.Paths.Value(list)
			if li.Get == nil {
				return
			}
			if _, ok := requiredQuery(parameters(li, li.Get)); !ok {
				return
			}
			items, id := "", "/id"
			if d.API == schemas.MOBPROC {
				items = "/" + path.Base(list) + "/items"
				if path.Base(list) == "orders" {
					id = "/orderId"
				}
			}
			steps = append(steps, fixtures.Step{Name: "list", Request: fixtures.Request{Method: http.MethodGet, Path: d.Base + list},
				Expect: fixtures.Expect{Status: http.StatusOK},
				Find:   &fixtures.Find{Items: items, Capture: map[string]string{"id": id}, What: "item of " + d.Base + list}})
			p = p[:params[0][0]] + "{{id}}"
		}
		steps = append(steps, fixtures.Step{Name: "read", Request: fixtures.Request{Method: http.MethodGet, Path: d.Base + p, Query: query},
			Expect: fixtures.Expect{Status: http.StatusOK}})
		out = append(out, &fixtures.Case{
			Name:    fmt.Sprintf("generated/%s/%s/lookup", strings.ToLower(op.OperationID), KindPositive),
			Summary: fmt.Sprintf("GET %s answers 200 with a body the contract accepts.", d.Base+p),
			Tags:    []string{"generated", KindPositive},
			Steps:   steps,
		})
	})
	return out
}

// statusCases returns, from the documented error answers of the contract,
// one case per answer a client can provoke without breaking the target: 405
// for a method a path does not take, 415 for a body that is not JSON, 404
// for an item id that does not exist. Each expects the documented status.
func (g *generator) statusCases() []*fixtures.Case {
	full, err := fullSpecs()
	if err != nil {
		return nil
	}
	var out []*fixtures.Case
	documents := func(op *openapi3.Operation, status int) bool {
		return op != nil && op.Responses != nil && op.Responses.Value(strconv.Itoa(status)) != nil
	}
	add := func(name, summary string, rq fixtures.Request, status int) {
		out = append(out, &fixtures.Case{Name: "generated/" + name, Summary: summary, Tags: []string{"generated", KindNegative},
			Steps: []fixtures.Step{{Request: rq, Expect: fixtures.Expect{Status: status}}}})
	}
	eachPath(full, func(d *spec.Document, _ *openapi3.T, p string, item *openapi3.PathItem) {
		params := pathParam.FindAllStringIndex(p, -1)
		concrete := d.Base + pathParam.ReplaceAllString(p, "99999999")
		var any405 *openapi3.Operation
		for _, op := range item.Operations() {
			if documents(op, http.StatusMethodNotAllowed) {
				any405 = op
			}
		}
		if any405 != nil && item.Delete == nil && !strings.Contains(p, "{transactionType}") {
			add(strings.ToLower(any405.OperationID)+"/negative/method-not-allowed",
				fmt.Sprintf("DELETE %s, a method the path does not take, is answered 405.", d.Base+p),
				fixtures.Request{Method: http.MethodDelete, Path: concrete}, http.StatusMethodNotAllowed)
		}
		if op := item.Post; documents(op, http.StatusUnsupportedMediaType) && len(params) == 0 {
			body := "orderRequest=SUSPEND"
			q := map[string]string(nil)
			if d.API == schemas.MOBPROC {
				q = map[string]string{"confirm": "true"}
			}
			add(strings.ToLower(op.OperationID)+"/negative/not-json",
				fmt.Sprintf("POST %s with a text/plain body is answered 415.", d.Base+p),
				fixtures.Request{Method: http.MethodPost, Path: d.Base + p, Query: q, RawBody: &body, ContentType: "text/plain"}, http.StatusUnsupportedMediaType)
		}
		if op := item.Get; documents(op, http.StatusNotFound) && len(params) == 1 && params[0][1] == len(p) && !strings.Contains(p, "{transactionType}") {
			add(strings.ToLower(op.OperationID)+"/negative/unknown-id",
				fmt.Sprintf("GET %s, an id that does not exist, is answered 404.", concrete),
				fixtures.Request{Method: http.MethodGet, Path: concrete}, http.StatusNotFound)
		}
	})
	return out
}
