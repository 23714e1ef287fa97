package mock

import (
	"io/fs"
	"net/http"
	"path"
	"strings"

	"github.com/gorilla/mux"

	"github.com/mobmock/mobmock/schemas"
	"github.com/mobmock/mobmock/spec"
)

func (s *Server) registerMeta() {
	s.router.HandleFunc("/healthz", s.handleHealth).Methods(http.MethodGet, http.MethodHead)
	s.router.HandleFunc("/openapi/{file}", s.handleOpenAPI).Methods(http.MethodGet)
	s.router.HandleFunc("/openapi/strict/{file}", s.handleOpenAPI).Methods(http.MethodGet)
	// The schema files, for tools that read them on their own (the
	// published documents do not refer to them).
	s.router.PathPrefix("/schemas/").HandlerFunc(s.handleSchema).Methods(http.MethodGet)
}

func (s *Server) handleHealth(w http.ResponseWriter, r *http.Request) {
	_ = writeJSON(w, http.StatusOK, map[string]any{"status": "ok", "strict": s.cfg.Strict, "auth": s.cfg.Auth}, "")
}

// handleOpenAPI serves the published documents (spec/dist): the default
// reading at /openapi/{file}, the strict one at /openapi/strict/{file} (or
// ?reading=strict). They are single-file bundles already, so ?bundle=1
// answers the same file.
func (s *Server) handleOpenAPI(w http.ResponseWriter, r *http.Request) {
	name := mux.Vars(r)["file"]
	if name != spec.Files[schemas.MOBPROC] && name != spec.Files[schemas.Mobile] {
		s.handleNotFound(w, r)
		return
	}
	dir := "dist/"
	if strings.HasPrefix(r.URL.Path, "/openapi/strict/") || r.URL.Query().Get("reading") == "strict" {
		dir = "dist/strict/"
	}
	serveFile(w, spec.FS, dir+name, "application/yaml")
}

func (s *Server) handleSchema(w http.ResponseWriter, r *http.Request) {
	name := path.Clean(strings.TrimPrefix(r.URL.Path, "/schemas/"))
	if !strings.HasSuffix(name, ".json") || strings.HasPrefix(name, "..") || strings.HasPrefix(name, "register/") {
		s.handleNotFound(w, r)
		return
	}
	if _, err := fs.Stat(schemas.FS, name); err != nil {
		s.handleNotFound(w, r)
		return
	}
	serveFile(w, schemas.FS, name, "application/schema+json")
}

func serveFile(w http.ResponseWriter, fsys fs.FS, name, ctype string) {
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		http.Error(w, "not found", http.StatusNotFound)
		return
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Cache-Control", "no-cache")
	_, _ = w.Write(data)
}
