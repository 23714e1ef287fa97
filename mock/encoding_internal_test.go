package mock

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"sync"
	"testing"

	"github.com/mobmock/mobmock/mock/internal/op"
)

var (
	encodingMu         sync.Mutex
	encodingChecked    int
	encodingMismatches []string
)

// TestMain has every answer the tests receive that was encoded by the JSON
// library (goccy/go-json, see op.Encode) compared with encoding/json's
// encoding of the same value: the library must be indistinguishable from
// it. Benchmarks and the load test measure the encoder, not the check:
// with -test.bench or -mobmock.load the check is off.
func TestMain(m *testing.M) {
	flag.Parse()
	if measuring("test.bench", "") || measuring("mobmock.load", "0s") {
		os.Exit(m.Run())
	}
	op.EncodeCheck = func(v any, got []byte) {
		var want bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetEscapeHTML(false)
		err := enc.Encode(v)
		encodingMu.Lock()
		defer encodingMu.Unlock()
		encodingChecked++
		if err != nil || !bytes.Equal(got, want.Bytes()) {
			encodingMismatches = append(encodingMismatches, fmt.Sprintf("%T:\n  library:       %s\n  encoding/json: %s (%v)", v, got, want.Bytes(), err))
		}
	}
	code := m.Run()
	if testing.Verbose() {
		fmt.Printf("%d answers encoded by the JSON library, each compared with encoding/json\n", encodingChecked)
	}
	if len(encodingMismatches) > 0 {
		fmt.Fprintf(os.Stderr, "FAIL: %d answers encoded by the JSON library differ from encoding/json:\n", len(encodingMismatches))
		for i, s := range encodingMismatches {
			if i == 5 {
				break
			}
			fmt.Fprintln(os.Stderr, s)
		}
		code = 1
	}
	os.Exit(code)
}

// TestEncodingIsChecked fails if no answer went through the library: the
// check in TestMain would then prove nothing.
func TestEncodingIsChecked(t *testing.T) {
	before := encodingChecked
	buf, err := encode(map[string]any{"_meta": map[string]string{"href": "/mobproc/v1/orders/1"}}, "http://h")
	if err != nil {
		t.Fatal(err)
	}
	release(buf)
	if encodingChecked == before {
		t.Fatal("the answer was not encoded by the library")
	}
}

// measuring reports whether the flag name is set to other than its default.
func measuring(name, def string) bool {
	f := flag.Lookup(name)
	return f != nil && f.Value.String() != def
}
