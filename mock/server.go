package mock

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"net/http"
	"net/url"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gorilla/mux"
	"github.com/rs/cors"

	"github.com/mobmock/mobmock/mock/internal/mobile"
	"github.com/mobmock/mobmock/mock/internal/mobproc"
	"github.com/mobmock/mobmock/mock/internal/op"
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

	// ops maps an OpenAPI operationId to its handler (packages mobproc and
	// mobile); an operation of the documents without one answers 501.
	ops map[string]op.Handler
	// tenants runs handlers on tenants' states, moving lifecycles on.
	tenants *op.Tenants
	// router serves everything outside the two API base paths.
	router *mux.Router

	tokens  *tokens
	journal *journal
	// userThrottle and addrThrottle slow down password guessing.
	userThrottle, addrThrottle *throttle

	// What developers add on top of the contract: cors.go, faults.go,
	// overrides.go, prefer.go, reload.go.
	cors      *cors.Cors
	faults    *faults
	overrides *overrides
	// worldMu guards world and ops, which SetWorld replaces, and byWorld.
	worldMu sync.RWMutex
	// byWorld holds the handlers over each world a tenant may have started
	// from, once SetWorld has replaced the first.
	byWorld map[*world.World]map[string]op.Handler

	// params and validHeaders serve checkParameters (params.go).
	params       parameterLists
	validHeaders *validHeaders

	reqSeq    atomic.Uint64
	reqPrefix string
}

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
	// The tenants get their store below; decoded activities need the
	// Mobile API, which needs the tenants.
	tenants := &op.Tenants{Advance: cfg.Advance, Log: cfg.Logger, MaxRecords: cfg.MaxRecordsPerTenant}
	st := cfg.Store
	switch {
	case st != nil:
	case cfg.State == "" || cfg.State == StateMemory:
		m := store.NewMemory(w, cfg.IDs)
		m.SetLimits(store.Limits{MaxTenants: cfg.MaxTenants, Idle: cfg.IdleTenant, Now: cfg.Now})
		st = m
	default:
		d, err := store.Open(cfg.State, w, cfg.IDs, codec(mobile.New(op.Env{World: w, Tenants: tenants, Strict: cfg.Strict})))
		if err != nil {
			return nil, err
		}
		// The tenants held in memory are bounded as in memory; their
		// state stays in the database.
		d.SetLimits(store.Limits{MaxTenants: cfg.MaxTenants})
		st = d
	}
	tenants.Store = st
	s := &Server{
		cfg: cfg, specs: sp, schemas: sc, world: w, store: st, log: cfg.Logger, now: cfg.Now,
		tenants:      tenants,
		router:       mux.NewRouter(),
		tokens:       newTokens(cfg.TokenTTL, cfg.MaxTokens),
		journal:      newJournal(cfg.JournalSize, cfg.JournalBytes),
		validHeaders: newValidHeaders(),

		userThrottle: newThrottle(userFailures),
		addrThrottle: newThrottle(addressFailures),
	}
	if err := s.newDevTools(cfg); err != nil {
		return nil, err
	}
	s.reqPrefix = strconv.FormatUint(uint64(time.Now().UnixNano())&0xffffff, 36)
	s.ops = s.handlersFor(w)
	s.registerMeta()
	s.registerOAuth()
	s.registerConsole()
	if cfg.Admin {
		s.registerAdmin()
	}
	s.router.NotFoundHandler = s.routed(s.handleNotFound)
	s.router.MethodNotAllowedHandler = s.routed(s.handleMethodNotAllowed)
	s.router.SkipClean(true) // cleanPath answers unclean paths, with a body
	return s, nil
}

// StateMemory is Config.State's default: tenants' state in memory only.
const StateMemory = "memory"

// codec is how the mock's records are kept by a durable store, whose
// activities open their children through mob.
func codec(mob *mobile.API) store.Codec {
	return store.Codec{Decode: map[store.Kind]func([]byte) (store.Record, error){
		store.KindOrder:    mobproc.DecodeOrder,
		store.KindActivity: mobile.DecodeActivity(mob),
	}}
}

// Close closes the state database the server opened (Config.State); it
// does nothing for a store the caller gave or an in-memory one.
func (s *Server) Close() error {
	if c, ok := s.store.(io.Closer); ok && s.cfg.Store == nil {
		return c.Close()
	}
	return nil
}

// handlersFor returns both APIs' handlers over the world w.
func (s *Server) handlersFor(w *world.World) map[string]op.Handler {
	ops := map[string]op.Handler{}
	env := op.Env{World: w, Tenants: s.tenants, Strict: s.cfg.Strict}
	maps.Copy(ops, mobproc.New(env).Handlers())
	maps.Copy(ops, mobile.New(env).Handlers())
	return ops
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

// exchange is one request in flight and what is known of it so far; the
// one writer, reply, answers it.
type exchange struct {
	w  *statusWriter
	r  *http.Request
	id string

	api apiName
	// req is what the operation's handler is given, filled in as the
	// request is checked: tenant, path parameters, subject, body, base.
	req op.Request
	// warnings are the lenient reading's warnings about the request
	// itself (its path, its body); the answer adds the handler's.
	warnings []schemas.Problem
	// rec is the journal entry being filled.
	rec *record
	// q is the parsed query, once query has been called.
	q url.Values
	// quiet keeps the exchange out of the journal (the console's own calls).
	quiet bool
}

// query returns the request's query parameters, parsed once.
func (x *exchange) query() url.Values {
	if x.q == nil {
		x.q = x.r.URL.Query()
	}
	return x.q
}

// exchangeKey is the context key under which ServeHTTP hands the exchange
// to the handlers of the router.
type exchangeKey struct{}

func (s *Server) newExchange(w http.ResponseWriter, r *http.Request, id string) *exchange {
	sw, ok := w.(*statusWriter)
	if !ok {
		sw = &statusWriter{ResponseWriter: w}
	}
	return &exchange{w: sw, r: r, id: id, req: op.Request{Base: baseURL(r)}, rec: &record{ID: id, Method: r.Method, Path: r.URL.Path}}
}

// requestID is the request's X-Request-Id when it is usable, else a new one.
func (s *Server) requestID(r *http.Request) string {
	id := r.Header.Get("X-Request-Id")
	if !validRequestID(id) {
		id = s.reqPrefix + "-" + strconv.FormatUint(s.reqSeq.Add(1), 10)
	}
	return id
}

// ServeHTTP implements http.Handler: request id, panic recovery, the
// request log and the journal around the routing.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if s.preflight(w, r) {
		return
	}
	start := s.now()
	id := s.requestID(r)
	x := s.newExchange(w, r, id)
	x.rec.Time = start
	x.w.Header().Set("X-Request-Id", id)
	defer func() {
		if p := recover(); p != nil {
			if p == http.ErrAbortHandler {
				panic(p)
			}
			s.log.LogAttrs(r.Context(), slog.LevelError, "panic", slog.String("request_id", id),
				slog.Any("panic", p), slog.String("stack", string(debug.Stack())))
			if !x.w.wrote {
				s.reply(x, op.Result{}, internalError(id))
			}
		}
		s.finish(x, start)
	}()
	// HEAD is answered as the GET it stands for (net/http drops the body).
	r = asGet(r)
	x.r = r
	if x.api = apiOf(r.URL.Path); x.api != apiNone {
		// The journal keeps API exchanges in full (keep.go), with the query
		// as sent (checking the request may fill in defaults).
		x.w.keep, x.rec.kept.query = true, r.URL.RawQuery
		s.serveAPI(x)
		return
	}
	if done, err := cleanPath(x.w, r); done || err != nil {
		if err != nil {
			s.reply(x, op.Result{}, err)
		}
		return
	}
	s.router.ServeHTTP(x.w, r.WithContext(context.WithValue(r.Context(), exchangeKey{}, x)))
}

// apiOf says which API a path belongs to.
func apiOf(p string) apiName {
	switch {
	case under(p, spec.Bases[schemas.MOBPROC]):
		return apiMOBPROC
	case under(p, spec.Bases[schemas.Mobile]):
		return apiMobile
	}
	return apiNone
}

// routed adapts a handler of the router (health, OpenAPI, OAuth, admin) to
// answer through reply.
func (s *Server) routed(h func(*exchange) (op.Result, error)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		x := r.Context().Value(exchangeKey{}).(*exchange)
		x.r = r // the router's copy, which carries its variables
		res, err := h(x)
		s.reply(x, res, err)
	}
}

func under(p, base string) bool { return p == base || strings.HasPrefix(p, base+"/") }

// finish logs the request and adds it to the journal: the one place
// journal entries are written.
func (s *Server) finish(x *exchange, start time.Time) {
	d := s.now().Sub(start)
	status := x.w.status
	if status == 0 && !x.w.wrote { // (a connection broken by a fault has none)
		status = http.StatusOK
	}
	x.rec.Status, x.rec.Tenant, x.rec.DurationMS = status, x.req.Tenant, float64(d.Microseconds())/1000
	if s.cfg.Auth == AuthRequired && x.req.Tenant != "" && x.req.Subject.Tenant != x.req.Tenant {
		// The token was not checked (the request was answered before: an
		// injected fault, a 406) or is not the tenant's. Anyone may name a
		// tenant, so a request without a token of that tenant is not shown
		// in its traffic (the console's Traffic view), only in the admin
		// journal, under no tenant, with the tenant it named.
		if _, err := s.tokens.check(x.r.Header.Get("Authorization"), x.req.Tenant, s.now()); err != nil {
			x.rec.Tenant, x.rec.NamedTenant = "", x.req.Tenant
		}
	}
	if s.log.Enabled(x.r.Context(), slog.LevelInfo) {
		s.log.LogAttrs(x.r.Context(), slog.LevelInfo, "request",
			slog.String("method", x.rec.Method), slog.String("path", x.r.URL.Path), slog.Int("status", status),
			slog.Duration("duration", d), slog.String("tenant", x.req.Tenant), slog.String("request_id", x.id))
	}
	if !strings.HasPrefix(x.r.URL.Path, "/__admin/") && !x.quiet {
		keepExchange(x)
		s.journal.add(x.rec)
	}
}

// statusWriter records the status a handler wrote.
type statusWriter struct {
	http.ResponseWriter
	status int
	wrote  bool
	// keep asks for the body written to be kept in body (keep.go), unless
	// shared says the journal keeps it by reference.
	keep, shared bool
	body         []byte
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
	if w.keep && !w.shared {
		w.body = keepBytes(w.body, b)
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
