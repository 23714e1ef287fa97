package mock

import (
	"fmt"
	"io/fs"
	"net/http"
	"path"
	"strings"

	"github.com/gorilla/mux"

	"github.com/mobmock/mobmock/mock/internal/op"
	"github.com/mobmock/mobmock/schemas"
	"github.com/mobmock/mobmock/spec"
)

func (s *Server) registerMeta() {
	s.router.Handle("/healthz", s.routed(s.handleHealth)).Methods(http.MethodGet, http.MethodHead)
	s.router.Handle("/openapi/{file}", s.routed(s.handleOpenAPI)).Methods(http.MethodGet)
	s.router.Handle("/openapi/strict/{file}", s.routed(s.handleOpenAPI)).Methods(http.MethodGet)
	// The schema files, for tools that read them on their own (the
	// published documents do not refer to them).
	s.router.PathPrefix("/schemas/").Handler(s.routed(s.handleSchema)).Methods(http.MethodGet)
}

func (s *Server) handleHealth(*exchange) (op.Result, error) {
	return op.OK(map[string]any{"status": "ok", "strict": s.cfg.Strict, "auth": s.cfg.Auth}), nil
}

// handleOpenAPI serves the published documents (spec/dist): the default
// reading at /openapi/{file}, the strict one at /openapi/strict/{file} (or
// ?reading=strict). They are single-file bundles already, so ?bundle=1
// answers the same file.
func (s *Server) handleOpenAPI(x *exchange) (op.Result, error) {
	name := mux.Vars(x.r)["file"]
	if name != spec.Files[schemas.MOBPROC] && name != spec.Files[schemas.Mobile] {
		return s.handleNotFound(x)
	}
	dir := "dist/"
	if strings.HasPrefix(x.r.URL.Path, "/openapi/strict/") || x.r.URL.Query().Get("reading") == "strict" {
		dir = "dist/strict/"
	}
	return serveFile(x, spec.FS, dir+name, "application/yaml")
}

func (s *Server) handleSchema(x *exchange) (op.Result, error) {
	name := path.Clean(strings.TrimPrefix(x.r.URL.Path, "/schemas/"))
	if !strings.HasSuffix(name, ".json") || strings.HasPrefix(name, "..") || strings.HasPrefix(name, "register/") {
		return s.handleNotFound(x)
	}
	return serveFile(x, schemas.FS, name, "application/schema+json")
}

func serveFile(x *exchange, fsys fs.FS, name, ctype string) (op.Result, error) {
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		return op.Result{}, notFoundAt(x)
	}
	return op.OK(file{contentType: ctype, data: data}), nil
}

// handleNotFound answers paths outside both APIs that no route serves.
func (s *Server) handleNotFound(x *exchange) (op.Result, error) {
	return op.Result{}, notFoundAt(x)
}

func notFoundAt(x *exchange) error {
	return op.Fail(op.CodeNotFound, fmt.Sprintf("Nothing is served at %s.", x.r.URL.Path),
		"The MOBPROC API is under /mobproc/v1/, the Mobile API under /1/; see /openapi/mobproc.yaml and /openapi/mobile.yaml.")
}
