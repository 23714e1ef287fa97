package mock

import (
	"errors"
	"io"
	"net/http"

	"github.com/gorilla/mux"

	"github.com/mobmock/mobmock/schemas"
)

// registerDevAdmin adds the admin routes of fault profiles.
func (s *Server) registerDevAdmin(r *mux.Router) {
	r.HandleFunc("/faults", s.handleGetFaults).Methods(http.MethodGet)
	r.HandleFunc("/faults", s.handlePutFaults).Methods(http.MethodPut)
	r.HandleFunc("/faults", s.handleDeleteFaults).Methods(http.MethodDelete)
	r.HandleFunc("/tenants/{tenant}/faults", s.handleGetFaults).Methods(http.MethodGet)
	r.HandleFunc("/tenants/{tenant}/faults", s.handlePutFaults).Methods(http.MethodPut)
	r.HandleFunc("/tenants/{tenant}/faults", s.handleDeleteFaults).Methods(http.MethodDelete)
}

// resetDev drops what a tenant registered through the admin API (its fault
// profile) when it is reset; tenant "" is every tenant.
func (s *Server) resetDev(tenant string) {
	if tenant == "" {
		s.faults.mu.Lock()
		clear(s.faults.tenants)
		s.faults.mu.Unlock()
		return
	}
	s.faults.set(tenant, nil)
}

func (s *Server) adminFail(w http.ResponseWriter, r *http.Request, e *apiError) {
	s.writeError(&call{w: w, r: r, rec: &record{}}, e)
}

// readAdminBody reads a JSON body of at most MaxBody bytes.
func (s *Server) readAdminBody(w http.ResponseWriter, r *http.Request) ([]byte, *apiError) {
	data, err := io.ReadAll(http.MaxBytesReader(w, r.Body, s.cfg.MaxBody))
	var mbe *http.MaxBytesError
	switch {
	case errors.As(err, &mbe):
		return nil, failf(codeBodyTooLarge, "", "The body is larger than the limit of %d bytes.", s.cfg.MaxBody)
	case err != nil:
		return nil, fail(codeInvalidJSON, "The body could not be read completely.", "Send the whole body with a correct Content-Length.")
	}
	return data, nil
}

// faultScope is the tenant of a tenant's fault route, "" for the run's.
func faultScope(r *http.Request) string { return mux.Vars(r)["tenant"] }

func (s *Server) handleGetFaults(w http.ResponseWriter, r *http.Request) {
	t := faultScope(r)
	p, scope := s.faults.profile(t)
	if t != "" && scope != "tenant "+t {
		p = nil // the tenant has no profile of its own
	}
	if p == nil {
		p = &FaultProfile{Rules: []FaultRule{}}
	}
	_ = writeJSON(w, http.StatusOK, p, "")
}

func (s *Server) handlePutFaults(w http.ResponseWriter, r *http.Request) {
	data, e := s.readAdminBody(w, r)
	if e != nil {
		s.adminFail(w, r, e)
		return
	}
	p, err := ParseFaults(data)
	if err != nil {
		s.adminFail(w, r, failf(schemas.CodeInvalid, `See "Latency and faults" in the README for the format.`, "The fault profile is not usable: %s.", err.Error()))
		return
	}
	s.faults.set(faultScope(r), p)
	_ = writeJSON(w, http.StatusOK, p, "")
}

func (s *Server) handleDeleteFaults(w http.ResponseWriter, r *http.Request) {
	s.faults.set(faultScope(r), nil)
	w.WriteHeader(http.StatusNoContent)
}
