package mock

import (
	"bytes"
	"net/http"
	"strconv"
	"sync"

	"github.com/mobmock/mobmock/mock/internal/op"
)

// Responses are encoded into pooled buffers. Links are stored and encoded
// as paths ("/mobproc/v1/orders/8712220"); encode prefixes them with the
// base URL the client called. Only the values of our own link fields can
// look like `"<key>":"/`: a quote inside any string value is escaped, so
// client-supplied text can never be mistaken for a link.
var linkKeys = [][]byte{
	[]byte(`"href"`), []byte(`"hrefHistory"`), []byte(`"hrefShipments"`),
	[]byte(`"hrefNext"`), []byte(`"hrefPrevious"`), []byte(`"url"`),
}

var linkStart = []byte(`:"/`)

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// maxPooled keeps unusually large buffers out of the pool.
const maxPooled = 1 << 20

// encode writes v as JSON (see op.Encode) into a pooled buffer with links
// made absolute against base, in one pass over the output. The caller must
// release the buffer.
func encode(v any, base string) (*bytes.Buffer, error) {
	buf := bufPool.Get().(*bytes.Buffer)
	buf.Reset()
	if err := op.Encode(buf, v); err != nil {
		release(buf)
		return nil, err
	}
	if base == "" || !bytes.Contains(buf.Bytes(), linkStart) {
		return buf, nil
	}
	out := bufPool.Get().(*bytes.Buffer)
	out.Reset()
	out.Grow(buf.Len() + 32*len(base))
	src := buf.Bytes()
	for from := 0; ; {
		// Look for the slash, which JSON text holds far more rarely than
		// a colon, then for the `:"` before it.
		j := bytes.IndexByte(src[from:], '/')
		if j < 0 {
			out.Write(src)
			break
		}
		cut := from + j // the path's slash
		if cut < 2 || src[cut-2] != ':' || src[cut-1] != '"' {
			from = cut + 1
			continue
		}
		out.Write(src[:cut])
		if isLinkKey(src[:cut-2]) {
			out.WriteString(base)
		}
		src, from = src[cut:], 1
	}
	release(buf)
	return out, nil
}

// isLinkKey reports whether the JSON before a colon ends with a link key.
func isLinkKey(before []byte) bool {
	for _, k := range linkKeys {
		if bytes.HasSuffix(before, k) {
			return true
		}
	}
	return false
}

func release(buf *bytes.Buffer) {
	if buf.Cap() <= maxPooled {
		bufPool.Put(buf)
	}
}

// writeJSON writes status and v as the response. Headers must be set before.
func writeJSON(w http.ResponseWriter, status int, v any, base string) error {
	buf, err := encode(v, base)
	if err != nil {
		return err
	}
	defer release(buf)
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	w.WriteHeader(status)
	_, err = w.Write(buf.Bytes())
	return err
}
