package jsonpatch

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
)

// Unmarshal decodes one JSON value into v, keeping numbers as json.Number so
// that large ids and prices keep every digit. Trailing data after the value is
// an error.
func Unmarshal(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if _, err := dec.Token(); err != io.EOF {
		return fmt.Errorf("unexpected data after the JSON value")
	}
	return nil
}
