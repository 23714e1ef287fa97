package mock

import (
	"crypto/subtle"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"

	"github.com/gorilla/mux"

	"github.com/mobmock/mobmock/mock/store"
	"github.com/mobmock/mobmock/mock/world"
)

// registerAdmin adds the admin API: reset, dump, advance and the journal.
func (s *Server) registerAdmin() {
	// Each route is registered on the main router (a gorilla/mux subrouter
	// loses the method mismatch, answering 404 where 405 is right).
	get := func(path string, h http.HandlerFunc) {
		s.router.Handle("/__admin"+path, s.adminAuth(h)).Methods(http.MethodGet)
	}
	// State-changing routes refuse what a page of another site can send.
	post := func(path string, h http.HandlerFunc) {
		s.router.Handle("/__admin"+path, s.adminAuth(sameOrigin(s.adminNoForms(h)))).Methods(http.MethodPost)
	}
	get("/tenants", s.handleAdminTenants)
	post("/reset", s.handleAdminResetAll)
	get("/tenants/{tenant}", s.handleAdminDump)
	post("/tenants/{tenant}/reset", s.handleAdminReset)
	post("/tenants/{tenant}/advance", s.handleAdminAdvance)
	get("/journal", s.handleAdminJournal)
}

// adminAuth requires the admin token when one is configured.
func (s *Server) adminAuth(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if s.cfg.AdminToken != "" {
			got := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
			if subtle.ConstantTimeCompare([]byte(got), []byte(s.cfg.AdminToken)) != 1 {
				c := &call{w: w, r: r, rec: &record{}}
				w.Header().Set("WWW-Authenticate", `Bearer realm="mobmock admin"`)
				s.writeError(c, failParam(codeUnauthorized, "Authorization", "The admin API needs the admin token.",
					"Send Authorization: Bearer <the value of --admin-token>."))
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

func (s *Server) handleAdminTenants(w http.ResponseWriter, r *http.Request) {
	_ = writeJSON(w, http.StatusOK, map[string]any{"tenants": s.store.Tenants()}, "")
}

func (s *Server) handleAdminResetAll(w http.ResponseWriter, r *http.Request) {
	s.store.ResetAll()
	_ = writeJSON(w, http.StatusOK, map[string]any{"reset": "all"}, "")
}

func (s *Server) handleAdminReset(w http.ResponseWriter, r *http.Request) {
	t := mux.Vars(r)["tenant"]
	if !s.adminTenant(w, r, t) {
		return
	}
	existed := s.store.Reset(t)
	_ = writeJSON(w, http.StatusOK, map[string]any{"reset": t, "existed": existed}, "")
}

// dump is a tenant's state as the admin API shows it: what it changed in
// the world and everything it created.
type dump struct {
	Tenant  string `json:"tenant"`
	Changed struct {
		Services    []*world.Service           `json:"services"`
		Lines       []*world.Line              `json:"lines"`
		Devices     []*world.MobileDevice      `json:"devices"`
		Memberships []*world.ProgramMembership `json:"programMemberships"`
	} `json:"changed"`
	Orders     []json.RawMessage `json:"orders"`
	Activities []json.RawMessage `json:"activities"`
}

func (s *Server) handleAdminDump(w http.ResponseWriter, r *http.Request) {
	name := mux.Vars(r)["tenant"]
	if !s.adminTenant(w, r, name) {
		return
	}
	d := dump{Tenant: name, Orders: []json.RawMessage{}, Activities: []json.RawMessage{}}
	_ = s.read(name, func(t *store.Tenant) error {
		d.Changed.Services = t.World.Services.Changed()
		d.Changed.Lines = t.World.Lines.Changed()
		d.Changed.Devices = t.World.Devices.Changed()
		d.Changed.Memberships = t.World.Memberships.Changed()
		for _, o := range t.AllOrders() {
			d.Orders = append(d.Orders, json.RawMessage(o.Body.(*orderRecord).body))
		}
		for _, a := range t.AllActivities() {
			d.Activities = append(d.Activities, json.RawMessage(a.Body.(*activityRecord).body))
		}
		return nil
	})
	_ = writeJSON(w, http.StatusOK, d, baseURL(r))
}

// handleAdminAdvance moves lifecycles on: every open order and activity of
// the tenant, or one (order=ID or activity=ID), by steps (default 1).
func (s *Server) handleAdminAdvance(w http.ResponseWriter, r *http.Request) {
	name := mux.Vars(r)["tenant"]
	if !s.adminTenant(w, r, name) {
		return
	}
	q := r.URL.Query()
	steps := 1
	if v := q.Get("steps"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 100 {
			c := &call{w: w, r: r, rec: &record{}}
			s.writeError(c, failParam(codeInvalidParameter, "steps", "steps must be a whole number from 1 to 100.", ""))
			return
		}
		steps = n
	}
	kind, id := "", ""
	if v := q.Get("order"); v != "" {
		kind, id = "order", v
	} else if v := q.Get("activity"); v != "" {
		kind, id = "activity", v
	}
	var moved int
	_ = s.write(name, func(t *store.Tenant) error {
		moved = s.advanceAll(t, kind, id, steps, s.now())
		return nil
	})
	_ = writeJSON(w, http.StatusOK, map[string]any{"tenant": name, "moved": moved}, "")
}

func (s *Server) handleAdminJournal(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	n, err := strconv.Atoi(q.Get("limit"))
	if err != nil || n < 1 {
		n = 50
	}
	_ = writeJSON(w, http.StatusOK, map[string]any{"requests": s.journal.last(n, q.Get("tenant"))}, "")
}
