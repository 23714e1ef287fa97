package mock

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gorilla/mux"

	"github.com/mobmock/mobmock/mock/store"
	"github.com/mobmock/mobmock/mock/world"
	"github.com/mobmock/mobmock/schemas"
	"github.com/mobmock/mobmock/spec"
)

// apiName says which API (and so which error shape) a request belongs to.
type apiName string

const (
	apiMOBPROC apiName = "mobproc"
	apiMobile  apiName = "mobile"
	apiNone    apiName = "" // health, OpenAPI, OAuth, admin: MOBPROC's shape
)

// Server is the mock: an http.Handler serving both APIs, OAuth, health, the
// OpenAPI documents and the admin API. It owns its dependencies; build it
// with New.
type Server struct {
	cfg     Config
	specs   *spec.Specs
	schemas *schemas.Set
	world   *world.World
	store   store.Store
	log     *slog.Logger
	now     func() time.Time

	// ops maps an OpenAPI operationId to its handler; an operation of the
	// documents without one answers 501.
	ops map[string]handler
	// router serves everything outside the two API base paths.
	router *mux.Router

	tokens  *tokens
	journal *journal
	// userThrottle and addrThrottle slow down password guessing.
	userThrottle, addrThrottle *throttle

	reqSeq    atomic.Uint64
	reqPrefix string
}

// handler answers one API operation: a status and a body to encode, or an
// error (an *apiError, or anything else for a 500).
type handler func(c *call) (int, any, error)

// New builds a Server: it loads the contract and the world, and registers
// every route. It returns an error when the embedded files cannot be loaded
// or cfg is inconsistent.
func New(cfg Config) (*Server, error) {
	cfg.defaults()
	if cfg.Auth != AuthOff && cfg.Auth != AuthRequired {
		return nil, fmt.Errorf("auth mode %q is not off or required", cfg.Auth)
	}
	// The documents, the schemas and the world do not depend on each other:
	// load them at once (start-up time is most of a short CI job's wait).
	var (
		sp                 *spec.Specs
		sc                 *schemas.Set
		w                  = cfg.World
		spErr, scErr, wErr error
		wg                 sync.WaitGroup
	)
	wg.Go(func() { sp, spErr = spec.Load() })
	wg.Go(func() { sc, scErr = schemas.Load() })
	if w == nil {
		w, wErr = world.Embedded()
	}
	wg.Wait()
	switch {
	case spErr != nil:
		return nil, fmt.Errorf("loading the OpenAPI documents: %w", spErr)
	case scErr != nil:
		return nil, fmt.Errorf("loading the schemas: %w", scErr)
	case wErr != nil:
		return nil, fmt.Errorf("loading the seeded world: %w", wErr)
	}
	st := cfg.Store
	if st == nil {
		m := store.NewMemory(w, cfg.IDs)
		m.SetLimits(store.Limits{MaxTenants: cfg.MaxTenants, Idle: cfg.IdleTenant, Now: cfg.Now})
		st = m
	}
	s := &Server{
		cfg: cfg, specs: sp, schemas: sc, world: w, store: st, log: cfg.Logger, now: cfg.Now,
		ops:     map[string]handler{},
		router:  mux.NewRouter(),
		tokens:  newTokens(cfg.TokenTTL, cfg.MaxTokens),
		journal: newJournal(cfg.JournalSize, cfg.JournalBytes),

		userThrottle: newThrottle(userFailures),
		addrThrottle: newThrottle(addressFailures),
	}
	s.reqPrefix = strconv.FormatUint(uint64(time.Now().UnixNano())&0xffffff, 36)
	s.registerOrders()
	s.registerMOBPROCLookups()
	s.registerActivities()
	s.registerMobileLookups()
	s.registerMeta()
	s.registerOAuth()
	if cfg.Admin {
		s.registerAdmin()
	}
	s.router.NotFoundHandler = http.HandlerFunc(s.handleNotFound)
	s.router.MethodNotAllowedHandler = http.HandlerFunc(s.handleMethodNotAllowed)
	s.router.SkipClean(true) // redirectClean answers unclean paths, with a body
	return s, nil
}

// Prepare loads and compiles now what the first request of each API would
// otherwise wait for: its OpenAPI document and router, and its request
// schemas (New leaves them for their first use, so that a server answers
// its first request sooner). mobmock serve calls it in the background
// shortly after it starts listening; requests that arrive meanwhile wait
// for the part they need, never repeat it. The error is that of a document
// or schema that does not load, which the tests rule out for the embedded
// ones.
func (s *Server) Prepare() error {
	for _, d := range s.specs.Docs {
		if _, err := d.OpenAPI(); err != nil {
			return err
		}
		if err := s.schemas.Prepare(d.API); err != nil {
			return err
		}
	}
	return nil
}

// call is one request in flight.
type call struct {
	w  http.ResponseWriter
	r  *http.Request
	id string

	api    apiName
	doc    *spec.Document
	params map[string]string
	tenant string
	// base is the scheme and host the client called, for links.
	base string
	// body is the decoded, validated request body.
	body     any
	warnings []schemas.Problem
	// rec is the journal entry being filled.
	rec *record
	// subject is who the bearer token was issued to (auth required only).
	subject subject
	// q is the parsed query, once query has been called.
	q url.Values
}

// query returns the request's query parameters, parsed once.
func (c *call) query() url.Values {
	if c.q == nil {
		c.q = c.r.URL.Query()
	}
	return c.q
}

// ServeHTTP implements http.Handler: request id, panic recovery, the
// request log and the journal around the routing.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := s.now()
	id := r.Header.Get("X-Request-Id")
	if !validRequestID(id) {
		id = s.reqPrefix + "-" + strconv.FormatUint(s.reqSeq.Add(1), 10)
	}
	sw := &statusWriter{ResponseWriter: w}
	sw.Header().Set("X-Request-Id", id)
	c := &call{w: sw, r: r, id: id, base: baseURL(r), rec: &record{ID: id, Time: start, Method: r.Method, Path: r.URL.Path}}
	defer func() {
		if p := recover(); p != nil {
			if p == http.ErrAbortHandler {
				panic(p)
			}
			s.log.LogAttrs(r.Context(), slog.LevelError, "panic", slog.String("request_id", id),
				slog.Any("panic", p), slog.String("stack", string(debug.Stack())))
			if !sw.wrote {
				s.writeError(c, &apiError{status: http.StatusInternalServerError, items: []errorItem{{
					Code: codeInternal, Message: "The mock failed while answering this request; this is a bug in mobmock.",
					Hint: "Report it with the request id " + id + ".",
				}}})
			}
		}
		s.finish(c, sw, start)
	}()
	c.r = asGet(r)
	switch {
	case under(r.URL.Path, spec.Bases[schemas.MOBPROC]), under(r.URL.Path, spec.Bases[schemas.Mobile]):
		s.serveAPI(c)
	case redirectClean(sw, r):
	default:
		s.router.ServeHTTP(sw, c.r)
	}
}

func under(p, base string) bool { return p == base || strings.HasPrefix(p, base+"/") }

// finish logs the request and adds it to the journal.
func (s *Server) finish(c *call, sw *statusWriter, start time.Time) {
	d := s.now().Sub(start)
	status := sw.status
	if status == 0 {
		status = http.StatusOK
	}
	c.rec.Status, c.rec.Tenant, c.rec.DurationMS = status, c.tenant, float64(d.Microseconds())/1000
	if s.log.Enabled(c.r.Context(), slog.LevelInfo) {
		s.log.LogAttrs(c.r.Context(), slog.LevelInfo, "request",
			slog.String("method", c.rec.Method), slog.String("path", c.r.URL.Path), slog.Int("status", status),
			slog.Duration("duration", d), slog.String("tenant", c.tenant), slog.String("request_id", c.id))
	}
	if !strings.HasPrefix(c.r.URL.Path, "/__admin/") {
		s.journal.add(c.rec)
	}
}

// statusWriter records the status a handler wrote.
type statusWriter struct {
	http.ResponseWriter
	status int
	wrote  bool
}

func (w *statusWriter) WriteHeader(code int) {
	if !w.wrote {
		boundWarnings(w.Header())
		w.status, w.wrote = code, true
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if !w.wrote {
		boundWarnings(w.Header())
		w.status, w.wrote = http.StatusOK, true
	}
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func validRequestID(id string) bool {
	if id == "" || len(id) > 64 {
		return false
	}
	for _, r := range id {
		if !(r == '-' || r == '_' || r == '.' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			return false
		}
	}
	return true
}

// baseURL is the scheme and host the client called, for absolute links.
func baseURL(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	if p := r.Header.Get("X-Forwarded-Proto"); p == "https" || p == "http" {
		scheme = p
	}
	host := r.Host
	if h := r.Header.Get("X-Forwarded-Host"); h != "" && validHost(h) {
		host = h
	}
	if !validHost(host) {
		host = "localhost"
	}
	return scheme + "://" + host
}

func validHost(h string) bool {
	if h == "" || len(h) > 255 {
		return false
	}
	for _, r := range h {
		if !(r == '-' || r == '.' || r == ':' || r == '[' || r == ']' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			return false
		}
	}
	return true
}

// writeError answers e in the error shape of the API the request was for.
func (s *Server) writeError(c *call, e *apiError) {
	e.items = boundItems(e.items)
	h := c.w.Header()
	if e.allow != "" {
		h.Set("Allow", e.allow)
	}
	if e.retryAfter > 0 {
		h.Set("Retry-After", strconv.Itoa(e.retryAfter))
	}
	if e.status == http.StatusUnauthorized {
		h.Set("WWW-Authenticate", `Bearer realm="mobmock"`)
	}
	c.rec.Errors = e.items
	if err := writeJSON(c.w, e.status, errorBody(c.api, e.items), ""); err != nil {
		s.log.LogAttrs(c.r.Context(), slog.LevelWarn, "writing error response", slog.String("request_id", c.id), slog.String("error", err.Error()))
	}
}

// answer writes a handler's outcome.
func (s *Server) answer(c *call, status int, body any, err error) {
	if err != nil {
		var ae *apiError
		if !errors.As(err, &ae) {
			s.log.LogAttrs(c.r.Context(), slog.LevelError, "handler failed", slog.String("request_id", c.id), slog.String("error", err.Error()))
			ae = fail(codeInternal, "The mock failed while answering this request; this is a bug in mobmock.", "Report it with the request id "+c.id+".")
		}
		s.writeError(c, ae)
		return
	}
	if body == nil {
		c.w.WriteHeader(status)
		return
	}
	if err := writeJSON(c.w, status, body, c.base); err != nil {
		s.log.LogAttrs(c.r.Context(), slog.LevelWarn, "writing response", slog.String("request_id", c.id), slog.String("error", err.Error()))
	}
}

// handleNotFound answers paths outside both APIs that no route serves.
func (s *Server) handleNotFound(w http.ResponseWriter, r *http.Request) {
	c := &call{w: w, r: r, rec: &record{}}
	s.writeError(c, failf(codeNotFound,
		"The MOBPROC API is under /mobproc/v1/, the Mobile API under /1/; see /openapi/mobproc.yaml and /openapi/mobile.yaml.",
		"Nothing is served at %s.", r.URL.Path))
}
