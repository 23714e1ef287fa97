package mock

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/google/go-cmp/cmp"
)

// TestCheckParametersIsValidateRequest: for every operation of both
// documents, with header values that are valid, invalid, empty, repeated
// or missing, in both auth modes, checkParameters gives the errors
// openapi3filter.ValidateRequest gives, in the same order, the first time
// and again once it remembers the valid header values: a value it
// remembers for one parameter or request never hides an error of another.
func TestCheckParametersIsValidateRequest(t *testing.T) {
	values := []string{"acme", "bench", "7", "EMP-1", "x y", "", "\x7f", strings.Repeat("a", 300), "-lead", "acme,globex", "-novalues", "12345678901234567890"}
	for _, auth := range []string{AuthOff, AuthRequired} {
		s := newServer(t, Config{Auth: auth})
		compared := 0
		for _, d := range s.specs.Docs {
			doc, err := d.OpenAPI()
			if err != nil {
				t.Fatal(err)
			}
			for tmpl, item := range doc.Paths.Map() {
				for method, o := range item.Operations() {
					var headers []string
					for _, p := range append(item.Parameters, o.Parameters...) {
						if p.Value.In == openapi3.ParameterInHeader {
							headers = append(headers, p.Value.Name)
						}
					}
					path := d.Base + strings.NewReplacer("{", "", "}", "").Replace(tmpl)
					// Each round sets every header to a value (rotating, so
					// that each header meets each value), twice over: cold,
					// then with what the first pass remembered.
					for round := range 2 * len(values) {
						req := httptest.NewRequest(method, "http://mock"+path, nil)
						for i, h := range headers {
							switch v := values[(round+i)%len(values)]; {
							case v == "-lead":
								// absent
							case v == "-novalues":
								req.Header[http.CanonicalHeaderKey(h)] = []string{}
							case v == "acme,globex":
								req.Header.Add(h, "acme")
								req.Header.Add(h, "globex")
							default:
								req.Header[http.CanonicalHeaderKey(h)] = []string{v}
							}
						}
						req.Header.Set("Authorization", "Bearer nope")
						doc, route, params, err := s.specs.FindRoute(req)
						if err != nil || doc == nil {
							t.Fatalf("%s %s: %v", method, path, err)
						}
						x := &exchange{r: req}
						x.req.Params = params
						in := func() *openapi3filter.RequestValidationInput {
							return &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route,
								Options: &openapi3filter.Options{ExcludeRequestBody: true, MultiError: true, AuthenticationFunc: s.authenticate(x)}}
						}
						var want []string
						if err := openapi3filter.ValidateRequest(context.Background(), in()); err != nil {
							for _, e := range err.(openapi3.MultiError) {
								want = append(want, describe(e))
							}
						}
						var got []string
						for _, e := range s.checkParameters(context.Background(), in(), req.Header) {
							got = append(got, describe(e))
						}
						if diff := cmp.Diff(want, got); diff != "" {
							t.Errorf("auth %s, %s %s, round %d, headers %v (-ValidateRequest +checkParameters):\n%s", auth, method, path, round, req.Header, diff)
						}
						compared++
					}
				}
			}
		}
		if compared < 500 {
			t.Errorf("auth %s: only %d requests compared", auth, compared)
		}
	}
}

// describe is what the mock reads of a check's error: the item it answers,
// or that security failed.
func describe(err error) string {
	var sec *openapi3filter.SecurityRequirementsError
	if e, ok := err.(*openapi3filter.SecurityRequirementsError); ok {
		sec = e
		return fmt.Sprintf("security: %d errors", len(sec.Errors))
	}
	it := parameterItem(err)
	return strings.Join([]string{it.Code, it.Parameter, it.Message, it.Hint}, " | ")
}

// TestAbsentPasses: only an optional plain header parameter (one primitive
// type, no combinator, no content) without a default is skipped when
// absent; one kin-openapi would fill in, must find, or decodes otherwise is
// not.
func TestAbsentPasses(t *testing.T) {
	str := &openapi3.SchemaRef{Value: openapi3.NewStringSchema()}
	withDefault := &openapi3.SchemaRef{Value: openapi3.NewStringSchema().WithDefault("en")}
	inAllOf := &openapi3.SchemaRef{Value: &openapi3.Schema{AllOf: openapi3.SchemaRefs{withDefault}}}
	tests := []struct {
		p    openapi3.Parameter
		want bool
	}{
		{openapi3.Parameter{In: "header", Name: "X-A", Schema: str}, true},
		{openapi3.Parameter{In: "header", Name: "X-A", Schema: &openapi3.SchemaRef{Value: openapi3.NewIntegerSchema()}}, true},
		{openapi3.Parameter{In: "header", Name: "X-A"}, false},
		{openapi3.Parameter{In: "header", Name: "X-A", Schema: &openapi3.SchemaRef{Value: openapi3.NewArraySchema().WithItems(openapi3.NewIntegerSchema())}}, false},
		{openapi3.Parameter{In: "header", Name: "X-A", Schema: &openapi3.SchemaRef{Value: &openapi3.Schema{Type: &openapi3.Types{"string"}, Not: str}}}, false},
		{openapi3.Parameter{In: "header", Name: "X-A", Schema: str, Required: true}, false},
		{openapi3.Parameter{In: "header", Name: "X-A", Schema: withDefault}, false},
		{openapi3.Parameter{In: "header", Name: "X-A", Schema: inAllOf}, false},
		{openapi3.Parameter{In: "header", Name: "X-A", Content: openapi3.NewContentWithJSONSchema(openapi3.NewStringSchema())}, false},
		{openapi3.Parameter{In: "query", Name: "a", Schema: str}, false},
	}
	for i, tt := range tests {
		if got := absentPasses(&tt.p); got != tt.want {
			t.Errorf("%d: absentPasses = %v, want %v", i, got, tt.want)
		}
	}
	// Every header parameter of both documents is plain, so that the
	// mock remembers the valid values of all of them.
	s := newServer(t, Config{})
	n := 0
	for _, d := range s.specs.Docs {
		doc, err := d.OpenAPI()
		if err != nil {
			t.Fatal(err)
		}
		for _, ref := range doc.Components.Parameters {
			if ref.Value.In == openapi3.ParameterInHeader {
				n++
				if !plainHeader(ref.Value) {
					t.Errorf("header parameter %s is not plain: its valid values are checked on every request", ref.Value.Name)
				}
			}
		}
	}
	if n < 4 {
		t.Errorf("only %d header parameters in the documents' components", n)
	}
}
