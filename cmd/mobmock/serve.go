package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/mobmock/mobmock/mock"
)

// serveConfig is the configuration of mobmock serve: defaults, then
// environment, then flags, validated once by check.
type serveConfig struct {
	addr        string
	strict      bool
	auth        string
	advance     time.Duration
	seed        string
	admin       bool
	adminToken  string
	maxBody     int64
	maxInFlight int
	log         string
	grace       time.Duration
	pprof       string
	cors        string
	latency     string
	faults      string
	watch       bool

	maxTenants          int
	maxRecordsPerTenant int
	redirectURIs        string
	state               string
}

func defaultServeConfig() serveConfig {
	return serveConfig{addr: "127.0.0.1:8080", auth: mock.AuthOff, maxBody: 1 << 20, maxInFlight: 512, log: "text", grace: 10 * time.Second,
		maxTenants: mock.DefaultMaxTenants, maxRecordsPerTenant: mock.DefaultMaxRecordsPerTenant, state: mock.StateMemory}
}

// serveCmd runs the mock.
type serveCmd struct{ cfg serveConfig }

func (*serveCmd) name() string    { return "serve" }
func (*serveCmd) summary() string { return "run the stateful mock of both APIs" }

func (c *serveCmd) flags() *flag.FlagSet {
	c.cfg = defaultServeConfig()
	cfg := &c.cfg
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.StringVar(&cfg.addr, "addr", cfg.addr, "address to listen on (host:port; port 0 picks a free one)")
	fs.BoolVar(&cfg.strict, "strict", cfg.strict, "hold requests to the strict reading of the contract (default: lenient)")
	fs.StringVar(&cfg.auth, "auth", cfg.auth, "off (no token needed) or required (a bearer token from /oauth/token)")
	fs.DurationVar(&cfg.advance, "advance", cfg.advance, "move orders and activities one lifecycle step each time this elapses (0: only through the admin API)")
	fs.StringVar(&cfg.seed, "seed", cfg.seed, "a world seed file replacing the embedded one (same format as mock/world/seed.json)")
	fs.BoolVar(&cfg.admin, "admin", cfg.admin, "enable the admin API under /__admin/ (reset, dump, advance, journal)")
	fs.StringVar(&cfg.adminToken, "admin-token", cfg.adminToken, "enable the admin API and require this bearer token on it")
	fs.Int64Var(&cfg.maxBody, "max-body", cfg.maxBody, "largest request body accepted, in bytes (larger ones get 413)")
	fs.IntVar(&cfg.maxInFlight, "max-in-flight", cfg.maxInFlight, "requests served at once; past it the mock answers 503 with Retry-After")
	fs.IntVar(&cfg.maxTenants, "max-tenants", cfg.maxTenants, "tenants with state at once; a write for a new one forgets the tenant idle longest (if idle 10 min), else gets 503")
	fs.IntVar(&cfg.maxRecordsPerTenant, "max-records-per-tenant", cfg.maxRecordsPerTenant, "orders and activities one tenant stores; past it creating one gets 507")
	fs.StringVar(&cfg.redirectURIs, "redirect-uris", cfg.redirectURIs, "comma-separated redirect URIs the implicit flow may send tokens to, beside loopback http URIs")
	fs.StringVar(&cfg.log, "log", cfg.log, "request log format on standard error: text, json or off")
	fs.DurationVar(&cfg.grace, "grace", cfg.grace, "on SIGTERM or SIGINT, how long in-flight requests may take to finish")
	fs.StringVar(&cfg.state, "state", cfg.state, stateUsage)
	fs.StringVar(&cfg.pprof, "pprof", cfg.pprof, "also serve Go's profiler (/debug/pprof/) on this address, for profiling mobmock itself (bench/profile.sh)")
	fs.StringVar(&cfg.cors, "cors", cfg.cors, "origins browser apps may call the mock from: comma-separated (http://localhost:3000), * for any, none (default: * on a loopback address, none otherwise)")
	fs.StringVar(&cfg.latency, "latency", cfg.latency, "delay every API answer: 200ms, 100ms..500ms (uniform) or tail:50ms..2s (median..99th percentile)")
	fs.StringVar(&cfg.faults, "faults", cfg.faults, "a fault profile (JSON) of latency, error statuses and broken connections per operation or path")
	fs.BoolVar(&cfg.watch, "watch", cfg.watch, "reload the --seed file when it changes (new and reset tenants start from it; a bad file is reported and the old world kept)")
	fs.Usage = func() {
		w := fs.Output()
		fmt.Fprint(w, `Usage: mobmock serve [flags]

Serves the stateful mock of both APIs on one listener: MOBPROC under
/mobproc/v1, Mobile under /1, plus /healthz, /openapi/{mobproc,mobile}.yaml,
/oauth/token and /oauth/authorize. It binds to loopback by default.

Flags:
`)
		fs.PrintDefaults()
		fmt.Fprint(w, "\n"+envHelp(fs))
	}
	return fs
}

func (c *serveConfig) check() error {
	if c.auth != mock.AuthOff && c.auth != mock.AuthRequired {
		return usagef("--auth must be off or required, not %q", c.auth)
	}
	if c.advance < 0 {
		return usagef("--advance must not be negative")
	}
	if c.maxBody < 1024 {
		return usagef("--max-body must be at least 1024 bytes")
	}
	if c.maxInFlight < 1 {
		return usagef("--max-in-flight must be at least 1")
	}
	if c.maxTenants < 1 {
		return usagef("--max-tenants must be at least 1")
	}
	if c.maxRecordsPerTenant < 1 {
		return usagef("--max-records-per-tenant must be at least 1")
	}
	for _, u := range c.redirects() {
		if p, err := url.Parse(u); err != nil || !p.IsAbs() || p.Host == "" || p.Fragment != "" || p.RawQuery != "" {
			return usagef("--redirect-uris: %q is not an absolute URI with a host and without a query or fragment", u)
		}
	}
	switch c.log {
	case "text", "json", "off":
	default:
		return usagef("--log must be text, json or off, not %q", c.log)
	}
	if err := checkState(c.state); err != nil {
		return err
	}
	if _, _, err := net.SplitHostPort(c.addr); err != nil {
		return usagef("--addr %q is not host:port", c.addr)
	}
	if _, _, err := net.SplitHostPort(c.pprof); c.pprof != "" && err != nil {
		return usagef("--pprof %q is not host:port", c.pprof)
	}
	if _, err := mock.ParseLatency(c.latency); err != nil {
		return usagef("--%v", err)
	}
	if c.watch && c.seed == "" {
		return usagef("--watch needs --seed FILE: it reloads that file when it changes")
	}
	return nil
}

// corsOrigins is what --cors allows: the listed origins, any origin ("*")
// for a mock on a loopback address when the flag is not given, none for
// "none" or a mock reachable from other machines.
func (c *serveConfig) corsOrigins() []string {
	v := c.cors
	if v == "" {
		host, _, _ := net.SplitHostPort(c.addr)
		ip := net.ParseIP(host)
		if host != "localhost" && (ip == nil || !ip.IsLoopback()) {
			return nil
		}
		v = "*"
	}
	var out []string
	for _, o := range strings.Split(v, ",") {
		if o = strings.TrimSuffix(strings.TrimSpace(o), "/"); o != "" && o != "none" {
			out = append(out, o)
		}
	}
	return out
}

func (c *serveCmd) run(ctx context.Context, e env, args []string) error {
	if err := parseCommand(c.flags(), e, args, func() error { return c.cfg.check() }); err != nil {
		return err
	}
	cfg := c.cfg
	loaded := startGC()
	mcfg := mock.Config{Strict: cfg.strict, Auth: cfg.auth, Advance: cfg.advance, Admin: cfg.admin, AdminToken: cfg.adminToken,
		MaxBody: cfg.maxBody, Logger: newLogger(cfg.log, e.stderr), CORS: cfg.corsOrigins(), Latency: cfg.latency,
		MaxTenants: cfg.maxTenants, MaxRecordsPerTenant: cfg.maxRecordsPerTenant, RedirectURIs: cfg.redirects(),
		State: cfg.state}
	if cfg.seed != "" {
		w, err := readSeed(cfg.seed)
		if err != nil {
			return err
		}
		mcfg.World = w
	}
	if cfg.faults != "" {
		data, err := os.ReadFile(cfg.faults)
		if err != nil {
			return &ioError{fmt.Errorf("cannot read the fault profile %s: %w", cfg.faults, unwrapPath(err))}
		}
		if mcfg.Faults, err = mock.ParseFaults(data); err != nil {
			return &ioError{fmt.Errorf("the fault profile %s is not usable: %w", cfg.faults, err)}
		}
	}
	m, err := mock.New(mcfg)
	if err != nil {
		return stateError(cfg.state, err)
	}
	defer m.Close()
	if cfg.watch {
		stop, err := watchSeed(cfg.seed, m, e.stderr)
		if err != nil {
			return err
		}
		defer stop()
	}
	loaded()
	// Listen before serving, so that a port in use is reported here.
	ln, err := listen(cfg.addr)
	if err != nil {
		return err
	}
	// What the first request of each API would compile is compiled in the
	// background, after a pause in which a request sent as soon as the
	// port opens is answered without sharing the processor with it.
	prepare := time.AfterFunc(prepareAfter, func() {
		if err := m.Prepare(); err != nil {
			mcfg.Logger.Error("preparing the contract", slog.String("error", err.Error()))
		}
	})
	defer prepare.Stop()
	srv := &http.Server{
		Handler:           mock.Limit(m, cfg.maxInFlight),
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(mcfg.Logger.Handler(), slog.LevelWarn),
	}
	if cfg.pprof != "" {
		stop, err := servePprof(cfg.pprof)
		if err != nil {
			ln.Close()
			return err
		}
		defer stop()
	}
	printBanner(e.stdout, ln.Addr().String(), cfg)
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	fmt.Fprintln(e.stdout, "mobmock: shutting down, finishing requests in flight")
	sctx, cancel := context.WithTimeout(context.Background(), cfg.grace)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("requests still in flight after %s: %w", cfg.grace, err)
	}
	return nil
}

// redirects is the list --redirect-uris gives.
func (c *serveConfig) redirects() []string {
	var out []string
	for _, u := range strings.Split(c.redirectURIs, ",") {
		if u = strings.TrimSpace(u); u != "" {
			out = append(out, u)
		}
	}
	return out
}

// prepareAfter is how long after it starts listening serve waits before
// compiling what it left for first use (see mock.Server.Prepare).
const prepareAfter = 250 * time.Millisecond

// servePprof serves net/http/pprof on its own listener, apart from the
// mock's routes, and returns the function that stops it.
func servePprof(addr string) (func(), error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, &ioError{fmt.Errorf("cannot listen on %s for --pprof: %w", addr, err)}
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	return func() { _ = srv.Close() }, nil
}

func newLogger(format string, w io.Writer) *slog.Logger {
	switch format {
	case "json":
		return slog.New(slog.NewJSONHandler(w, nil))
	case "off":
		return slog.New(slog.DiscardHandler)
	}
	return slog.New(slog.NewTextHandler(w, nil))
}

func printBanner(w io.Writer, addr string, cfg serveConfig) {
	base := "http://" + addr
	mode := "lenient"
	if cfg.strict {
		mode = "strict"
	}
	fmt.Fprintf(w, "mobmock serving MOBPROC at %s/mobproc/v1 and the Mobile API at %s/1 (%s, auth %s)\n", base, base, mode, cfg.auth)
	fmt.Fprintf(w, "contract: %s/openapi/mobproc.yaml and %s/openapi/mobile.yaml\n", base, base)
	fmt.Fprintf(w, "console: %s/ (validate payloads, traffic, state); from a script: POST %s/__validate\n", base, base)
	if cfg.admin || cfg.adminToken != "" {
		fmt.Fprintf(w, "admin API: %s/__admin/\n", base)
	}
	if cfg.state != mock.StateMemory {
		fmt.Fprintf(w, "state: %s\n", redact(cfg.state))
	}
	fmt.Fprintln(w, "try it:")
	fmt.Fprintf(w, "  curl -s -X POST '%s/mobproc/v1/orders?confirm=true' -H 'X-TNGO-TENANT: acme' -H 'client_id: demo' \\\n", base)
	fmt.Fprintf(w, "    -H 'Content-Type: application/json' -d '%s'\n", bannerBody)
}

// bannerBody is the order the start banner's curl line confirms.
const bannerBody = `{"orderRequest":{"transactionType":"SUSPEND","serviceId":"38382335",` +
	`"properties":[{"groupId":"MISCELLANEOUS","fields":[{"id":"CONTACT_NUMBER","type":"TEXT","text":"2035559999"}]}]}}`
