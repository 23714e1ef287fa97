package mock

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"
	"sync"
)

// Responses are encoded into pooled buffers. Links are stored and encoded
// as paths ("/mobproc/v1/orders/8712220"); writeJSON prefixes them with the
// base URL the client called. Only the values of our own link fields can
// start with `"<key>":"/`: a quote inside any string value is escaped, so
// client-supplied text can never be mistaken for a link.
var linkKeys = [][]byte{
	[]byte(`"href":"/`), []byte(`"hrefHistory":"/`), []byte(`"hrefShipments":"/`),
	[]byte(`"hrefNext":"/`), []byte(`"hrefPrevious":"/`), []byte(`"url":"/`),
}

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// maxPooled keeps unusually large buffers out of the pool.
const maxPooled = 1 << 20

// encode writes v as JSON into a pooled buffer with links made absolute
// against base. The caller must release the buffer.
func encode(v any, base string) (*bytes.Buffer, error) {
	buf := bufPool.Get().(*bytes.Buffer)
	buf.Reset()
	enc := json.NewEncoder(buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		release(buf)
		return nil, err
	}
	if base == "" {
		return buf, nil
	}
	out := buf
	for _, key := range linkKeys {
		if !bytes.Contains(out.Bytes(), key) {
			continue
		}
		next := bufPool.Get().(*bytes.Buffer)
		next.Reset()
		rewriteLinks(next, out.Bytes(), key, base)
		release(out)
		out = next
	}
	return out, nil
}

// rewriteLinks copies src to dst, inserting base after every occurrence of
// key (which ends just before the path's leading slash).
func rewriteLinks(dst *bytes.Buffer, src, key []byte, base string) {
	for {
		i := bytes.Index(src, key)
		if i < 0 {
			dst.Write(src)
			return
		}
		cut := i + len(key) - 1 // keep the slash for the path
		dst.Write(src[:cut])
		dst.WriteString(base)
		src = src[cut:]
	}
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
