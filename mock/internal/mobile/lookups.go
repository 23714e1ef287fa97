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
		p, ok := a.world.People.Get(id)
		if err != nil || !ok {
			return nil, true, op.Fail(op.CodeNotFound, fmt.Sprintf("No person has the id %q.", emp), "enrollee_id is a person id (GET /1/people/find_one?employee_id=... gives it).").Param(key)
		}
		return p, true, nil
	}
	p, ok := a.world.PeopleByEmployeeID[emp]
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
	return pageOf(r, a.world.People.All())
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
	p, given, err := a.employee(r, "employee_id")
	if err != nil {
		return op.Result{}, err
	}
	var all []lineView
	err = a.tenants.View(r.Tenant, r.Now, func(t *store.Tenant) error {
		for _, id := range t.World.Lines.IDs() {
			l, _ := t.World.Lines.Get(id)
			if given && l.PersonID != p.ID {
				continue
			}
			owner, _ := a.world.People.Get(l.PersonID)
			var emp *string
			if owner != nil {
				emp = owner.EmployeeID
			}
			all = append(all, lineView{Line: l, EmployeeID: emp})
		}
		return nil
	})
	if err != nil {
		return op.Result{}, err
	}
	return pageOf(r, all)
}

type deviceView struct {
	*world.MobileDevice
	EmployeeID *string `json:"employee_id"`
}

func (a *API) handleListDevices(r *op.Request) (op.Result, error) {
	p, given, err := a.employee(r, "employee_id")
	if err != nil {
		return op.Result{}, err
	}
	var all []deviceView
	err = a.tenants.View(r.Tenant, r.Now, func(t *store.Tenant) error {
		for _, id := range t.World.Devices.IDs() {
			d, _ := t.World.Devices.Get(id)
			if given && d.PersonID != p.ID {
				continue
			}
			owner, _ := a.world.People.Get(d.PersonID)
			var emp *string
			if owner != nil {
				emp = owner.EmployeeID
			}
			all = append(all, deviceView{MobileDevice: d, EmployeeID: emp})
		}
		return nil
	})
	if err != nil {
		return op.Result{}, err
	}
	return pageOf(r, all)
}

func (a *API) handleListFeatures(r *op.Request) (op.Result, error) {
	q := r.Query
	all := a.world.MobileFeatures.All()
	if v := q.Get("line_id"); v != "" {
		id, _ := strconv.ParseInt(v, 10, 64)
		var line *world.Line
		_ = a.tenants.View(r.Tenant, r.Now, func(t *store.Tenant) error { line, _ = t.World.Lines.Get(id); return nil })
		if line == nil {
			return op.Result{}, op.Fail(op.CodeNotFound, fmt.Sprintf("No line has the id %s.", v), "List the employee's lines with GET /1/lines?employee_id=...").Param("line_id")
		}
		all = nil
		for _, fid := range line.FeatureIDs {
			if f, ok := a.world.MobileFeatures.Get(fid); ok {
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
	p, given, err := a.employee(r, "enrollee_id")
	if err != nil {
		return op.Result{}, err
	}
	var all []membershipView
	err = a.tenants.View(r.Tenant, r.Now, func(t *store.Tenant) error {
		for _, id := range t.World.Memberships.IDs() {
			m, _ := t.World.Memberships.Get(id)
			if given && m.EnrolleeID != p.ID {
				continue
			}
			name := ""
			if pr, ok := a.world.Programs.Get(m.ProgramID); ok {
				name = pr.Name
			}
			all = append(all, membershipView{ProgramMembership: m, ProgramName: name})
		}
		return nil
	})
	if err != nil {
		return op.Result{}, err
	}
	return pageOf(r, all)
}

func (a *API) handleListCarriers(r *op.Request) (op.Result, error) {
	return pageOf(r, a.world.Carriers.All())
}

func (a *API) handleListCarrierAccounts(r *op.Request) (op.Result, error) {
	return pageOf(r, a.world.CarrierAccounts.All())
}

type businessRefDeviceView struct {
	*world.BusinessRefDevice
	Name string `json:"name"`
}

func (a *API) handleListBusinessRefDevices(r *op.Request) (op.Result, error) {
	var all []businessRefDeviceView
	for _, b := range a.world.BusinessRefDevices.All() {
		rd, _ := a.world.RefDevices.Get(b.RefDeviceID)
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
	for _, b := range a.world.BusinessPlans.All() {
		p, _ := a.world.MobilePlans.Get(b.PlanID)
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
	for _, b := range a.world.BusinessFeatures.All() {
		f, _ := a.world.MobileFeatures.Get(b.FeatureID)
		all = append(all, businessFeatureView{BusinessFeature: b, Name: f.Name, CarrierID: f.CarrierID, CostCents: f.CostCents})
	}
	return pageOf(r, all)
}

func (a *API) handleListAccessories(r *op.Request) (op.Result, error) {
	return pageOf(r, a.world.MobileAccessories.All())
}

func (a *API) handleListCountries(r *op.Request) (op.Result, error) {
	return pageOf(r, a.world.Countries.All())
}

func (a *API) handleListBusinessCountries(r *op.Request) (op.Result, error) {
	var all []*world.Country
	for _, ct := range a.world.Countries.All() {
		if ct.Business {
			all = append(all, ct)
		}
	}
	return pageOf(r, all)
}
