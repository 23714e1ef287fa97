package mock

import (
	"fmt"
	"net/url"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/routers"

	"github.com/mobmock/mobmock/mock/internal/op"
)

// parseQuery parses the request's whole query string, or refuses it. Go's
// URL.Query drops what it cannot parse (and returns nothing at all past its
// limit on the number of parameters), which would turn a request the mock
// cannot read into one without a query: POST /orders?confirm=true&… into a
// submission. A query that does not parse whole is a 400 instead.
func parseQuery(raw string) (url.Values, *op.Error) {
	q, err := url.ParseQuery(raw)
	if err != nil {
		return nil, op.Fail(op.CodeInvalidParameter,
			"The query string could not be read whole (a malformed %-escape, a semicolon, or too many parameters).",
			"Send each parameter once as name=value, separated by &, with % written as %25.")
	}
	return q, nil
}

// checkQuery reads the query of an API request once, whole, into c.q, and
// holds boolean parameters to the spellings the contract allows. kin-openapi
// reads booleans with strconv.ParseBool, which also takes TRUE, 1 and t; the
// mock reads only true as true, so anything else than exactly true or false
// must be refused rather than read as false (confirm=TRUE would submit).
func (s *Server) checkQuery(x *exchange, route *routers.Route) error {
	q, e := parseQuery(x.r.URL.RawQuery)
	if e != nil {
		return e
	}
	x.q = q
	for _, p := range route.Operation.Parameters {
		v := p.Value
		if v == nil || v.In != openapi3.ParameterInQuery || v.Schema == nil || v.Schema.Value == nil || !v.Schema.Value.Type.Is("boolean") {
			continue
		}
		for _, val := range q[v.Name] {
			if val != "true" && val != "false" {
				return op.Fail(op.CodeInvalidParameter,
					fmt.Sprintf("The query parameter %s must be true or false (in lower case), not %q.", v.Name, val),
					firstSentence(v.Description)).Param(v.Name)
			}
		}
	}
	return nil
}
