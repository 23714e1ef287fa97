package mobile

import (
	"fmt"
	"strconv"

	"github.com/mobmock/mobmock/mock/internal/op"
	"github.com/mobmock/mobmock/mock/store"
	"github.com/mobmock/mobmock/mock/world"
)

// Mobile lookups: bare JSON arrays paged by page/per_page, with
// X-Total-Count and Link headers, served from the tenant's world.

// pageOf answers one page of a Mobile collection.
func pageOf[T any](r *op.Request, all []T) (op.Result, error) {
	p, per := pageParams(r.Query)
	from := min(len(all), (p-1)*per)
	to := min(len(all), from+per)
	out := make([]T, to-from)
	copy(out, all[from:to])
	return op.Result{Body: out, Page: &op.Page{Total: len(all), Number: p, Per: per}}, nil
}

// employee resolves the employee_id query parameter to a person. It reports
// false when the parameter is absent.
func (a *API) employee(r *op.Request, key string) (*world.Person, bool, error) {
	emp := r.Query.Get(key)
	if emp == "" {
		return nil, false, nil
	}
	if key == "enrollee_id" {
		id, err := strconv.ParseInt(emp, 10, 64)
		p, ok := a.World.People.Get(id)
		if err != nil || !ok {
			return nil, true, op.Fail(op.CodeNotFound, fmt.Sprintf("No person has the id %q.", emp), "enrollee_id is a person id (GET /1/people/find_one?employee_id=... gives it).").Param(key)
		}
		return p, true, nil
	}
	p, ok := a.World.PeopleByEmployeeID[emp]
	if !ok {
		return nil, true, op.Fail(op.CodeNotFound, fmt.Sprintf("No person has the employee id %q.", emp), "employee_id is the company's employee number, for example 10000.").Param(key)
	}
	return p, true, nil
}

func (a *API) handleListPeople(r *op.Request) (op.Result, error) {
	p, given, err := a.employee(r, "employee_id")
	if err != nil {
		return op.Result{}, err
	}
	if given {
		return pageOf(r, []*world.Person{p})
	}
	return pageOf(r, a.World.People.All())
}

func (a *API) handleFindOnePerson(r *op.Request) (op.Result, error) {
	p, _, err := a.employee(r, "employee_id")
	if err != nil {
		return op.Result{}, err
	}
	return op.OK(p), nil
}

// lineView is a line as GET /1/lines answers it.
type lineView struct {
	*world.Line
	EmployeeID *string `json:"employee_id"`
}

func (a *API) handleListLines(r *op.Request) (op.Result, error) {
	status := r.Query.Get("status") // inferred (MB-34): the lines of a Suspend or an Unsuspend
	return owned(a, r, "employee_id", func(st *world.State) *world.Overlay[int64, *world.Line] { return st.Lines },
		func(l *world.Line) int64 { return l.PersonID },
		func(l *world.Line) (lineView, bool) {
			return lineView{Line: l, EmployeeID: a.employeeID(l.PersonID)}, status == "" || l.Status == status
		})
}

// owned answers one page of the records of the tenant's world that table
// holds, as view shows them, those view keeps: the records of the person
// the query parameter key names (owner says whose a record is), or all of
// them without it.
func owned[R, V any](a *API, r *op.Request, key string, table func(*world.State) *world.Overlay[int64, R], owner func(R) int64, view func(R) (V, bool)) (op.Result, error) {
	p, given, err := a.employee(r, key)
	if err != nil {
		return op.Result{}, err
	}
	var all []V
	err = a.Tenants.View(r.Tenant, r.Now, func(t *store.Tenant) error {
		tbl := table(t.World)
		for _, id := range tbl.IDs() {
			x, _ := tbl.Get(id)
			if given && owner(x) != p.ID {
				continue
			}
			if v, keep := view(x); keep {
				all = append(all, v)
			}
		}
		return nil
	})
	if err != nil {
		return op.Result{}, err
	}
	return pageOf(r, all)
}

// employeeID is the employee id of a person, if any.
func (a *API) employeeID(person int64) *string {
	if p, ok := a.World.People.Get(person); ok {
		return p.EmployeeID
	}
	return nil
}

type deviceView struct {
	*world.MobileDevice
	EmployeeID *string `json:"employee_id"`
}

func (a *API) handleListDevices(r *op.Request) (op.Result, error) {
	return owned(a, r, "employee_id", func(st *world.State) *world.Overlay[int64, *world.MobileDevice] { return st.Devices },
		func(d *world.MobileDevice) int64 { return d.PersonID },
		func(d *world.MobileDevice) (deviceView, bool) {
			return deviceView{MobileDevice: d, EmployeeID: a.employeeID(d.PersonID)}, true
		})
}

func (a *API) handleListFeatures(r *op.Request) (op.Result, error) {
	q := r.Query
	all := a.World.MobileFeatures.All()
	if v := q.Get("line_id"); v != "" {
		id, _ := strconv.ParseInt(v, 10, 64)
		var line *world.Line
		_ = a.Tenants.View(r.Tenant, r.Now, func(t *store.Tenant) error { line, _ = t.World.Lines.Get(id); return nil })
		if line == nil {
			return op.Result{}, op.Fail(op.CodeNotFound, fmt.Sprintf("No line has the id %s.", v), "List the employee's lines with GET /1/lines?employee_id=...").Param("line_id")
		}
		all = nil
		for _, fid := range line.FeatureIDs {
			if f, ok := a.World.MobileFeatures.Get(fid); ok {
				all = append(all, f)
			}
		}
	}
	return pageOf(r, all)
}

type membershipView struct {
	*world.ProgramMembership
	ProgramName string `json:"program_name"`
}

func (a *API) handleListMemberships(r *op.Request) (op.Result, error) {
	return owned(a, r, "enrollee_id", func(st *world.State) *world.Overlay[int64, *world.ProgramMembership] { return st.Memberships },
		func(m *world.ProgramMembership) int64 { return m.EnrolleeID },
		func(m *world.ProgramMembership) (membershipView, bool) {
			name := ""
			if pr, ok := a.World.Programs.Get(m.ProgramID); ok {
				name = pr.Name
			}
			return membershipView{ProgramMembership: m, ProgramName: name}, true
		})
}

func (a *API) handleListCarriers(r *op.Request) (op.Result, error) {
	return pageOf(r, a.World.Carriers.All())
}

func (a *API) handleListCarrierAccounts(r *op.Request) (op.Result, error) {
	return pageOf(r, a.World.CarrierAccounts.All())
}

type businessRefDeviceView struct {
	*world.BusinessRefDevice
	Name string `json:"name"`
}

func (a *API) handleListBusinessRefDevices(r *op.Request) (op.Result, error) {
	var all []businessRefDeviceView
	for _, b := range a.World.BusinessRefDevices.All() {
		rd, _ := a.World.RefDevices.Get(b.RefDeviceID)
		all = append(all, businessRefDeviceView{BusinessRefDevice: b, Name: rd.Name})
	}
	return pageOf(r, all)
}

type businessPlanView struct {
	*world.BusinessPlan
	Name      string `json:"name"`
	CarrierID int64  `json:"carrier_id"`
	CostCents int64  `json:"cost_cents"`
}

func (a *API) handleListBusinessPlans(r *op.Request) (op.Result, error) {
	var all []businessPlanView
	for _, b := range a.World.BusinessPlans.All() {
		p, _ := a.World.MobilePlans.Get(b.PlanID)
		all = append(all, businessPlanView{BusinessPlan: b, Name: p.Name, CarrierID: p.CarrierID, CostCents: p.CostCents})
	}
	return pageOf(r, all)
}

type businessFeatureView struct {
	*world.BusinessFeature
	Name      string `json:"name"`
	CarrierID int64  `json:"carrier_id"`
	CostCents int64  `json:"cost_cents"`
}

func (a *API) handleListBusinessFeatures(r *op.Request) (op.Result, error) {
	var all []businessFeatureView
	for _, b := range a.World.BusinessFeatures.All() {
		f, _ := a.World.MobileFeatures.Get(b.FeatureID)
		all = append(all, businessFeatureView{BusinessFeature: b, Name: f.Name, CarrierID: f.CarrierID, CostCents: f.CostCents})
	}
	return pageOf(r, all)
}

func (a *API) handleListAccessories(r *op.Request) (op.Result, error) {
	return pageOf(r, a.World.MobileAccessories.All())
}

func (a *API) handleListCountries(r *op.Request) (op.Result, error) {
	return pageOf(r, a.World.Countries.All())
}

func (a *API) handleListBusinessCountries(r *op.Request) (op.Result, error) {
	var all []*world.Country
	for _, ct := range a.World.Countries.All() {
		if ct.Business {
			all = append(all, ct)
		}
	}
	return pageOf(r, all)
}
