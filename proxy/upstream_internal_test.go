package proxy

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestClassify: each way of failing to get an answer from the target maps
// to one status and code, with a message that names the target and no Go
// error text.
func TestClassify(t *testing.T) {
	tests := []struct {
		name   string
		err    error
		status int
		code   string
	}{
		{"redirect", &redirectError{status: 302, location: "https://elsewhere.example/"}, 502, CodeRedirect},
		{"unknown authority", fmt.Errorf("tls: %w", x509.UnknownAuthorityError{}), 502, CodeTLS},
		{"wrong host", x509.HostnameError{Host: "x", Certificate: &x509.Certificate{}}, 502, CodeTLS},
		{"expired", x509.CertificateInvalidError{Reason: x509.Expired}, 502, CodeTLS},
		{"deadline", context.DeadlineExceeded, 504, CodeTimeout},
		{"response header timeout", &net.OpError{Op: "read", Err: timeoutErr{}}, 504, CodeTimeout},
		{"refused", &net.OpError{Op: "dial", Err: errors.New("connect: connection refused")}, 502, CodeUnreachable},
		{"no such host", &net.DNSError{Err: "no such host", Name: "nowhere.invalid"}, 502, CodeUnreachable},
		{"broken answer", io.ErrUnexpectedEOF, 502, CodeBroken},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := classify(tt.err, "sandbox.example:443", 5*time.Second)
			if f.status != tt.status || f.code != tt.code {
				t.Errorf("classify = %d %s, want %d %s", f.status, f.code, tt.status, tt.code)
			}
			if f.message == "" || f.hint == "" {
				t.Errorf("message %q, hint %q: both are needed", f.message, f.hint)
			}
			if tt.err != nil && len(tt.err.Error()) > 5 && strings.Contains(f.message, tt.err.Error()) {
				t.Errorf("message %q repeats the Go error", f.message)
			}
		})
	}
}

type timeoutErr struct{}

func (timeoutErr) Error() string   { return "i/o timeout" }
func (timeoutErr) Timeout() bool   { return true }
func (timeoutErr) Temporary() bool { return true }

// TestViolationHeadersAreBounded: at most five header values, each short
// and printable, the last saying how many more there are.
func TestViolationHeadersAreBounded(t *testing.T) {
	var vs []Violation
	for i := range 12 {
		vs = append(vs, Violation{Class: Response, Code: "type", Pointer: fmt.Sprintf("/x/%d", i), Message: "A message with a line\nbreak and é and a long tail " + string(make([]byte, 300))})
	}
	h := http.Header{}
	setViolationHeaders(h, vs)
	if h.Get(HeaderViolations) != "12" {
		t.Errorf("%s = %q", HeaderViolations, h.Get(HeaderViolations))
	}
	got := h.Values(HeaderViolation)
	if len(got) != maxHeaderViolations || got[len(got)-1] != "... and 8 more (GET /__proxy/journal)" {
		t.Errorf("values: %q", got)
	}
	for _, v := range got {
		if len(v) > maxHeaderLen {
			t.Errorf("value of %d bytes", len(v))
		}
		for _, r := range v {
			if r < 0x20 || r > 0x7e {
				t.Errorf("value %q has a non-printable character", v)
				break
			}
		}
	}
	h = http.Header{}
	setViolationHeaders(h, nil)
	if len(h) != 0 {
		t.Errorf("headers for no violation: %v", h)
	}
}
