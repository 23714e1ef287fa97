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

	"github.com/gorilla/mux"

	"github.com/mobmock/mobmock/fixtures"
	"github.com/mobmock/mobmock/mock/internal/op"
	"github.com/mobmock/mobmock/mock/store"
	"github.com/mobmock/mobmock/mock/web"
	"github.com/mobmock/mobmock/mock/world"
	"github.com/mobmock/mobmock/schemas"
)

// registerConsole adds the partner console: POST /__validate, the page at /
// (package web) and the small JSON endpoints the page reads under
// /__console/. The tenant-scoped ones (traffic, state) check the bearer
// token's tenant when auth is required; changing state stays with the admin
// API.
func (s *Server) registerConsole() {
	s.router.Handle("/__validate", s.routed(s.handleValidate)).Methods(http.MethodPost)
	quiet := func(h func(*exchange) (op.Result, error)) http.Handler {
		return s.routed(func(x *exchange) (op.Result, error) { x.quiet = true; return h(x) })
	}
	// On the main router, not a subrouter: a wrong method is then 405 with
	// Allow, as everywhere else, not 404.
	for p, h := range map[string]func(*exchange) (op.Result, error){
		"/config": s.handleConsoleConfig, "/examples": s.handleConsoleExamples, "/register": s.handleConsoleRegister,
		"/openapi/{api}": s.handleConsoleOpenAPI, "/traffic": s.handleConsoleTraffic, "/state": s.handleConsoleState,
	} {
		s.router.Handle("/__console"+p, quiet(h)).Methods(http.MethodGet, http.MethodHead)
	}
	s.router.Handle("/", quiet(s.handlePage)).Methods(http.MethodGet, http.MethodHead)
	s.router.PathPrefix("/console/").Handler(quiet(s.handlePage)).Methods(http.MethodGet, http.MethodHead)
}

// handleValidate checks the body as `mobmock validate --format json` checks
// a file, and answers the same report. It stores nothing.
func (s *Server) handleValidate(x *exchange) (op.Result, error) {
	q := x.query()
	var api schemas.API
	switch v := q.Get("api"); v {
	case "", "auto":
	case string(schemas.MOBPROC), string(schemas.Mobile):
		api = schemas.API(v)
	default:
		return op.Result{}, op.Fail(op.CodeInvalidParameter, fmt.Sprintf("The query parameter api must be auto, mobproc or mobile, not %q.", v),
			"Leave it out to tell the API from the envelope.").Param("api")
	}
	mode := schemas.Lenient
	if s.cfg.Strict {
		mode = schemas.Strict
	}
	switch v := q.Get("strict"); v {
	case "":
	case "true":
		mode = schemas.Strict
	case "false":
		mode = schemas.Lenient
	default:
		return op.Result{}, op.Fail(op.CodeInvalidParameter, fmt.Sprintf("The query parameter strict must be true or false, not %q.", v),
			"Leave it out to use the mode the mock runs in.").Param("strict")
	}
	for k := range q {
		if k != "api" && k != "strict" {
			return op.Result{}, op.Fail(op.CodeUnknownParameter, fmt.Sprintf("The query parameter %q is not defined for /__validate.", k),
				"This endpoint takes: api, strict.").Param(k)
		}
	}
	data, err := s.readRawBody(x)
	if err != nil {
		return op.Result{}, err
	}
	var out bytes.Buffer
	if err := schemas.WriteReport(&out, s.schemas.Report(data, api, mode)); err != nil {
		return op.Result{}, err
	}
	return op.OK(file{contentType: "application/json", data: out.Bytes()}), nil
}

// consoleConfig tells the page what this mock allows.
type consoleConfig struct {
	Auth       string `json:"auth"`
	Strict     bool   `json:"strict"`
	Admin      bool   `json:"admin"`
	AdminToken bool   `json:"adminToken"`
}

func (s *Server) handleConsoleConfig(*exchange) (op.Result, error) {
	return op.OK(consoleConfig{Auth: s.cfg.Auth, Strict: s.cfg.Strict, Admin: s.cfg.Admin, AdminToken: s.cfg.AdminToken != ""}), nil
}

// example is one documented request the page offers as a starting point.
type example struct {
	Name    string            `json:"name"`
	API     string            `json:"api"`
	Type    string            `json:"type"`
	Summary string            `json:"summary"`
	Source  string            `json:"source,omitempty"`
	Method  string            `json:"method"`
	Path    string            `json:"path"`
	Query   map[string]string `json:"query,omitempty"`
	Body    any               `json:"body"`
}

// examples lists the documented (or, where the documents give none, the
// inferred) request of each transaction type and activity type, from the
// embedded fixtures' requests.json files.
var examples = sync.OnceValues(func() ([]byte, error) {
	set, err := fixtures.Embedded()
	if err != nil {
		return nil, err
	}
	sc, err := schemas.Load()
	if err != nil {
		return nil, err
	}
	list := []example{}
	for _, c := range set.Cases {
		if path.Base(c.File) != "requests.json" || len(c.Steps) == 0 {
			continue
		}
		r := c.Steps[0].Request
		body, err := json.Marshal(r.Payload)
		if err != nil {
			return nil, err
		}
		rep := sc.Report(body, "", schemas.Lenient)
		list = append(list, example{Name: c.Name, API: string(rep.API), Type: rep.Type, Summary: c.Summary, Source: c.Source,
			Method: r.Method, Path: r.Path, Query: r.Query, Body: r.Payload})
	}
	return json.Marshal(map[string]any{"examples": list})
})

func (s *Server) handleConsoleExamples(*exchange) (op.Result, error) {
	data, err := examples()
	if err != nil {
		return op.Result{}, err
	}
	return op.OK(file{contentType: "application/json", data: data}), nil
}

func (s *Server) handleConsoleRegister(*exchange) (op.Result, error) {
	return op.OK(s.schemas.Register()), nil
}

// handleConsoleOpenAPI serves a document as JSON, for the page's renderer;
// /openapi/{file} serves the published YAML.
func (s *Server) handleConsoleOpenAPI(x *exchange) (op.Result, error) {
	name := mux.Vars(x.r)["api"]
	for _, d := range s.specs.Docs {
		if string(d.API) != name {
			continue
		}
		t, err := d.OpenAPI()
		if err != nil {
			return op.Result{}, err
		}
		data, err := json.Marshal(t)
		if err != nil {
			return op.Result{}, err
		}
		return op.OK(file{contentType: "application/json", data: data}), nil
	}
	return op.Result{}, notFoundAt(x)
}

// consoleTenant returns the tenant a console request is about, after
// checking that the caller may see it. The admin token (--admin-token)
// shows every tenant. Otherwise, with auth required, the bearer token must
// have been issued for that tenant; with auth off and an admin token
// configured, the operator has closed the inspection views to everyone
// else, so the admin token is needed; with neither, the views are as open
// as the APIs, which serve any tenant named.
func (s *Server) consoleTenant(x *exchange) (string, error) {
	t := x.query().Get("tenant")
	if !world.ValidTenant(t) {
		return "", op.Fail(op.CodeInvalidParameter, "The query parameter tenant must be "+world.TenantRule+".",
			"Name the tenant whose requests you want to see, for example tenant=acme.").Param("tenant")
	}
	switch {
	case s.hasAdminToken(x.r):
	case s.cfg.Auth == AuthRequired:
		if _, err := s.tokens.check(x.r.Header.Get("Authorization"), t, s.now()); err != nil {
			return "", err
		}
	case s.cfg.AdminToken != "":
		return "", op.Fail(op.CodeUnauthorized, "This mock shows a tenant's traffic and state only with the admin token.",
			"Send Authorization: Bearer <the value of --admin-token> (the console's Admin token field).").Param("Authorization")
	}
	return t, nil
}

// handleConsoleTraffic lists one tenant's journal entries, newest first,
// optionally of one API (api=mobproc|mobile) and one status class
// (status=2xx|4xx|5xx or an exact status).
func (s *Server) handleConsoleTraffic(x *exchange) (op.Result, error) {
	t, err := s.consoleTenant(x)
	if err != nil {
		return op.Result{}, err
	}
	q := x.query()
	limit := 100
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 1000 {
			return op.Result{}, op.Fail(op.CodeInvalidParameter, "The query parameter limit must be a whole number from 1 to 1000.", "").Param("limit")
		}
		limit = n
	}
	api, status := q.Get("api"), q.Get("status")
	out := []*record{}
	for _, r := range s.journal.last(len(s.journal.ring), t) {
		if len(out) == limit {
			break
		}
		if api != "" && string(r.kept.api) != api {
			continue
		}
		if status != "" && !statusMatches(r.Status, status) {
			continue
		}
		out = append(out, r.full())
	}
	return op.OK(map[string]any{"tenant": t, "requests": out}), nil
}

// statusMatches reports whether status is in the class "4xx" or equals want.
func statusMatches(status int, want string) bool {
	if len(want) == 3 && strings.HasSuffix(want, "xx") {
		return strconv.Itoa(status/100) == want[:1]
	}
	return strconv.Itoa(status) == want
}

// handleConsoleState shows one tenant's orders and activities as the API
// shows them; the page reads their history through the API itself.
func (s *Server) handleConsoleState(x *exchange) (op.Result, error) {
	t, err := s.consoleTenant(x)
	if err != nil {
		return op.Result{}, err
	}
	orders, activities := []json.RawMessage{}, []json.RawMessage{}
	_ = s.tenants.View(t, s.now(), func(st *store.Tenant) error {
		for _, o := range st.AllOrders() {
			orders = append(orders, o.Body.JSON())
		}
		for _, a := range st.AllActivities() {
			activities = append(activities, a.Body.JSON())
		}
		return nil
	})
	return op.OK(map[string]any{"tenant": t, "orders": orders, "activities": activities, "admin": s.cfg.Admin}), nil
}

// handlePage serves the console's static files: index.html at / and the
// rest under /console/.
func (s *Server) handlePage(x *exchange) (op.Result, error) {
	data, ct, err := web.Lookup(x.r.URL.Path)
	if err != nil {
		return op.Result{}, notFoundAt(x)
	}
	return op.OK(file{contentType: ct, data: data}), nil
}
