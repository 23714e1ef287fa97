package proxy

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
)

// Class says which side of an exchange broke the contract.
type Class string

// Classes of violations.
const (
	// Request: what the client sent does not match the contract.
	Request Class = "request"
	// Response: what the target answered does not match the contract for
	// the operation and status.
	Response Class = "response"
	// Domain: a rule judged from the request and the answer together (a
	// confirmation that returns an order, ids that do not match).
	Domain Class = "domain"
	// Upstream: the target could not be reached, timed out, failed TLS or
	// redirected; the client got a 502 or 504 from the proxy.
	Upstream Class = "upstream"
)

// Violation codes the proxy adds to the validator's problem codes (package
// schemas), which it uses for body problems.
const (
	CodeNoOperation        = "no-such-operation"         // the path is under an API but in no operation
	CodeMethodNotAllowed   = "method-not-allowed"        // the path exists, not with this method
	CodeMissingHeader      = "missing-header"            // a required header is missing
	CodeInvalidParameter   = "invalid-parameter"         // a parameter's value breaks its schema
	CodeUnknownParameter   = "unknown-parameter"         // a query parameter the operation does not define
	CodeUnsupportedMedia   = "unsupported-media-type"    // a body that is not sent as JSON
	CodeEmptyBody          = "empty-body"                // an operation that needs a body got none
	CodeInvalidJSON        = "invalid-json"              // a body that does not parse
	CodeUndocumentedStatus = "undocumented-status"       // a status the operation does not document
	CodeContentType        = "undocumented-content-type" // a Content-Type the response does not document
	CodeHeader             = "header"                    // a documented response header missing or malformed
	CodeErrorShape         = "error-shape"               // an error answer not in the API's error shape
	CodeConfirmOrder       = "confirm-returned-order"    // POST /orders?confirm=true answered with an order
	CodeSubmitNoOrderID    = "submit-without-order-id"   // a submission answered without /order/orderId
	CodeIDMismatch         = "id-mismatch"               // an id of the answer differs from the request's
	CodeAcceptedInvalid    = "accepted-invalid-request"  // a 2xx to a request the contract refuses
	CodeLocation           = "location"                  // a Location that does not read back
	CodeUnreachable        = "upstream-unreachable"      // the target refused or could not be resolved
	CodeTimeout            = "upstream-timeout"          // the target did not answer in time (504)
	CodeTLS                = "upstream-tls"              // TLS to the target failed
	CodeRedirect           = "upstream-redirect"         // the target answered with a redirect
	CodeBroken             = "upstream-broken"           // the target's answer could not be read
	CodeBodyUnchecked      = "body-unchecked"            // a body larger than MaxCheck (a warning)
)

// Violation is one way an exchange breaks the contract, written for the
// person reading the report.
type Violation struct {
	Class Class  `json:"class"`
	Code  string `json:"code"`
	// Pointer is the JSON pointer of the value at fault in the request
	// body (class request) or the response body (the others).
	Pointer string `json:"pointer,omitempty"`
	// Parameter names the header or query or path parameter at fault.
	Parameter string `json:"parameter,omitempty"`
	Message   string `json:"message"`
	Hint      string `json:"hint,omitempty"`
}

// String renders a violation on one line: class, code, where, message.
func (v Violation) String() string {
	var b strings.Builder
	b.WriteString(string(v.Class) + " " + v.Code)
	switch {
	case v.Pointer != "":
		b.WriteString(" " + v.Pointer)
	case v.Parameter != "":
		b.WriteString(" (" + v.Parameter + ")")
	}
	b.WriteString(": " + v.Message)
	return b.String()
}

// Headers the proxy adds to the target's answer.
const (
	// HeaderViolations carries the number of violations of the exchange.
	HeaderViolations = "X-Mobmock-Violations"
	// HeaderViolation carries one violation per value, at most
	// maxHeaderViolations of them, each at most maxHeaderLen bytes.
	HeaderViolation = "X-Mobmock-Violation"
)

const (
	maxHeaderViolations = 5
	maxHeaderLen        = 200
)

// setViolationHeaders adds the bounded summary of vs to h. Only
// violations are added: an exchange that breaks nothing gets no header.
func setViolationHeaders(h http.Header, vs []Violation) {
	if len(vs) == 0 {
		return
	}
	h.Set(HeaderViolations, strconv.Itoa(len(vs)))
	for i, v := range vs {
		if i == maxHeaderViolations-1 && len(vs) > maxHeaderViolations {
			h.Add(HeaderViolation, fmt.Sprintf("... and %d more (GET /__proxy/journal)", len(vs)-i))
			return
		}
		h.Add(HeaderViolation, headerValue(v.String(), maxHeaderLen))
	}
}

// headerValue makes s a header value: one line of printable ASCII, at most
// n bytes.
func headerValue(s string, n int) string {
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || r > 0x7e {
			return ' '
		}
		return r
	}, s)
	if len(s) > n {
		s = s[:n-3] + "..."
	}
	return s
}
