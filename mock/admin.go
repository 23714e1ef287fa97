package mock

import (
	"crypto/subtle"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"

	"github.com/gorilla/mux"

	"github.com/mobmock/mobmock/mock/internal/op"
	"github.com/mobmock/mobmock/mock/store"
	"github.com/mobmock/mobmock/mock/world"
)

// registerAdmin adds the admin API: reset, dump, advance and the journal.
func (s *Server) registerAdmin() {
	r := s.router.PathPrefix("/__admin").Subrouter()
	admin := func(h func(*exchange) (op.Result, error)) http.Handler { return s.routed(s.adminAuth(h)) }
	r.Handle("/tenants", admin(s.handleAdminTenants)).Methods(http.MethodGet)
	r.Handle("/reset", admin(s.handleAdminResetAll)).Methods(http.MethodPost)
	r.Handle("/tenants/{tenant}", admin(s.handleAdminDump)).Methods(http.MethodGet)
	r.Handle("/tenants/{tenant}/reset", admin(s.handleAdminReset)).Methods(http.MethodPost)
	r.Handle("/tenants/{tenant}/advance", admin(s.handleAdminAdvance)).Methods(http.MethodPost)
	r.Handle("/journal", admin(s.handleAdminJournal)).Methods(http.MethodGet)
}

// adminAuth requires the admin token when one is configured.
func (s *Server) adminAuth(next func(*exchange) (op.Result, error)) func(*exchange) (op.Result, error) {
	return func(x *exchange) (op.Result, error) {
		if s.cfg.AdminToken != "" {
			got := strings.TrimPrefix(x.r.Header.Get("Authorization"), "Bearer ")
			if subtle.ConstantTimeCompare([]byte(got), []byte(s.cfg.AdminToken)) != 1 {
				return op.Result{Header: map[string]string{"WWW-Authenticate": `Bearer realm="mobmock admin"`}},
					op.Fail(op.CodeUnauthorized, "The admin API needs the admin token.", "Send Authorization: Bearer <the value of --admin-token>.").Param("Authorization")
			}
		}
		return next(x)
	}
}

func (s *Server) handleAdminTenants(*exchange) (op.Result, error) {
	return op.OK(map[string]any{"tenants": s.store.Tenants()}), nil
}

func (s *Server) handleAdminResetAll(*exchange) (op.Result, error) {
	s.store.ResetAll()
	return op.OK(map[string]any{"reset": "all"}), nil
}

func (s *Server) handleAdminReset(x *exchange) (op.Result, error) {
	t := mux.Vars(x.r)["tenant"]
	existed := s.store.Reset(t)
	return op.OK(map[string]any{"reset": t, "existed": existed}), nil
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

func (s *Server) handleAdminDump(x *exchange) (op.Result, error) {
	name := mux.Vars(x.r)["tenant"]
	d := dump{Tenant: name, Orders: []json.RawMessage{}, Activities: []json.RawMessage{}}
	err := s.tenants.View(name, s.now(), func(t *store.Tenant) error {
		d.Changed.Services = t.World.Services.Changed()
		d.Changed.Lines = t.World.Lines.Changed()
		d.Changed.Devices = t.World.Devices.Changed()
		d.Changed.Memberships = t.World.Memberships.Changed()
		for _, o := range t.AllOrders() {
			d.Orders = append(d.Orders, o.Body.JSON())
		}
		for _, a := range t.AllActivities() {
			d.Activities = append(d.Activities, a.Body.JSON())
		}
		return nil
	})
	return op.OK(d), err
}

// handleAdminAdvance moves lifecycles on: every open order and activity of
// the tenant, or one (order=ID or activity=ID), by steps (default 1).
func (s *Server) handleAdminAdvance(x *exchange) (op.Result, error) {
	name := mux.Vars(x.r)["tenant"]
	q := x.query()
	steps := 1
	if v := q.Get("steps"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 100 {
			return op.Result{}, op.Fail(op.CodeInvalidParameter, "steps must be a whole number from 1 to 100.", "").Param("steps")
		}
		steps = n
	}
	var kind store.Kind
	id := ""
	if v := q.Get("order"); v != "" {
		kind, id = store.KindOrder, v
	} else if v := q.Get("activity"); v != "" {
		kind, id = store.KindActivity, v
	}
	var moved int
	now := s.now()
	err := s.tenants.Update(name, now, func(t *store.Tenant) error {
		moved = s.tenants.AdvanceAll(t, kind, id, steps, now)
		return nil
	})
	return op.OK(map[string]any{"tenant": name, "moved": moved}), err
}

func (s *Server) handleAdminJournal(x *exchange) (op.Result, error) {
	q := x.query()
	n, err := strconv.Atoi(q.Get("limit"))
	if err != nil || n < 1 {
		n = 50
	}
	return op.OK(map[string]any{"requests": s.journal.last(n, q.Get("tenant"))}), nil
}
