package mock

import (
	"crypto/subtle"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/mobmock/mobmock/mock/internal/op"
	"github.com/mobmock/mobmock/mock/store"
	"github.com/mobmock/mobmock/mock/world"
)

// registerAdmin adds the admin API: reset, dump, advance and the journal.
func (s *Server) registerAdmin() {
	// Each route is registered on the main router (a gorilla/mux subrouter
	// loses the method mismatch, answering 404 where 405 is right).
	// State-changing routes refuse what a page of another site can send.
	for _, rt := range s.adminRoutes() {
		var hh http.Handler = s.routed(s.adminAuth(rt.h))
		if rt.method != http.MethodGet {
			hh = sameOrigin(s.routed(s.adminAuth(adminNoForms(rt.h))))
		}
		s.router.Handle("/__admin"+rt.path, hh).Methods(rt.method)
	}
}

// adminRoute is one route of the admin API: registerAdmin registers it and
// the index (GET /__admin/) lists it, from the same table, so that the two
// cannot drift apart.
type adminRoute struct {
	method, path string
	// query is the query the route takes, as the index shows it.
	query string
	does  string
	h     func(*exchange) (op.Result, error)
}

// adminRoutes is every route of the admin API, those of fault profiles and
// overrides included.
func (s *Server) adminRoutes() []adminRoute {
	return append([]adminRoute{
		{http.MethodGet, "/", "", "lists the admin endpoints (this list)", s.handleAdminIndex},
		{http.MethodGet, "/tenants", "", "lists the tenants that have state", s.handleAdminTenants},
		{http.MethodPost, "/reset", "", "forgets every tenant's state", s.handleAdminResetAll},
		{http.MethodGet, "/tenants/{tenant}", "?offset=&limit=", "shows a tenant's state: what it changed in the world, a page of its orders and activities", s.handleAdminDump},
		{http.MethodPost, "/tenants/{tenant}/reset", "", "forgets one tenant's state (its fault profile and overrides too)", s.handleAdminReset},
		{http.MethodPost, "/tenants/{tenant}/advance", "?steps=N[&order=ID|&activity=ID]", "moves orders and activities N lifecycle steps on", s.handleAdminAdvance},
		{http.MethodGet, "/journal", "?tenant=&limit=", "the last requests, and why the mock refused any of them", s.handleAdminJournal},
	}, s.devAdminRoutes()...)
}

// adminAuth requires the admin token when one is configured.
func (s *Server) adminAuth(next func(*exchange) (op.Result, error)) func(*exchange) (op.Result, error) {
	return func(x *exchange) (op.Result, error) {
		if s.cfg.AdminToken != "" {
			if !s.hasAdminToken(x.r) {
				return op.Result{Header: map[string]string{"WWW-Authenticate": `Bearer realm="mobmock admin"`}},
					op.Fail(op.CodeUnauthorized, "The admin API needs the admin token.", "Send Authorization: Bearer <the value of --admin-token>.").Param("Authorization")
			}
		}
		return next(x)
	}
}

// hasAdminToken reports whether r carries "Authorization: Bearer <the
// admin token>" (the scheme in any case, as for the APIs' tokens; false
// when none is configured).
func (s *Server) hasAdminToken(r *http.Request) bool {
	scheme, got, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	return ok && strings.EqualFold(scheme, "Bearer") && s.cfg.AdminToken != "" &&
		subtle.ConstantTimeCompare([]byte(strings.TrimSpace(got)), []byte(s.cfg.AdminToken)) == 1
}

// handleAdminIndex lists the admin endpoints: what the banner's admin URL
// shows.
func (s *Server) handleAdminIndex(*exchange) (op.Result, error) {
	routes := s.adminRoutes()
	list := make([]map[string]string, 0, len(routes))
	for _, rt := range routes {
		list = append(list, map[string]string{"method": rt.method, "path": "/__admin" + rt.path + rt.query, "does": rt.does})
	}
	return op.OK(map[string]any{"admin": list}), nil
}

func (s *Server) handleAdminTenants(*exchange) (op.Result, error) {
	if c, ok := s.store.(store.Checked); ok {
		names, err := c.TenantsChecked()
		if names == nil {
			names = []string{} // a list, also when it is empty
		}
		return op.OK(map[string]any{"tenants": names}), err
	}
	return op.OK(map[string]any{"tenants": s.store.Tenants()}), nil
}

func (s *Server) handleAdminResetAll(*exchange) (op.Result, error) {
	if c, ok := s.store.(store.Checked); ok {
		if err := c.ResetAllChecked(); err != nil {
			return op.Result{}, err
		}
	} else {
		s.store.ResetAll()
	}
	s.resetDev("")
	return op.OK(map[string]any{"reset": "all"}), nil
}

func (s *Server) handleAdminReset(x *exchange) (op.Result, error) {
	t, err := adminTenant(x)
	if err != nil {
		return op.Result{}, err
	}
	var existed bool
	if c, ok := s.store.(store.Checked); ok {
		if existed, err = c.ResetChecked(t); err != nil {
			return op.Result{}, err
		}
	} else {
		existed = s.store.Reset(t)
	}
	s.resetDev(t)
	return op.OK(map[string]any{"reset": t, "existed": existed}), nil
}

// dump is a page of a tenant's state as the admin API shows it: what it
// changed in the world, and a page of the orders and activities it created
// (oldest first), so that no answer holds a whole tenant.
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
	Page       dumpPage          `json:"page"`
}

// dumpPage says which page a dump is and where the next one is.
type dumpPage struct {
	Offset     int    `json:"offset"`
	Limit      int    `json:"limit"`
	Orders     int    `json:"orders"`
	Activities int    `json:"activities"`
	Next       string `json:"next,omitempty"`
}

// Paging of the tenant dump: the orders and activities from offset, at
// most limit of each.
const (
	dumpLimit    = 100
	dumpMaxLimit = 1000
)

// handleAdminDump answers a page of a tenant's state. It changes nothing:
// a tenant without state is not created.
func (s *Server) handleAdminDump(x *exchange) (op.Result, error) {
	name, q, err := adminTenantQuery(x)
	if err != nil {
		return op.Result{}, err
	}
	offset, err := intParam(q, "offset", 0, 0, math.MaxInt32)
	if err != nil {
		return op.Result{}, err
	}
	limit, err := intParam(q, "limit", dumpLimit, 1, dumpMaxLimit)
	if err != nil {
		return op.Result{}, err
	}
	d := dump{Tenant: name, Orders: []json.RawMessage{}, Activities: []json.RawMessage{}, Page: dumpPage{Offset: offset, Limit: limit}}
	err = s.tenants.View(name, s.now(), func(t *store.Tenant) error {
		d.Changed.Services = t.World.Services.Changed()
		d.Changed.Lines = t.World.Lines.Changed()
		d.Changed.Devices = t.World.Devices.Changed()
		d.Changed.Memberships = t.World.Memberships.Changed()
		orders, activities := t.AllOrders(), t.AllActivities()
		d.Page.Orders, d.Page.Activities = len(orders), len(activities)
		for _, o := range orders[min(offset, len(orders)):min(offset+limit, len(orders))] {
			d.Orders = append(d.Orders, o.Body.JSON())
		}
		for _, a := range activities[min(offset, len(activities)):min(offset+limit, len(activities))] {
			d.Activities = append(d.Activities, a.Body.JSON())
		}
		return nil
	})
	if offset+limit < max(d.Page.Orders, d.Page.Activities) {
		d.Page.Next = "/__admin/tenants/" + name + "?offset=" + strconv.Itoa(offset+limit) + "&limit=" + strconv.Itoa(limit)
	}
	return op.OK(d), err
}

// adminTenantQuery reads the tenant of an admin path and the request's
// query, or refuses either.
func adminTenantQuery(x *exchange) (string, url.Values, error) {
	name, err := adminTenant(x)
	if err != nil {
		return "", nil, err
	}
	q, e := parseQuery(x.r.URL.RawQuery)
	if e != nil {
		return "", nil, e
	}
	return name, q, nil
}

// intParam reads an optional whole-number query parameter within [lo, hi];
// a value that is not one is a 400, never the default.
func intParam(q url.Values, name string, def, lo, hi int) (int, error) {
	v, ok := q[name]
	if !ok {
		return def, nil
	}
	n, err := strconv.Atoi(v[0])
	if len(v) != 1 || err != nil || n < lo || n > hi {
		return 0, op.Fail(op.CodeInvalidParameter, fmt.Sprintf("%s must be a whole number from %d to %d.", name, lo, hi), "").Param(name)
	}
	return n, nil
}

// handleAdminAdvance moves lifecycles on: every open order and activity of
// the tenant, or one (order=ID or activity=ID), by steps (default 1). A
// tenant without state is not created.
func (s *Server) handleAdminAdvance(x *exchange) (op.Result, error) {
	name, q, err := adminTenantQuery(x)
	if err != nil {
		return op.Result{}, err
	}
	steps, err := intParam(q, "steps", 1, 1, 100)
	if err != nil {
		return op.Result{}, err
	}
	var kind store.Kind
	id := ""
	if v := q.Get("order"); v != "" {
		kind, id = store.KindOrder, v
	} else if v := q.Get("activity"); v != "" {
		kind, id = store.KindActivity, v
	}
	var stored bool
	err = s.store.View(name, func(t *store.Tenant) error {
		stored = t.OrderCount()+t.ActivityCount() > 0
		return nil
	})
	var moved int
	if stored && err == nil {
		now := s.now()
		err = s.tenants.Update(name, now, func(t *store.Tenant) error {
			moved = s.tenants.AdvanceAll(t, kind, id, steps, now)
			return nil
		})
	}
	return op.OK(map[string]any{"tenant": name, "moved": moved}), err
}

func (s *Server) handleAdminJournal(x *exchange) (op.Result, error) {
	q, e := parseQuery(x.r.URL.RawQuery)
	if e != nil {
		return op.Result{}, e
	}
	n, err := intParam(q, "limit", 50, 1, 1000)
	if err != nil {
		return op.Result{}, err
	}
	if q.Has("tenant") && !world.ValidTenant(q.Get("tenant")) {
		return op.Result{}, badTenant("tenant")
	}
	return op.OK(map[string]any{"requests": s.journal.last(n, q.Get("tenant"))}), nil
}
