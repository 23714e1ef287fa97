package mock

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"mime"
	"net/http"
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"

	"github.com/mobmock/mobmock/schemas"
	"github.com/mobmock/mobmock/spec"
)

// serveAPI routes a request of either API from the OpenAPI documents, checks
// it against them and calls the operation's handler.
func (s *Server) serveAPI(c *call) {
	if rest, ok := strings.CutPrefix(c.r.URL.Path, "/mobproc/v1/assets/service"); ok && (rest == "" || rest[0] == '/') {
		if s.cfg.Strict {
			c.api = apiMOBPROC
			s.writeError(c, failf(codeNotFound, "Did you mean /mobproc/v1/assets/services"+rest+"?", "No MOBPROC operation has the path %s.", c.r.URL.Path))
			return
		}
		// The prose names the resource /assets/service, its links
		// /assets/services (register MP-3): lenient answers both.
		r := c.r.Clone(c.r.Context())
		r.URL.Path = "/mobproc/v1/assets/services" + rest
		c.r = r
		c.w.Header().Add("X-Mobmock-Warning", warningHeader(schemas.Problem{Discrepancy: "MP-3",
			Message: "Use /assets/services: the documents' prose says /assets/service, their links /assets/services."}))
	}
	doc, route, params, err := s.specs.FindRoute(c.r)
	if doc != nil {
		c.api, c.doc = apiName(doc.API), doc
	}
	switch {
	case errors.Is(err, spec.ErrMethodNotAllowed):
		methods := withHead(doc.Methods(c.r.URL.Path))
		e := failf(codeMethodNotAllowed, "Use "+strings.Join(methods, " or ")+".", "%s is not supported on %s.", c.r.Method, c.r.URL.Path)
		e.allow = strings.Join(methods, ", ")
		s.writeError(c, e)
		return
	case errors.Is(err, spec.ErrUnavailable):
		// The document's bundle did not load: a broken build, which the
		// spec package's tests rule out.
		s.log.Error("contract document unavailable", slog.String("file", doc.File), slog.String("error", err.Error()))
		s.writeError(c, fail(codeInternal, "The mock cannot read its "+doc.File+" contract; this is a bug in mobmock.", "Report it with the request id "+c.id+"."))
		return
	case err != nil:
		s.writeError(c, failf(codeNotFound, "See the operations in /openapi/"+doc.File+".",
			"No %s operation has the path %s.", apiTitle(c.api), c.r.URL.Path))
		return
	}
	c.params = params
	if err := s.identify(c); err != nil {
		s.writeError(c, err)
		return
	}
	if err := s.checkQuery(c, route); err != nil {
		s.writeError(c, err)
		return
	}
	if err := s.checkRequest(c, route); err != nil {
		s.writeError(c, err)
		return
	}
	if op := route.Operation; op.RequestBody != nil {
		if err := s.readBody(c, op); err != nil {
			s.writeError(c, err)
			return
		}
	}
	h := s.ops[route.Operation.OperationID]
	if h == nil {
		s.writeError(c, failf(codeNotImplemented, "The operation is in the contract; the mock has no behaviour for it yet.",
			"%s %s (%s) is described in the contract but not implemented by the mock.", c.r.Method, route.Path, route.Operation.OperationID))
		return
	}
	for _, p := range c.warnings {
		c.w.Header().Add("X-Mobmock-Warning", warningHeader(p))
	}
	status, body, err := h(c)
	s.answer(c, status, body, err)
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

// warningHeader renders a lenient warning for the X-Mobmock-Warning header.
func warningHeader(p schemas.Problem) string {
	v := p.Pointer + " " + p.Message
	if p.Discrepancy != "" {
		v = p.Discrepancy + " " + v
	}
	// Header values must stay on one line of printable ASCII.
	printable := true
	for i := 0; i < len(v) && printable; i++ {
		printable = v[i] >= 0x20 && v[i] <= 0x7e
	}
	if printable {
		return v
	}
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r > 0x7e {
			return ' '
		}
		return r
	}, v)
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
func (s *Server) checkRequest(c *call, route *routers.Route) *apiError {
	// kin-openapi's security check reads the whole body into memory to hand
	// it to each authentication function; ours reads headers only, and the
	// body is read and validated once, by readBody. Give it a bodiless copy.
	bodiless := c.r.WithContext(c.r.Context())
	bodiless.Body = http.NoBody
	in := &openapi3filter.RequestValidationInput{
		Request:    bodiless,
		PathParams: c.params,
		Route:      route,
		Options: &openapi3filter.Options{
			ExcludeRequestBody: true,
			MultiError:         true,
			AuthenticationFunc: s.authenticate(c),
		},
	}
	err := openapi3filter.ValidateRequest(c.r.Context(), in)
	var items []errorItem
	status := http.StatusBadRequest
	for _, e := range flatten(err) {
		var sec *openapi3filter.SecurityRequirementsError
		if errors.As(e, &sec) {
			return authFailure(sec)
		}
		items = append(items, parameterItem(e))
	}
	known := map[string]bool{}
	for _, p := range route.Operation.Parameters {
		if p.Value != nil && p.Value.In == openapi3.ParameterInQuery {
			known[p.Value.Name] = true
		}
	}
	var unknown []string
	for k := range c.query() {
		if !known[k] {
			unknown = append(unknown, k)
		}
	}
	sort.Strings(unknown)
	for _, k := range unknown {
		hint := "Remove it."
		if len(known) > 0 {
			hint = "This operation takes: " + strings.Join(sortedKeys(known), ", ") + "."
		}
		items = append(items, errorItem{Code: codeUnknownParameter, Parameter: k,
			Message: fmt.Sprintf("The query parameter %q is not defined for this operation.", k), Hint: hint})
	}
	if len(items) == 0 {
		return nil
	}
	return &apiError{status: status, items: items}
}

func flatten(err error) []error {
	if err == nil {
		return nil
	}
	// Only the top-level MultiError is split: a RequestError may wrap one of
	// its own, and must stay whole to name its parameter.
	if me, ok := err.(openapi3.MultiError); ok {
		var out []error
		for _, e := range me {
			out = append(out, flatten(e)...)
		}
		return out
	}
	return []error{err}
}

// parameterItem words a parameter problem reported by openapi3filter. It
// takes the parameter and the failing schema keyword from the error, never
// its text.
func parameterItem(err error) errorItem {
	var re *openapi3filter.RequestError
	if !errors.As(err, &re) || re.Parameter == nil {
		return errorItem{Code: codeInvalidParameter, Message: "The request's parameters do not match the contract."}
	}
	p := re.Parameter
	where := map[string]string{"header": "header", "query": "query parameter", "path": "path parameter", "cookie": "cookie"}[p.In]
	if errors.Is(re.Err, openapi3filter.ErrInvalidRequired) || errors.Is(re.Err, openapi3filter.ErrInvalidEmptyValue) {
		code := codeInvalidParameter
		hint := p.Description
		if p.In == openapi3.ParameterInHeader {
			code = codeMissingHeader
		}
		return errorItem{Code: code, Parameter: p.Name, Message: fmt.Sprintf("The %s %s is required.", where, p.Name), Hint: firstSentence(hint)}
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
	return errorItem{Code: codeInvalidParameter, Parameter: p.Name, Message: msg, Hint: firstSentence(p.Description)}
}

func firstSentence(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.Index(s, ". "); i >= 0 {
		return s[:i+1]
	}
	return s
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// readBody reads, decodes and validates the request body once.
func (s *Server) readBody(c *call, op *openapi3.Operation) *apiError {
	if e := s.checkBodyHeaders(c); e != nil {
		return e
	}
	ct := c.r.Header.Get("Content-Type")
	if ct == "" {
		return fail(codeUnsupportedMedia, "The request has a body but no Content-Type header.", "Send Content-Type: application/json.")
	}
	if ct != "application/json" { // the usual case, without parsing
		mt, params, err := mime.ParseMediaType(ct)
		if err != nil || (mt != "application/json" && !strings.HasSuffix(mt, "+json")) {
			return failf(codeUnsupportedMedia, "Send Content-Type: application/json.", "The body must be JSON, not %q.", ct)
		}
		if cs, ok := params["charset"]; ok && !strings.EqualFold(cs, "utf-8") {
			return failf(codeUnsupportedMedia, "Send the body as UTF-8 (Content-Type: application/json; charset=utf-8).", "The charset %q is not supported.", cs)
		}
	}
	// The body is read into a pooled buffer: the decoder copies what it
	// keeps, so nothing refers to the buffer once readBody returns.
	buf := bufPool.Get().(*bytes.Buffer)
	buf.Reset()
	defer release(buf)
	if n := c.r.ContentLength; n > 0 && n <= s.cfg.MaxBody {
		buf.Grow(int(n) + bytes.MinRead)
	}
	_, err := buf.ReadFrom(http.MaxBytesReader(c.w, c.r.Body, s.cfg.MaxBody))
	data := buf.Bytes()
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return failf(codeBodyTooLarge, "Send only the order or activity; the documented payloads are a few kilobytes.",
				"The body is larger than the limit of %d bytes.", s.cfg.MaxBody)
		}
		return fail(codeInvalidJSON, "The body could not be read completely.", "Send the whole body with a correct Content-Length.")
	}
	if n := countValues(data); n > maxValues {
		return tooManyValues(n)
	}
	name := spec.RequestSchema(op)
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
			return fromProblems([]schemas.Problem{se.Problem()})
		}
		return fail(codeInternal, "The contract names a body schema the mock cannot find; this is a bug in mobmock.", "")
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
		c.rec.Warnings = warns
		return fromProblems(errs)
	}
	schemas.ApplyRenames(payload, warns)
	c.body, c.warnings = payload, warns
	c.rec.Warnings = warns
	return nil
}

const codeInvalidJSON = schemas.CodeInvalidJSON

// authenticate returns the openapi3filter.AuthenticationFunc for c: with
// auth off every request passes; with auth required the bearer token must
// be one the mock issued, unexpired, for the request's tenant.
func (s *Server) authenticate(c *call) openapi3filter.AuthenticationFunc {
	if s.cfg.Auth == AuthOff {
		return openapi3filter.NoopAuthenticationFunc
	}
	return func(ctx context.Context, in *openapi3filter.AuthenticationInput) error {
		sub, err := s.tokens.check(c.r.Header.Get("Authorization"), c.tenant, s.now())
		if err != nil {
			return err
		}
		c.subject = sub
		return nil
	}
}

// authFailure turns a failed security requirement into a 401.
func authFailure(sec *openapi3filter.SecurityRequirementsError) *apiError {
	for _, e := range sec.Errors {
		var ae *apiError
		if errors.As(e, &ae) {
			return ae
		}
	}
	return fail(codeUnauthorized, "The request needs a valid bearer token.", "Get one from POST /oauth/token and send Authorization: Bearer <token>.")
}
