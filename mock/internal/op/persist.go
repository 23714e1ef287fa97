package op

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	gojson "github.com/goccy/go-json"
)

// storedState is what a durable store keeps of a Stored besides its body.
type storedState struct {
	Life  Lifecycle `json:"life"`
	Last  time.Time `json:"last,omitzero"`
	Extra any       `json:"extra"`
}

// Encode returns the record for a durable store: its lifecycle, the time
// of its last change (Last) and extra
// (the record's own fields, as JSON) on one line, then the body as it is,
// so that the body reads back byte for byte.
func (s *Stored) Encode(extra any) ([]byte, error) {
	head, err := json.Marshal(storedState{Life: s.Life, Last: s.Last, Extra: extra})
	if err != nil {
		return nil, fmt.Errorf("encoding a stored record: %w", err)
	}
	out := make([]byte, 0, len(head)+1+len(s.Body))
	out = append(append(head, '\n'), s.Body...)
	return out, nil
}

// DecodeStored reads back what Encode wrote, extra into extra (a pointer).
func DecodeStored(data []byte, extra any) (Stored, error) {
	head, body, ok := bytes.Cut(data, []byte("\n"))
	if !ok {
		return Stored{}, errors.New("a stored record has no body")
	}
	st := storedState{Extra: extra}
	if err := gojson.Unmarshal(head, &st); err != nil {
		return Stored{}, fmt.Errorf("decoding a stored record: %w", err)
	}
	return Stored{Body: bytes.Clone(body), Life: st.Life, Last: st.Last}, nil
}
