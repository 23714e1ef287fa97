package mobproc

import (
	"fmt"
	"net/url"
	"slices"

	"github.com/mobmock/mobmock/mock/internal/op"
	"github.com/mobmock/mobmock/mock/store"
	"github.com/mobmock/mobmock/mock/world"
)

// MOBPROC lookups: the resources the documents link to or name, served from
// the tenant's world in the documents' collection style,
// {"<name>": {"items": [...], "_meta": {...}}, "status": "SUCCESS"}, and
// {"<item>": {...}, "status": "SUCCESS"} for one of them.

// lookup is one resource: the operations that list it and read one, and
// how. all and one read the tenant's world when tenant is set (its state
// changes), the seeded world otherwise.
type lookup struct {
	list, get  string // operationIds; "" when the document has none
	name, item string // the members a page and one record are answered under
	tenant     bool
	all        func(a *API, r *op.Request, st *world.State) ([]any, error)
	one        func(a *API, r *op.Request, st *world.State) (any, error)
}

// lookups are the 18 lookup operations of the MOBPROC document.
var lookups = []lookup{
	{list: "listServices", get: "getService", name: "services", item: "service", tenant: true,
		all: func(a *API, _ *op.Request, st *world.State) ([]any, error) {
			var all []any
			for _, id := range st.Services.IDs() {
				svc, _ := st.Services.Get(id)
				all = append(all, a.serviceDetail(svc))
			}
			return all, nil
		},
		one: func(a *API, r *op.Request, st *world.State) (any, error) {
			svc, ok := st.Services.Get(r.Param("serviceId"))
			if !ok {
				return nil, notFound("service asset", r.Param("serviceId"), "List your services with GET /assets/services.")
			}
			return a.serviceDetail(svc), nil
		}},
	{list: "listCatalogDevices", get: "getCatalogDevice", name: "devices", item: "device", tenant: true,
		all: (*API).eligibleDevices,
		one: byID("deviceId", "catalog device", "List devices with GET /catalog/devices.",
			func(w *world.World, id string) (*world.CatalogDevice, bool) { return w.CatalogDevices.Get(id) }, (*API).catalogDevice)},
	{list: "listCatalogPlans", get: "getCatalogPlan", name: "plans", item: "plan",
		all: each(func(w *world.World) []*world.Plan { return w.Plans.All() }, (*API).catalogPlan),
		one: byID("planId", "plan", "List plans with GET /catalog/plans.",
			func(w *world.World, id string) (*world.Plan, bool) { return w.Plans.Get(id) }, (*API).catalogPlan)},
	{list: "listCatalogAccessories", get: "getCatalogAccessory", name: "accessories", item: "accessory",
		all: each(func(w *world.World) []*world.Accessory { return w.Accessories.All() }, plain(catalogAccessoryOf)),
		one: byID("accessoryId", "accessory", "List accessories with GET /catalog/accessories.",
			func(w *world.World, id string) (*world.Accessory, bool) { return w.Accessories.Get(id) }, plain(catalogAccessoryOf))},
	{list: "listRegions", get: "getRegion", name: "regions", item: "region",
		all: each(func(w *world.World) []*world.Region { return w.Regions.All() }, plain(regionOf)),
		one: byID("regionId", "region", "List regions with GET /regions.",
			func(w *world.World, id string) (*world.Region, bool) { return w.Regions.Get(id) }, plain(regionOf))},
	{list: "listManufacturers", get: "getManufacturer", name: "manufacturers", item: "manufacturer",
		all: each(func(w *world.World) []*world.Manufacturer { return w.Manufacturers.All() }, plain(manufacturerOf)),
		one: byID("manufacturerId", "manufacturer", "List manufacturers with GET /manufacturers.",
			func(w *world.World, id string) (*world.Manufacturer, bool) { return w.Manufacturers.Get(id) }, plain(manufacturerOf))},
	{list: "listModels", get: "getModel", name: "models", item: "model",
		all: func(a *API, r *op.Request, _ *world.State) ([]any, error) {
			m, err := a.manufacturer(r)
			if err != nil {
				return nil, err
			}
			var all []any
			for _, md := range m.Models {
				all = append(all, modelOf(m, md.ID, md.Name))
			}
			return all, nil
		},
		one: func(a *API, r *op.Request, _ *world.State) (any, error) {
			m, err := a.manufacturer(r)
			if err != nil {
				return nil, err
			}
			id := r.Param("modelId")
			md, ok := m.Model(id)
			if !ok {
				return nil, op.Fail(op.CodeNotFound, fmt.Sprintf("Manufacturer %s has no model %q.", m.Name, id),
					"List its models with GET /manufacturers/"+url.PathEscape(m.ID)+"/models.")
			}
			return modelOf(m, md.ID, md.Name), nil
		}},
	{list: "listVendors", get: "getVendor", name: "vendors", item: "vendor",
		all: each(func(w *world.World) []*world.Vendor { return w.Vendors.All() }, plain(vendorOf)),
		one: byID("vendorId", "vendor", "List vendors with GET /vendors.",
			func(w *world.World, id string) (*world.Vendor, bool) { return w.Vendors.Get(id) }, plain(vendorOf))},
	{get: "getEmployee", item: "employee",
		one: byID("employeeId", "employee", "Employee ids are the Tangoe ids links show, for example 28673732.",
			func(w *world.World, id string) (*world.Employee, bool) { return w.Employees.Get(id) }, plain(employeeOf))},
	{get: "getOrderProperties", item: "orderProperties", one: (*API).orderProperties},
}

// lister answers a lookup's list operation with one page of it.
func (a *API) lister(l lookup) op.Handler {
	return func(r *op.Request) (op.Result, error) {
		all, err := read(a, l, r, l.all)
		if err != nil {
			return op.Result{}, err
		}
		offset, limit := paging(r.Query)
		end := min(len(all), offset+limit)
		items := []any{}
		if offset < len(all) {
			items = all[offset:end]
		}
		return op.OK(map[string]any{l.name: page{Items: items, Meta: collectionMeta(r, offset, limit, len(all))}, "status": "SUCCESS"}), nil
	}
}

// getter answers a lookup's read of one record.
func (a *API) getter(l lookup) op.Handler {
	return func(r *op.Request) (op.Result, error) {
		v, err := read(a, l, r, l.one)
		if err != nil {
			return op.Result{}, err
		}
		return op.OK(map[string]any{l.item: v, "status": "SUCCESS"}), nil
	}
}

// read calls fn with the tenant's world when the lookup reads it, without
// otherwise (a lookup of the seeded world does not create tenant state).
func read[T any](a *API, l lookup, r *op.Request, fn func(*API, *op.Request, *world.State) (T, error)) (T, error) {
	if !l.tenant {
		return fn(a, r, nil)
	}
	var v T
	err := a.Tenants.View(r.Tenant, r.Now, func(t *store.Tenant) error {
		var err error
		v, err = fn(a, r, t.World)
		return err
	})
	return v, err
}

// page is one page of a collection.
type page struct {
	Items []any    `json:"items"`
	Meta  listMeta `json:"_meta"`
}

// each lists every record of the seeded world, as view shows it.
func each[R any, V any](records func(*world.World) []R, view func(*API, R) V) func(*API, *op.Request, *world.State) ([]any, error) {
	return func(a *API, _ *op.Request, _ *world.State) ([]any, error) {
		var all []any
		for _, x := range records(a.World) {
			all = append(all, view(a, x))
		}
		return all, nil
	}
}

// byID reads the record of the seeded world that the path parameter param
// names, as view shows it; an unknown id is a 404 naming what and hint.
func byID[R any, V any](param, what, hint string, get func(*world.World, string) (R, bool), view func(*API, R) V) func(*API, *op.Request, *world.State) (any, error) {
	return func(a *API, r *op.Request, _ *world.State) (any, error) {
		id := r.Param(param)
		x, ok := get(a.World, id)
		if !ok {
			return nil, notFound(what, id, hint)
		}
		return view(a, x), nil
	}
}

// plain adapts a view function that needs nothing of the API.
func plain[R any, V any](view func(R) V) func(*API, R) V {
	return func(_ *API, x R) V { return view(x) }
}

func notFound(what, id, hint string) error {
	return op.Fail(op.CodeNotFound, fmt.Sprintf("No %s has the id %q.", what, id), hint)
}

func (a *API) manufacturer(r *op.Request) (*world.Manufacturer, error) {
	id := r.Param("manufacturerId")
	m, ok := a.World.Manufacturers.Get(id)
	if !ok {
		return nil, notFound("manufacturer", id, "List manufacturers with GET /manufacturers.")
	}
	return m, nil
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

func (a *API) serviceDetail(svc *world.Service) serviceDetailView {
	w := a.World
	v := serviceDetailView{Meta: meta{Base + "/assets/services/" + url.PathEscape(svc.ID)}, ContractDates: svc.ContractDates,
		ID: svc.ID, ServiceNumber: svc.ServiceNumber, Status: svc.Status}
	v.Device = serviceDeviceOf(w, svc)
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
		v.Plan = &planRefView{Meta: meta{Base + "/catalog/plans/" + url.PathEscape(p.ID)}, ID: p.ID, Name: p.Name}
		for _, fid := range svc.FeatureIDs {
			if f, ok := p.Feature(fid); ok {
				v.OptionalFeatures = append(v.OptionalFeatures, optionalFeatureView{Description: f.Description, ID: f.ID, Price: f.Price})
			}
		}
	}
	return v
}

func (a *API) catalogDevice(d *world.CatalogDevice) *cartDeviceView {
	m, _ := a.World.Manufacturers.Get(d.ManufacturerID)
	v, _ := a.World.Vendors.Get(d.VendorID)
	return cartDeviceOf(d, m, v)
}

func (a *API) catalogPlan(p *world.Plan) *cartPlanView {
	v, _ := a.World.Vendors.Get(p.VendorID)
	return cartPlanOf(p, v, p.OptionalFeatures)
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

func (a *API) orderProperties(r *op.Request, _ *world.State) (any, error) {
	tt := r.Param("transactionType")
	props, ok := a.World.OrderProperties[tt]
	if !ok {
		return nil, op.Fail(op.CodeNotFound, fmt.Sprintf("%q is not a transaction type.", tt), "Use one of the 12 transaction types, for example SUSPEND.")
	}
	items := []propertyDefinitionView{}
	for _, p := range props {
		def, _ := a.World.PropertyDefs.Get(p.ID)
		v := propertyDefinitionView{GroupID: def.Group, ID: def.ID, Label: def.Label, Required: p.Required, Type: def.Type}
		for _, ch := range def.Choices {
			if ch == "*people" {
				for _, e := range a.World.Employees.All() {
					v.Choices = append(v.Choices, propertyChoiceView{ID: e.CompanyEmployeeID, Label: fmt.Sprintf("%s %s", e.FirstName, e.LastName)})
				}
				continue
			}
			v.Choices = append(v.Choices, propertyChoiceView{ID: ch, Label: ch})
		}
		items = append(items, v)
	}
	return map[string]any{"transactionType": tt, "items": items}, nil
}

// eligibleDevices lists the catalog devices, only those eligible for the
// service asset or region the query names (serviceId, regionId; both
// inferred): "An API call can be made to the /catalog/devices resource to
// obtain a list of eligible devices" (seed 001). A device is eligible for a
// service when its vendor sells it in the service's region. An unknown
// service or region lists nothing.
func (a *API) eligibleDevices(r *op.Request, st *world.State) ([]any, error) {
	vendor, region := "", r.Query.Get("regionId")
	if id := r.Query.Get("serviceId"); id != "" {
		svc, ok := st.Services.Get(id)
		if !ok {
			return nil, nil
		}
		vendor = svc.VendorID
		if region == "" {
			region = svc.RegionID
		}
	}
	var all []any
	for _, d := range a.World.CatalogDevices.All() {
		if (vendor == "" || d.VendorID == vendor) && (region == "" || slices.Contains(d.RegionIDs, region)) {
			all = append(all, a.catalogDevice(d))
		}
	}
	return all, nil
}
