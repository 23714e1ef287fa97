package op

import (
	"bytes"
	"encoding/json"
	"sync"

	gojson "github.com/goccy/go-json"
)

// Wrapped is an encoded value inside a fixed envelope: Pre, the value,
// Post. A handler answers a stored record this way without decoding it.
type Wrapped struct {
	Pre   string
	Value json.RawMessage
	Post  string
}

// EncodeCheck, when set (by tests), is given every value Encode encoded
// with the library and the bytes written, to compare them with
// encoding/json's.
var EncodeCheck func(v any, got []byte)

// Records is a list of stored records, written as a JSON array of them as
// they are, between Pre and Post.
type Records struct {
	Pre   string
	Items []json.RawMessage
	Post  string
}

// Marshal encodes v as the answers are encoded (HTML characters as they
// are, no final newline). Records that are read far more often than they
// change are stored this way.
func Marshal(v any) (json.RawMessage, error) {
	buf := marshalBufs.Get().(*bytes.Buffer)
	defer marshalBufs.Put(buf)
	buf.Reset()
	if err := Encode(buf, v); err != nil {
		return nil, err
	}
	// A copy of exactly its size: stored records live long, a million of
	// them in the scale benchmark.
	return bytes.Clone(bytes.TrimSuffix(buf.Bytes(), []byte("\n"))), nil
}

var marshalBufs = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// Encode appends v and a newline to buf as JSON, HTML characters as they
// are. json.RawMessage, Wrapped, Records and []json.RawMessage (a list of
// stored records) are written as they are: stored records are never
// re-encoded, nor checked again.
func Encode(buf *bytes.Buffer, v any) error {
	switch x := v.(type) {
	case json.RawMessage:
		buf.Write(x)
	case Wrapped:
		buf.WriteString(x.Pre)
		buf.Write(x.Value)
		buf.WriteString(x.Post)
	case []json.RawMessage:
		writeArray(buf, x)
	case Records:
		buf.WriteString(x.Pre)
		writeArray(buf, x.Items)
		buf.WriteString(x.Post)
	default:
		// goccy/go-json writes the bytes encoding/json writes, three to four
		// times faster on our views (BenchmarkEncode); EncodeCheck, set by
		// the tests, compares the two on every answer.
		enc := gojson.NewEncoder(buf)
		enc.SetEscapeHTML(false)
		start := buf.Len()
		if err := enc.Encode(v); err != nil {
			return err
		}
		if EncodeCheck != nil {
			EncodeCheck(v, buf.Bytes()[start:])
		}
		return nil
	}
	buf.WriteByte('\n')
	return nil
}

func writeArray(buf *bytes.Buffer, items []json.RawMessage) {
	buf.WriteByte('[')
	for i, item := range items {
		if i > 0 {
			buf.WriteByte(',')
		}
		buf.Write(item)
	}
	buf.WriteByte(']')
}
