package mock_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"net/http"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/mobmock/mobmock/fixtures"
	"github.com/mobmock/mobmock/internal/jsonpatch"
	"github.com/mobmock/mobmock/mock"
	"github.com/mobmock/mobmock/mock/mocktest"
	"github.com/mobmock/mobmock/mock/store/storetest"
	"github.com/mobmock/mobmock/schemas"
)

// TestAnswers sends every fixture request (each step of every case in
// fixtures/cases, every documented request of fixtures/documented with its
// lifecycle, and every lookup) to a mock in each reading, and compares the
// status, the headers and the body of every answer byte for byte, and the
// journal of each case, with the answers recorded in testdata/answers. The
// clock and the id source are fixed, so the answers repeat exactly.
//
// The recorded answers change only on purpose: go test ./mock -run
// TestAnswers -update rewrites them, and the diff shows what changed.
//
// TestAnswersDurable sends them all to a mock whose state is in a bbolt
// file, in the lenient reading, and expects the same answers; then it
// starts a new mock on the file and expects every tenant's state (the
// admin dump: world changes, orders, activities) as it was.
func TestAnswers(t *testing.T) {
	for _, reading := range []string{"lenient", "strict"} {
		t.Run(reading, func(t *testing.T) { testAnswers(t, reading, mock.StateMemory) })
	}
}

func TestAnswersDurable(t *testing.T) {
	state := storetest.File(t)
	r := testAnswers(t, "lenient", state)
	dumps := func(srv *mocktest.Server) map[string]string {
		out := map[string]string{}
		var list struct{ Tenants []string }
		if err := json.Unmarshal([]byte(get(t, srv, "/__admin/tenants")), &list); err != nil {
			t.Fatal(err)
		}
		for _, name := range list.Tenants {
			out[name] = strings.ReplaceAll(get(t, srv, "/__admin/tenants/"+url.PathEscape(name)), srv.URL, "")
		}
		return out
	}
	before := dumps(r.srv)
	if len(before) < 50 {
		t.Fatalf("only %d tenants stored", len(before))
	}
	r.srv.Close()
	again := mocktest.Start(t, mock.Config{Admin: true, State: state, Now: func() time.Time { return answerClock }})
	if diff := cmp.Diff(before, dumps(again)); diff != "" {
		t.Errorf("after a restart, tenants differ (-before +after):\n%s", diff)
	}
}

// get answers GET path from srv, failing t on any status but 200.
func get(t *testing.T, srv *mocktest.Server, path string) string {
	t.Helper()
	resp, err := srv.Client().Get(srv.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("GET %s: %d %s %v", path, resp.StatusCode, b, err)
	}
	return string(b)
}

func testAnswers(t *testing.T, reading, state string) *recorder {
	set := cases(t)
	r := newAnswerRecorder(t, reading == "strict", state)
	byFile := map[string][]*fixtures.Case{}
	for _, c := range set.Cases {
		byFile[c.File] = append(byFile[c.File], c)
	}
	files := slices.Sorted(maps.Keys(byFile))
	for _, file := range files {
		list := byFile[file]
		name := strings.TrimSuffix(strings.TrimPrefix(file, "cases/"), ".json")
		t.Run(name, func(t *testing.T) {
			var out bytes.Buffer
			r.seq = 0
			for _, c := range list {
				r.runCase(&out, c)
			}
			compareGolden(t, filepath.Join("testdata", "answers", reading, name+".txt"), out.Bytes())
		})
	}
	t.Run("documented", func(t *testing.T) {
		var out bytes.Buffer
		r.seq = 0
		r.documented(t, &out)
		compareGolden(t, filepath.Join("testdata", "answers", reading, "documented.txt"), out.Bytes())
	})
	t.Run("lookups", func(t *testing.T) {
		var out bytes.Buffer
		r.seq = 0
		r.lookups(&out)
		compareGolden(t, filepath.Join("testdata", "answers", reading, "lookups.txt"), out.Bytes())
	})
	return r
}

func compareGolden(t *testing.T, file string, got []byte) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(file, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("%v (record the answers with -update)", err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("%s differs (-recorded +now):\n%s", file, diff)
	}
}

// answerClock is the fixed time of every recorded answer.
var answerClock = time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)

// recorder sends requests to one mock and writes them and their answers
// as text.
type recorder struct {
	t      *testing.T
	srv    *mocktest.Server
	strict bool
	hc     *http.Client
	seq    int
	vars   fixtures.Vars
}

func newAnswerRecorder(t *testing.T, strict bool, state string) *recorder {
	t.Helper()
	srv := mocktest.Start(t, mock.Config{
		Strict: strict, Admin: true, State: state,
		Now: func() time.Time { return answerClock },
		// Every tenant starts its ids at the same point, so a case's ids do
		// not depend on the cases before it.
		IDs: func() uint64 { return 4242 },
	})
	return &recorder{t: t, srv: srv, strict: strict, hc: srv.Client()}
}

// tenantOf derives a case's tenant from its name.
func tenantOf(name string) string {
	t := strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '.' {
			return r
		}
		return '.'
	}, name)
	return "g." + t[max(0, len(t)-56):]
}

func (r *recorder) runCase(out *bytes.Buffer, c *fixtures.Case) {
	tenant := tenantOf(c.Name)
	r.vars = fixtures.Vars{"tenant": tenant, "otherTenant": tenant + "-other", "clientId": "golden", "unique": "MM-" + tenant}
	fmt.Fprintf(out, "##### case %s\n", c.Name)
	strict := r.strict
	for i, st := range c.Steps {
		exp := st.Expect
		if strict && st.Strict != nil {
			exp = *st.Strict
		}
		fmt.Fprintf(out, "=== step %d %s\n", i+1, st.Name)
		req, err := r.build(st.Request)
		if err != nil {
			// Steps that need a value only a lookup step of the runner
			// (find) supplies cannot be built here; which variable is
			// missing first depends on map order, so the error itself is
			// not recorded.
			fmt.Fprintf(out, "cannot build: a variable has no value\n")
			continue
		}
		status, h, body := r.send(out, req)
		for name, src := range st.Capture {
			if v, ok := captured(src, body, h); ok {
				r.vars[name] = v
			}
		}
		if exp.Final && status == exp.Status {
			break
		}
	}
	r.journal(out, tenant)
}

// build makes the request of a fixture step as the conformance runner
// does: default headers, variables, the body and its content type.
func (r *recorder) build(rq fixtures.Request) (*http.Request, error) {
	p, err := r.vars.Expand(rq.Path)
	if err != nil {
		return nil, err
	}
	q := url.Values{}
	for k, v := range rq.Query {
		ev, err := r.vars.Expand(v)
		if err != nil {
			return nil, err
		}
		q.Set(k, ev)
	}
	h := http.Header{}
	for k, v := range fixtures.DefaultHeaders {
		ev, _ := r.vars.Expand(v)
		h.Set(k, ev)
	}
	for _, k := range rq.OmitHeaders {
		h.Del(k)
	}
	for k, v := range rq.Headers {
		ev, err := r.vars.Expand(v)
		if err != nil {
			return nil, err
		}
		h.Set(k, ev)
	}
	var body []byte
	switch {
	case rq.RawBody != nil:
		body = []byte(*rq.RawBody)
	case rq.Payload != nil:
		x, err := r.vars.ExpandJSON(rq.Payload)
		if err != nil {
			return nil, err
		}
		if body, err = json.Marshal(x); err != nil {
			return nil, err
		}
	}
	if body != nil {
		switch rq.ContentType {
		case "":
			h.Set("Content-Type", "application/json")
		case "none":
		default:
			h.Set("Content-Type", rq.ContentType)
		}
	}
	u := r.srv.URL + p
	if len(q) > 0 {
		u += "?" + q.Encode()
	}
	req, err := http.NewRequest(rq.Method, u, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	for k, v := range h {
		switch strings.ToLower(k) {
		case "client_id":
			k = "client_id"
		case "x-tngo-tenant":
			k = "X-TNGO-TENANT"
		case "host":
			req.Host = v[0]
			continue
		}
		req.Header[k] = v
	}
	return req, nil
}

// send sends req with a request id of its own and writes it and the answer
// to out: the status, every header but Date and X-Request-Id, and the body
// as it came, the mock's address written as http://mock.
func (r *recorder) send(out *bytes.Buffer, req *http.Request) (int, http.Header, any) {
	r.t.Helper()
	r.seq++
	req.Header.Set("X-Request-Id", "golden-"+strconv.Itoa(r.seq))
	target := strings.TrimPrefix(req.URL.String(), r.srv.URL)
	fmt.Fprintf(out, "%s %s\n", req.Method, target)
	resp, err := r.hc.Do(req)
	if err != nil {
		r.t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		r.t.Fatal(err)
	}
	fmt.Fprintf(out, "--- %d\n", resp.StatusCode)
	var names []string
	for k := range resp.Header {
		if k != "Date" && k != "X-Request-Id" {
			names = append(names, k)
		}
	}
	sort.Strings(names)
	for _, k := range names {
		for _, v := range resp.Header[k] {
			fmt.Fprintf(out, "%s: %s\n", k, strings.ReplaceAll(v, r.srv.URL, "http://mock"))
		}
	}
	out.Write(bytes.ReplaceAll(raw, []byte(r.srv.URL), []byte("http://mock")))
	if len(raw) > 0 && raw[len(raw)-1] != '\n' {
		out.WriteByte('\n')
	}
	var body any
	if strings.Contains(resp.Header.Get("Content-Type"), "json") && len(raw) > 0 {
		body, _ = schemas.Decode(raw)
	}
	return resp.StatusCode, resp.Header, body
}

// do sends a request as tenant.
func (r *recorder) do(out *bytes.Buffer, method, tenant, target string, body []byte) any {
	r.t.Helper()
	req, err := http.NewRequest(method, r.srv.URL+target, bytes.NewReader(body))
	if err != nil {
		r.t.Fatal(err)
	}
	req.Header["X-TNGO-TENANT"] = []string{tenant}
	req.Header["client_id"] = []string{"golden"}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	_, _, b := r.send(out, req)
	return b
}

// journal writes the case's journal entries.
func (r *recorder) journal(out *bytes.Buffer, tenant string) {
	fmt.Fprintf(out, "=== journal\n")
	r.do(out, "GET", tenant, "/__admin/journal?limit=100&tenant="+url.QueryEscape(tenant), nil)
}

func captured(src string, body any, h http.Header) (string, bool) {
	if name, ok := strings.CutPrefix(src, "header:"); ok {
		v := h.Get(name)
		return v, v != ""
	}
	v, err := jsonpatch.Get(body, src)
	if err != nil {
		return "", false
	}
	switch x := v.(type) {
	case string:
		return x, true
	case json.Number:
		return x.String(), true
	}
	return "", false
}

// documented sends each documented request through its whole lifecycle:
// MOBPROC's confirmed, submitted, read back, advanced to the end; the
// Mobile API's created, read back, advanced to the end; with the tenant's
// state after each.
func (r *recorder) documented(t *testing.T, out *bytes.Buffer) {
	names, err := fs.Glob(fixtures.FS, "documented/*/*.request.json")
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(names)
	for _, name := range names {
		data, err := fs.ReadFile(fixtures.FS, name)
		if err != nil {
			t.Fatal(err)
		}
		tenant := tenantOf(strings.TrimSuffix(path.Base(name), ".request.json"))
		fmt.Fprintf(out, "##### %s\n", name)
		if strings.Contains(name, "/mobproc/") {
			r.do(out, "POST", tenant, "/mobproc/v1/orders?confirm=true", data)
			sub := r.do(out, "POST", tenant, "/mobproc/v1/orders", data)
			id, _ := captured("/order/orderId", sub, nil)
			for range 4 {
				r.do(out, "GET", tenant, "/mobproc/v1/orders/"+id, nil)
				r.do(out, "GET", tenant, "/mobproc/v1/orders/"+id+"/history", nil)
				r.do(out, "GET", tenant, "/mobproc/v1/orders/"+id+"/shipments", nil)
				r.do(out, "POST", tenant, "/__admin/tenants/"+tenant+"/advance?order="+id, nil)
			}
			r.do(out, "GET", tenant, "/mobproc/v1/orders?limit=5", nil)
			r.do(out, "POST", tenant, "/mobproc/v1/orders", data)
		} else {
			act := r.do(out, "POST", tenant, "/1/activities", data)
			id, _ := captured("/id", act, nil)
			for range 5 {
				r.do(out, "GET", tenant, "/1/activities/"+id, nil)
				r.do(out, "POST", tenant, "/__admin/tenants/"+tenant+"/advance?activity="+id, nil)
			}
			r.do(out, "GET", tenant, "/1/activities?per_page=2", nil)
			r.do(out, "POST", tenant, "/1/activities", data)
		}
		r.do(out, "POST", tenant, "/__admin/tenants/"+tenant+"/advance?steps=5", nil)
		r.do(out, "GET", tenant, "/__admin/tenants/"+tenant, nil)
		r.journal(out, tenant)
	}
}

// lookups reads every lookup of both APIs: whole lists, pages, single
// records and unknown ids.
func (r *recorder) lookups(out *bytes.Buffer) {
	const tenant = "g.lookups"
	for _, target := range []string{
		"/mobproc/v1/assets/services", "/mobproc/v1/assets/services?offset=140&limit=5", "/mobproc/v1/assets/services/38382349",
		"/mobproc/v1/assets/services/0", "/mobproc/v1/assets/service/38382349",
		"/mobproc/v1/catalog/devices?limit=100", "/mobproc/v1/catalog/devices/9194713909", "/mobproc/v1/catalog/devices/x",
		"/mobproc/v1/catalog/plans?limit=100", "/mobproc/v1/catalog/plans/6568886494", "/mobproc/v1/catalog/plans/x",
		"/mobproc/v1/catalog/accessories?limit=100", "/mobproc/v1/catalog/accessories/7001001", "/mobproc/v1/catalog/accessories/x",
		"/mobproc/v1/regions", "/mobproc/v1/regions/70144640", "/mobproc/v1/regions/x",
		"/mobproc/v1/manufacturers", "/mobproc/v1/manufacturers/Apple", "/mobproc/v1/manufacturers/x",
		"/mobproc/v1/manufacturers/Apple/models", "/mobproc/v1/manufacturers/x/models",
		"/mobproc/v1/manufacturers/Apple/models/iPhone%206%20(64GB)%20-%20Space%20Gray", "/mobproc/v1/manufacturers/Apple/models/x",
		"/mobproc/v1/vendors", "/mobproc/v1/vendors/98", "/mobproc/v1/vendors/x",
		"/mobproc/v1/employees/28673732", "/mobproc/v1/employees/x",
		"/mobproc/v1/order-properties/PORT_NUMBER", "/mobproc/v1/order-properties/SWAP_DEVICES", "/mobproc/v1/order-properties/X",
		"/mobproc/v1/orders?status=COMPLETED&offset=0&limit=10", "/mobproc/v1/nothing", "/nothing",
		"/1/people", "/1/people?page=2&per_page=7", "/1/people?employee_id=10000", "/1/people?employee_id=nobody",
		"/1/people/find_one?employee_id=10000", "/1/people/find_one?employee_id=nobody",
		"/1/lines?per_page=200", "/1/lines?employee_id=10000", "/1/devices?per_page=200", "/1/devices?employee_id=10000",
		"/1/features?per_page=200", "/1/features?line_id=807778", "/1/features?line_id=1",
		"/1/program_memberships", "/1/program_memberships?enrollee_id=1831571", "/1/program_memberships?enrollee_id=1",
		"/1/carriers", "/1/carrier_accounts", "/1/business_ref_devices?per_page=100", "/1/business_plans?per_page=100",
		"/1/business_features?per_page=100", "/1/accessories?per_page=100&page=1", "/1/countries?per_page=300",
		"/1/countries/business_countries", "/1/activities?employee_id=nobody&page=2", "/1/activities/x", "/1/nothing",
		"/healthz",
	} {
		r.do(out, "GET", tenant, target, nil)
	}
	r.do(out, "DELETE", tenant, "/mobproc/v1/orders", nil)
	r.do(out, "PUT", tenant, "/1/activities", nil)
}
