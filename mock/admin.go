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
func (s *Server) handleAdminDump(w http.ResponseWriter, r *http.Request) {
	name := mux.Vars(r)["tenant"]
	if !s.adminTenant(w, r, name) {
		return
	}
	q, e := parseQuery(r.URL.RawQuery)
	if e != nil {
		s.writeError(&call{w: w, r: r, rec: &record{}}, e)
		return
	}
	offset, e := intParam(q, "offset", 0, 0, math.MaxInt32)
	if e == nil {
		var limit int
		limit, e = intParam(q, "limit", dumpLimit, 1, dumpMaxLimit)
		if e == nil {
			s.writeDump(w, r, name, offset, limit)
			return
		}
	}
	s.writeError(&call{w: w, r: r, rec: &record{}}, e)
}

func (s *Server) writeDump(w http.ResponseWriter, r *http.Request, name string, offset, limit int) {
	d := dump{Tenant: name, Orders: []json.RawMessage{}, Activities: []json.RawMessage{}, Page: dumpPage{Offset: offset, Limit: limit}}
	_ = s.read(name, func(t *store.Tenant) error {
		d.Changed.Services = t.World.Services.Changed()
		d.Changed.Lines = t.World.Lines.Changed()
		d.Changed.Devices = t.World.Devices.Changed()
		d.Changed.Memberships = t.World.Memberships.Changed()
		orders, activities := t.AllOrders(), t.AllActivities()
		d.Page.Orders, d.Page.Activities = len(orders), len(activities)
		for _, o := range orders[min(offset, len(orders)):min(offset+limit, len(orders))] {
			d.Orders = append(d.Orders, json.RawMessage(o.Body.(*orderRecord).body))
		}
		for _, a := range activities[min(offset, len(activities)):min(offset+limit, len(activities))] {
			d.Activities = append(d.Activities, json.RawMessage(a.Body.(*activityRecord).body))
		}
		return nil
	})
	if offset+limit < max(d.Page.Orders, d.Page.Activities) {
		d.Page.Next = "/__admin/tenants/" + name + "?offset=" + strconv.Itoa(offset+limit) + "&limit=" + strconv.Itoa(limit)
	}
	_ = writeJSON(w, http.StatusOK, &d, baseURL(r))
}

// intParam reads an optional whole-number query parameter within [lo, hi];
// a value that is not one is a 400, never the default.
func intParam(q url.Values, name string, def, lo, hi int) (int, *apiError) {
	v, ok := q[name]
	if !ok {
		return def, nil
	}
	n, err := strconv.Atoi(v[0])
	if len(v) != 1 || err != nil || n < lo || n > hi {
		return 0, failParam(codeInvalidParameter, name, fmt.Sprintf("%s must be a whole number from %d to %d.", name, lo, hi), "")
	}
	return n, nil
}

// handleAdminAdvance moves lifecycles on: every open order and activity of
// the tenant, or one (order=ID or activity=ID), by steps (default 1). A
// tenant without state is not created.
func (s *Server) handleAdminAdvance(w http.ResponseWriter, r *http.Request) {
	name := mux.Vars(r)["tenant"]
	if !s.adminTenant(w, r, name) {
		return
	}
	q, e := parseQuery(r.URL.RawQuery)
	steps := 1
	if e == nil {
		steps, e = intParam(q, "steps", 1, 1, 100)
	}
	if e != nil {
		s.writeError(&call{w: w, r: r, rec: &record{}}, e)
		return
	}
	kind, id := "", ""
	if v := q.Get("order"); v != "" {
		kind, id = "order", v
	} else if v := q.Get("activity"); v != "" {
		kind, id = "activity", v
	}
	var stored bool
	_ = s.store.View(name, func(t *store.Tenant) error {
		stored = t.OrderCount()+t.ActivityCount() > 0
		return nil
	})
	var moved int
	if stored {
		_ = s.write(name, func(t *store.Tenant) error {
			moved = s.advanceAll(t, kind, id, steps, s.now())
			return nil
		})
	}
	_ = writeJSON(w, http.StatusOK, map[string]any{"tenant": name, "moved": moved}, "")
}

func (s *Server) handleAdminJournal(w http.ResponseWriter, r *http.Request) {
	q, e := parseQuery(r.URL.RawQuery)
	n := 50
	if e == nil {
		n, e = intParam(q, "limit", 50, 1, 1000)
	}
	if e == nil && q.Has("tenant") && !validTenant(q.Get("tenant")) {
		e = badTenant("tenant")
	}
	if e != nil {
		s.writeError(&call{w: w, r: r, rec: &record{}}, e)
		return
	}
	_ = writeJSON(w, http.StatusOK, map[string]any{"requests": s.journal.last(n, q.Get("tenant"))}, "")
}
