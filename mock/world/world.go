package world

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"sync"
)

//go:embed seed.json
var seedJSON []byte

// Seed is the file format of a world: the embedded seed.json, or the file
// given to mobmock serve --seed.
type Seed struct {
	Comment  string   `json:"comment,omitempty"`
	Defaults Defaults `json:"defaults"`
	// Logins lists, for each login (an employee's companyEmployeeId or a
	// Mobile person's login), the tenants it may get tokens for.
	Logins          map[string][]string        `json:"logins,omitempty"`
	Employees       []*Employee                `json:"employees"`
	Vendors         []*Vendor                  `json:"vendors"`
	Manufacturers   []*Manufacturer            `json:"manufacturers"`
	Regions         []*Region                  `json:"regions"`
	Services        []*Service                 `json:"services"`
	DeviceAssets    []*DeviceAsset             `json:"deviceAssets"`
	Plans           []*Plan                    `json:"plans"`
	CatalogDevices  []*CatalogDevice           `json:"catalogDevices"`
	Accessories     []*Accessory               `json:"accessories"`
	PropertyDefs    []*PropertyDef             `json:"propertyDefs"`
	OrderProperties map[string][]OrderProperty `json:"orderProperties"`
	AddressLabels   map[string]string          `json:"addressLabels"`
	Mobile          MobileSeed                 `json:"mobile"`
	Generate        Generate                   `json:"generate"`
}

// Defaults are the world's fixed points.
type Defaults struct {
	// EmployeeID is the tenant's default user: the requester when no
	// context header names one.
	EmployeeID string `json:"employeeId"`
	// APIPersonID is the Mobile person activities are created by.
	APIPersonID int64 `json:"apiPersonId"`
	// AssigneePersonID is the Mobile person activities are assigned to.
	AssigneePersonID int64 `json:"assigneePersonId"`
	// BusinessID is the Mobile business (company) id.
	BusinessID int64 `json:"businessId"`
	// ActivityHost is the host of the activities' web links.
	ActivityHost string `json:"activityHost"`
	// RegionID is the MOBPROC region a new service is in when its order
	// names none.
	RegionID string `json:"regionId"`
	// VendorID is the MOBPROC vendor of an order whose cart names none.
	VendorID string `json:"vendorId"`
	// CarrierAccountID is the Mobile carrier account a new line is on
	// (its carrier is the account's) when the activity names no carrier.
	CarrierAccountID int64 `json:"carrierAccountId"`
}

// MobileSeed holds the Mobile API's entities.
type MobileSeed struct {
	People             []*Person            `json:"people"`
	Countries          []*Country           `json:"countries"`
	Carriers           []*Carrier           `json:"carriers"`
	CarrierAccounts    []*CarrierAccount    `json:"carrierAccounts"`
	RefDevices         []*RefDevice         `json:"refDevices"`
	BusinessRefDevices []*BusinessRefDevice `json:"businessRefDevices"`
	Plans              []*MobilePlan        `json:"plans"`
	BusinessPlans      []*BusinessPlan      `json:"businessPlans"`
	Features           []*MobileFeature     `json:"features"`
	BusinessFeatures   []*BusinessFeature   `json:"businessFeatures"`
	Accessories        []*MobileAccessory   `json:"accessories"`
	Lines              []*Line              `json:"lines"`
	Devices            []*MobileDevice      `json:"devices"`
	Programs           []*Program           `json:"programs"`
	ProgramMemberships []*ProgramMembership `json:"programMemberships"`
}

// World is a built, immutable world. Its maps and slices must not be
// modified; tenants change the world through a State.
type World struct {
	Defaults Defaults

	Employees       *Table[string, *Employee]
	Vendors         *Table[string, *Vendor]
	Manufacturers   *Table[string, *Manufacturer]
	Regions         *Table[string, *Region]
	Services        *Table[string, *Service]
	DeviceAssets    *Table[string, *DeviceAsset]
	Plans           *Table[string, *Plan]
	CatalogDevices  *Table[string, *CatalogDevice]
	Accessories     *Table[string, *Accessory]
	PropertyDefs    *Table[string, *PropertyDef]
	OrderProperties map[string][]OrderProperty
	AddressLabels   map[string]string
	// EmployeesByCompanyID indexes employees by their companyEmployeeId.
	EmployeesByCompanyID map[string]*Employee
	// Logins lists the tenants each login belongs to (Seed.Logins).
	Logins map[string][]string
	// serviceBySerial indexes the seeded services by their device's serial
	// number (spaces removed); see State.ServiceWithSerial.
	serviceBySerial map[string]string
	// assetSerials holds the serial numbers of the spare device assets.
	assetSerials map[string]*DeviceAsset

	People             *Table[int64, *Person]
	Countries          *Table[int64, *Country]
	Carriers           *Table[int64, *Carrier]
	CarrierAccounts    *Table[int64, *CarrierAccount]
	RefDevices         *Table[int64, *RefDevice]
	BusinessRefDevices *Table[int64, *BusinessRefDevice]
	MobilePlans        *Table[int64, *MobilePlan]
	BusinessPlans      *Table[int64, *BusinessPlan]
	MobileFeatures     *Table[int64, *MobileFeature]
	BusinessFeatures   *Table[int64, *BusinessFeature]
	MobileAccessories  *Table[int64, *MobileAccessory]
	Lines              *Table[int64, *Line]
	Devices            *Table[int64, *MobileDevice]
	Programs           *Table[int64, *Program]
	Memberships        *Table[int64, *ProgramMembership]
	// PeopleByEmployeeID indexes people by their company employee id.
	PeopleByEmployeeID map[string]*Person
}

// Table is a read-only collection of records with a stable listing order.
type Table[K comparable, V any] struct {
	byID  map[K]V
	order []K
}

func newTable[K comparable, V any](items []V, id func(V) K) (*Table[K, V], error) {
	t := &Table[K, V]{byID: make(map[K]V, len(items)), order: make([]K, 0, len(items))}
	for _, it := range items {
		k := id(it)
		if _, dup := t.byID[k]; dup {
			return nil, fmt.Errorf("id %v appears twice", k)
		}
		t.byID[k] = it
		t.order = append(t.order, k)
	}
	return t, nil
}

// Get returns the record with id k.
func (t *Table[K, V]) Get(k K) (V, bool) {
	v, ok := t.byID[k]
	return v, ok
}

// IDs returns the ids in listing order. The slice must not be modified.
func (t *Table[K, V]) IDs() []K { return t.order }

// Len is the number of records.
func (t *Table[K, V]) Len() int { return len(t.order) }

// All returns the records in listing order.
func (t *Table[K, V]) All() []V {
	out := make([]V, len(t.order))
	for i, k := range t.order {
		out[i] = t.byID[k]
	}
	return out
}

var (
	embeddedOnce  sync.Once
	embeddedWorld *World
	embeddedErr   error
)

// Embedded returns the world built from the embedded seed.json. It is built
// on the first call only.
func Embedded() (*World, error) {
	embeddedOnce.Do(func() { embeddedWorld, embeddedErr = Parse(seedJSON) })
	return embeddedWorld, embeddedErr
}

// EmbeddedSeed returns the embedded seed file, the template for --seed files.
func EmbeddedSeed() []byte { return append([]byte(nil), seedJSON...) }

// Parse builds a world from a seed file. The error names the record that is
// wrong: an unknown field, a duplicate id or a reference to an id the seed
// does not define.
func Parse(data []byte) (*World, error) {
	var s Seed
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&s); err != nil {
		return nil, fmt.Errorf("seed: %w", err)
	}
	if err := s.Generate.check(); err != nil {
		return nil, fmt.Errorf("seed: %w", err)
	}
	generate(&s)
	return build(&s)
}

func build(s *Seed) (*World, error) {
	w := &World{Defaults: s.Defaults, OrderProperties: s.OrderProperties, AddressLabels: s.AddressLabels, Logins: s.Logins}
	var errs []string
	tbl := func(name string, err error) {
		if err != nil {
			errs = append(errs, fmt.Sprintf("%s: %v", name, err))
		}
	}
	var err error
	w.Employees, err = newTable(s.Employees, func(e *Employee) string { return e.ID })
	tbl("employees", err)
	w.Vendors, err = newTable(s.Vendors, func(v *Vendor) string { return v.ID })
	tbl("vendors", err)
	w.Manufacturers, err = newTable(s.Manufacturers, func(m *Manufacturer) string { return m.ID })
	tbl("manufacturers", err)
	w.Regions, err = newTable(s.Regions, func(r *Region) string { return r.ID })
	tbl("regions", err)
	w.Services, err = newTable(s.Services, func(v *Service) string { return v.ID })
	tbl("services", err)
	w.DeviceAssets, err = newTable(s.DeviceAssets, func(d *DeviceAsset) string { return d.ID })
	tbl("deviceAssets", err)
	w.Plans, err = newTable(s.Plans, func(p *Plan) string { return p.ID })
	tbl("plans", err)
	w.CatalogDevices, err = newTable(s.CatalogDevices, func(d *CatalogDevice) string { return d.ID })
	tbl("catalogDevices", err)
	w.Accessories, err = newTable(s.Accessories, func(a *Accessory) string { return a.ID })
	tbl("accessories", err)
	w.PropertyDefs, err = newTable(s.PropertyDefs, func(p *PropertyDef) string { return p.ID })
	tbl("propertyDefs", err)
	m := &s.Mobile
	w.People, err = newTable(m.People, func(p *Person) int64 { return p.ID })
	tbl("mobile.people", err)
	w.Countries, err = newTable(m.Countries, func(c *Country) int64 { return c.ID })
	tbl("mobile.countries", err)
	w.Carriers, err = newTable(m.Carriers, func(c *Carrier) int64 { return c.ID })
	tbl("mobile.carriers", err)
	w.CarrierAccounts, err = newTable(m.CarrierAccounts, func(c *CarrierAccount) int64 { return c.ID })
	tbl("mobile.carrierAccounts", err)
	w.RefDevices, err = newTable(m.RefDevices, func(d *RefDevice) int64 { return d.ID })
	tbl("mobile.refDevices", err)
	w.BusinessRefDevices, err = newTable(m.BusinessRefDevices, func(d *BusinessRefDevice) int64 { return d.ID })
	tbl("mobile.businessRefDevices", err)
	w.MobilePlans, err = newTable(m.Plans, func(p *MobilePlan) int64 { return p.ID })
	tbl("mobile.plans", err)
	w.BusinessPlans, err = newTable(m.BusinessPlans, func(p *BusinessPlan) int64 { return p.ID })
	tbl("mobile.businessPlans", err)
	w.MobileFeatures, err = newTable(m.Features, func(f *MobileFeature) int64 { return f.ID })
	tbl("mobile.features", err)
	w.BusinessFeatures, err = newTable(m.BusinessFeatures, func(f *BusinessFeature) int64 { return f.ID })
	tbl("mobile.businessFeatures", err)
	w.MobileAccessories, err = newTable(m.Accessories, func(a *MobileAccessory) int64 { return a.ID })
	tbl("mobile.accessories", err)
	w.Lines, err = newTable(m.Lines, func(l *Line) int64 { return l.ID })
	tbl("mobile.lines", err)
	w.Devices, err = newTable(m.Devices, func(d *MobileDevice) int64 { return d.ID })
	tbl("mobile.devices", err)
	w.Programs, err = newTable(m.Programs, func(p *Program) int64 { return p.ID })
	tbl("mobile.programs", err)
	w.Memberships, err = newTable(m.ProgramMemberships, func(p *ProgramMembership) int64 { return p.ID })
	tbl("mobile.programMemberships", err)
	if len(errs) > 0 {
		return nil, fmt.Errorf("seed: %s", strings.Join(errs, "; "))
	}
	w.EmployeesByCompanyID = map[string]*Employee{}
	for _, e := range s.Employees {
		w.EmployeesByCompanyID[e.CompanyEmployeeID] = e
	}
	w.serviceBySerial = map[string]string{}
	for _, s := range s.Services {
		w.serviceBySerial[NormalizeSerial(s.Device.SerialNumber.Value)] = s.ID
	}
	w.assetSerials = map[string]*DeviceAsset{}
	for _, a := range s.DeviceAssets {
		w.assetSerials[NormalizeSerial(a.SerialNumber.Value)] = a
	}
	w.PeopleByEmployeeID = map[string]*Person{}
	for _, p := range m.People {
		if p.EmployeeID != nil {
			w.PeopleByEmployeeID[*p.EmployeeID] = p
		}
	}
	logins := map[string]bool{}
	for _, p := range m.People {
		if p.Login != nil {
			logins[*p.Login] = true
		}
	}
	for login, tenants := range s.Logins {
		if _, ok := w.EmployeesByCompanyID[login]; !ok && !logins[login] {
			errs = append(errs, fmt.Sprintf("logins: %q is neither an employee's companyEmployeeId nor a person's login", login))
		}
		for _, t := range tenants {
			if !ValidTenant(t) {
				errs = append(errs, fmt.Sprintf("logins: %q: the tenant %q is not a tenant name (%s)", login, t, TenantRule))
			}
		}
	}
	if errs := append(errs, w.checkRefs()...); len(errs) > 0 {
		sort.Strings(errs)
		return nil, fmt.Errorf("seed: %s", strings.Join(errs, "; "))
	}
	return w, nil
}

// checkRefs lists every reference to an id the world does not define.
func (w *World) checkRefs() []string {
	var errs []string
	miss := func(format string, args ...any) { errs = append(errs, fmt.Sprintf(format, args...)) }
	if _, ok := w.Employees.Get(w.Defaults.EmployeeID); !ok {
		miss("defaults.employeeId %q is not an employee", w.Defaults.EmployeeID)
	}
	if _, ok := w.Regions.Get(w.Defaults.RegionID); !ok {
		miss("defaults.regionId %q is not a region", w.Defaults.RegionID)
	}
	if _, ok := w.Vendors.Get(w.Defaults.VendorID); !ok {
		miss("defaults.vendorId %q is not a vendor", w.Defaults.VendorID)
	}
	if _, ok := w.CarrierAccounts.Get(w.Defaults.CarrierAccountID); !ok {
		miss("defaults.carrierAccountId %d is not a carrier account", w.Defaults.CarrierAccountID)
	}
	for _, id := range []int64{w.Defaults.APIPersonID, w.Defaults.AssigneePersonID} {
		if _, ok := w.People.Get(id); !ok {
			miss("defaults names person %d, who is not in mobile.people", id)
		}
	}
	for _, s := range w.Services.All() {
		if _, ok := w.Employees.Get(s.EmployeeID); !ok {
			miss("service %s: employee %q unknown", s.ID, s.EmployeeID)
		}
		if _, ok := w.Vendors.Get(s.VendorID); !ok {
			miss("service %s: vendor %q unknown", s.ID, s.VendorID)
		}
		if _, ok := w.Regions.Get(s.RegionID); !ok {
			miss("service %s: region %q unknown", s.ID, s.RegionID)
		}
		if _, ok := w.Manufacturers.Get(s.Device.ManufacturerID); !ok {
			miss("service %s: device manufacturer %q unknown", s.ID, s.Device.ManufacturerID)
		}
		if s.PlanID != "" {
			if _, ok := w.Plans.Get(s.PlanID); !ok {
				miss("service %s: plan %q unknown", s.ID, s.PlanID)
			}
		}
	}
	for _, d := range w.DeviceAssets.All() {
		if _, ok := w.Employees.Get(d.EmployeeID); !ok {
			miss("device asset %s: employee %q unknown", d.ID, d.EmployeeID)
		}
		if _, ok := w.Manufacturers.Get(d.ManufacturerID); !ok {
			miss("device asset %s: manufacturer %q unknown", d.ID, d.ManufacturerID)
		}
	}
	for _, p := range w.Plans.All() {
		if _, ok := w.Vendors.Get(p.VendorID); !ok {
			miss("plan %s: vendor %q unknown", p.ID, p.VendorID)
		}
	}
	for _, d := range w.CatalogDevices.All() {
		if _, ok := w.Vendors.Get(d.VendorID); !ok {
			miss("catalog device %s: vendor %q unknown", d.ID, d.VendorID)
		}
		if _, ok := w.Manufacturers.Get(d.ManufacturerID); !ok {
			miss("catalog device %s: manufacturer %q unknown", d.ID, d.ManufacturerID)
		}
	}
	for tt, props := range w.OrderProperties {
		for _, p := range props {
			if _, ok := w.PropertyDefs.Get(p.ID); !ok {
				miss("orderProperties %s: property %q is not in propertyDefs", tt, p.ID)
			}
		}
	}
	for _, l := range w.Lines.All() {
		if _, ok := w.People.Get(l.PersonID); !ok {
			miss("line %d: person %d unknown", l.ID, l.PersonID)
		}
		if _, ok := w.Carriers.Get(l.CarrierID); !ok {
			miss("line %d: carrier %d unknown", l.ID, l.CarrierID)
		}
		if _, ok := w.MobilePlans.Get(l.PlanID); !ok {
			miss("line %d: plan %d unknown", l.ID, l.PlanID)
		}
		if _, ok := w.RefDevices.Get(l.RefDeviceID); !ok {
			miss("line %d: ref device %d unknown", l.ID, l.RefDeviceID)
		}
	}
	for _, b := range w.BusinessRefDevices.All() {
		if _, ok := w.RefDevices.Get(b.RefDeviceID); !ok {
			miss("business ref device %d: ref device %d unknown", b.ID, b.RefDeviceID)
		}
	}
	for _, b := range w.BusinessPlans.All() {
		if _, ok := w.MobilePlans.Get(b.PlanID); !ok {
			miss("business plan %d: plan %d unknown", b.ID, b.PlanID)
		}
	}
	for _, b := range w.BusinessFeatures.All() {
		if _, ok := w.MobileFeatures.Get(b.FeatureID); !ok {
			miss("business feature %d: feature %d unknown", b.ID, b.FeatureID)
		}
	}
	for _, d := range w.Devices.All() {
		if _, ok := w.People.Get(d.PersonID); !ok {
			miss("device %d: person %d unknown", d.ID, d.PersonID)
		}
	}
	for _, m := range w.Memberships.All() {
		if _, ok := w.Programs.Get(m.ProgramID); !ok {
			miss("program membership %d: program %d unknown", m.ID, m.ProgramID)
		}
		if _, ok := w.People.Get(m.EnrolleeID); !ok {
			miss("program membership %d: person %d unknown", m.ID, m.EnrolleeID)
		}
	}
	return errs
}

// Model returns a manufacturer's model.
func (m *Manufacturer) Model(id string) (*Model, bool) {
	for _, x := range m.Models {
		if x.ID == id {
			return x, true
		}
	}
	return nil, false
}

// Feature returns the plan's optional feature with the given id.
func (p *Plan) Feature(id string) (*Feature, bool) {
	for _, f := range p.OptionalFeatures {
		if f.ID == id {
			return f, true
		}
	}
	return nil, false
}

// NormalizeSerial writes a serial number or SIM id the way they are
// compared: without spaces, in upper case (the documents write them both
// with and without spaces).
func NormalizeSerial(s string) string {
	normal := true
	for i := 0; i < len(s) && normal; i++ {
		normal = s[i] != ' ' && (s[i] < 'a' || s[i] > 'z')
	}
	if normal {
		return s
	}
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == ' ':
			continue
		case c >= 'a' && c <= 'z':
			c -= 'a' - 'A'
		}
		b = append(b, c)
	}
	return string(b)
}

// Asset returns the spare device asset with the given serial number.
func (w *World) Asset(serial string) (*DeviceAsset, bool) {
	a, ok := w.assetSerials[NormalizeSerial(serial)]
	return a, ok
}
