package spec

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"

	"github.com/mobmock/mobmock/schemas"
)

// Document is one OpenAPI document.
type Document struct {
	// API is the API the document describes.
	API schemas.API
	// File is the document's file name in FS ("mobproc.yaml").
	File string
	// Base is the base path every operation sits under ("/mobproc/v1").
	Base string

	// A runtime bundle is read on first use (see Load): once guards load,
	// which fills t, router and routes, or err.
	once   sync.Once
	load   func() (*openapi3.T, error)
	t      *openapi3.T
	router routers.Router
	// routes holds router's answers for the document's paths (routes.go).
	routes *routeTable
	err    error
}

// OpenAPI returns the loaded document. A document from Load is read from
// its bundle on the first call; the error (an ErrUnavailable) says why it
// could not be: a build whose bundles do not load, which the package's
// tests rule out.
func (d *Document) OpenAPI() (*openapi3.T, error) {
	d.once.Do(func() {
		if d.load == nil {
			return
		}
		t, err := d.load()
		if err == nil {
			err = d.route(t)
		}
		if err != nil {
			d.err = fmt.Errorf("%w: %w", ErrUnavailable, err)
		}
	})
	return d.t, d.err
}

// Specs holds both documents.
type Specs struct {
	Docs []*Document
}

// Files maps each API to its document's file name.
var Files = map[schemas.API]string{schemas.MOBPROC: "mobproc.yaml", schemas.Mobile: "mobile.yaml"}

// Bases maps each API to its base path.
var Bases = map[schemas.API]string{schemas.MOBPROC: "/mobproc/v1", schemas.Mobile: "/1"}

var embedded = sync.OnceValues(func() (*Specs, error) { return bundled(FS) })

// Load returns the embedded documents as the runtime uses them: their
// bundles (see Bundle). Each bundle is read when its API is first used, so
// that a server starts without paying for an API it has not been asked
// about yet. The YAML documents themselves are validated by the package's
// tests, which also keep the bundles in step with them and load each one.
func Load() (*Specs, error) { return embedded() }

// bundled returns the documents that load their runtime bundles from
// specFS on first use.
func bundled(specFS fs.FS) (*Specs, error) {
	s := &Specs{}
	for _, api := range []schemas.API{schemas.MOBPROC, schemas.Mobile} {
		d := &Document{API: api, File: Files[api], Base: Bases[api]}
		if _, err := fs.Stat(specFS, BundleFile(d)); err != nil {
			return nil, fmt.Errorf("spec bundle %s: %w (run go test ./spec -update)", BundleFile(d), err)
		}
		d.load = func() (*openapi3.T, error) { return loadBundle(specFS, d) }
		s.Docs = append(s.Docs, d)
	}
	return s, nil
}

// New loads the YAML documents from specFS, reading the schema files they
// refer to ("../schemas/…") from schemaFS, validates them with kin-openapi
// and builds their routers. The error names the document and what is wrong.
// It is what the tests and bundle generation use; servers use Load.
func New(specFS, schemaFS fs.FS) (*Specs, error) {
	s := &Specs{}
	for _, api := range []schemas.API{schemas.MOBPROC, schemas.Mobile} {
		d, err := load(specFS, schemaFS, api)
		if err != nil {
			return nil, err
		}
		s.Docs = append(s.Docs, d)
	}
	return s, nil
}

func load(specFS, schemaFS fs.FS, api schemas.API) (*Document, error) {
	file := Files[api]
	loader := openapi3.NewLoader()
	loader.IsExternalRefsAllowed = true
	loader.ReadFromURIFunc = func(_ *openapi3.Loader, u *url.URL) ([]byte, error) {
		// The documents live in spec/ and refer to ../schemas/…; both are
		// served from the embedded file systems, never from disk or network.
		if u.Scheme != "" || u.Host != "" {
			return nil, fmt.Errorf("%s: only references to the embedded schema files are allowed", u)
		}
		p := path.Clean(strings.TrimPrefix(u.Path, "/"))
		if rest, ok := strings.CutPrefix(p, "schemas/"); ok {
			return fs.ReadFile(schemaFS, rest)
		}
		return fs.ReadFile(specFS, strings.TrimPrefix(p, "spec/"))
	}
	data, err := fs.ReadFile(specFS, file)
	if err != nil {
		return nil, fmt.Errorf("spec %s: %w", file, err)
	}
	t, err := loader.LoadFromDataWithPath(data, &url.URL{Path: "spec/" + file})
	if err != nil {
		return nil, fmt.Errorf("spec %s: %w", file, err)
	}
	// Examples are checked by the project's own validator in the spec tests
	// (kin-openapi's does not follow if/then through the schema files), so
	// loading does not spend time on them.
	if err := t.Validate(context.Background(), openapi3.IsOpenAPI31OrLater(), openapi3.DisableExamplesValidation()); err != nil {
		return nil, fmt.Errorf("spec %s: %w", file, err)
	}
	d := &Document{API: api, File: file, Base: Bases[api]}
	return d, d.route(t)
}

// route sets the document and builds its router.
func (d *Document) route(t *openapi3.T) error {
	d.t = t
	// Route on the base path alone, whatever host the client called: the
	// documents also list the production hosts, which the mock is not.
	routed := *t
	routed.Servers = openapi3.Servers{{URL: d.Base}}
	// openapi3filter checks the parameters of a 3.1 document by compiling
	// a JSON Schema 2020-12 validator for each parameter of each request,
	// which costs more than everything else a request does. The routing
	// copy says 3.0, so parameters are checked by kin-openapi's own
	// validator; parameter schemas use only keywords both read alike
	// (TestParameterSchemasAre30Compatible). Bodies are never checked by
	// kin-openapi.
	routed.OpenAPI = "3.0.3"
	var err error
	if d.router, err = gorillamux.NewRouter(&routed); err != nil {
		return fmt.Errorf("spec %s: routes: %w", d.File, err)
	}
	d.routes = newRouteTable(t, d.Base, d.router)
	return nil
}

// Document returns the document of api.
func (s *Specs) Document(api schemas.API) *Document {
	for _, d := range s.Docs {
		if d.API == api {
			return d
		}
	}
	return nil
}

// Errors FindRoute returns.
var (
	// ErrNoAPI means the path is under neither API's base path.
	ErrNoAPI = errors.New("path is not under an API base path")
	// ErrNotFound means no operation of the API has this path.
	ErrNotFound = errors.New("no such path")
	// ErrMethodNotAllowed means the path exists but not with this method.
	ErrMethodNotAllowed = errors.New("method not allowed")
	// ErrUnavailable means the document of the path's API does not load.
	ErrUnavailable = errors.New("contract document unavailable")
)

// FindRoute finds the operation that answers req. It returns the document,
// the route and the path parameters, or one of ErrNoAPI, ErrNotFound and
// ErrMethodNotAllowed, or ErrUnavailable when the API's document does not
// load.
func (s *Specs) FindRoute(req *http.Request) (*Document, *routers.Route, map[string]string, error) {
	for _, d := range s.Docs {
		if req.URL.Path != d.Base && !strings.HasPrefix(req.URL.Path, d.Base+"/") {
			continue
		}
		if _, err := d.OpenAPI(); err != nil {
			return d, nil, nil, err
		}
		route, params, err := d.routes.find(req)
		if err == errAskRouter {
			route, params, err = d.router.FindRoute(req)
		}
		switch {
		case errors.Is(err, routers.ErrMethodNotAllowed):
			return d, nil, nil, ErrMethodNotAllowed
		case err != nil:
			return d, nil, nil, ErrNotFound
		}
		return d, route, params, nil
	}
	return nil, nil, nil, ErrNoAPI
}

// Methods lists the methods the document defines for the path of req, for an
// Allow header.
func (d *Document) Methods(p string) []string {
	rel := strings.TrimPrefix(p, d.Base)
	t, err := d.OpenAPI()
	if err != nil {
		return nil
	}
	var out []string
	for tmpl, item := range t.Paths.Map() {
		if !templateMatches(tmpl, rel) {
			continue
		}
		for m := range item.Operations() {
			out = append(out, m)
		}
	}
	return out
}

// templateMatches reports whether a concrete path fits an OpenAPI path
// template such as /orders/{orderId}/history.
func templateMatches(tmpl, p string) bool {
	ts := strings.Split(strings.Trim(tmpl, "/"), "/")
	ps := strings.Split(strings.Trim(p, "/"), "/")
	if len(ts) != len(ps) {
		return false
	}
	for i := range ts {
		if strings.HasPrefix(ts[i], "{") && strings.HasSuffix(ts[i], "}") {
			if ps[i] == "" {
				return false
			}
			continue
		}
		if ts[i] != ps[i] {
			return false
		}
	}
	return true
}

// SchemaFile returns the schema (as package schemas names it: a file such as
// "mobproc/order-request.json", with a fragment when the $ref has one) that a
// $ref written in a document points to, or "" when ref does not point into
// ../schemas/.
func SchemaFile(ref string) string {
	file, frag, hasFrag := strings.Cut(ref, "#")
	rest, ok := strings.CutPrefix(path.Clean(path.Join("spec", file)), "schemas/")
	if !ok || file == "" {
		return ""
	}
	if hasFrag && frag != "" {
		rest += "#" + frag
	}
	return rest
}

// RequestSchema returns the schema file of the operation's JSON request body,
// or "" when it takes none.
func RequestSchema(op *openapi3.Operation) string {
	if op == nil || op.RequestBody == nil || op.RequestBody.Value == nil {
		return ""
	}
	return bodySchema(op.RequestBody.Value.Content.Get("application/json"))
}

// bodySchema names the schema file of a media type: its $ref in a YAML
// document, its x-mobmock-schema in a bundle.
func bodySchema(mt *openapi3.MediaType) string {
	if mt == nil {
		return ""
	}
	if name, ok := mt.Extensions[schemaExt].(string); ok {
		return name
	}
	if mt.Schema == nil {
		return ""
	}
	return SchemaFile(mt.Schema.Ref)
}

// ResponseSchema returns the schema file of the operation's JSON response for
// status (falling back to the "default" response), or "" when none is named.
func ResponseSchema(op *openapi3.Operation, status int) string {
	if op == nil || op.Responses == nil {
		return ""
	}
	r := op.Responses.Status(status)
	if r == nil {
		r = op.Responses.Default()
	}
	if r == nil || r.Value == nil {
		return ""
	}
	return bodySchema(r.Value.Content.Get("application/json"))
}
