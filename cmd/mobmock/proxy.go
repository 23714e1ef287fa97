package main

import (
	"context"
	"crypto/x509"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/mobmock/mobmock/proxy"
)

// proxyConfig is the configuration of mobmock proxy: defaults, then
// environment, then flags, validated once by check.
type proxyConfig struct {
	target         string
	addr           string
	strict         bool
	record         string
	report         string
	junit          string
	failOn         string
	timeout        time.Duration
	insecure       bool
	caFile         string
	preserveHost   bool
	keepLinks      bool
	redactHeaders  listFlag
	redactPointers listFlag
	maxCheck       int64
	grace          time.Duration
	log            string
}

func defaultProxyConfig() proxyConfig {
	return proxyConfig{addr: "127.0.0.1:8081", failOn: "any", timeout: 30 * time.Second, maxCheck: 4 << 20,
		grace: 10 * time.Second, log: "off"}
}

// listFlag is a flag that may be repeated or given a comma-separated list.
type listFlag []string

func (l *listFlag) String() string { return strings.Join(*l, ",") }

func (l *listFlag) Set(v string) error {
	for _, s := range strings.Split(v, ",") {
		if s = strings.TrimSpace(s); s != "" {
			*l = append(*l, s)
		}
	}
	return nil
}

// proxyCmd runs the contract-checking proxy.
type proxyCmd struct{ cfg proxyConfig }

func (*proxyCmd) name() string { return "proxy" }
func (*proxyCmd) summary() string {
	return "forward traffic to a real endpoint and check it against the contract"
}

func (c *proxyCmd) flags() *flag.FlagSet {
	c.cfg = defaultProxyConfig()
	cfg := &c.cfg
	fs := flag.NewFlagSet("proxy", flag.ContinueOnError)
	fs.StringVar(&cfg.target, "target", cfg.target, "base URL of the implementation to forward to (required), e.g. https://sandbox.example.com")
	fs.StringVar(&cfg.addr, "addr", cfg.addr, "address to listen on (host:port; port 0 picks a free one)")
	fs.BoolVar(&cfg.strict, "strict", cfg.strict, "hold requests and answers to the strict reading: undocumented fields are violations")
	fs.StringVar(&cfg.record, "record", cfg.record, "write every exchange as a fixture case under this directory (replay with mobmock conform --fixtures DIR)")
	fs.StringVar(&cfg.report, "report", cfg.report, "at exit, write the JSON report to this file")
	fs.StringVar(&cfg.junit, "junit", cfg.junit, "at exit, write a JUnit XML report (one test case per operation seen) to this file")
	fs.StringVar(&cfg.failOn, "fail-on", cfg.failOn, "exit 1 at the end when violations of this kind were seen: request, response (answers, domain rules, upstream failures), any or none")
	fs.DurationVar(&cfg.timeout, "timeout", cfg.timeout, "how long to wait for the target to connect and answer; past it the client gets a 504")
	fs.BoolVar(&cfg.insecure, "insecure", cfg.insecure, "do not verify the target's TLS certificate (a test sandbox only)")
	fs.StringVar(&cfg.caFile, "ca-file", cfg.caFile, "PEM file of authorities to trust for the target's certificate, besides the system's")
	fs.BoolVar(&cfg.preserveHost, "preserve-host", cfg.preserveHost, "send the client's Host header to the target instead of the target's own (for tenants told by host name)")
	fs.BoolVar(&cfg.keepLinks, "keep-links", cfg.keepLinks, "pass links to the target in answers on as sent; by default they are rewritten to lead to the proxy (counted in X-Mobmock-Links-Rewritten and the report)")
	fs.Var(&cfg.redactHeaders, "redact-header", "a request header to leave out of recordings (repeatable or comma-separated); Authorization, cookies and headers named like tokens, keys and secrets always are")
	fs.Var(&cfg.redactPointers, "redact-pointer", "a body field (JSON pointer, * for any key or index) to redact in recordings (repeatable); fields named like passwords, tokens and secrets always are")
	fs.Int64Var(&cfg.maxCheck, "max-check", cfg.maxCheck, "largest body checked, in bytes; larger ones are streamed through unchecked")
	fs.DurationVar(&cfg.grace, "grace", cfg.grace, "on SIGTERM or SIGINT, how long exchanges in flight may take to finish")
	fs.StringVar(&cfg.log, "log", cfg.log, "log of the proxy's own problems on standard error: text, json or off")
	fs.Usage = func() {
		w := fs.Output()
		fmt.Fprint(w, `Usage: mobmock proxy --target URL [flags]

Forwards every request to the target as sent and returns its answer
unchanged (except links to the target, which lead to the proxy unless
--keep-links), and checks each exchange against the contract: the request
(body, parameters, headers), the answer (documented status, headers, body,
the API's error shape) and the domain rules judged from the pair. Each
answer with violations carries X-Mobmock-Violations: N and up to five
X-Mobmock-Violation lines; GET /__proxy/journal lists the last exchanges
and /__proxy/report the report so far. On SIGINT or SIGTERM it prints a
summary and writes --report, --junit and the --record fixtures.

Exit status: 0 when no violation of the --fail-on kind was seen, 1 when one
was, 2 for usage errors, a port already in use or a report path that
cannot be written. Exchanges cut off after --grace are counted in the
summary, not in the exit status.

Flags:
`)
		fs.PrintDefaults()
		fmt.Fprint(w, "\n"+envHelp(fs))
	}
	return fs
}

func (c *proxyConfig) check() error {
	if c.target == "" {
		return usagef("--target is required (the base URL of the implementation to forward to)")
	}
	if _, err := proxy.ParseTarget(c.target); err != nil {
		var tp *proxy.TargetPathError
		if errors.As(err, &tp) {
			return usagef("--target %s ends with the API's base path %s, which every request through the proxy already carries: give --target %s (your client then calls the proxy at .../mobproc/v1 and .../1)", c.target, tp.Base, tp.Instead)
		}
		return usagef("--target %q must be an absolute http:// or https:// URL without a query", c.target)
	}
	if _, _, err := net.SplitHostPort(c.addr); err != nil {
		return usagef("--addr %q is not host:port", c.addr)
	}
	switch c.failOn {
	case "request", "response", "any", "none":
	default:
		return usagef("--fail-on must be request, response, any or none, not %q", c.failOn)
	}
	if c.timeout <= 0 {
		return usagef("--timeout must be positive")
	}
	if c.maxCheck < 1024 {
		return usagef("--max-check must be at least 1024 bytes")
	}
	if c.insecure && c.caFile != "" {
		return usagef("give --insecure or --ca-file, not both")
	}
	for _, p := range c.redactPointers {
		if !strings.HasPrefix(p, "/") {
			return usagef("--redact-pointer %q must be a JSON pointer starting with /", p)
		}
	}
	switch c.log {
	case "text", "json", "off":
	default:
		return usagef("--log must be text, json or off, not %q", c.log)
	}
	return nil
}

// fails reports whether rep has violations of the --fail-on kind.
func (c *proxyConfig) fails(rep *proxy.Report) bool {
	switch c.failOn {
	case "request":
		return rep.Total(proxy.Request) > 0
	case "response":
		return rep.Total(proxy.Response, proxy.Domain, proxy.Upstream) > 0
	case "any":
		return rep.Total() > 0
	}
	return false
}

// checkWritable returns an ioError when the file name (given with flag)
// cannot be created or written; a file it creates to find out is removed.
func checkWritable(flag, name string) error {
	if name == "" {
		return nil
	}
	_, statErr := os.Stat(name)
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE, 0o644)
	if err != nil {
		return &ioError{fmt.Errorf("cannot write %s %s: %w; give a file in a directory that exists and that you can write to", flag, name, unwrapPath(err))}
	}
	f.Close()
	if errors.Is(statErr, fs.ErrNotExist) {
		os.Remove(name)
	}
	return nil
}

// rootCAs returns the system's authorities plus those of --ca-file.
func rootCAs(file string) (*x509.CertPool, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, &ioError{fmt.Errorf("cannot read --ca-file %s: %w", file, unwrapPath(err))}
	}
	pool, err := x509.SystemCertPool()
	if err != nil || pool == nil {
		pool = x509.NewCertPool()
	}
	if !pool.AppendCertsFromPEM(data) {
		return nil, &ioError{fmt.Errorf("--ca-file %s holds no PEM certificate", file)}
	}
	return pool, nil
}

func (c *proxyCmd) run(ctx context.Context, e env, args []string) error {
	if err := parseCommand(c.flags(), e, args, func() error { return c.cfg.check() }); err != nil {
		return err
	}
	cfg := c.cfg
	pcfg := proxy.Config{Target: cfg.target, Strict: cfg.strict, Timeout: cfg.timeout, Insecure: cfg.insecure, PreserveHost: cfg.preserveHost, KeepLinks: cfg.keepLinks,
		MaxCheck: cfg.maxCheck, Record: cfg.record, RedactHeaders: cfg.redactHeaders, RedactPointers: cfg.redactPointers,
		Logger: newLogger(cfg.log, e.stderr)}
	if cfg.caFile != "" {
		var err error
		if pcfg.RootCAs, err = rootCAs(cfg.caFile); err != nil {
			return err
		}
	}
	// The reports are written at exit; a path that cannot be written must
	// be found now, before the traffic that would fill them is lost.
	for _, f := range []struct{ flag, name string }{{"--report", cfg.report}, {"--junit", cfg.junit}} {
		if err := checkWritable(f.flag, f.name); err != nil {
			return err
		}
	}
	p, err := proxy.New(pcfg)
	if err != nil {
		if errors.Is(err, proxy.ErrTarget) {
			return usagef("%v", err)
		}
		return &ioError{err}
	}
	ln, err := listen(cfg.addr)
	if err != nil {
		return err
	}
	srv := &http.Server{
		Handler:           p,
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(pcfg.Logger.Handler(), slog.LevelWarn),
	}
	base := "http://" + ln.Addr().String()
	mode := "lenient"
	if cfg.strict {
		mode = "strict"
	}
	fmt.Fprintf(e.stdout, "mobmock proxy on %s forwarding to %s (%s)\n", base, cfg.target, mode)
	fmt.Fprintf(e.stdout, "point your client at %s/mobproc/v1 and %s/1; console: %s/; journal: %s/__proxy/journal\n", base, base, base, base)
	if cfg.record != "" {
		fmt.Fprintf(e.stdout, "recording fixtures under %s\n", cfg.record)
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), cfg.grace)
	defer cancel()
	unfinished := 0
	if srv.Shutdown(sctx) != nil {
		// Some exchanges outlived --grace: count them before cutting
		// their connections (which ends them as the clients' own
		// departures, never judged), so the report says how many.
		unfinished = p.InFlight()
		srv.Close()
	}
	var errs []error
	if err := p.Close(); err != nil {
		errs = append(errs, &ioError{err})
	}
	rep := p.Report()
	rep.InFlight = unfinished
	if unfinished > 0 {
		fmt.Fprintf(e.stderr, "mobmock proxy: %d exchange(s) were still in flight after --grace %s and were cut off; they are not judged or recorded (raise --grace to let them finish)\n", unfinished, cfg.grace)
	}
	if cfg.report != "" {
		if err := writeFile(cfg.report, rep.WriteJSON); err != nil {
			errs = append(errs, err)
		}
	}
	if cfg.junit != "" {
		if err := writeFile(cfg.junit, rep.WriteJUnit); err != nil {
			errs = append(errs, err)
		}
	}
	fmt.Fprint(e.stdout, rep.Summary())
	if len(errs) > 0 {
		return errors.Join(errs...)
	}
	if cfg.fails(rep) {
		return errProblemsFound
	}
	return nil
}
