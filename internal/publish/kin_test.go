package publish_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io/fs"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"

	"github.com/mobmock/mobmock/fixtures"
	"github.com/mobmock/mobmock/internal/publish"
	"github.com/mobmock/mobmock/schemas"
	"github.com/mobmock/mobmock/spec"
)

func skipUnderRace(t *testing.T) {
	t.Helper()
	if raceBuild {
		t.Skip("kin-openapi compiles a validator per example: checked by the build without -race")
	}
}

// published is one committed document loaded by kin-openapi, with a router
// on its API's base path.
type published struct {
	path   string
	doc    *openapi3.T
	router routers.Router
}

// loadPublished loads the committed document of api in reading r the way a
// third-party Go tool would: kin-openapi's loader, from the file alone.
func loadPublished(t testing.TB, api schemas.API, r publish.Reading) published {
	t.Helper()
	p := publish.Path(api, r)
	data, err := fs.ReadFile(spec.FS, p)
	if err != nil {
		t.Fatal(err)
	}
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(data)
	if err != nil {
		t.Fatalf("%s: %v", p, err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		t.Fatalf("%s: kin-openapi finds the document invalid: %v", p, err)
	}
	router, err := gorillamux.NewRouter(doc)
	if err != nil {
		t.Fatalf("%s: routes: %v", p, err)
	}
	return published{path: p, doc: doc, router: router}
}

// TestExamplesValidInPublishedDocuments validates every example of every
// body in the published documents with kin-openapi's JSON Schema 2020-12
// validator: each must be valid in its document (the strict documents leave
// out the examples the strict reading refuses).
func TestExamplesValidInPublishedDocuments(t *testing.T) {
	skipUnderRace(t)
	for _, api := range publish.APIs {
		for _, r := range publish.Readings {
			p := loadPublished(t, api, r)
			t.Run(p.path, func(t *testing.T) {
				n := 0
				check := func(where string, c openapi3.Content) {
					for ct, mt := range c {
						if mt.Schema == nil || mt.Schema.Value == nil {
							continue
						}
						for name, ex := range mt.Examples {
							if ex.Value == nil {
								continue
							}
							n++
							if err := mt.Schema.Value.VisitJSON(ex.Value.Value, openapi3.EnableJSONSchema2020(), openapi3.MultiErrors()); err != nil {
								t.Errorf("%s %s example %s is invalid: %v", where, ct, name, err)
							}
						}
					}
				}
				for path, item := range p.doc.Paths.Map() {
					for method, op := range item.Operations() {
						where := method + " " + path
						if op.RequestBody != nil && op.RequestBody.Value != nil {
							check(where+" request", op.RequestBody.Value.Content)
						}
						for code, resp := range op.Responses.Map() {
							if resp.Value != nil {
								check(where+" "+code, resp.Value.Content)
							}
						}
					}
				}
				if n < 10 {
					t.Errorf("checked %d examples; the documents have many more", n)
				}
			})
		}
	}
}

// bodyVerdict validates a fixture request's body against the operation it
// is for in a published document, with kin-openapi's own request validator.
func bodyVerdict(t *testing.T, p published, st fixtures.Step) error {
	t.Helper()
	vars := fixtures.Vars{"tenant": "acme", "otherTenant": "other", "clientId": "ci", "unique": "u1"}
	payload, err := vars.ExpandJSON(st.Request.Payload)
	if err != nil {
		t.Skipf("body uses a captured value: %v", err)
	}
	body, err := json.Marshal(payload)
	if err != nil {
		t.Fatal(err)
	}
	u := &url.URL{Scheme: "http", Host: "127.0.0.1", Path: st.Request.Path}
	q := url.Values{}
	for k, v := range st.Request.Query {
		q.Set(k, v)
	}
	u.RawQuery = q.Encode()
	req, err := http.NewRequest(st.Request.Method, u.String(), bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	route, params, err := p.router.FindRoute(req)
	if err != nil {
		t.Fatalf("%s %s: no operation in %s: %v", st.Request.Method, st.Request.Path, p.path, err)
	}
	if route.Operation.RequestBody == nil {
		t.Fatalf("%s %s takes no body in %s", st.Request.Method, st.Request.Path, p.path)
	}
	in := &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route,
		Options: &openapi3filter.Options{MultiError: true, AuthenticationFunc: openapi3filter.NoopAuthenticationFunc}}
	return openapi3filter.ValidateRequestBody(context.Background(), in, route.Operation.RequestBody.Value)
}

// TestFixturesBothWays checks every fixture request with a JSON body against
// the published documents with kin-openapi's validator: a body the mock
// accepts by default (the case expects a success, or a business-rule
// refusal that comes after validation) is valid in the default document,
// and a body the strict mock refuses as invalid (400 with problems in the
// body) is invalid in the strict document.
func TestFixturesBothWays(t *testing.T) {
	skipUnderRace(t)
	// kin-openapi checks only the formats it is told about; this is its
	// documented switch for email, which the schemas assert.
	openapi3.DefineStringFormatValidator("email", openapi3.NewRegexpFormatValidator(openapi3.FormatOfStringForEmail))
	set, err := fixtures.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	docs := map[string]published{}
	for _, api := range publish.APIs {
		for _, r := range publish.Readings {
			docs[string(api)+"/"+string(r)] = loadPublished(t, api, r)
		}
	}
	accepted, refused := 0, 0
	for _, c := range set.Cases {
		for i, st := range c.Steps {
			if st.Request.Payload == nil || st.Request.RawBody != nil || st.Request.ContentType != "" {
				continue
			}
			strict := st.Expect
			if st.Strict != nil {
				strict = *st.Strict
			}
			name := c.Name + "/" + stepName(i, st)
			api := c.API()
			if ok := st.Expect.Status < 300 || st.Expect.Status == 409 || st.Expect.Status == 422; ok {
				accepted++
				t.Run("default/"+name, func(t *testing.T) {
					if err := bodyVerdict(t, docs[api+"/default"], st); err != nil {
						t.Errorf("the mock accepts this body by default, %s refuses it: %v", docs[api+"/default"].path, err)
					}
				})
			}
			// Business rules (an order property the type does not
			// take) are the mock's, after validation: no schema has them.
			if bodyRefusal(strict) && !c.HasTag("business") {
				refused++
				t.Run("strict/"+name, func(t *testing.T) {
					if err := bodyVerdict(t, docs[api+"/strict"], st); err == nil {
						t.Errorf("the strict mock refuses this body (%s), %s accepts it", problemList(strict), docs[api+"/strict"].path)
					}
				})
			}
		}
	}
	// The documented requests alone are 43 bodies the mock accepts; the
	// negative cases refuse well over a hundred.
	if accepted < 43 || refused < 100 {
		t.Errorf("checked %d accepted and %d refused bodies; the fixtures have more", accepted, refused)
	}
}

// bodyRefusal reports whether an expectation is a 400 about the body: every
// expected problem points into the body rather than at a parameter.
func bodyRefusal(e fixtures.Expect) bool {
	if e.Status != http.StatusBadRequest || len(e.Problems) == 0 {
		return false
	}
	for _, p := range e.Problems {
		if p.Parameter != "" {
			return false
		}
	}
	return true
}

func problemList(e fixtures.Expect) string {
	var s []string
	for _, p := range e.Problems {
		s = append(s, p.Code+" at "+p.Pointer)
	}
	sort.Strings(s)
	return strings.Join(s, ", ")
}

func stepName(i int, st fixtures.Step) string {
	if st.Name != "" {
		return st.Name
	}
	return "step" + string(rune('1'+i))
}
