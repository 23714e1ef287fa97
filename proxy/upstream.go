package proxy

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/mobmock/mobmock/schemas"
)

// newTransport builds the transport to the target: TLS with the given
// roots (nil: the system's) or none at all with insecure, and the time-outs
// of cfg. Redirects are never followed (a RoundTripper does not).
func newTransport(cfg Config) *http.Transport {
	dialer := &net.Dialer{Timeout: cfg.Timeout, KeepAlive: 30 * time.Second}
	return &http.Transport{
		Proxy:                 nil, // the target, and only the target: no HTTP_PROXY detour
		DialContext:           dialer.DialContext,
		TLSClientConfig:       &tls.Config{RootCAs: cfg.RootCAs, InsecureSkipVerify: cfg.Insecure, MinVersion: tls.VersionTLS12}, //nolint:gosec // --insecure is for a test sandbox, said so in the usage
		TLSHandshakeTimeout:   cfg.Timeout,
		ResponseHeaderTimeout: cfg.Timeout,
		ExpectContinueTimeout: time.Second,
		MaxIdleConns:          256,
		MaxIdleConnsPerHost:   256,
		IdleConnTimeout:       90 * time.Second,
		ForceAttemptHTTP2:     true,
	}
}

// redirectError is a 3xx from the target, which the proxy does not follow.
type redirectError struct {
	status   int
	location string
}

func (e *redirectError) Error() string {
	return fmt.Sprintf("target redirected with %d to %q", e.status, e.location)
}

// isRedirect reports whether status asks the client to go elsewhere.
func isRedirect(status int) bool {
	switch status {
	case http.StatusMovedPermanently, http.StatusFound, http.StatusSeeOther,
		http.StatusTemporaryRedirect, http.StatusPermanentRedirect:
		return true
	}
	return false
}

// failure is what the proxy answers, in the API's error shape, when the
// target gives no usable answer.
type failure struct {
	status  int
	code    string
	message string
	hint    string
}

// classify turns an error reaching the target into the proxy's answer:
// 504 for a time-out, 502 for everything else (unreachable, TLS, redirect,
// an answer that cannot be read). It is the one place that decides these
// statuses. The messages name the target, never a Go error string.
func classify(err error, target string, timeout time.Duration) failure {
	var re *redirectError
	if errors.As(err, &re) {
		where := re.location
		if where == "" {
			where = "nowhere (no Location header)"
		}
		return failure{http.StatusBadGateway, CodeRedirect,
			fmt.Sprintf("The target %s answered %d, a redirect to %s; the proxy does not follow redirects.", target, re.status, where),
			"Point --target at the address the target redirects to."}
	}
	var (
		unknownCA x509.UnknownAuthorityError
		hostErr   x509.HostnameError
		invalid   x509.CertificateInvalidError
		verify    *tls.CertificateVerificationError
		record    tls.RecordHeaderError
		alert     tls.AlertError
	)
	switch {
	case errors.As(err, &unknownCA):
		return failure{http.StatusBadGateway, CodeTLS,
			fmt.Sprintf("The certificate of %s is not signed by an authority the proxy trusts.", target),
			"Pass the authority's certificate with --ca-file, or --insecure for a test sandbox."}
	case errors.As(err, &hostErr):
		return failure{http.StatusBadGateway, CodeTLS,
			fmt.Sprintf("The certificate of %s is not valid for that host name.", target),
			"Use the host name the certificate names in --target, or --insecure for a test sandbox."}
	case errors.As(err, &invalid):
		return failure{http.StatusBadGateway, CodeTLS,
			fmt.Sprintf("The certificate of %s is expired, not yet valid or not usable for a server.", target),
			"Renew the target's certificate, or pass --insecure for a test sandbox."}
	case errors.As(err, &verify), errors.As(err, &record), errors.As(err, &alert):
		return failure{http.StatusBadGateway, CodeTLS,
			fmt.Sprintf("The TLS handshake with %s failed.", target),
			"Check that the target speaks HTTPS on that port (or use http:// in --target)."}
	}
	var ne net.Error
	if errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &ne) && ne.Timeout()) {
		return failure{http.StatusGatewayTimeout, CodeTimeout,
			fmt.Sprintf("The target %s did not answer within %s.", target, timeout),
			"Check that the target is up, or raise --timeout."}
	}
	var (
		op  *net.OpError
		dns *net.DNSError
	)
	if errors.As(err, &dns) || (errors.As(err, &op) && op.Op == "dial") {
		return failure{http.StatusBadGateway, CodeUnreachable,
			fmt.Sprintf("Cannot connect to the target %s.", target),
			"Check --target and that the target is running and reachable from the proxy."}
	}
	return failure{http.StatusBadGateway, CodeBroken,
		fmt.Sprintf("The answer of the target %s could not be read: the connection broke or the answer is not HTTP.", target),
		"Check the target's logs for this request."}
}

// errorItem is one entry of the errors list of both APIs' error shapes.
type errorItem struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Hint    string `json:"hint,omitempty"`
}

// writeFailure answers f in the error shape of api: {"status": "ERROR",
// "errors": [...]} for MOBPROC (and paths outside both APIs), {"errors":
// [...]} for the Mobile API.
func writeFailure(w http.ResponseWriter, api schemas.API, f failure, vs []Violation) {
	items := []errorItem{{Code: f.code, Message: f.message, Hint: f.hint}}
	var body any = struct {
		Errors []errorItem `json:"errors"`
		Status string      `json:"status"`
	}{items, "ERROR"}
	if api == schemas.Mobile {
		body = struct {
			Errors []errorItem `json:"errors"`
		}{items}
	}
	data, _ := json.Marshal(body) // plain strings: cannot fail
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Cache-Control", "no-store")
	setViolationHeaders(h, vs)
	w.WriteHeader(f.status)
	_, _ = w.Write(append(data, '\n'))
}

// hostOf returns the host of a target URL for messages.
func hostOf(target string) string {
	if i := strings.Index(target, "://"); i >= 0 {
		target = target[i+3:]
	}
	host, _, _ := strings.Cut(target, "/")
	return host
}
