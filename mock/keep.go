package mock

import (
	"net/http"
	"sort"
	"strings"
)

// maxKeptBody is how much of a request or response body the journal keeps.
// Bodies of both APIs are a few kilobytes; a longer one is cut, and says so.
const maxKeptBody = 64 << 10

// message is a request or response as the journal keeps it: its headers
// (credentials masked) and its body as text.
type message struct {
	Headers map[string]string `json:"headers,omitempty"`
	Body    string            `json:"body,omitempty"`
	// Truncated says the body was longer than what is kept.
	Truncated bool `json:"truncated,omitempty"`
}

// keepBytes appends b to kept, up to one byte past maxKeptBody (which tells
// keepExchange the body was cut).
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

// keepExchange fills in the journal entry's full request and response,
// for exchanges of the two APIs.
func keepExchange(x *exchange) {
	if !x.w.keep {
		return
	}
	x.rec.API = string(x.api)
	x.rec.Request = &message{Headers: headerMap(x.r.Header)}
	x.rec.Request.Body, x.rec.Request.Truncated = keptText(x.rec.body)
	x.rec.body = nil
	x.rec.Response = &message{Headers: headerMap(x.w.Header())}
	x.rec.Response.Body, x.rec.Response.Truncated = keptText(x.w.body)
}

func keptText(b []byte) (string, bool) {
	if len(b) > maxKeptBody {
		return string(b[:maxKeptBody]), true
	}
	return string(b), false
}

// headerMap flattens headers for the journal. Credentials are masked: the
// journal is readable by whoever may read the tenant's traffic, and a token
// there would outlive the reason it was shown.
func headerMap(h http.Header) map[string]string {
	out := make(map[string]string, len(h))
	keys := make([]string, 0, len(h))
	for k := range h {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		v := strings.Join(h[k], ", ")
		if strings.EqualFold(k, "Authorization") || strings.EqualFold(k, "Cookie") {
			if scheme, _, ok := strings.Cut(v, " "); ok {
				v = scheme + " …"
			} else {
				v = "…"
			}
		}
		out[k] = v
	}
	return out
}

// summaries returns the entries without what keepExchange added, as the
// admin API's journal has always shown them; the console's Traffic view
// reads them in full.
func summaries(rs []*record) []*record {
	out := make([]*record, len(rs))
	for i, r := range rs {
		c := *r
		c.API, c.Query, c.Request, c.Response = "", "", nil, nil
		out[i] = &c
	}
	return out
}
