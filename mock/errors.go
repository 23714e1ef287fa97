package mock

import (
	"net/http"

	"github.com/mobmock/mobmock/mock/internal/op"
)

// statusFor maps an error code to its HTTP status. It is the one place that
// decides statuses; handlers only name codes.
func statusFor(code string) int {
	switch code {
	case op.CodeUnauthorized:
		return http.StatusUnauthorized
	case op.CodeForbidden:
		return http.StatusForbidden
	case op.CodeNotFound:
		return http.StatusNotFound
	case op.CodeMethodNotAllowed:
		return http.StatusMethodNotAllowed
	case op.CodeUnsupportedMedia:
		return http.StatusUnsupportedMediaType
	case op.CodeBodyTooLarge:
		return http.StatusRequestEntityTooLarge
	case op.CodeWrongState, op.CodeDuplicate:
		return http.StatusConflict
	case op.CodeUnknownID, op.CodeNotOnPlan, op.CodeDeviceMismatch, op.CodeNotOwner:
		return http.StatusUnprocessableEntity
	case op.CodeNotImplemented:
		return http.StatusNotImplemented
	case op.CodeOverloaded, op.CodeTooManyTenants, op.CodeUnavailable:
		return http.StatusServiceUnavailable
	case op.CodeTooManyRecords:
		return http.StatusInsufficientStorage
	case codeBodyTimeout:
		return http.StatusRequestTimeout
	case op.CodeInternal:
		return http.StatusInternalServerError
	}
	// Everything the validator reports, malformed JSON, missing headers and
	// bad parameters: the request itself is wrong.
	return http.StatusBadRequest
}

// mobprocError is the MOBPROC error shape; mobileError the Mobile one.
type mobprocError struct {
	Errors []op.Item `json:"errors"`
	Status string    `json:"status"`
}

type mobileError struct {
	Errors []op.Item `json:"errors"`
}

// errorBody returns the API's error shape holding items.
func errorBody(api apiName, items []op.Item) any {
	if api == apiMobile {
		return mobileError{Errors: items}
	}
	return mobprocError{Errors: items, Status: "ERROR"}
}

// unavailableError is the answer to a change or read the state database
// could not take (store.ErrUnavailable): nothing was changed, and the
// client may send it again.
func unavailableError() *op.Error {
	return op.Fail(op.CodeUnavailable, "The mock's state database cannot be reached; nothing was changed.", "Send the request again in a moment.")
}

// internalError is the answer to a bug: the detail goes to the log, the
// client gets the request id to report.
func internalError(id string) *op.Error {
	return op.Fail(op.CodeInternal, "The mock failed while answering this request; this is a bug in mobmock.", "Report it with the request id "+id+".")
}
