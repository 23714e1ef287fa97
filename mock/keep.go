package mock

import (
	"net/http"
	"net/url"
	"sort"
	"strings"
)

// maxKeptBody is how much of a request or response body the journal keeps.
// Bodies of both APIs are a few kilobytes; a longer one is cut, and says so.
const maxKeptBody = 16 << 10

// kept is what the journal keeps of an API exchange beyond its summary, as
// cheaply as it can be kept: the two bodies are copied (their buffers are
// pooled), the header maps are referred to. Neither map changes once the
// handler has returned: the request's belongs to a request nobody else
// holds, and net/http copies the response's when the header is written.
// full renders them when someone reads the entry.
type kept struct {
	api       apiName
	query     string
	reqHeader http.Header
	reqBody   []byte
	resHeader http.Header
	resBody   []byte
}

// size is about how many bytes k holds, for the journal's budget.
func (k *kept) size() int {
	n := len(k.query) + cap(k.reqBody) + cap(k.resBody)
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
	c.API, c.Query = string(k.api), maskQuery(k.query)
	c.Request = &message{Headers: headerMap(k.reqHeader)}
	c.Request.Body, c.Request.Truncated = keptText(k.reqBody)
	c.Response = &message{Headers: headerMap(k.resHeader)}
	c.Response.Body, c.Response.Truncated = keptText(k.resBody)
	return &c
}

func keptText(b []byte) (string, bool) {
	if len(b) > maxKeptBody {
		return string(b[:maxKeptBody]), true
	}
	return string(b), false
}

// headerMap flattens headers for the console. Credentials are masked: the
// journal is readable by whoever may read the tenant's traffic, and a token
// there would outlive the reason it was shown. A credential is what
// secretName says is one; of Authorization and Proxy-Authorization the
// scheme is kept (Bearer …), of anything else nothing.
func headerMap(h http.Header) map[string]string {
	out := make(map[string]string, len(h))
	keys := make([]string, 0, len(h))
	for k := range h {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		v := strings.Join(h[k], ", ")
		if secretName(k) {
			v = masked(k, h[k])
		}
		out[k] = v
	}
	return out
}

// masked is the value shown for a credential header k with values vs.
func masked(k string, vs []string) string {
	if !strings.EqualFold(k, "Authorization") && !strings.EqualFold(k, "Proxy-Authorization") {
		return "…"
	}
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = "…"
		if scheme, _, ok := strings.Cut(strings.TrimSpace(v), " "); ok && !strings.ContainsAny(scheme, "=;,") {
			out[i] = scheme + " …"
		}
	}
	return strings.Join(out, ", ")
}

// maskQuery masks the values of the query parameters secretName says are
// credentials (access_token, api_key...), keeping the query as sent
// otherwise.
func maskQuery(q string) string {
	if q == "" || !secretInQuery(q) {
		return q
	}
	parts := strings.Split(q, "&")
	for i, p := range parts {
		name, _, _ := strings.Cut(p, "=")
		if n, err := url.QueryUnescape(name); err == nil && secretName(n) {
			parts[i] = name + "=…"
		}
	}
	return strings.Join(parts, "&")
}

// secretInQuery is a cheap first look for maskQuery.
func secretInQuery(q string) bool {
	q = strings.ToLower(q)
	for _, w := range secretWords {
		if strings.Contains(q, w) {
			return true
		}
	}
	return false
}

// secretWords are the words that make a header or parameter name a
// credential's: Authorization and Proxy-Authorization, Cookie and
// Set-Cookie, and the custom ones clients use for keys and tokens
// (X-Api-Key, X-Auth-Token, Ocp-Apim-Subscription-Key, access_token,
// X-Client-Secret, X-Session-Id...).
var secretWords = []string{"auth", "cookie", "token", "secret", "password", "passwd", "key", "session", "credential", "signature", "subscription"}

// secretName reports whether the header or parameter named k may hold a
// credential.
func secretName(k string) bool {
	k = strings.ToLower(k)
	for _, w := range secretWords {
		if strings.Contains(k, w) {
			return true
		}
	}
	return false
}
