package op

import (
	"net/textproto"
	"net/url"
	"time"

	"github.com/mobmock/mobmock/mock/world"
	"github.com/mobmock/mobmock/schemas"
)

// Handler answers one API operation: a Result, or an error (an *Error to
// refuse the request in the API's error shape; anything else is a bug,
// answered 500).
type Handler func(*Request) (Result, error)

// Env is what an API's handlers work with: the seeded world, the tenants'
// states and the reading of the contract.
type Env struct {
	// World is the seeded world, shared by every tenant.
	World *world.World
	// Tenants gives the tenants' states, their lifecycles moved on.
	Tenants *Tenants
	// Strict holds requests to the strict reading of the contract.
	Strict bool
}

// Alias is a path the documents name for a resource that the contract
// serves under another path. The lenient reading answers it as To, with a
// warning citing the register entry; the strict reading answers 404.
type Alias struct {
	// From is the path prefix the documents name ("/1/features_to_add").
	From string
	// To is the path prefix it means ("/1/business_features").
	To string
	// Discrepancy is the register entry that records it.
	Discrepancy string
	// Message says which path to use instead.
	Message string
}

// Subject is who a bearer token was issued to; the zero Subject when auth
// is off.
type Subject struct {
	// Tenant is the tenant the token serves.
	Tenant string
	// Employee is the MOBPROC employee id.
	Employee string
	// Person is the Mobile person id.
	Person int64
}

// Request is one API request as a handler sees it: checked against the
// contract, its body decoded and validated.
type Request struct {
	// Tenant is the tenant the request is for.
	Tenant string
	// Params are the path parameters as routed (still escaped; see Param).
	Params map[string]string
	// Query is the parsed query. Handlers must not change it.
	Query url.Values
	// Header is the request's headers. Handlers must not change it.
	Header textproto.MIMEHeader
	// Body is the decoded, validated body (nil without one).
	Body any
	// Subject is who the bearer token was issued to.
	Subject Subject
	// Base is the scheme and host the client called ("http://127.0.0.1:8080").
	Base string
	// Path is the request's path, for links to it.
	Path string
	// Now is the time the request arrived, by the mock's clock.
	Now time.Time
}

// Param returns a path parameter, unescaped (the router leaves model ids
// such as "iPhone%206%20(64GB)" encoded).
func (r *Request) Param(name string) string {
	v := r.Params[name]
	if u, err := url.PathUnescape(v); err == nil {
		return u
	}
	return v
}

// Result is what a handler answers: a status, a body, the warnings the
// business rules raised, and what the answer's headers must say.
type Result struct {
	// Status is the HTTP status; zero means 200.
	Status int
	// Body is encoded as JSON (json.RawMessage, Wrapped and
	// []json.RawMessage are written as they are); nil answers no body.
	// Links in it are paths, which the answer makes absolute.
	Body any
	// Warnings are the lenient reading's warnings the handler raised; the
	// answer carries them with those of the body, and so does the journal.
	Warnings []schemas.Problem
	// Location is the path of a created resource.
	Location string
	// Page, when set, asks for the Mobile API's paging headers.
	Page *Page
	// Header holds further headers to answer with, verbatim.
	Header map[string]string
}

// Status codes handlers answer with.
const (
	StatusOK      = 200
	StatusCreated = 201
)

// OK is a 200 answer with body.
func OK(body any) Result { return Result{Status: StatusOK, Body: body} }

// Page is one page of a Mobile collection: the answer's X-Total-Count,
// X-Page, X-Per-Page and Link headers are written from it.
type Page struct {
	Total, Number, Per int
}
