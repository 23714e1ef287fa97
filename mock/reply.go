package mock

import (
	"errors"
	"log/slog"
	"maps"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/mobmock/mobmock/mock/internal/op"
	"github.com/mobmock/mobmock/mock/store"
	"github.com/mobmock/mobmock/schemas"
)

// reply writes the answer to x: the result of its handler, or the error in
// the error shape of x's API. It is the one place that writes answers (the
// API operations', the errors before them, health, OAuth, admin, Limit's),
// and it fills in x's journal entry with the errors and every warning, the
// handler's included. A result's Header applies to errors too.
func (s *Server) reply(x *exchange, res op.Result, err error) {
	res, err = s.tenantsFull(err, res)
	if err != nil {
		var e *op.Error
		switch {
		case errors.As(err, &e):
		case errors.Is(err, store.ErrUnavailable):
			s.log.LogAttrs(x.r.Context(), slog.LevelError, "state database unavailable", slog.String("request_id", x.id), slog.String("error", err.Error()))
			e = unavailableError()
			res.Header = map[string]string{"Retry-After": "1"}
		default:
			s.log.LogAttrs(x.r.Context(), slog.LevelError, "handler failed", slog.String("request_id", x.id), slog.String("error", err.Error()))
			e = internalError(x.id)
		}
		s.replyError(x, e, res.Header)
		return
	}
	h := x.w.Header()
	s.warn(x, res.Warnings)
	if res.Location != "" {
		h.Set("Location", x.req.Base+res.Location)
	}
	if res.Page != nil {
		setPaging(h, x, res.Page)
	}
	for k, v := range res.Header {
		h.Set(k, v)
	}
	status := res.Status
	if status == 0 {
		status = http.StatusOK
	}
	switch body := res.Body.(type) {
	case nil:
		x.w.WriteHeader(status)
	case file:
		h.Set("Content-Type", body.contentType)
		if h.Get("Cache-Control") == "" {
			h.Set("Cache-Control", "no-cache")
		}
		x.w.WriteHeader(status)
		_, err = x.w.Write(body.data)
	default:
		if x.w.keep && sentAsStored(body) {
			// The journal refers to the stored bytes instead of copying them.
			x.w.shared, x.rec.kept.resSent, x.rec.kept.resBase = true, body, x.req.Base
		}
		err = writeJSON(x.w, status, body, x.req.Base)
	}
	if err != nil {
		s.log.LogAttrs(x.r.Context(), slog.LevelWarn, "writing response", slog.String("request_id", x.id), slog.String("error", err.Error()))
	}
}

// replyError answers e in the error shape of x's API.
func (s *Server) replyError(x *exchange, e *op.Error, header map[string]string) {
	h := x.w.Header()
	s.warn(x, e.Warnings)
	e.Items = boundItems(e.Items)
	status := http.StatusBadRequest
	if len(e.Items) > 0 {
		status = statusFor(e.Items[0].Code)
	}
	if status == http.StatusUnauthorized {
		h.Set("WWW-Authenticate", `Bearer realm="mobmock"`)
	}
	for k, v := range header {
		h.Set(k, v)
	}
	x.rec.Errors = e.Items
	if err := writeJSON(x.w, status, errorBody(x.api, e.Items), ""); err != nil {
		s.log.LogAttrs(x.r.Context(), slog.LevelWarn, "writing error response", slog.String("request_id", x.id), slog.String("error", err.Error()))
	}
}

// warn adds the request's warnings and then the handler's to the answer's
// X-Mobmock-Warning headers and to the journal entry.
func (s *Server) warn(x *exchange, more []schemas.Problem) {
	all := append(x.warnings[:len(x.warnings):len(x.warnings)], more...)
	for _, p := range all {
		x.w.Header().Add("X-Mobmock-Warning", warningHeader(p))
	}
	if len(all) > 0 {
		x.rec.Warnings = all
	}
}

// file is a body written as it is, with its content type.
type file struct {
	contentType string
	data        []byte
}

// setPaging writes the Mobile API's paging headers: X-Total-Count and an
// RFC 8288 Link header with next, prev, first and last.
func setPaging(h http.Header, x *exchange, p *op.Page) {
	h.Set("X-Total-Count", strconv.Itoa(p.Total))
	h.Set("X-Page", strconv.Itoa(p.Number))
	h.Set("X-Per-Page", strconv.Itoa(p.Per))
	last := max(1, (p.Total+p.Per-1)/p.Per)
	q := maps.Clone(x.query()) // the request's parsed query is not ours to change
	if q == nil {
		q = url.Values{}
	}
	link := func(n int, rel string) string {
		q.Set("page", strconv.Itoa(n))
		q.Set("per_page", strconv.Itoa(p.Per))
		return "<" + x.req.Base + x.r.URL.Path + "?" + q.Encode() + `>; rel="` + rel + `"`
	}
	links := []string{link(1, "first"), link(last, "last")}
	if p.Number < last {
		links = append(links, link(p.Number+1, "next"))
	}
	if p.Number > 1 {
		links = append(links, link(min(p.Number-1, last), "prev"))
	}
	h.Set("Link", strings.Join(links, ", "))
}

// warningHeader renders a lenient warning for the X-Mobmock-Warning header.
func warningHeader(p schemas.Problem) string {
	v := p.Pointer + " " + p.Message
	if p.Discrepancy != "" {
		v = p.Discrepancy + " " + v
	}
	// Header values must stay on one line of printable ASCII.
	printable := true
	for i := 0; i < len(v) && printable; i++ {
		printable = v[i] >= 0x20 && v[i] <= 0x7e
	}
	if printable {
		return v
	}
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r > 0x7e {
			return ' '
		}
		return r
	}, v)
}
