package mock

import (
	"bytes"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/mobmock/mobmock/schemas"
	"github.com/mobmock/mobmock/spec"
)

// BodyTimeout is how long Limit gives a client to send a request body
// before the request takes one of its slots, unless the handler is a
// *Server with Config.BodyTimeout set.
const BodyTimeout = 10 * time.Second

// Limit wraps h so that at most n requests are served at once. Past that it
// answers at once with 503 and Retry-After, in the error shape of the API the
// request was for, instead of queueing without bound, and logs each 503
// with its request id (to h's Logger, when h has one, as a *Server does).
//
// A request body is read whole, within BodyTimeout (408 past it), before
// the request takes a slot: a client that trickles its body holds a
// goroutine and a connection, never a slot, so slow clients cannot starve
// fast ones. Bodies are read up to the server's --max-body (and one byte
// more, for the 413); a body declared larger is left unread for the server
// to refuse.
func Limit(h http.Handler, n int) http.Handler {
	l := &limiter{h: h, sem: make(chan struct{}, n), log: slog.Default(), maxBody: 1 << 20, bodyTimeout: BodyTimeout,
		prefix: strconv.FormatUint(uint64(time.Now().UnixNano())&0xffffff, 36) + "L"}
	if lg, ok := h.(interface{ Logger() *slog.Logger }); ok {
		l.log = lg.Logger()
	}
	if s, ok := h.(*Server); ok {
		l.maxBody, l.bodyTimeout = s.cfg.MaxBody, s.cfg.BodyTimeout
	}
	return l
}

type limiter struct {
	h       http.Handler
	sem     chan struct{}
	log     *slog.Logger
	maxBody int64
	// bodyTimeout is how long a request body may take to arrive.
	bodyTimeout time.Duration
	prefix      string
	seq         atomic.Uint64
}

func (l *limiter) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	buf, ok := l.readBody(w, r)
	if !ok {
		return
	}
	if buf != nil {
		// The handler is done with the body when it returns (the server's
		// decoder copies what it keeps).
		defer release(buf)
	}
	select {
	case l.sem <- struct{}{}:
		defer func() { <-l.sem }()
		l.h.ServeHTTP(w, r)
	default:
		l.refuse(w, r, http.StatusServiceUnavailable, errorItem{Code: codeOverloaded,
			Message: "The mock is serving as many requests as it is allowed to at once.",
			Hint:    "Retry after a second, or start it with a higher --max-in-flight."})
	}
}

// readBody reads r's body into a pooled buffer within the body timeout and
// gives r the copy; the caller releases the buffer. It reports false when
// it answered (the body did not arrive).
func (l *limiter) readBody(w http.ResponseWriter, r *http.Request) (*bytes.Buffer, bool) {
	if r.Body == nil || r.Body == http.NoBody || r.ContentLength == 0 || r.ContentLength > l.maxBody {
		return nil, true
	}
	rc := http.NewResponseController(w)
	// Not every ResponseWriter supports deadlines (a recorder in a test):
	// then the server's own ReadTimeout is the only bound.
	deadline := rc.SetReadDeadline(time.Now().Add(l.bodyTimeout)) == nil
	buf := bufPool.Get().(*bytes.Buffer)
	buf.Reset()
	if r.ContentLength > 0 {
		buf.Grow(int(r.ContentLength) + bytes.MinRead)
	}
	_, err := buf.ReadFrom(io.LimitReader(r.Body, l.maxBody+1))
	if deadline {
		_ = rc.SetReadDeadline(time.Time{})
	}
	if err != nil {
		release(buf)
		w.Header().Set("Connection", "close")
		l.refuse(w, r, http.StatusRequestTimeout, errorItem{Code: "body-timeout",
			Message: "The request body did not arrive whole within " + l.bodyTimeout.String() + ".",
			Hint:    "Send the whole body at once, with a correct Content-Length."})
		return nil, false
	}
	r.Body = io.NopCloser(bytes.NewReader(buf.Bytes()))
	return buf, true
}

// refuse answers a request Limit does not pass on, in its API's error
// shape, and logs it with its request id.
func (l *limiter) refuse(w http.ResponseWriter, r *http.Request, status int, it errorItem) {
	id := r.Header.Get("X-Request-Id")
	if !validRequestID(id) {
		id = l.prefix + "-" + strconv.FormatUint(l.seq.Add(1), 10)
	}
	w.Header().Set("X-Request-Id", id)
	if status == http.StatusServiceUnavailable {
		w.Header().Set("Retry-After", "1")
	}
	l.log.LogAttrs(r.Context(), slog.LevelWarn, "refused", slog.String("method", r.Method), slog.String("path", r.URL.Path),
		slog.Int("status", status), slog.String("code", it.Code), slog.String("request_id", id))
	_ = writeJSON(w, status, errorBody(apiFor(r.URL.Path), []errorItem{it}), "")
}

// apiFor is the API whose error shape answers a path: the Mobile API's
// under /1, MOBPROC's everywhere else.
func apiFor(path string) apiName {
	if under(path, spec.Bases[schemas.Mobile]) {
		return apiMobile
	}
	return apiMOBPROC
}

// Logger returns the logger the server writes its request log to; Limit
// logs the requests it refuses there too.
func (s *Server) Logger() *slog.Logger { return s.log }
