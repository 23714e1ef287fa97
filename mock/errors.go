package mock

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/mobmock/mobmock/schemas"
)

// Error codes the mock adds to the validator's (package schemas). They are
// listed in the error response schemas and in fixtures/README.md.
const (
	codeEnvelope         = "envelope"
	codeUnsupportedMedia = "unsupported-media-type"
	codeBodyTooLarge     = "body-too-large"
	codeMissingHeader    = "missing-header"
	codeInvalidParameter = "invalid-parameter"
	codeUnknownParameter = "unknown-parameter"
	codeUnauthorized     = "unauthorized"
	codeForbidden        = "forbidden"
	codeNotFound         = "not-found"
	codeMethodNotAllowed = "method-not-allowed"
	codeNotImplemented   = "not-implemented"
	codeUnknownID        = "unknown-id"
	codeNotOnPlan        = "not-on-plan"
	codeWrongState       = "wrong-state"
	codeDeviceMismatch   = "device-mismatch"
	codeNotOwner         = "not-owner"
	codeDuplicate        = "duplicate"
	codeOverloaded       = "overloaded"
	codeTooManyTenants   = "too-many-tenants"
	codeTooManyRecords   = "too-many-records"
	codeInternal         = "internal"
)

// statusFor maps an error code to its HTTP status. It is the one place that
// decides statuses; handlers only name codes.
func statusFor(code string) int {
	switch code {
	case codeUnauthorized:
		return http.StatusUnauthorized
	case codeForbidden:
		return http.StatusForbidden
	case codeNotFound:
		return http.StatusNotFound
	case codeMethodNotAllowed:
		return http.StatusMethodNotAllowed
	case codeUnsupportedMedia:
		return http.StatusUnsupportedMediaType
	case codeBodyTooLarge:
		return http.StatusRequestEntityTooLarge
	case codeWrongState, codeDuplicate:
		return http.StatusConflict
	case codeUnknownID, codeNotOnPlan, codeDeviceMismatch, codeNotOwner:
		return http.StatusUnprocessableEntity
	case codeNotImplemented:
		return http.StatusNotImplemented
	case codeOverloaded, codeTooManyTenants:
		return http.StatusServiceUnavailable
	case codeTooManyRecords:
		return http.StatusInsufficientStorage
	case codeInternal:
		return http.StatusInternalServerError
	}
	// Everything the validator reports, malformed JSON, missing headers and
	// bad parameters: the request itself is wrong.
	return http.StatusBadRequest
}

// errorItem is one entry of the "errors" array of both APIs' error shapes.
type errorItem struct {
	Code        string `json:"code"`
	Message     string `json:"message"`
	Pointer     string `json:"pointer,omitempty"`
	Parameter   string `json:"parameter,omitempty"`
	Hint        string `json:"hint,omitempty"`
	Discrepancy string `json:"discrepancy,omitempty"`
}

// mobprocError is the MOBPROC error shape; mobileError the Mobile one.
type mobprocError struct {
	Errors []errorItem `json:"errors"`
	Status string      `json:"status"`
}

type mobileError struct {
	Errors []errorItem `json:"errors"`
}

// apiError is an error a handler returns to be answered in the API's shape.
type apiError struct {
	status int
	items  []errorItem
	// allow is the Allow header of a 405.
	allow string
	// retryAfter is the Retry-After header of a 503, in seconds.
	retryAfter int
}

func (e *apiError) Error() string {
	var parts []string
	for _, it := range e.items {
		parts = append(parts, it.Code+": "+it.Message)
	}
	return strings.Join(parts, "; ")
}

// fail builds an apiError with one item; the status follows from the code.
func fail(code, message, hint string) *apiError {
	return &apiError{status: statusFor(code), items: []errorItem{{Code: code, Message: message, Hint: hint}}}
}

// failAt builds an apiError about the body field at pointer.
func failAt(code, pointer, message, hint string) *apiError {
	e := fail(code, message, hint)
	e.items[0].Pointer = pointer
	return e
}

// failParam builds an apiError about a header or query parameter.
func failParam(code, param, message, hint string) *apiError {
	e := fail(code, message, hint)
	e.items[0].Parameter = param
	return e
}

// failf is fail with a formatted message.
func failf(code, hint, format string, args ...any) *apiError {
	return fail(code, fmt.Sprintf(format, args...), hint)
}

// problems collects several business problems into one apiError; its status
// is the first problem's.
type problems struct{ items []errorItem }

func (p *problems) add(code, pointer, message, hint string) {
	p.items = append(p.items, errorItem{Code: code, Pointer: pointer, Message: message, Hint: hint})
}

func (p *problems) err() error {
	if len(p.items) == 0 {
		return nil
	}
	return &apiError{status: statusFor(p.items[0].Code), items: p.items}
}

// fromProblems turns validator problems into an apiError (errors only).
func fromProblems(ps []schemas.Problem) *apiError {
	e := &apiError{status: http.StatusBadRequest}
	for _, p := range ps {
		if p.Severity != schemas.Error {
			continue
		}
		e.items = append(e.items, errorItem{Code: p.Code, Message: p.Message, Pointer: p.Pointer, Hint: p.Hint, Discrepancy: p.Discrepancy})
	}
	if len(e.items) > 0 {
		e.status = statusFor(e.items[0].Code)
	}
	return e
}

// errorBody returns the API's error shape holding items.
func errorBody(api apiName, items []errorItem) any {
	if api == apiMobile {
		return mobileError{Errors: items}
	}
	return mobprocError{Errors: items, Status: "ERROR"}
}
