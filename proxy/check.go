package proxy

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"sort"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"

	"github.com/mobmock/mobmock/schemas"
	"github.com/mobmock/mobmock/spec"
)

// route finds the operation of the request and checks that the path and
// method are in the contract. A path under neither API (health, OAuth) is
// left unchecked.
func (p *Proxy) route(x *exchange, r *http.Request) {
	if r.Method == http.MethodOptions && r.Header.Get("Access-Control-Request-Method") != "" {
		// A browser's CORS preflight is the target's business, not an
		// operation of the contract: forwarded, not judged.
		return
	}
	if rest, ok := strings.CutPrefix(r.URL.Path, "/mobproc/v1/assets/service"); ok && (rest == "" || rest[0] == '/') && !p.cfg.Strict {
		// The prose names the resource /assets/service, the links
		// /assets/services (register MP-3): the lenient reading takes
		// both, with a warning; the strict one only the links' name.
		x.warn(Violation{Class: Request, Code: CodeNoOperation, Message: "Use /assets/services: the documents' prose says /assets/service, their links /assets/services (register MP-3)."})
		r = r.Clone(r.Context())
		r.URL.Path = "/mobproc/v1/assets/services" + rest
		r.URL.RawPath = ""
	}
	doc, route, params, err := p.specs.FindRoute(r)
	if doc != nil {
		x.api = doc.API
	}
	switch {
	case errors.Is(err, spec.ErrNoAPI):
		return
	case errors.Is(err, spec.ErrMethodNotAllowed):
		methods := doc.Methods(r.URL.Path)
		sort.Strings(methods)
		x.add(Violation{Class: Request, Code: CodeMethodNotAllowed,
			Message: fmt.Sprintf("%s is not an operation of %s in the contract.", r.Method, r.URL.Path),
			Hint:    "The contract has " + strings.Join(methods, ", ") + " on this path."})
		return
	case errors.Is(err, spec.ErrUnavailable):
		p.log.Error("contract document unavailable", "file", doc.File, "error", err.Error())
		return
	case err != nil:
		x.add(Violation{Class: Request, Code: CodeNoOperation,
			Message: fmt.Sprintf("No operation of the %s contract has the path %s.", apiTitle(doc.API), r.URL.Path),
			Hint:    "See the operations in spec/" + doc.File + "."})
		return
	}
	x.route, x.params, x.doc = route, params, doc
}

func apiTitle(api schemas.API) string {
	if api == schemas.Mobile {
		return "Mobile API"
	}
	return "MOBPROC"
}

// checkRequest checks the parameters and headers of a routed request with
// openapi3filter (security is the target's to judge: the proxy cannot tell
// a good token from a bad one), refuses query parameters the operation does
// not define, and validates the body, once, with package schemas.
func (p *Proxy) checkRequest(x *exchange, r *http.Request) {
	if x.route == nil {
		return
	}
	op := x.route.Operation
	bodiless := r.WithContext(r.Context())
	bodiless.Body = http.NoBody
	in := &openapi3filter.RequestValidationInput{
		Request: bodiless, PathParams: x.params, Route: x.route,
		Options: &openapi3filter.Options{ExcludeRequestBody: true, MultiError: true,
			AuthenticationFunc: openapi3filter.NoopAuthenticationFunc},
	}
	for _, e := range flatten(openapi3filter.ValidateRequest(r.Context(), in)) {
		x.add(parameterViolation(e))
	}
	known := map[string]bool{}
	for _, prm := range op.Parameters {
		if prm.Value != nil && prm.Value.In == openapi3.ParameterInQuery {
			known[prm.Value.Name] = true
		}
	}
	var unknown []string
	for k := range r.URL.Query() {
		if !known[k] {
			unknown = append(unknown, k)
		}
	}
	sort.Strings(unknown)
	for _, k := range unknown {
		x.add(Violation{Class: Request, Code: CodeUnknownParameter, Parameter: k,
			Message: fmt.Sprintf("The query parameter %q is not defined for %s %s.", k, r.Method, x.route.Path)})
	}
	if op.RequestBody == nil || op.RequestBody.Value == nil {
		return
	}
	if !x.reqBodyComplete {
		x.warn(Violation{Class: Request, Code: CodeBodyUnchecked,
			Message: fmt.Sprintf("The request body is larger than %d bytes and was forwarded unchecked.", p.cfg.MaxCheck)})
		return
	}
	if len(x.reqBody) == 0 {
		if op.RequestBody.Value.Required {
			x.add(Violation{Class: Request, Code: CodeEmptyBody, Message: fmt.Sprintf("%s %s needs a JSON body and got none.", r.Method, x.route.Path)})
		}
		return
	}
	if !isJSON(r.Header.Get("Content-Type")) {
		x.add(Violation{Class: Request, Code: CodeUnsupportedMedia, Parameter: "Content-Type",
			Message: fmt.Sprintf("The body is sent as %q; the contract takes application/json.", r.Header.Get("Content-Type")),
			Hint:    "Send Content-Type: application/json."})
		return
	}
	x.reqPayload = p.checkBody(x, Request, spec.RequestSchema(op), x.reqBody)
}

// checkBody decodes and validates a body against the schema name and adds
// what is wrong with it in class c. It returns the decoded body (nil when
// it does not decode).
func (p *Proxy) checkBody(x *exchange, c Class, name string, data []byte) any {
	if name == "" {
		payload, err := schemas.Decode(data)
		if err != nil {
			x.add(syntaxViolation(c, err))
			return nil
		}
		return payload
	}
	payload, ps, err := p.schemas.Check(name, data, p.mode)
	if err != nil {
		var se *schemas.SyntaxError
		if errors.As(err, &se) {
			x.add(syntaxViolation(c, err))
			return nil
		}
		p.log.Error("contract names a schema the proxy cannot load", "schema", name, "error", err.Error())
		return nil
	}
	for _, pr := range ps {
		v := Violation{Class: c, Code: pr.Code, Pointer: pr.Pointer, Message: pr.Message, Hint: pr.Hint}
		if pr.Severity == schemas.Error {
			x.add(v)
		} else {
			x.warn(v)
		}
	}
	return payload
}

func syntaxViolation(c Class, err error) Violation {
	var se *schemas.SyntaxError
	if errors.As(err, &se) {
		pr := se.Problem()
		return Violation{Class: c, Code: pr.Code, Pointer: pr.Pointer, Message: pr.Message, Hint: pr.Hint}
	}
	return Violation{Class: c, Code: CodeInvalidJSON, Message: "The body is not JSON."}
}

func isJSON(ct string) bool {
	mt, _, err := mime.ParseMediaType(ct)
	return err == nil && (mt == "application/json" || strings.HasSuffix(mt, "+json"))
}

// flatten splits kin-openapi's top-level MultiError.
func flatten(err error) []error {
	if err == nil {
		return nil
	}
	if me, ok := err.(openapi3.MultiError); ok {
		var out []error
		for _, e := range me {
			out = append(out, flatten(e)...)
		}
		return out
	}
	return []error{err}
}

// parameterViolation words a parameter problem openapi3filter found, from
// the parameter and the failing schema it names, never from its text.
func parameterViolation(err error) Violation {
	var re *openapi3filter.RequestError
	if !errors.As(err, &re) || re.Parameter == nil {
		return Violation{Class: Request, Code: CodeInvalidParameter, Message: "The request's parameters do not match the contract."}
	}
	prm := re.Parameter
	where := map[string]string{"header": "header", "query": "query parameter", "path": "path parameter", "cookie": "cookie"}[prm.In]
	if errors.Is(re.Err, openapi3filter.ErrInvalidRequired) || errors.Is(re.Err, openapi3filter.ErrInvalidEmptyValue) {
		code := CodeInvalidParameter
		if prm.In == openapi3.ParameterInHeader {
			code = CodeMissingHeader
		}
		return Violation{Class: Request, Code: code, Parameter: prm.Name, Message: fmt.Sprintf("The %s %s is required.", where, prm.Name)}
	}
	msg := fmt.Sprintf("The %s %s has a value the contract does not allow.", where, prm.Name)
	if prm.Schema != nil && prm.Schema.Value != nil {
		sch := prm.Schema.Value
		switch {
		case len(sch.Enum) > 0:
			vals := make([]string, len(sch.Enum))
			for i, v := range sch.Enum {
				vals[i] = fmt.Sprint(v)
			}
			msg = fmt.Sprintf("The %s %s must be one of %s.", where, prm.Name, strings.Join(vals, ", "))
		case sch.Type.Is("boolean"):
			msg = fmt.Sprintf("The %s %s must be true or false.", where, prm.Name)
		case sch.Type.Is("integer"):
			msg = fmt.Sprintf("The %s %s must be a whole number in the documented range.", where, prm.Name)
		}
	}
	return Violation{Class: Request, Code: CodeInvalidParameter, Parameter: prm.Name, Message: msg}
}

// checkResponse checks the answer against the operation: a documented
// status, a documented Content-Type, the documented headers, the body
// schema, and for errors the API's error shape.
func (p *Proxy) checkResponse(x *exchange, r *http.Request, resp *http.Response) {
	if x.route == nil {
		// A path under an API but in no operation: its refusal is
		// still an error answer of that API.
		if x.api != "" && resp.StatusCode >= 400 {
			p.checkErrorShape(x)
		}
		return
	}
	op := x.route.Operation
	where := r.Method + " " + x.route.Path
	ref := op.Responses.Status(resp.StatusCode)
	if ref == nil {
		ref = op.Responses.Default()
	}
	if ref == nil || ref.Value == nil {
		x.add(Violation{Class: Response, Code: CodeUndocumentedStatus,
			Message: fmt.Sprintf("The contract documents no %d answer for %s.", resp.StatusCode, where),
			Hint:    "Documented: " + strings.Join(statuses(op), ", ") + "."})
		if resp.StatusCode >= 400 {
			p.checkErrorShape(x)
		}
		return
	}
	ct := resp.Header.Get("Content-Type")
	if len(ref.Value.Content) > 0 && ct != "" {
		mt, _, _ := mime.ParseMediaType(ct)
		if ref.Value.Content.Get(mt) == nil {
			x.add(Violation{Class: Response, Code: CodeContentType, Parameter: "Content-Type",
				Message: fmt.Sprintf("Content-Type %q is not one the contract documents for a %d from %s.", ct, resp.StatusCode, where)})
		}
	}
	p.checkHeaders(x, r, resp, ref.Value, where)
	if !x.respBodyComplete {
		x.warn(Violation{Class: Response, Code: CodeBodyUnchecked,
			Message: fmt.Sprintf("The response body is larger than %d bytes and was streamed unchecked.", p.cfg.MaxCheck)})
		return
	}
	if len(x.respBody) == 0 {
		if len(ref.Value.Content) > 0 && r.Method != http.MethodHead {
			v := Violation{Class: Response, Code: CodeEmptyBody, Message: fmt.Sprintf("The %d answer of %s has no body; the contract documents one.", resp.StatusCode, where)}
			if resp.StatusCode >= 400 {
				v.Code = CodeErrorShape
			}
			x.add(v)
		}
		return
	}
	if !isJSON(ct) {
		if resp.StatusCode >= 400 {
			x.add(Violation{Class: Response, Code: CodeErrorShape,
				Message: fmt.Sprintf("The %d answer of %s is %q, not the API's JSON error shape.", resp.StatusCode, where, ct)})
		}
		return
	}
	name := spec.ResponseSchema(op, resp.StatusCode)
	before := len(x.violations)
	x.respPayload = p.checkBody(x, Response, name, x.respBody)
	if resp.StatusCode >= 400 {
		// Name what is wrong with an error answer as what it is: not the
		// API's error shape.
		for i := before; i < len(x.violations); i++ {
			v := &x.violations[i]
			v.Code, v.Message = CodeErrorShape, "Not the API's error shape: "+v.Message
		}
	}
}

// checkErrorShape validates an error answer of an undocumented status
// against the API's error shape.
func (p *Proxy) checkErrorShape(x *exchange) {
	name := "mobproc/error-response.json"
	if x.api == schemas.Mobile {
		name = "mobile/error-response.json"
	}
	if !x.respBodyComplete {
		return
	}
	if !isJSON(x.respHeader.Get("Content-Type")) || len(x.respBody) == 0 {
		x.add(Violation{Class: Response, Code: CodeErrorShape, Message: "The error answer is not the API's JSON error shape."})
		return
	}
	before := len(x.violations)
	x.respPayload = p.checkBody(x, Response, name, x.respBody)
	for i := before; i < len(x.violations); i++ {
		v := &x.violations[i]
		v.Code, v.Message = CodeErrorShape, "Not the API's error shape: "+v.Message
	}
}

func statuses(op *openapi3.Operation) []string {
	var out []string
	for code := range op.Responses.Map() {
		out = append(out, code)
	}
	sort.Strings(out)
	return out
}

// checkHeaders checks the documented response headers with openapi3filter
// and, when it finds a problem, words it header by header.
func (p *Proxy) checkHeaders(x *exchange, r *http.Request, resp *http.Response, doc *openapi3.Response, where string) {
	if len(doc.Headers) == 0 {
		return
	}
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{Request: r, PathParams: x.params, Route: x.route},
		Status:                 resp.StatusCode, Header: resp.Header, Body: io.NopCloser(bytes.NewReader(nil)),
		Options: &openapi3filter.Options{ExcludeResponseBody: true, MultiError: true},
	}
	if openapi3filter.ValidateResponse(r.Context(), in) == nil {
		return
	}
	names := make([]string, 0, len(doc.Headers))
	for k := range doc.Headers {
		names = append(names, k)
	}
	sort.Strings(names)
	found := false
	for _, k := range names {
		h := doc.Headers[k]
		if h.Value == nil || strings.EqualFold(k, "Content-Type") {
			continue
		}
		v := resp.Header.Get(k)
		switch {
		case v == "" && h.Value.Required:
			found = true
			x.add(Violation{Class: Response, Code: CodeHeader, Parameter: k, Message: fmt.Sprintf("The header %s is required by the contract for %s but missing.", k, where)})
		case v != "" && h.Value.Schema != nil && h.Value.Schema.Value != nil && h.Value.Schema.Value.Type.Is("integer"):
			if _, err := strconv.ParseInt(v, 10, 64); err != nil {
				found = true
				x.add(Violation{Class: Response, Code: CodeHeader, Parameter: k, Message: fmt.Sprintf("The header %s must be a whole number, not %q.", k, v)})
			}
		}
	}
	if !found {
		x.add(Violation{Class: Response, Code: CodeHeader, Message: "The response headers do not match the contract for " + where + "."})
	}
}
