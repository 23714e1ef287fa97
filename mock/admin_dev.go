package mock

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"

	"github.com/gorilla/mux"

	"github.com/mobmock/mobmock/mock/internal/op"
	"github.com/mobmock/mobmock/schemas"
)

// devAdminRoutes are the admin routes of fault profiles and overrides;
// registerAdmin registers them as the others (admin auth, cross-site
// refusals on the routes that change state), and the index lists them.
func (s *Server) devAdminRoutes() []adminRoute {
	return []adminRoute{
		{http.MethodGet, "/faults", "", "shows the run's fault profile", s.handleGetFaults},
		{http.MethodPut, "/faults", "", "replaces the run's fault profile (a JSON body, as --faults FILE)", s.handlePutFaults},
		{http.MethodDelete, "/faults", "", "removes the run's fault profile", s.handleDeleteFaults},
		{http.MethodGet, "/tenants/{tenant}/faults", "", "shows a tenant's own fault profile", s.handleGetFaults},
		{http.MethodPut, "/tenants/{tenant}/faults", "", "gives a tenant its own fault profile, in place of the run's", s.handlePutFaults},
		{http.MethodDelete, "/tenants/{tenant}/faults", "", "removes a tenant's own fault profile", s.handleDeleteFaults},
		{http.MethodGet, "/tenants/{tenant}/overrides", "", "lists a tenant's overrides, with what remains of each", s.handleListOverrides},
		{http.MethodPost, "/tenants/{tenant}/overrides", "", "registers a one-off override (checked against the contract)", s.handleAddOverride},
		{http.MethodDelete, "/tenants/{tenant}/overrides", "", "deletes every override of a tenant", s.handleDeleteOverrides},
		{http.MethodDelete, "/tenants/{tenant}/overrides/{id}", "", "deletes one override", s.handleDeleteOverrides},
	}
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
	_ = s.faults.set(tenant, nil) // removing is never refused
}

// readRawBody reads, undecoded, the JSON body of a request outside the APIs (the
// admin API, /__validate) under the bounds the APIs' bodies are held to: no
// Content-Encoding, at most MaxBody bytes (a declared length over it is 413
// before a byte is read, so Expect: 100-continue gets no 100 Continue), at
// most maxValues members and array items.
func (s *Server) readRawBody(x *exchange) ([]byte, error) {
	if err := s.checkBodyHeaders(x); err != nil {
		return nil, err
	}
	data, err := io.ReadAll(http.MaxBytesReader(x.w, x.r.Body, s.cfg.MaxBody))
	var mbe *http.MaxBytesError
	switch {
	case errors.As(err, &mbe):
		return nil, tooLarge(s.cfg.MaxBody)
	case err != nil:
		return nil, op.Fail(schemas.CodeInvalidJSON, "The body could not be read completely.", "Send the whole body with a correct Content-Length.")
	}
	if n := countValues(data); n > maxValues {
		return nil, tooManyValues(n)
	}
	return data, nil
}

// faultScope is the tenant of a tenant's route, "" for the run's; a tenant
// name that breaks the rule of tenant names is refused as adminTenant does.
func faultScope(x *exchange) (string, error) {
	if _, ok := mux.Vars(x.r)["tenant"]; !ok {
		return "", nil
	}
	return adminTenant(x)
}

func (s *Server) handleGetFaults(x *exchange) (op.Result, error) {
	t, err := faultScope(x)
	if err != nil {
		return op.Result{}, err
	}
	p, scope := s.faults.profile(t)
	if t != "" && scope != "tenant "+t {
		p = nil // the tenant has no profile of its own
	}
	if p == nil {
		p = &FaultProfile{Rules: []FaultRule{}}
	}
	return op.OK(p), nil
}

func (s *Server) handlePutFaults(x *exchange) (op.Result, error) {
	t, err := faultScope(x)
	if err != nil {
		return op.Result{}, err
	}
	data, err := s.readRawBody(x)
	if err != nil {
		return op.Result{}, err
	}
	p, err := ParseFaults(data)
	if err == nil {
		err = s.checkOperations(p)
	}
	if err != nil {
		return op.Result{}, op.Fail(schemas.CodeInvalid, "The fault profile is not usable: "+err.Error()+".", `See "Latency and faults" in the README for the format.`)
	}
	if err := s.faults.set(t, p); err != nil {
		return op.Result{}, err
	}
	return op.OK(p), nil
}

func (s *Server) handleDeleteFaults(x *exchange) (op.Result, error) {
	t, err := faultScope(x)
	if err != nil {
		return op.Result{}, err
	}
	_ = s.faults.set(t, nil) // removing is never refused
	return op.Result{Status: http.StatusNoContent}, nil
}

func (s *Server) handleListOverrides(x *exchange) (op.Result, error) {
	t, err := adminTenant(x)
	if err != nil {
		return op.Result{}, err
	}
	return op.OK(map[string]any{"overrides": s.overrides.list(t)}), nil
}

func (s *Server) handleAddOverride(x *exchange) (op.Result, error) {
	t, err := adminTenant(x)
	if err != nil {
		return op.Result{}, err
	}
	data, err := s.readRawBody(x)
	if err != nil {
		return op.Result{}, err
	}
	var ov Override
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&ov); err != nil {
		return op.Result{}, op.Fail(schemas.CodeInvalidJSON, "The body is not an override.",
			`Send {"method": "POST", "path": "/mobproc/v1/orders", "match": {"/orderRequest/transactionType": "SUSPEND"}, "times": 1, "status": 409, "body": {...}}.`)
	}
	ov.ID, ov.Remaining, ov.Operation, ov.Warnings = "", 0, "", nil
	refused, e := s.checkOverride(&ov)
	switch {
	case e != nil:
		return op.Result{}, e
	case refused != nil:
		return s.errorResult(x, http.StatusUnprocessableEntity, refused, nil), nil
	}
	if err := s.overrides.add(t, &ov); err != nil {
		return op.Result{}, err
	}
	return op.Result{Status: http.StatusCreated, Body: ov}, nil
}

func (s *Server) handleDeleteOverrides(x *exchange) (op.Result, error) {
	if _, err := adminTenant(x); err != nil {
		return op.Result{}, err
	}
	v := mux.Vars(x.r)
	n := s.overrides.remove(v["tenant"], v["id"])
	if v["id"] != "" && n == 0 {
		return op.Result{}, op.Fail(op.CodeNotFound, "Tenant "+v["tenant"]+" has no override "+v["id"]+".",
			"List them with GET /__admin/tenants/"+v["tenant"]+"/overrides.")
	}
	return op.OK(map[string]any{"deleted": n}), nil
}
