package mock

import (
	"fmt"
	"net/http"
	"net/url"

	"github.com/mobmock/mobmock/mock/store"
	"github.com/mobmock/mobmock/mock/world"
)

// MOBPROC lookups: the resources the documents link to or name, served from
// the tenant's world in the documents' collection style,
// {"<name>": {"items": [...], "_meta": {...}}, "status": "SUCCESS"}.

func (s *Server) registerMOBPROCLookups() {
	s.ops["listServices"] = s.handleListServices
	s.ops["getService"] = s.handleGetService
	s.ops["listCatalogDevices"] = s.handleListCatalogDevices
	s.ops["getCatalogDevice"] = s.handleGetCatalogDevice
	s.ops["listCatalogPlans"] = s.handleListCatalogPlans
	s.ops["getCatalogPlan"] = s.handleGetCatalogPlan
	s.ops["listCatalogAccessories"] = s.handleListCatalogAccessories
	s.ops["getCatalogAccessory"] = s.handleGetCatalogAccessory
	s.ops["listRegions"] = s.handleListRegions
	s.ops["getRegion"] = s.handleGetRegion
	s.ops["listManufacturers"] = s.handleListManufacturers
	s.ops["getManufacturer"] = s.handleGetManufacturer
	s.ops["listModels"] = s.handleListModels
	s.ops["getModel"] = s.handleGetModel
	s.ops["listVendors"] = s.handleListVendors
	s.ops["getVendor"] = s.handleGetVendor
	s.ops["getEmployee"] = s.handleGetEmployee
	s.ops["getOrderProperties"] = s.handleOrderProperties
}

type collection[T any] struct {
	Items []T           `json:"items"`
	Meta  orderListMeta `json:"_meta"`
}

// page answers one page of a MOBPROC collection named name.
func page[T any](c *call, name string, all []T) (int, any, error) {
	offset, limit := paging(c.query(), "offset", "limit", 25)
	end := min(len(all), offset+limit)
	items := []T{}
	if offset < len(all) {
		items = all[offset:end]
	}
	return http.StatusOK, map[string]any{name: collection[T]{Items: items, Meta: collectionMeta(c.r.URL, offset, limit, len(all))}, "status": "SUCCESS"}, nil
}

// one answers a single MOBPROC resource named name.
func one(name string, v any) (int, any, error) {
	return http.StatusOK, map[string]any{name: v, "status": "SUCCESS"}, nil
}

// param returns a path parameter, unescaped (the router leaves model ids
// such as "iPhone%206%20(64GB)" encoded).
func (c *call) param(name string) string {
	v := c.params[name]
	if u, err := url.PathUnescape(v); err == nil {
		return u
	}
	return v
}

func notFound(what, id, hint string) error {
	return failf(codeNotFound, hint, "No %s has the id %q.", what, id)
}

type planRefView struct {
	Meta meta   `json:"_meta"`
	ID   string `json:"id"`
	Name string `json:"name"`
}

type serviceDetailView struct {
	Meta             meta                  `json:"_meta"`
	AccountHolder    *employeeView         `json:"accountHolder,omitempty"`
	ContractDates    world.ContractDates   `json:"contractDates"`
	Device           *serviceDeviceView    `json:"device,omitempty"`
	ID               string                `json:"id"`
	OptionalFeatures []optionalFeatureView `json:"optionalFeatures,omitempty"`
	Plan             *planRefView          `json:"plan,omitempty"`
	Region           *regionView           `json:"region,omitempty"`
	ServiceNumber    string                `json:"serviceNumber"`
	Status           string                `json:"status"`
	Vendor           *vendorView           `json:"vendor,omitempty"`
}

func (s *Server) serviceDetail(svc *world.Service) serviceDetailView {
	w := s.world
	v := serviceDetailView{Meta: meta{mobprocBase + "/assets/services/" + url.PathEscape(svc.ID)}, ContractDates: svc.ContractDates,
		ID: svc.ID, ServiceNumber: svc.ServiceNumber, Status: svc.Status}
	x := expander{w: w}
	v.Device = x.serviceDevice(svc)
	if e, ok := w.Employees.Get(svc.EmployeeID); ok {
		v.AccountHolder = employeeOf(e)
	}
	if vd, ok := w.Vendors.Get(svc.VendorID); ok {
		vv := vendorOf(vd)
		v.Vendor = &vv
	}
	if r, ok := w.Regions.Get(svc.RegionID); ok {
		v.Region = regionOf(r)
	}
	if p, ok := w.Plans.Get(svc.PlanID); ok {
		v.Plan = &planRefView{Meta: meta{mobprocBase + "/catalog/plans/" + url.PathEscape(p.ID)}, ID: p.ID, Name: p.Name}
		for _, fid := range svc.FeatureIDs {
			if f, ok := p.Feature(fid); ok {
				v.OptionalFeatures = append(v.OptionalFeatures, optionalFeatureView{Description: f.Description, ID: f.ID, Price: f.Price})
			}
		}
	}
	return v
}

func (s *Server) handleListServices(c *call) (int, any, error) {
	var all []serviceDetailView
	err := s.read(c.tenant, func(t *store.Tenant) error {
		for _, id := range t.World.Services.IDs() {
			svc, _ := t.World.Services.Get(id)
			all = append(all, s.serviceDetail(svc))
		}
		return nil
	})
	if err != nil {
		return 0, nil, err
	}
	return page(c, "services", all)
}

func (s *Server) handleGetService(c *call) (int, any, error) {
	id := c.param("serviceId")
	var v serviceDetailView
	err := s.read(c.tenant, func(t *store.Tenant) error {
		svc, ok := t.World.Services.Get(id)
		if !ok {
			return notFound("service asset", id, "List your services with GET /assets/services.")
		}
		v = s.serviceDetail(svc)
		return nil
	})
	if err != nil {
		return 0, nil, err
	}
	return one("service", v)
}

func (s *Server) catalogDevice(d *world.CatalogDevice) *cartDeviceView {
	m, _ := s.world.Manufacturers.Get(d.ManufacturerID)
	v, _ := s.world.Vendors.Get(d.VendorID)
	return cartDeviceOf(d, m, v)
}

func (s *Server) handleListCatalogDevices(c *call) (int, any, error) {
	var all []*cartDeviceView
	for _, d := range s.world.CatalogDevices.All() {
		all = append(all, s.catalogDevice(d))
	}
	return page(c, "devices", all)
}

func (s *Server) handleGetCatalogDevice(c *call) (int, any, error) {
	id := c.param("deviceId")
	d, ok := s.world.CatalogDevices.Get(id)
	if !ok {
		return 0, nil, notFound("catalog device", id, "List devices with GET /catalog/devices.")
	}
	return one("device", s.catalogDevice(d))
}

func (s *Server) catalogPlan(p *world.Plan) *cartPlanView {
	v, _ := s.world.Vendors.Get(p.VendorID)
	return cartPlanOf(p, v, p.OptionalFeatures)
}

func (s *Server) handleListCatalogPlans(c *call) (int, any, error) {
	var all []*cartPlanView
	for _, p := range s.world.Plans.All() {
		all = append(all, s.catalogPlan(p))
	}
	return page(c, "plans", all)
}

func (s *Server) handleGetCatalogPlan(c *call) (int, any, error) {
	id := c.param("planId")
	p, ok := s.world.Plans.Get(id)
	if !ok {
		return 0, nil, notFound("plan", id, "List plans with GET /catalog/plans.")
	}
	return one("plan", s.catalogPlan(p))
}

func (s *Server) handleListCatalogAccessories(c *call) (int, any, error) {
	var all []catalogAccessoryView
	for _, a := range s.world.Accessories.All() {
		all = append(all, catalogAccessoryOf(a))
	}
	return page(c, "accessories", all)
}

func (s *Server) handleGetCatalogAccessory(c *call) (int, any, error) {
	id := c.param("accessoryId")
	a, ok := s.world.Accessories.Get(id)
	if !ok {
		return 0, nil, notFound("accessory", id, "List accessories with GET /catalog/accessories.")
	}
	return one("accessory", catalogAccessoryOf(a))
}

func (s *Server) handleListRegions(c *call) (int, any, error) {
	var all []*regionView
	for _, r := range s.world.Regions.All() {
		all = append(all, regionOf(r))
	}
	return page(c, "regions", all)
}

func (s *Server) handleGetRegion(c *call) (int, any, error) {
	id := c.param("regionId")
	r, ok := s.world.Regions.Get(id)
	if !ok {
		return 0, nil, notFound("region", id, "List regions with GET /regions.")
	}
	return one("region", regionOf(r))
}

func (s *Server) handleListManufacturers(c *call) (int, any, error) {
	var all []manufacturerView
	for _, m := range s.world.Manufacturers.All() {
		all = append(all, manufacturerOf(m))
	}
	return page(c, "manufacturers", all)
}

func (s *Server) handleGetManufacturer(c *call) (int, any, error) {
	id := c.param("manufacturerId")
	m, ok := s.world.Manufacturers.Get(id)
	if !ok {
		return 0, nil, notFound("manufacturer", id, "List manufacturers with GET /manufacturers.")
	}
	return one("manufacturer", manufacturerOf(m))
}

func (s *Server) handleListModels(c *call) (int, any, error) {
	id := c.param("manufacturerId")
	m, ok := s.world.Manufacturers.Get(id)
	if !ok {
		return 0, nil, notFound("manufacturer", id, "List manufacturers with GET /manufacturers.")
	}
	var all []modelView
	for _, md := range m.Models {
		all = append(all, modelOf(m, md.ID, md.Name))
	}
	return page(c, "models", all)
}

func (s *Server) handleGetModel(c *call) (int, any, error) {
	mid, id := c.param("manufacturerId"), c.param("modelId")
	m, ok := s.world.Manufacturers.Get(mid)
	if !ok {
		return 0, nil, notFound("manufacturer", mid, "List manufacturers with GET /manufacturers.")
	}
	md, ok := m.Model(id)
	if !ok {
		return 0, nil, failf(codeNotFound, "List its models with GET /manufacturers/"+url.PathEscape(mid)+"/models.", "Manufacturer %s has no model %q.", m.Name, id)
	}
	return one("model", modelOf(m, md.ID, md.Name))
}

func (s *Server) handleListVendors(c *call) (int, any, error) {
	var all []vendorView
	for _, v := range s.world.Vendors.All() {
		all = append(all, vendorOf(v))
	}
	return page(c, "vendors", all)
}

func (s *Server) handleGetVendor(c *call) (int, any, error) {
	id := c.param("vendorId")
	v, ok := s.world.Vendors.Get(id)
	if !ok {
		return 0, nil, notFound("vendor", id, "List vendors with GET /vendors.")
	}
	return one("vendor", vendorOf(v))
}

func (s *Server) handleGetEmployee(c *call) (int, any, error) {
	id := c.param("employeeId")
	e, ok := s.world.Employees.Get(id)
	if !ok {
		return 0, nil, notFound("employee", id, "Employee ids are the Tangoe ids links show, for example 28673732.")
	}
	return one("employee", employeeOf(e))
}

type propertyChoiceView struct {
	ID    string `json:"id"`
	Label string `json:"label"`
}

type propertyDefinitionView struct {
	Choices  []propertyChoiceView `json:"choices,omitempty"`
	GroupID  string               `json:"groupId"`
	ID       string               `json:"id"`
	Label    string               `json:"label"`
	Required bool                 `json:"required"`
	Type     string               `json:"type"`
}

func (s *Server) handleOrderProperties(c *call) (int, any, error) {
	tt := c.param("transactionType")
	props, ok := s.world.OrderProperties[tt]
	if !ok {
		return 0, nil, failf(codeNotFound, "Use one of the 12 transaction types, for example SUSPEND.", "%q is not a transaction type.", tt)
	}
	items := []propertyDefinitionView{}
	for _, p := range props {
		def, _ := s.world.PropertyDefs.Get(p.ID)
		v := propertyDefinitionView{GroupID: def.Group, ID: def.ID, Label: def.Label, Required: p.Required, Type: def.Type}
		for _, ch := range def.Choices {
			if ch == "*people" {
				for _, e := range s.world.Employees.All() {
					v.Choices = append(v.Choices, propertyChoiceView{ID: e.CompanyEmployeeID, Label: fmt.Sprintf("%s %s", e.FirstName, e.LastName)})
				}
				continue
			}
			v.Choices = append(v.Choices, propertyChoiceView{ID: ch, Label: ch})
		}
		items = append(items, v)
	}
	return one("orderProperties", map[string]any{"transactionType": tt, "items": items})
}
