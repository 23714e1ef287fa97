package op

import (
	"strings"

	"github.com/mobmock/mobmock/schemas"
)

// Error codes the mock adds to the validator's (package schemas). They are
// listed in the error response schemas and in fixtures/README.md; package
// mock maps each to its HTTP status.
const (
	CodeEnvelope         = "envelope"
	CodeUnsupportedMedia = "unsupported-media-type"
	CodeBodyTooLarge     = "body-too-large"
	CodeMissingHeader    = "missing-header"
	CodeInvalidParameter = "invalid-parameter"
	CodeUnknownParameter = "unknown-parameter"
	CodeUnauthorized     = "unauthorized"
	CodeForbidden        = "forbidden"
	CodeNotFound         = "not-found"
	CodeMethodNotAllowed = "method-not-allowed"
	CodeNotImplemented   = "not-implemented"
	CodeUnknownID        = "unknown-id"
	CodeNotOnPlan        = "not-on-plan"
	CodeWrongState       = "wrong-state"
	CodeDeviceMismatch   = "device-mismatch"
	CodeNotOwner         = "not-owner"
	CodeDuplicate        = "duplicate"
	CodeOverloaded       = "overloaded"
	CodeTooManyTenants   = "too-many-tenants"
	CodeTooManyRecords   = "too-many-records"
	CodeUnavailable      = "unavailable" // the state database is away
	CodeInternal         = "internal"
)

// Item is one entry of the "errors" array of both APIs' error shapes.
type Item struct {
	Code        string `json:"code"`
	Message     string `json:"message"`
	Pointer     string `json:"pointer,omitempty"`
	Parameter   string `json:"parameter,omitempty"`
	Hint        string `json:"hint,omitempty"`
	Discrepancy string `json:"discrepancy,omitempty"`
}

// Error refuses a request: the answer is the API's error shape holding
// Items, with the status of the first item's code.
type Error struct {
	Items []Item
	// Warnings were raised before the request was refused; the answer
	// and the journal carry them.
	Warnings []schemas.Problem
}

// Error lists the items' codes and messages, for logs.
func (e *Error) Error() string {
	var parts []string
	for _, it := range e.Items {
		parts = append(parts, it.Code+": "+it.Message)
	}
	return strings.Join(parts, "; ")
}

// Fail is an Error with one item. message says what is wrong, hint what to
// do about it.
func Fail(code, message, hint string) *Error {
	return &Error{Items: []Item{{Code: code, Message: message, Hint: hint}}}
}

// At names the body member the (first) item is about, as a JSON pointer.
func (e *Error) At(pointer string) *Error {
	e.Items[0].Pointer = pointer
	return e
}

// Refer names the register entry that explains the (first) item.
func (e *Error) Refer(discrepancy string) *Error {
	e.Items[0].Discrepancy = discrepancy
	return e
}

// Param names the header or parameter the (first) item is about.
func (e *Error) Param(name string) *Error {
	e.Items[0].Parameter = name
	return e
}

// FromProblems refuses a request for the validator's errors (problems of
// other severities are left out).
func FromProblems(ps []schemas.Problem) *Error {
	e := &Error{}
	for _, p := range ps {
		if p.Severity == schemas.Error {
			e.Items = append(e.Items, Item{Code: p.Code, Message: p.Message, Pointer: p.Pointer, Hint: p.Hint, Discrepancy: p.Discrepancy})
		}
	}
	return e
}

// Findings collects what the business rules find in one request: the
// problems that refuse it, all of them, and the warnings the answer
// carries either way.
type Findings struct {
	items    []Item
	warnings []schemas.Problem
}

// Add records a problem with the body member at pointer.
func (f *Findings) Add(code, pointer, message, hint string) {
	f.items = append(f.items, Item{Code: code, Pointer: pointer, Message: message, Hint: hint})
}

// Refuse records a problem that only the strict reading refuses, with the
// register entry whose lenient reading would accept it (the refusal says
// why the documents' example is not taken).
func (f *Findings) Refuse(discrepancy, code, pointer, message, hint string) {
	f.items = append(f.items, Item{Code: code, Pointer: pointer, Message: message, Hint: hint, Discrepancy: discrepancy})
}

// AddItem records a problem given whole (one about a header, say).
func (f *Findings) AddItem(it Item) { f.items = append(f.items, it) }

// Warn records a warning of the lenient reading about the body member at
// pointer, with the register entry that allows it.
func (f *Findings) Warn(pointer, code, message, discrepancy string) {
	f.warnings = append(f.warnings, schemas.Problem{Pointer: pointer, Severity: schemas.Warning, Code: code, Message: message, Discrepancy: discrepancy})
}

// Empty reports whether no problem was found (warnings do not count).
func (f *Findings) Empty() bool { return len(f.items) == 0 }

// Warnings returns the warnings recorded.
func (f *Findings) Warnings() []schemas.Problem { return f.warnings }

// Err returns the *Error refusing the request for the problems found, or
// nil when there are none.
func (f *Findings) Err() error {
	if len(f.items) == 0 {
		return nil
	}
	return &Error{Items: f.items, Warnings: f.warnings}
}
