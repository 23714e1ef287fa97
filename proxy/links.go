package proxy

import (
	"bytes"
	"net/http"
	"strconv"
	"strings"
)

// HeaderLinksRewritten is added to an answer whose links to the target
// the proxy rewrote to itself; its value is how many.
const HeaderLinksRewritten = "X-Mobmock-Links-Rewritten"

// linkHeaders are the answer headers whose links are rewritten.
var linkHeaders = []string{"Location", "Content-Location", "Link"}

// rewriteLinks points the absolute links of an answer that lead to the
// target (its --target base URL) at the proxy instead, in the headers
// that carry links and in a JSON body the proxy read whole and that is not
// compressed, so that a client following _meta.href, a next page or a
// Location stays behind the proxy. It runs after the answer was judged
// and recorded as the target sent it, and returns how many links it
// rewrote.
func (p *Proxy) rewriteLinks(x *exchange, resp *http.Response) int {
	from := strings.TrimRight(p.target.String(), "/")
	to := x.scheme + "://" + x.host
	if x.host == "" || from == to {
		return 0
	}
	n := 0
	for _, h := range linkHeaders {
		vs := resp.Header.Values(h)
		for i, v := range vs {
			b, k := replaceBase([]byte(v), from, to)
			vs[i], n = string(b), n+k
		}
	}
	enc := strings.ToLower(strings.TrimSpace(resp.Header.Get("Content-Encoding")))
	if x.respBodyComplete && len(x.respBody) > 0 && (enc == "" || enc == "identity") && strings.Contains(strings.ToLower(resp.Header.Get("Content-Type")), "json") {
		if b, k := replaceBase(x.respBody, from, to); k > 0 {
			resp.Body = readCloser{bytes.NewReader(b)}
			resp.ContentLength = int64(len(b))
			if resp.Header.Get("Content-Length") != "" {
				resp.Header.Set("Content-Length", strconv.Itoa(len(b)))
			}
			n += k
		}
	}
	if n > 0 {
		resp.Header.Set(HeaderLinksRewritten, strconv.Itoa(n))
	}
	return n
}

// replaceBase replaces every from in b that is a whole base URL (followed
// by a path, query, fragment, the end of a string or of b) by to, and
// returns the result and how many it replaced. b itself is not changed.
func replaceBase(b []byte, from, to string) ([]byte, int) {
	f := []byte(from)
	var out []byte
	n, rest := 0, b
	for {
		i := bytes.Index(rest, f)
		if i < 0 {
			break
		}
		end := i + len(f)
		if end < len(rest) && !strings.ContainsRune(`/?#"\>; `, rune(rest[end])) {
			// Another host or port that starts the same
			// (127.0.0.1:80 in 127.0.0.1:8080): not the target.
			out = append(out, rest[:end]...)
			rest = rest[end:]
			continue
		}
		out = append(append(out, rest[:i]...), to...)
		rest = rest[end:]
		n++
	}
	if n == 0 {
		return b, 0
	}
	return append(out, rest...), n
}

// readCloser is a body read from memory.
type readCloser struct{ *bytes.Reader }

func (readCloser) Close() error { return nil }
