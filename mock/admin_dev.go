package mock

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"

	"github.com/gorilla/mux"

	"github.com/mobmock/mobmock/schemas"
)

// registerDevAdmin adds the admin routes of fault profiles and overrides.
func (s *Server) registerDevAdmin(r *mux.Router) {
	r.HandleFunc("/faults", s.handleGetFaults).Methods(http.MethodGet)
	r.HandleFunc("/faults", s.handlePutFaults).Methods(http.MethodPut)
	r.HandleFunc("/faults", s.handleDeleteFaults).Methods(http.MethodDelete)
	r.HandleFunc("/tenants/{tenant}/faults", s.handleGetFaults).Methods(http.MethodGet)
	r.HandleFunc("/tenants/{tenant}/faults", s.handlePutFaults).Methods(http.MethodPut)
	r.HandleFunc("/tenants/{tenant}/faults", s.handleDeleteFaults).Methods(http.MethodDelete)
	r.HandleFunc("/tenants/{tenant}/overrides", s.handleListOverrides).Methods(http.MethodGet)
	r.HandleFunc("/tenants/{tenant}/overrides", s.handleAddOverride).Methods(http.MethodPost)
	r.HandleFunc("/tenants/{tenant}/overrides", s.handleDeleteOverrides).Methods(http.MethodDelete)
	r.HandleFunc("/tenants/{tenant}/overrides/{id}", s.handleDeleteOverrides).Methods(http.MethodDelete)
}

// resetDev drops what a tenant registered through the admin API (its fault
// profile and overrides) when it is reset; tenant "" is every tenant.
func (s *Server) resetDev(tenant string) {
	if tenant == "" {
		s.overrides.removeAll()
		s.faults.mu.Lock()
		clear(s.faults.tenants)
		s.faults.mu.Unlock()
		return
	}
	s.overrides.remove(tenant, "")
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

func (s *Server) handleListOverrides(w http.ResponseWriter, r *http.Request) {
	_ = writeJSON(w, http.StatusOK, map[string]any{"overrides": s.overrides.list(mux.Vars(r)["tenant"])}, "")
}

func (s *Server) handleAddOverride(w http.ResponseWriter, r *http.Request) {
	data, e := s.readAdminBody(w, r)
	if e != nil {
		s.adminFail(w, r, e)
		return
	}
	var ov Override
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&ov); err != nil {
		s.adminFail(w, r, fail(codeInvalidJSON, "The body is not an override.",
			`Send {"method": "POST", "path": "/mobproc/v1/orders", "match": {"/orderRequest/transactionType": "SUSPEND"}, "times": 1, "status": 409, "body": {...}}.`))
		return
	}
	ov.ID, ov.Remaining, ov.Operation, ov.Warnings = "", 0, "", nil
	if e := s.checkOverride(&ov); e != nil {
		s.adminFail(w, r, e)
		return
	}
	s.overrides.add(mux.Vars(r)["tenant"], &ov)
	// Through encoding/json: the generated AppendJSON writes a missing
	// body as null where encoding/json leaves it out.
	data, err := json.Marshal(ov)
	if err != nil {
		s.adminFail(w, r, fail(codeInternal, "The mock cannot encode the override; this is a bug in mobmock.", ""))
		return
	}
	_ = writeJSON(w, http.StatusCreated, encoded(data), "")
}

func (s *Server) handleDeleteOverrides(w http.ResponseWriter, r *http.Request) {
	v := mux.Vars(r)
	n := s.overrides.remove(v["tenant"], v["id"])
	if v["id"] != "" && n == 0 {
		s.adminFail(w, r, failf(codeNotFound, "List them with GET /__admin/tenants/"+v["tenant"]+"/overrides.",
			"Tenant %s has no override %s.", v["tenant"], v["id"]))
		return
	}
	_ = writeJSON(w, http.StatusOK, map[string]any{"deleted": n}, "")
}
