package proxy

import (
	"bytes"
	"compress/gzip"
	"compress/zlib"
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/getkin/kin-openapi/routers"

	"github.com/mobmock/mobmock/schemas"
	"github.com/mobmock/mobmock/spec"
)

// Config says where to forward and how to judge.
type Config struct {
	// Target is the base URL of the implementation ("https://sandbox.example.com",
	// or with a path prefix that precedes /mobproc/v1 and /1, but never
	// ending with them: requests carry them already).
	Target string
	// Strict holds requests and answers to the strict reading of the
	// contract: undocumented fields are violations, not warnings.
	Strict bool
	// Timeout bounds connecting to the target, the TLS handshake and the
	// wait for the answer's headers (default 30s); past it the client gets
	// a 504.
	Timeout time.Duration
	// RootCAs are the authorities trusted for an https target (nil: the
	// system's).
	RootCAs *x509.CertPool
	// Insecure skips the verification of the target's certificate (for a
	// test sandbox).
	Insecure bool
	// PreserveHost forwards the client's Host header instead of the
	// target's (for a target that tells tenants by host name, as the
	// Mobile API may by subdomain).
	PreserveHost bool
	// KeepLinks passes links to the target in answers on as the target
	// wrote them. By default, absolute links to the target (Location,
	// Content-Location, Link and those in JSON bodies read whole and not
	// compressed) are rewritten to the proxy's own origin, as the client
	// called it, so that a client following them stays behind the proxy;
	// the answer says how many in X-Mobmock-Links-Rewritten, and the
	// journal and report count them. The answer is judged and recorded as
	// the target sent it.
	KeepLinks bool
	// MaxCheck is the largest body, in bytes, that is checked (default
	// 4 MiB); larger bodies are streamed through unchecked, with a warning.
	MaxCheck int64
	// Record, when set, is the directory the exchanges of contract
	// operations are written to, when the proxy is closed, as fixture cases
	// in the project's format: DIR/cases/recorded-TIME.json, one case per
	// tenant, generated ids captured and replayed as variables, times and
	// links compared by rule, secrets left out (see RedactHeaders).
	Record string
	// RedactHeaders and RedactPointers name request headers and body
	// fields (JSON pointers, "*" for any one key or index) a recording
	// must not contain, in addition to the ones it never keeps
	// (Authorization, cookies, fields named like passwords and tokens).
	RedactHeaders  []string
	RedactPointers []string
	// JournalSize is how many exchanges GET /__proxy/journal keeps
	// (default 200).
	JournalSize int
	// Transport reaches the target; nil builds one from the settings above.
	Transport http.RoundTripper
	// Logger receives what goes wrong inside the proxy (default: discard).
	Logger *slog.Logger
	// Now is the clock (default time.Now).
	Now func() time.Time
}

// Proxy is the contract-checking reverse proxy, an http.Handler. Build it
// with New; Close it to finish the recording.
type Proxy struct {
	cfg       Config
	target    *url.URL
	specs     *spec.Specs
	schemas   *schemas.Set
	mode      schemas.Mode
	transport http.RoundTripper
	rp        *httputil.ReverseProxy
	log       *slog.Logger
	seq       atomic.Uint64
	inFlight  atomic.Int64 // exchanges being forwarded
	started   time.Time

	tally    *tally
	journal  *journal
	recorder *recorder // nil unless cfg.Record
}

// ErrTarget is returned by New for a target that is not an absolute
// http(s) URL.
var ErrTarget = errors.New("target must be an absolute http:// or https:// URL")

// TargetPathError is returned by New for a target whose path ends with an
// API's base path (/mobproc/v1 or /1): every request through the proxy
// already carries it. Instead is the target to give.
type TargetPathError struct {
	Target, Base, Instead string
}

func (e *TargetPathError) Error() string {
	return fmt.Sprintf("target %s ends with the API's base path %s, which every request through the proxy already carries (the proxy would forward %s%s/...); give %s instead",
		e.Target, e.Base, e.Target, e.Base, e.Instead)
}

// Is makes errors.Is(err, ErrTarget) true for a TargetPathError.
func (e *TargetPathError) Is(target error) bool { return target == ErrTarget }

// ParseTarget parses the base URL of a target. It returns ErrTarget for
// one that is not an absolute http(s) URL without query or fragment, and
// a *TargetPathError for one that ends with an API's base path.
func ParseTarget(target string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimRight(target, "/"))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
		return nil, fmt.Errorf("%w, not %q", ErrTarget, target)
	}
	for _, base := range []string{"/mobproc/v1", "/1"} {
		if strings.HasSuffix(u.Path, base) {
			// Clients call the proxy with the API's base path, which is
			// forwarded as sent: a target ending with it would double it.
			root := *u
			root.Path, root.RawPath = strings.TrimSuffix(u.Path, base), ""
			return nil, &TargetPathError{Target: target, Base: base, Instead: root.String()}
		}
	}
	return u, nil
}

// New builds a Proxy. It returns ErrTarget for a bad target (a
// *TargetPathError for one that ends with an API's base path), or an error
// when the contract cannot be loaded or the recording directory cannot be
// created.
func New(cfg Config) (*Proxy, error) {
	u, err := ParseTarget(cfg.Target)
	if err != nil {
		return nil, err
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = 30 * time.Second
	}
	if cfg.MaxCheck <= 0 {
		cfg.MaxCheck = 4 << 20
	}
	if cfg.JournalSize <= 0 {
		cfg.JournalSize = 200
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	sp, err := spec.Load()
	if err != nil {
		return nil, fmt.Errorf("loading the OpenAPI documents: %w", err)
	}
	sc, err := schemas.Load()
	if err != nil {
		return nil, fmt.Errorf("loading the schemas: %w", err)
	}
	p := &Proxy{cfg: cfg, target: u, specs: sp, schemas: sc, log: cfg.Logger, started: cfg.Now(),
		tally: newTally(), journal: newJournal(cfg.JournalSize)}
	if cfg.Strict {
		p.mode = schemas.Strict
	}
	p.transport = cfg.Transport
	if p.transport == nil {
		p.transport = newTransport(cfg)
	}
	if cfg.Record != "" {
		if p.recorder, err = newRecorder(cfg.Record, u.String(), cfg.RedactHeaders, cfg.RedactPointers, cfg.Now()); err != nil {
			return nil, err
		}
	}
	p.rp = &httputil.ReverseProxy{
		Rewrite: func(pr *httputil.ProxyRequest) {
			// Path, query, headers and body as sent; only the host
			// changes. No X-Forwarded-* headers are added, and the
			// ones the client sent, which ReverseProxy drops before
			// calling Rewrite, are put back.
			pr.SetURL(u)
			if cfg.PreserveHost {
				pr.Out.Host = pr.In.Host
			}
			for _, h := range []string{"Forwarded", "X-Forwarded-For", "X-Forwarded-Host", "X-Forwarded-Proto"} {
				if v, ok := pr.In.Header[h]; ok {
					pr.Out.Header[h] = v
				}
			}
		},
		Transport:      p.transport,
		ModifyResponse: p.modifyResponse,
		ErrorHandler:   p.handleUpstreamError,
		ErrorLog:       slog.NewLogLogger(cfg.Logger.Handler(), slog.LevelWarn),
		BufferPool:     bufferPool{},
	}
	return p, nil
}

// exchange is one request and its answer as the proxy saw them.
type exchange struct {
	seq     uint64
	start   time.Time
	elapsed time.Duration
	method  string
	path    string // as requested, with the query
	host    string // the Host the client called
	scheme  string // how the client called: http or https
	api     schemas.API
	doc     *spec.Document
	route   *routers.Route
	params  map[string]string

	reqHeader       http.Header
	reqBody         []byte
	reqBodyComplete bool
	reqPayload      any

	status           int
	respHeader       http.Header
	respBody         []byte
	respBodyComplete bool
	respPayload      any
	linksRewritten   int  // links to the target pointed at the proxy
	proxied          bool // the status is the proxy's own (502/504)
	clientGone       bool
	streamErr        error // reading a streamed answer from the target failed

	violations []Violation
	warnings   []Violation
}

func (x *exchange) add(v Violation)  { x.violations = append(x.violations, v) }
func (x *exchange) warn(v Violation) { x.warnings = append(x.warnings, v) }

type exchangeKey struct{}

// ServeHTTP forwards r to the target and judges the exchange. Paths under
// /__proxy/ (the journal and report) and the console's (/, /console/,
// /__console/ and /__validate) are the proxy's own and are not forwarded.
func (p *Proxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, "/__proxy/") || isConsolePath(r.URL.Path) {
		p.serveOwn(w, r)
		return
	}
	p.inFlight.Add(1)
	defer p.inFlight.Add(-1)
	x := &exchange{seq: p.seq.Add(1), start: p.cfg.Now(), method: r.Method, path: r.URL.RequestURI(), host: r.Host,
		reqHeader: r.Header.Clone(), scheme: "http"}
	if r.TLS != nil {
		x.scheme = "https"
	}
	if err := p.readRequestBody(x, r); err != nil {
		// The client broke off its own request: nothing to forward.
		x.clientGone = true
		api := schemas.MOBPROC
		if strings.HasPrefix(r.URL.Path, "/1/") {
			api = schemas.Mobile
		}
		writeFailure(w, api, failure{http.StatusBadRequest, CodeInvalidJSON, "The request body could not be read completely.",
			"Send the whole body with a correct Content-Length."}, nil)
		return
	}
	p.route(x, r)
	p.checkRequest(x, r)
	defer func() {
		// ReverseProxy panics with http.ErrAbortHandler when copying a
		// streamed answer fails after its headers went out. When the
		// target broke off, that is a violation the report must show;
		// the panic is passed on so the client's connection is cut
		// rather than a short body passing for a whole one.
		if v := recover(); v != nil {
			if x.streamErr != nil {
				x.add(Violation{Class: Upstream, Code: CodeBroken,
					Message: fmt.Sprintf("The answer of the target %s broke off mid-body, after its headers had been passed on; the client's connection was cut.", p.target.Host),
					Hint:    "Check the target's logs for this request."})
				x.elapsed = p.cfg.Now().Sub(x.start)
				p.finish(x)
			}
			panic(v)
		}
	}()
	p.rp.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), exchangeKey{}, x)))
	x.elapsed = p.cfg.Now().Sub(x.start)
	p.finish(x)
}

// brokenBodyError is an answer whose body could not be read to its end.
type brokenBodyError struct{ err error }

func (e *brokenBodyError) Error() string { return "reading the answer's body: " + e.err.Error() }
func (e *brokenBodyError) Unwrap() error { return e.err }

// streamReader passes a streamed answer on and keeps the first read error
// other than io.EOF on the exchange.
type streamReader struct {
	io.ReadCloser
	x *exchange
}

func (s *streamReader) Read(b []byte) (int, error) {
	n, err := s.ReadCloser.Read(b)
	if err != nil && err != io.EOF && s.x.streamErr == nil {
		s.x.streamErr = err
	}
	return n, err
}

// readRequestBody reads up to MaxCheck bytes of the body for checking and
// puts back a body that forwards exactly what the client sends.
func (p *Proxy) readRequestBody(x *exchange, r *http.Request) error {
	if r.Body == nil || r.Body == http.NoBody {
		x.reqBodyComplete = true
		return nil
	}
	var err error
	x.reqBody, x.reqBodyComplete, r.Body, err = peek(r.Body, p.cfg.MaxCheck)
	return err
}

// peek reads at most limit bytes of body and returns them, whether that
// was all of it, and a body that reads the same bytes as body did (what
// was read, then the rest).
func peek(body io.ReadCloser, limit int64) (head []byte, complete bool, same io.ReadCloser, err error) {
	var buf bytes.Buffer
	n, err := buf.ReadFrom(io.LimitReader(body, limit+1))
	if err != nil {
		body.Close()
		return nil, false, nil, err
	}
	head = buf.Bytes()
	if n <= limit {
		body.Close()
		return head, true, io.NopCloser(bytes.NewReader(head)), nil
	}
	return head, false, struct {
		io.Reader
		io.Closer
	}{io.MultiReader(bytes.NewReader(head), body), body}, nil
}

// modifyResponse reads the answer (up to MaxCheck), judges it and adds the
// violation headers. The answer itself is passed on unchanged.
func (p *Proxy) modifyResponse(resp *http.Response) error {
	x, _ := resp.Request.Context().Value(exchangeKey{}).(*exchange)
	if x == nil {
		return nil
	}
	if isRedirect(resp.StatusCode) {
		resp.Body.Close()
		return &redirectError{status: resp.StatusCode, location: resp.Header.Get("Location")}
	}
	x.status = resp.StatusCode
	x.respHeader = resp.Header.Clone()
	x.respBodyComplete = true
	if resp.Body != nil && resp.Body != http.NoBody {
		head, complete, body, err := peek(resp.Body, p.cfg.MaxCheck)
		if err != nil {
			// peek closed the body; ReverseProxy closes it again after
			// an error, so it must not be nil. The answer is the
			// proxy's 502 now, not the target's broken one.
			resp.Body = http.NoBody
			x.status, x.respHeader, x.respBodyComplete = 0, nil, false
			return &brokenBodyError{err}
		}
		x.respBody, x.respBodyComplete, resp.Body = head, complete, body
		if !complete {
			resp.Body = &streamReader{ReadCloser: body, x: x}
		}
		if x.respBodyComplete {
			p.decode(x, resp.Header.Get("Content-Encoding"))
		}
	}
	p.checkResponse(x, resp.Request, resp)
	p.checkDomain(resp.Request.Context(), x, resp.Request, resp)
	setViolationHeaders(resp.Header, x.violations)
	if !p.cfg.KeepLinks {
		x.linksRewritten = p.rewriteLinks(x, resp)
	}
	return nil
}

// decode replaces the checked copy of a compressed answer by what it
// decompresses to; the client still gets the bytes the target sent. An
// encoding the proxy cannot read leaves the body unchecked, with a warning.
func (p *Proxy) decode(x *exchange, encoding string) {
	var zr io.ReadCloser
	var err error
	switch strings.ToLower(strings.TrimSpace(encoding)) {
	case "", "identity":
		return
	case "gzip", "x-gzip":
		zr, err = gzip.NewReader(bytes.NewReader(x.respBody))
	case "deflate":
		zr, err = zlib.NewReader(bytes.NewReader(x.respBody))
	default:
		x.respBodyComplete = false
		return
	}
	if err == nil {
		var plain []byte
		plain, x.respBodyComplete, _, err = peek(zr, p.cfg.MaxCheck)
		x.respBody = plain
	}
	if err != nil {
		x.add(Violation{Class: Response, Code: CodeBroken, Parameter: "Content-Encoding",
			Message: fmt.Sprintf("The answer says Content-Encoding %s but does not decompress.", encoding)})
		x.respBody, x.respBodyComplete = nil, false
	}
}

// handleUpstreamError answers a target that gave no usable answer with a
// 502 or 504 in the API's error shape.
func (p *Proxy) handleUpstreamError(w http.ResponseWriter, r *http.Request, err error) {
	x, _ := r.Context().Value(exchangeKey{}).(*exchange)
	if x == nil {
		x = &exchange{}
	}
	if r.Context().Err() != nil && !errors.Is(err, context.DeadlineExceeded) {
		// The client went away; there is nobody to answer.
		x.clientGone = true
		w.WriteHeader(http.StatusBadGateway)
		return
	}
	f := classify(err, p.target.Host, p.cfg.Timeout)
	x.add(Violation{Class: Upstream, Code: f.code, Message: f.message, Hint: f.hint})
	x.status, x.proxied = f.status, true
	p.log.Warn("target failed", "method", r.Method, "path", r.URL.Path, "code", f.code, "error", err.Error())
	writeFailure(w, x.api, f, x.violations)
}

// finish adds a judged exchange to the report, the journal and the
// recording.
func (p *Proxy) finish(x *exchange) {
	if x.clientGone {
		return
	}
	p.tally.add(x)
	p.journal.add(x)
	if p.recorder != nil && !x.proxied && x.route != nil {
		p.recorder.add(x)
	}
}

// Report returns what the proxy has seen so far.
func (p *Proxy) Report() *Report {
	r := p.tally.report(p.target.String(), p.started, p.cfg.Now().Sub(p.started), p.recorder)
	r.InFlight = p.InFlight()
	return r
}

// InFlight returns how many exchanges are being forwarded now.
func (p *Proxy) InFlight() int { return int(p.inFlight.Load()) }

// Close writes the recording, if any, and returns the error writing it.
// The proxy must not serve requests after Close.
func (p *Proxy) Close() error {
	if p.recorder == nil {
		return nil
	}
	return p.recorder.flush()
}

// bufferPool lends ReverseProxy its copy buffers.
type bufferPool struct{}

var copyBuffers = sync.Pool{New: func() any { b := make([]byte, 32<<10); return &b }}

func (bufferPool) Get() []byte  { return *(copyBuffers.Get().(*[]byte)) }
func (bufferPool) Put(b []byte) { copyBuffers.Put(&b) }
