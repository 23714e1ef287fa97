package mock

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"sync"
	"testing"
)

var (
	encodingMu         sync.Mutex
	encodingChecked    int
	encodingMismatches []string
)

// TestMain has every answer the tests receive that was written by a
// generated AppendJSON method compared with encoding/json's encoding of the
// same value: the generated encoders must be indistinguishable from it.
// Benchmarks and the load test measure the encoders, not the check: with
// -test.bench or -mobmock.load the check is off.
func TestMain(m *testing.M) {
	flag.Parse()
	if measuring("test.bench", "") || measuring("mobmock.load", "0s") {
		os.Exit(m.Run())
	}
	encodingCheck = func(v any, got []byte) {
		var want bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetEscapeHTML(false)
		err := enc.Encode(v)
		encodingMu.Lock()
		defer encodingMu.Unlock()
		encodingChecked++
		if err != nil || !bytes.Equal(got, want.Bytes()) {
			encodingMismatches = append(encodingMismatches, fmt.Sprintf("%T:\n  AppendJSON:    %s\n  encoding/json: %s (%v)", v, got, want.Bytes(), err))
		}
	}
	code := m.Run()
	if testing.Verbose() {
		fmt.Printf("%d answers encoded by AppendJSON, each compared with encoding/json\n", encodingChecked)
	}
	if len(encodingMismatches) > 0 {
		fmt.Fprintf(os.Stderr, "FAIL: %d answers encoded by AppendJSON differ from encoding/json:\n", len(encodingMismatches))
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

// TestGeneratedEncodersAreUsed fails if no answer went through a generated
// encoder: the check in TestMain would then prove nothing.
func TestGeneratedEncodersAreUsed(t *testing.T) {
	before := encodingChecked
	buf, err := encode(&confirmationBody{Status: "SUCCESS", OrderConfirmation: &confirmationView{}}, "http://h")
	if err != nil {
		t.Fatal(err)
	}
	release(buf)
	if encodingChecked == before {
		t.Fatal("confirmationBody was not encoded by its AppendJSON method")
	}
}

// measuring reports whether the flag name is set to other than its default.
func measuring(name, def string) bool {
	f := flag.Lookup(name)
	return f != nil && f.Value.String() != def
}
