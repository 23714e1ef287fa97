package mock

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"
	"sync"
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

// jsonAppender is a view with a generated AppendJSON method.
type jsonAppender interface {
	AppendJSON(b []byte) []byte
}

// encodingCheck, when set (by the package's tests), is given every value
// encoded by its AppendJSON method and the bytes written, to compare them
// with encoding/json's.
var encodingCheck func(v any, got []byte)

// encoded is a JSON value already encoded by marshal (with no final
// newline), its links still paths. Records that are read far more often
// than they change are kept this way.
type encoded []byte

// wrapped is an encoded value inside a fixed envelope: pre, the value, post.
type wrapped struct {
	pre   string
	value encoded
	post  string
}

// marshal encodes v the way encode does, links left as paths.
func marshal(v any) (encoded, error) {
	buf, err := encode(v, "")
	if err != nil {
		return nil, err
	}
	defer release(buf)
	return encoded(bytes.Clone(bytes.TrimSuffix(buf.Bytes(), []byte("\n")))), nil
}

// encode writes v as JSON into a pooled buffer with links made absolute
// against base, in one pass over the output. The caller must release the
// buffer.
func encode(v any, base string) (*bytes.Buffer, error) {
	buf := bufPool.Get().(*bytes.Buffer)
	buf.Reset()
	switch x := v.(type) {
	case encoded:
		buf.Write(x)
		buf.WriteByte('\n')
	case wrapped:
		buf.WriteString(x.pre)
		buf.Write(x.value)
		buf.WriteString(x.post)
		buf.WriteByte('\n')
	case []json.RawMessage:
		// A list of stored records, written as they are.
		buf.WriteByte('[')
		for i, item := range x {
			if i > 0 {
				buf.WriteByte(',')
			}
			buf.Write(item)
		}
		buf.WriteString("]\n")
		if encodingCheck != nil {
			encodingCheck(v, buf.Bytes())
		}
	case jsonAppender:
		// The views have generated AppendJSON methods (zz_appendjson.go):
		// the same bytes as encoding/json, without reflection.
		buf.Write(x.AppendJSON(buf.AvailableBuffer()))
		buf.WriteByte('\n')
		if encodingCheck != nil {
			encodingCheck(v, buf.Bytes())
		}
	default:
		enc := json.NewEncoder(buf)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(v); err != nil {
			release(buf)
			return nil, err
		}
	}
	if base == "" || !bytes.Contains(buf.Bytes(), linkStart) {
		return buf, nil
	}
	out := bufPool.Get().(*bytes.Buffer)
	out.Reset()
	out.Grow(buf.Len() + 32*len(base))
	src := buf.Bytes()
	for {
		i := bytes.Index(src, linkStart)
		if i < 0 {
			out.Write(src)
			break
		}
		cut := i + 2 // just before the path's slash
		out.Write(src[:cut])
		if isLinkKey(src[:i]) {
			out.WriteString(base)
		}
		src = src[cut:]
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
