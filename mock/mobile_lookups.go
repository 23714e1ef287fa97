package mock

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/mobmock/mobmock/mock/store"
	"github.com/mobmock/mobmock/mock/world"
)

// Mobile lookups: bare JSON arrays paged by page/per_page, with
// X-Total-Count and Link headers, served from the tenant's world.

func (s *Server) registerMobileLookups() {
	s.ops["listPeople"] = s.handleListPeople
	s.ops["findOnePerson"] = s.handleFindOnePerson
	s.ops["listLines"] = s.handleListLines
	s.ops["listDevices"] = s.handleListDevices
	s.ops["listFeatures"] = s.handleListFeatures
	s.ops["listProgramMemberships"] = s.handleListMemberships
	s.ops["listCarriers"] = s.handleListCarriers
	s.ops["listCarrierAccounts"] = s.handleListCarrierAccounts
	s.ops["listBusinessRefDevices"] = s.handleListBusinessRefDevices
	s.ops["listBusinessPlans"] = s.handleListBusinessPlans
	s.ops["listBusinessFeatures"] = s.handleListBusinessFeatures
	s.ops["listAccessories"] = s.handleListAccessories
	s.ops["listCountries"] = s.handleListCountries
	s.ops["listBusinessCountries"] = s.handleListBusinessCountries
}

// pageOf answers one page of a Mobile collection.
func pageOf[T any](c *call, all []T) (int, any, error) {
	p, per := pageParams(c.query())
	from := min(len(all), (p-1)*per)
	to := min(len(all), from+per)
	setPaging(c, len(all), p, per)
	out := make([]T, to-from)
	copy(out, all[from:to])
	return http.StatusOK, out, nil
}

// employee resolves the employee_id query parameter to a person. It reports
// false when the parameter is absent.
func (s *Server) employee(c *call, key string) (*world.Person, bool, error) {
	emp := c.query().Get(key)
	if emp == "" {
		return nil, false, nil
	}
	if key == "enrollee_id" {
		id, err := strconv.ParseInt(emp, 10, 64)
		p, ok := s.world.People.Get(id)
		if err != nil || !ok {
			return nil, true, failParam(codeNotFound, key, fmt.Sprintf("No person has the id %q.", emp), "enrollee_id is a person id (GET /1/people/find_one?employee_id=... gives it).")
		}
		return p, true, nil
	}
	p, ok := s.world.PeopleByEmployeeID[emp]
	if !ok {
		return nil, true, failParam(codeNotFound, key, fmt.Sprintf("No person has the employee id %q.", emp), "employee_id is the company's employee number, for example 10000.")
	}
	return p, true, nil
}

func (s *Server) handleListPeople(c *call) (int, any, error) {
	p, given, err := s.employee(c, "employee_id")
	if err != nil {
		return 0, nil, err
	}
	if given {
		return pageOf(c, []*world.Person{p})
	}
	return pageOf(c, s.world.People.All())
}

func (s *Server) handleFindOnePerson(c *call) (int, any, error) {
	p, _, err := s.employee(c, "employee_id")
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, p, nil
}

// lineView is a line as GET /1/lines answers it.
type lineView struct {
	*world.Line
	EmployeeID *string `json:"employee_id"`
}

func (s *Server) handleListLines(c *call) (int, any, error) {
	p, given, err := s.employee(c, "employee_id")
	if err != nil {
		return 0, nil, err
	}
	var all []lineView
	err = s.read(c.tenant, func(t *store.Tenant) error {
		for _, id := range t.World.Lines.IDs() {
			l, _ := t.World.Lines.Get(id)
			if given && l.PersonID != p.ID {
				continue
			}
			owner, _ := s.world.People.Get(l.PersonID)
			var emp *string
			if owner != nil {
				emp = owner.EmployeeID
			}
			all = append(all, lineView{Line: l, EmployeeID: emp})
		}
		return nil
	})
	if err != nil {
		return 0, nil, err
	}
	return pageOf(c, all)
}

type deviceView struct {
	*world.MobileDevice
	EmployeeID *string `json:"employee_id"`
}

func (s *Server) handleListDevices(c *call) (int, any, error) {
	p, given, err := s.employee(c, "employee_id")
	if err != nil {
		return 0, nil, err
	}
	var all []deviceView
	err = s.read(c.tenant, func(t *store.Tenant) error {
		for _, id := range t.World.Devices.IDs() {
			d, _ := t.World.Devices.Get(id)
			if given && d.PersonID != p.ID {
				continue
			}
			owner, _ := s.world.People.Get(d.PersonID)
			var emp *string
			if owner != nil {
				emp = owner.EmployeeID
			}
			all = append(all, deviceView{MobileDevice: d, EmployeeID: emp})
		}
		return nil
	})
	if err != nil {
		return 0, nil, err
	}
	return pageOf(c, all)
}

func (s *Server) handleListFeatures(c *call) (int, any, error) {
	q := c.query()
	all := s.world.MobileFeatures.All()
	if v := q.Get("line_id"); v != "" {
		id, _ := strconv.ParseInt(v, 10, 64)
		var line *world.Line
		_ = s.read(c.tenant, func(t *store.Tenant) error { line, _ = t.World.Lines.Get(id); return nil })
		if line == nil {
			return 0, nil, failParam(codeNotFound, "line_id", fmt.Sprintf("No line has the id %s.", v), "List the employee's lines with GET /1/lines?employee_id=...")
		}
		all = nil
		for _, fid := range line.FeatureIDs {
			if f, ok := s.world.MobileFeatures.Get(fid); ok {
				all = append(all, f)
			}
		}
	}
	return pageOf(c, all)
}

type membershipView struct {
	*world.ProgramMembership
	ProgramName string `json:"program_name"`
}

func (s *Server) handleListMemberships(c *call) (int, any, error) {
	p, given, err := s.employee(c, "enrollee_id")
	if err != nil {
		return 0, nil, err
	}
	var all []membershipView
	err = s.read(c.tenant, func(t *store.Tenant) error {
		for _, id := range t.World.Memberships.IDs() {
			m, _ := t.World.Memberships.Get(id)
			if given && m.EnrolleeID != p.ID {
				continue
			}
			name := ""
			if pr, ok := s.world.Programs.Get(m.ProgramID); ok {
				name = pr.Name
			}
			all = append(all, membershipView{ProgramMembership: m, ProgramName: name})
		}
		return nil
	})
	if err != nil {
		return 0, nil, err
	}
	return pageOf(c, all)
}

func (s *Server) handleListCarriers(c *call) (int, any, error) {
	return pageOf(c, s.world.Carriers.All())
}

func (s *Server) handleListCarrierAccounts(c *call) (int, any, error) {
	return pageOf(c, s.world.CarrierAccounts.All())
}

type businessRefDeviceView struct {
	*world.BusinessRefDevice
	Name string `json:"name"`
}

func (s *Server) handleListBusinessRefDevices(c *call) (int, any, error) {
	var all []businessRefDeviceView
	for _, b := range s.world.BusinessRefDevices.All() {
		rd, _ := s.world.RefDevices.Get(b.RefDeviceID)
		all = append(all, businessRefDeviceView{BusinessRefDevice: b, Name: rd.Name})
	}
	return pageOf(c, all)
}

type businessPlanView struct {
	*world.BusinessPlan
	Name      string `json:"name"`
	CarrierID int64  `json:"carrier_id"`
	CostCents int64  `json:"cost_cents"`
}

func (s *Server) handleListBusinessPlans(c *call) (int, any, error) {
	var all []businessPlanView
	for _, b := range s.world.BusinessPlans.All() {
		p, _ := s.world.MobilePlans.Get(b.PlanID)
		all = append(all, businessPlanView{BusinessPlan: b, Name: p.Name, CarrierID: p.CarrierID, CostCents: p.CostCents})
	}
	return pageOf(c, all)
}

type businessFeatureView struct {
	*world.BusinessFeature
	Name      string `json:"name"`
	CarrierID int64  `json:"carrier_id"`
	CostCents int64  `json:"cost_cents"`
}

func (s *Server) handleListBusinessFeatures(c *call) (int, any, error) {
	var all []businessFeatureView
	for _, b := range s.world.BusinessFeatures.All() {
		f, _ := s.world.MobileFeatures.Get(b.FeatureID)
		all = append(all, businessFeatureView{BusinessFeature: b, Name: f.Name, CarrierID: f.CarrierID, CostCents: f.CostCents})
	}
	return pageOf(c, all)
}

func (s *Server) handleListAccessories(c *call) (int, any, error) {
	return pageOf(c, s.world.MobileAccessories.All())
}

func (s *Server) handleListCountries(c *call) (int, any, error) {
	return pageOf(c, s.world.Countries.All())
}

func (s *Server) handleListBusinessCountries(c *call) (int, any, error) {
	var all []*world.Country
	for _, ct := range s.world.Countries.All() {
		if ct.Business {
			all = append(all, ct)
		}
	}
	return pageOf(c, all)
}
