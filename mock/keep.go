package mock

import (
	"encoding/json"
	"net/http"

	"github.com/mobmock/mobmock/internal/redact"
	"github.com/mobmock/mobmock/mock/internal/op"
)

// maxKeptBody is how much of a request or response body the journal keeps
// and shows. Bodies of both APIs are a few kilobytes; a longer one is cut,
// and says so.
const maxKeptBody = 16 << 10

// kept is what the journal keeps of an API exchange beyond its summary, as
// cheaply as it can be kept: the two bodies are copied (their buffers are
// pooled), the header maps are referred to. Neither map changes once the
// handler has returned: the request's belongs to a request nobody else
// holds, and net/http copies the response's when the header is written.
// An answer made of a stored record's bytes is referred to as well (resSent):
// stored bodies are replaced, never changed in place. full renders them
// when someone reads the entry.
type kept struct {
	api       apiName
	query     string
	reqHeader http.Header
	reqBody   []byte
	resHeader http.Header
	resBody   []byte
	// resSent is the answer's body when it is stored bytes (json.RawMessage
	// or op.Wrapped) and resBase the base its links were made absolute
	// against; resBody is empty then.
	resSent any
	resBase string
}

// size is about how many bytes k holds, for the journal's budget.
func (k *kept) size() int {
	n := len(k.query) + cap(k.reqBody) + cap(k.resBody) + len(k.resBase)
	if m, ok := storedLen(k.resSent); ok {
		n += m
	}
	for _, h := range []http.Header{k.reqHeader, k.resHeader} {
		for name, vs := range h {
			n += 32 + len(name)
			for _, v := range vs {
				n += 16 + len(v)
			}
		}
	}
	return n
}

// message is a request or response as the console shows it: its headers
// (credentials masked) and its body as text.
type message struct {
	Headers map[string]string `json:"headers,omitempty"`
	Body    string            `json:"body,omitempty"`
	// Truncated says the body was longer than what is kept.
	Truncated bool `json:"truncated,omitempty"`
}

// keepBytes appends b to kept, up to one byte past maxKeptBody (which tells
// full the body was cut).
func keepBytes(kept, b []byte) []byte {
	room := maxKeptBody + 1 - len(kept)
	if room <= 0 {
		return kept
	}
	if len(b) > room {
		b = b[:room]
	}
	return append(kept, b...)
}

// keepExchange completes the journal entry's kept exchange, for requests
// of the two APIs.
func keepExchange(x *exchange) {
	if !x.w.keep {
		return
	}
	k := &x.rec.kept
	k.api, k.reqHeader, k.resHeader, k.resBody = x.api, x.r.Header, x.w.Header(), x.w.body
}

// full returns a copy of r with the exchange in full, for the console.
func (r *record) full() *record {
	c := *r
	k := &r.kept
	if k.reqHeader == nil {
		return &c
	}
	c.API, c.Query = string(k.api), redact.Query(k.query)
	c.Request = &message{Headers: redact.Headers(k.reqHeader)}
	c.Request.Body, c.Request.Truncated = keptText(k.reqBody)
	c.Response = &message{Headers: redact.Headers(k.resHeader)}
	c.Response.Body, c.Response.Truncated = keptText(k.resBody)
	if k.resSent != nil {
		if buf, err := encode(k.resSent, k.resBase); err == nil {
			c.Response.Body, c.Response.Truncated = keptText(buf.Bytes())
			release(buf)
		}
	}
	return &c
}

// sentAsStored reports whether body is a stored record's bytes, which the
// journal can keep by reference (kept.resSent): no longer than what it
// would copy, so that an entry weighs on its budget no more than a copied
// one.
func sentAsStored(body any) bool {
	n, ok := storedLen(body)
	return ok && n <= maxKeptBody
}

// storedLen returns the length of body when it is a stored record's bytes.
func storedLen(body any) (int, bool) {
	switch b := body.(type) {
	case json.RawMessage:
		return len(b), true
	case op.Wrapped:
		return len(b.Pre) + len(b.Value) + len(b.Post), true
	}
	return 0, false
}

func keptText(b []byte) (string, bool) {
	if len(b) > maxKeptBody {
		return string(b[:maxKeptBody]), true
	}
	return string(b), false
}
