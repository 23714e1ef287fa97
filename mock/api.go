package mock

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"mime"
	"net/http"
	"net/textproto"
	"slices"
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"

	"github.com/mobmock/mobmock/mock/internal/mobile"
	"github.com/mobmock/mobmock/mock/internal/mobproc"
	"github.com/mobmock/mobmock/mock/internal/op"
	"github.com/mobmock/mobmock/schemas"
	"github.com/mobmock/mobmock/spec"
)

// serveAPI routes a request of either API from the OpenAPI documents, checks
// it against them, calls the operation's handler with the request value and
// replies with what it returns.
func (s *Server) serveAPI(x *exchange) {
	res, err := s.callAPI(x)
	s.reply(x, res, err)
}

// aliases are both APIs' paths that the documents name otherwise.
var aliases = append(slices.Clone(mobproc.Aliases), mobile.Aliases...)

func (s *Server) callAPI(x *exchange) (op.Result, error) {
	for _, a := range aliases {
		rest, ok := strings.CutPrefix(x.r.URL.Path, a.From)
		if !ok || (rest != "" && rest[0] != '/') {
			continue
		}
		if s.cfg.Strict {
			x.api = apiMOBPROC
			if strings.HasPrefix(a.From, mobile.Base+"/") {
				x.api = apiMobile
			}
			return op.Result{}, op.Fail(op.CodeNotFound, fmt.Sprintf("No %s operation has the path %s.", apiTitle(x.api), x.r.URL.Path),
				"Did you mean "+a.To+rest+"?").Refer(a.Discrepancy)
		}
		// The documents name the resource by another path (the register
		// entry says where): lenient answers both.
		r := x.r.Clone(x.r.Context())
		r.URL.Path = a.To + rest
		x.r = r
		x.warnings = append(x.warnings, schemas.Problem{Discrepancy: a.Discrepancy, Message: a.Message})
		break
	}
	doc, route, params, err := s.specs.FindRoute(x.r)
	if doc != nil {
		x.api = apiName(doc.API)
	}
	switch {
	case errors.Is(err, spec.ErrMethodNotAllowed):
		methods := withHead(doc.Methods(x.r.URL.Path))
		return op.Result{Header: map[string]string{"Allow": strings.Join(methods, ", ")}},
			op.Fail(op.CodeMethodNotAllowed, fmt.Sprintf("%s is not supported on %s.", x.r.Method, x.r.URL.Path), "Use "+strings.Join(methods, " or ")+".")
	case errors.Is(err, spec.ErrUnavailable):
		// The document's bundle did not load: a broken build, which the
		// spec package's tests rule out.
		s.log.Error("contract document unavailable", slog.String("file", doc.File), slog.String("error", err.Error()))
		return op.Result{}, op.Fail(op.CodeInternal, "The mock cannot read its "+doc.File+" contract; this is a bug in mobmock.", "Report it with the request id "+x.id+".")
	case err != nil:
		return op.Result{}, op.Fail(op.CodeNotFound, fmt.Sprintf("No %s operation has the path %s.", apiTitle(x.api), x.r.URL.Path),
			"See the operations in /openapi/"+doc.File+".")
	}
	x.req.Params = params
	if err := s.identify(x); err != nil {
		return op.Result{}, err
	}
	if err := s.checkQuery(x, route); err != nil {
		return op.Result{}, err
	}
	if res, done := s.before(x, route); done {
		return res, nil
	}
	if err := s.checkRequest(x, route); err != nil {
		return op.Result{}, err
	}
	if o := route.Operation; o.RequestBody != nil {
		if err := s.readBody(x, o); err != nil {
			return op.Result{}, err
		}
	}
	if res, done, err := s.instead(x, route); done {
		return res, err
	}
	h := s.handler(x.req.Tenant, route.Operation.OperationID)
	if h == nil {
		return op.Result{}, op.Fail(op.CodeNotImplemented, fmt.Sprintf("%s %s (%s) is described in the contract but not implemented by the mock.", x.r.Method, route.Path, route.Operation.OperationID),
			"The operation is in the contract; the mock has no behaviour for it yet.")
	}
	x.req.Query, x.req.Header, x.req.Path, x.req.Now = x.query(), textproto.MIMEHeader(x.r.Header), x.r.URL.Path, s.now()
	return h(&x.req)
}

// headerTenant is X-TNGO-TENANT in Go's canonical form, which Header.Get
// then need not rewrite on every request.
const headerTenant = "X-Tngo-Tenant"

func apiTitle(a apiName) string {
	if a == apiMobile {
		return "Mobile API"
	}
	return "MOBPROC"
}

func splitHostPort(h string) (string, string, error) {
	i := strings.LastIndexByte(h, ':')
	if i < 0 || strings.Contains(h[i:], "]") {
		return h, "", fmt.Errorf("no port")
	}
	return h[:i], h[i+1:], nil
}

func isNumeric(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// checkRequest checks path and query parameters, headers and security with
// openapi3filter (the body is excluded: readBody decodes and validates it
// once), and refuses query parameters the operation does not define.
func (s *Server) checkRequest(x *exchange, route *routers.Route) error {
	// kin-openapi's security check reads the whole body into memory to hand
	// it to each authentication function; ours reads headers only, and the
	// body is read and validated once, by readBody. Give it a bodiless copy.
	bodiless := x.r
	if x.r.Body != nil && x.r.Body != http.NoBody {
		bodiless = x.r.WithContext(x.r.Context())
		bodiless.Body = http.NoBody
	}
	in := &openapi3filter.RequestValidationInput{
		Request:    bodiless,
		PathParams: x.req.Params,
		Route:      route,
		Options: &openapi3filter.Options{
			ExcludeRequestBody: true,
			MultiError:         true,
			AuthenticationFunc: s.authenticate(x),
		},
	}
	var items []op.Item
	for _, e := range s.checkParameters(x.r.Context(), in, x.r.Header) {
		var sec *openapi3filter.SecurityRequirementsError
		if errors.As(e, &sec) {
			return authFailure(sec)
		}
		items = append(items, parameterItem(e))
	}
	var unknown []string
	for k := range x.query() {
		if !takesQuery(route.Operation, k) {
			unknown = append(unknown, k)
		}
	}
	sort.Strings(unknown)
	for _, k := range unknown {
		hint := "Remove it."
		if known := queryNames(route.Operation); len(known) > 0 {
			hint = "This operation takes: " + strings.Join(known, ", ") + "."
		}
		msg := fmt.Sprintf("The query parameter %q is not defined for this operation.", k)
		if x.api == apiMobile && !s.cfg.Strict {
			// The Mobile document leaves its lookups' parameters to a "view
			// endpoint" it does not include (register MB-34): lenient
			// ignores a parameter it does not know, and says so.
			x.warnings = append(x.warnings, schemas.Problem{Pointer: "", Severity: schemas.Warning, Code: op.CodeUnknownParameter,
				Message: msg + " It was ignored. " + hint, Discrepancy: "MB-34"})
			continue
		}
		it := op.Item{Code: op.CodeUnknownParameter, Parameter: k, Message: msg, Hint: hint}
		if x.api == apiMobile {
			it.Discrepancy = "MB-34" // strict: the parameters the contract infers, no others
		}
		items = append(items, it)
	}
	if len(items) == 0 {
		return nil
	}
	return &op.Error{Items: items}
}

// takesQuery reports whether o defines the query parameter name.
func takesQuery(o *openapi3.Operation, name string) bool {
	for _, p := range o.Parameters {
		if p.Value != nil && p.Value.In == openapi3.ParameterInQuery && p.Value.Name == name {
			return true
		}
	}
	return false
}

// queryNames lists the query parameters o defines, sorted.
func queryNames(o *openapi3.Operation) []string {
	var names []string
	for _, p := range o.Parameters {
		if p.Value != nil && p.Value.In == openapi3.ParameterInQuery && !slices.Contains(names, p.Value.Name) {
			names = append(names, p.Value.Name)
		}
	}
	sort.Strings(names)
	return names
}

// parameterItem words a parameter problem reported by openapi3filter. It
// takes the parameter and the failing schema keyword from the error, never
// its text.
func parameterItem(err error) op.Item {
	var re *openapi3filter.RequestError
	if !errors.As(err, &re) || re.Parameter == nil {
		return op.Item{Code: op.CodeInvalidParameter, Message: "The request's parameters do not match the contract."}
	}
	p := re.Parameter
	where := map[string]string{"header": "header", "query": "query parameter", "path": "path parameter", "cookie": "cookie"}[p.In]
	if errors.Is(re.Err, openapi3filter.ErrInvalidRequired) || errors.Is(re.Err, openapi3filter.ErrInvalidEmptyValue) {
		code := op.CodeInvalidParameter
		hint := p.Description
		if p.In == openapi3.ParameterInHeader {
			code = op.CodeMissingHeader
		}
		return op.Item{Code: code, Parameter: p.Name, Message: fmt.Sprintf("The %s %s is required.", where, p.Name), Hint: firstSentence(hint)}
	}
	msg := fmt.Sprintf("The %s %s has a value the contract does not allow.", where, p.Name)
	if p.Schema != nil && p.Schema.Value != nil {
		sch := p.Schema.Value
		var se *openapi3.SchemaError
		if errors.As(re.Err, &se) && se.Schema != nil {
			sch = se.Schema
		}
		switch {
		case len(sch.Enum) > 0:
			var vals []string
			for _, v := range sch.Enum {
				vals = append(vals, fmt.Sprint(v))
			}
			msg = fmt.Sprintf("The %s %s must be one of %s.", where, p.Name, strings.Join(vals, ", "))
		case sch.Type.Is("boolean"):
			msg = fmt.Sprintf("The %s %s must be true or false.", where, p.Name)
		case sch.Type.Is("integer"):
			msg = fmt.Sprintf("The %s %s must be a whole number", where, p.Name)
			if sch.Min != nil {
				msg += fmt.Sprintf(" of at least %v", *sch.Min)
			}
			if sch.Max != nil {
				msg += fmt.Sprintf(" and at most %v", *sch.Max)
			}
			msg += "."
		case sch.Pattern != "" || sch.MaxLength != nil:
			msg = fmt.Sprintf("The %s %s does not have the expected format.", where, p.Name)
		}
	}
	return op.Item{Code: op.CodeInvalidParameter, Parameter: p.Name, Message: msg, Hint: firstSentence(p.Description)}
}

func firstSentence(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.Index(s, ". "); i >= 0 {
		return s[:i+1]
	}
	return s
}

// readBody reads, decodes and validates the request body once.
func (s *Server) readBody(x *exchange, o *openapi3.Operation) error {
	if e := s.checkBodyHeaders(x); e != nil {
		return e
	}
	ct := x.r.Header.Get("Content-Type")
	if ct == "" {
		return op.Fail(op.CodeUnsupportedMedia, "The request has a body but no Content-Type header.", "Send Content-Type: application/json.")
	}
	if ct != "application/json" { // the usual case, without parsing
		mt, params, err := mime.ParseMediaType(ct)
		if err != nil || (mt != "application/json" && !strings.HasSuffix(mt, "+json")) {
			return op.Fail(op.CodeUnsupportedMedia, fmt.Sprintf("The body must be JSON, not %q.", ct), "Send Content-Type: application/json.")
		}
		if cs, ok := params["charset"]; ok && !strings.EqualFold(cs, "utf-8") {
			return op.Fail(op.CodeUnsupportedMedia, fmt.Sprintf("The charset %q is not supported.", cs), "Send the body as UTF-8 (Content-Type: application/json; charset=utf-8).")
		}
	}
	// The body is read into a pooled buffer: the decoder copies what it
	// keeps, so nothing refers to the buffer once readBody returns.
	buf := bufPool.Get().(*bytes.Buffer)
	buf.Reset()
	defer release(buf)
	if n := x.r.ContentLength; n > 0 && n <= s.cfg.MaxBody {
		buf.Grow(int(n) + bytes.MinRead)
	}
	_, err := buf.ReadFrom(http.MaxBytesReader(x.w, x.r.Body, s.cfg.MaxBody))
	data := buf.Bytes()
	x.rec.kept.reqBody = keepBytes(nil, data)
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return tooLarge(s.cfg.MaxBody)
		}
		return op.Fail(schemas.CodeInvalidJSON, "The body could not be read completely.", "Send the whole body with a correct Content-Length.")
	}
	if n := countValues(data); n > maxValues {
		return tooManyValues(n)
	}
	name := spec.RequestSchema(o)
	mode := schemas.Lenient
	if s.cfg.Strict {
		mode = schemas.Strict
	}
	var payload any
	var ps []schemas.Problem
	if name == "" {
		payload, err = schemas.Decode(data)
	} else {
		payload, ps, err = s.schemas.Check(name, data, mode)
	}
	if err != nil {
		var se *schemas.SyntaxError
		if errors.As(err, &se) {
			return op.FromProblems([]schemas.Problem{se.Problem()})
		}
		return op.Fail(op.CodeInternal, "The contract names a body schema the mock cannot find; this is a bug in mobmock.", "")
	}
	var errs, warns []schemas.Problem
	for _, p := range ps {
		if p.Severity == schemas.Error {
			errs = append(errs, p)
		} else {
			warns = append(warns, p)
		}
	}
	if len(errs) > 0 {
		// The refusal is about the errors; the journal keeps the warnings.
		x.rec.Warnings = warns
		return op.FromProblems(errs)
	}
	x.warnings = append(x.warnings, warns...)
	schemas.ApplyRenames(payload, warns)
	x.req.Body = payload
	return nil
}

// authenticate returns the openapi3filter.AuthenticationFunc for c: with
// auth off every request passes; with auth required the bearer token must
// be one the mock issued, unexpired, for the request's tenant.
func (s *Server) authenticate(x *exchange) openapi3filter.AuthenticationFunc {
	if s.cfg.Auth == AuthOff {
		return openapi3filter.NoopAuthenticationFunc
	}
	return func(ctx context.Context, in *openapi3filter.AuthenticationInput) error {
		sub, err := s.tokens.check(x.r.Header.Get("Authorization"), x.req.Tenant, s.now())
		if err != nil {
			return err
		}
		x.req.Subject = sub
		return nil
	}
}

// authFailure turns a failed security requirement into a 401.
func authFailure(sec *openapi3filter.SecurityRequirementsError) error {
	for _, e := range sec.Errors {
		var ae *op.Error
		if errors.As(e, &ae) {
			return ae
		}
	}
	return op.Fail(op.CodeUnauthorized, "The request needs a valid bearer token.", "Get one from POST /oauth/token and send Authorization: Bearer <token>.")
}
