package mock

import (
	"context"
	"hash/maphash"
	"net/http"
	"sync"
	"sync/atomic"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
)

// checkParameters checks the request's security and parameters the way
// openapi3filter.ValidateRequest does with MultiError (security first, then
// the path item's parameters the operation does not redefine, then the
// operation's), with kin-openapi's own ValidateSecurityRequirements and
// ValidateParameter, and returns the errors in that order. Two things are
// added: a header value kin-openapi found valid for a parameter is not
// checked again (see validHeaders), and an optional header without a
// default that is not sent is not looked for (ValidateParameter passes it
// without a change to the request).
func (s *Server) checkParameters(ctx context.Context, in *openapi3filter.RequestValidationInput, h http.Header) []error {
	route := in.Route
	var errs []error
	security := route.Operation.Security
	if security == nil {
		security = &route.Spec.Security
	}
	if err := openapi3filter.ValidateSecurityRequirements(ctx, in, *security); err != nil {
		errs = append(errs, err)
	}
	ps := s.params.of(route)
	for i, p := range ps.list {
		var value string
		if name := ps.header[i]; name != "" {
			vs, sent := h[name]
			if !sent && ps.absentPasses[i] {
				continue
			}
			if len(vs) > 0 {
				value = vs[0]
			}
			if value != "" && s.validHeaders.has(ps.ids[i], p, value) {
				continue
			}
		}
		if err := openapi3filter.ValidateParameter(ctx, in, p); err != nil {
			errs = append(errs, err)
		} else if value != "" {
			s.validHeaders.add(ps.ids[i], p, value)
		}
	}
	return errs
}

// parameters are an operation's parameters in the order ValidateRequest
// checks them, with the canonical name of each header parameter whose
// verdict depends only on its first value ("" for the others: see
// plainHeader), an id for each, and whether each passes when it is absent.
type parameters struct {
	list         []*openapi3.Parameter
	header       []string
	ids          []uint64
	absentPasses []bool
}

// parameterLists holds the parameters of each operation, found once.
type parameterLists struct {
	byOp   sync.Map // *openapi3.Operation -> *parameters
	nextID atomic.Uint64
}

func (l *parameterLists) of(route *routers.Route) *parameters {
	if ps, ok := l.byOp.Load(route.Operation); ok {
		return ps.(*parameters)
	}
	ps := &parameters{}
	add := func(p *openapi3.Parameter) {
		name := ""
		if plainHeader(p) {
			name = http.CanonicalHeaderKey(p.Name)
		}
		ps.list, ps.header, ps.ids = append(ps.list, p), append(ps.header, name), append(ps.ids, l.nextID.Add(1))
		ps.absentPasses = append(ps.absentPasses, absentPasses(p))
	}
	for _, ref := range route.PathItem.Parameters {
		p := ref.Value
		if route.Operation.Parameters != nil && route.Operation.Parameters.GetByInAndName(p.In, p.Name) != nil {
			continue
		}
		add(p)
	}
	for _, ref := range route.Operation.Parameters {
		add(ref.Value)
	}
	actual, _ := l.byOp.LoadOrStore(route.Operation, ps)
	return actual.(*parameters)
}

// plainHeader reports whether p is a header parameter whose verdict
// depends only on its first value: a schema of one primitive type, without
// content, allOf, anyOf, oneOf or not. (kin-openapi joins every value of an
// array or object header, refuses several values of a content header, and
// decodes an absent header through not and the combinators.) Every header
// parameter of both documents is one.
func plainHeader(p *openapi3.Parameter) bool {
	if p.In != openapi3.ParameterInHeader || p.Content != nil || p.Schema == nil || p.Schema.Value == nil {
		return false
	}
	sch := p.Schema.Value
	if len(sch.AllOf) > 0 || len(sch.AnyOf) > 0 || len(sch.OneOf) > 0 || sch.Not != nil {
		return false
	}
	for _, t := range []string{openapi3.TypeString, openapi3.TypeInteger, openapi3.TypeNumber, openapi3.TypeBoolean} {
		if sch.Type.Is(t) {
			return true
		}
	}
	return false
}

// absentPasses reports whether ValidateParameter passes the parameter p
// when the request does not send it, without changing the request: a plain
// header that is not required and has no default kin-openapi would add.
func absentPasses(p *openapi3.Parameter) bool {
	return plainHeader(p) && !p.Required && p.Schema.Value.Default == nil
}

// validHeaders remembers header values kin-openapi found valid, per
// parameter. A partner sends the same tenant, client id and context ids
// with every request, and checking them again cost 12% of a GET
// /orders/{orderId} (openapi3filter decodes and validates each header
// parameter through its schema on every request; bench/profile.sh get,
// 2026-12-03). A header parameter's verdict depends only on the parameter
// and its first value, so a value found valid once is valid again. Path and
// query parameters, which change from request to request, and bodies are
// checked every time.
//
// It is a fixed table: a slot holds the last valid pair that hashed there,
// read and written atomically, so that requests in parallel share it
// without a lock and a client sending endless different values only
// replaces slots. Values longer than maxValidHeader are not remembered.
type validHeaders struct {
	seed  maphash.Seed
	slots [validHeaderSlots]atomic.Pointer[validHeader]
}

const (
	validHeaderSlots = 1024
	maxValidHeader   = 256
)

type validHeader struct {
	p     *openapi3.Parameter
	value string
}

func newValidHeaders() *validHeaders { return &validHeaders{seed: maphash.MakeSeed()} }

func (m *validHeaders) slot(id uint64, value string) *atomic.Pointer[validHeader] {
	h := maphash.String(m.seed, value) ^ (id * 0x9e3779b97f4a7c15)
	return &m.slots[h%validHeaderSlots]
}

// has reports whether value was found valid for p (whose id is id).
func (m *validHeaders) has(id uint64, p *openapi3.Parameter, value string) bool {
	if len(value) > maxValidHeader {
		return false
	}
	e := m.slot(id, value).Load()
	return e != nil && e.p == p && e.value == value
}

// add remembers that value is valid for p.
func (m *validHeaders) add(id uint64, p *openapi3.Parameter, value string) {
	if len(value) <= maxValidHeader {
		m.slot(id, value).Store(&validHeader{p: p, value: value})
	}
}
