package mock

import (
	"bytes"
	"io"
	"log/slog"
	"net/http"
	"time"

	"github.com/mobmock/mobmock/mock/internal/op"
)

// BodyTimeout is the default of Config.BodyTimeout: how long Limit gives a
// client to send a request body before the request takes one of its slots.
const BodyTimeout = 10 * time.Second

// Limit wraps s so that at most n requests are served at once. Past that it
// answers at once with 503 and Retry-After, in the error shape of the API the
// request was for (as s routes it), instead of queueing without bound, and
// logs each 503 with its request id.
//
// A request body is read whole, within Config.BodyTimeout (408 past it),
// before the request takes a slot: a client that trickles its body holds a
// goroutine and a connection, never a slot, so slow clients cannot starve
// fast ones. Bodies are read up to Config.MaxBody (and one byte more, for
// the 413); a body declared larger is left unread for s to refuse.
func Limit(s *Server, n int) http.Handler {
	sem := make(chan struct{}, n)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		buf, ok := s.readAhead(w, r)
		if !ok {
			return
		}
		if buf != nil {
			// s is done with the body when it returns (its decoder copies
			// what it keeps).
			defer release(buf)
		}
		select {
		case sem <- struct{}{}:
			defer func() { <-sem }()
			s.ServeHTTP(w, r)
		default:
			s.refuse(w, r, op.Result{Header: map[string]string{"Retry-After": "1"}}, op.Fail(op.CodeOverloaded,
				"The mock is serving as many requests as it is allowed to at once.",
				"Retry after a second, or start it with a higher --max-in-flight."))
		}
	})
}

// readAhead reads r's body into a pooled buffer within the body timeout and
// gives r the copy; the caller releases the buffer. It reports false when
// it answered (the body did not arrive).
func (s *Server) readAhead(w http.ResponseWriter, r *http.Request) (*bytes.Buffer, bool) {
	if r.Body == nil || r.Body == http.NoBody || r.ContentLength == 0 || r.ContentLength > s.cfg.MaxBody {
		return nil, true
	}
	rc := http.NewResponseController(w)
	// Not every ResponseWriter supports deadlines (a recorder in a test):
	// then the server's own ReadTimeout is the only bound.
	deadline := rc.SetReadDeadline(time.Now().Add(s.cfg.BodyTimeout)) == nil
	buf := bufPool.Get().(*bytes.Buffer)
	buf.Reset()
	if r.ContentLength > 0 {
		buf.Grow(int(r.ContentLength) + bytes.MinRead)
	}
	_, err := buf.ReadFrom(io.LimitReader(r.Body, s.cfg.MaxBody+1))
	if deadline {
		_ = rc.SetReadDeadline(time.Time{})
	}
	if err != nil {
		release(buf)
		s.refuse(w, r, op.Result{Header: map[string]string{"Connection": "close"}}, op.Fail(codeBodyTimeout,
			"The request body did not arrive whole within "+s.cfg.BodyTimeout.String()+".",
			"Send the whole body at once, with a correct Content-Length."))
		return nil, false
	}
	r.Body = io.NopCloser(bytes.NewReader(buf.Bytes()))
	return buf, true
}

// refuse answers a request Limit does not pass on, in its API's error
// shape, and logs it with its request id.
func (s *Server) refuse(w http.ResponseWriter, r *http.Request, res op.Result, e *op.Error) {
	x := s.newExchange(w, r, s.requestID(r))
	x.api = apiOf(r.URL.Path)
	x.w.Header().Set("X-Request-Id", x.id)
	s.reply(x, res, e)
	s.log.LogAttrs(r.Context(), slog.LevelWarn, "refused", slog.String("method", r.Method), slog.String("path", r.URL.Path),
		slog.Int("status", x.w.status), slog.String("code", e.Items[0].Code), slog.String("request_id", x.id))
}
