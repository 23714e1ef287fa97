package mobproc

import (
	"net/url"

	"github.com/mobmock/mobmock/mock/world"
)

// MOBPROC response shapes. Fields are declared in the order the documents
// print them (alphabetical), so the mock's answers read like the examples.
// Links are paths under the API base; the answer makes them absolute.

const mobprocBase = "/mobproc/v1"

type meta struct {
	Href string `json:"href"`
}

type employeeView struct {
	Meta              meta             `json:"_meta"`
	CompanyEmployeeID string           `json:"companyEmployeeId"`
	Department        world.Department `json:"department"`
	Email             string           `json:"email"`
	FirstName         string           `json:"firstName"`
	ID                string           `json:"id"`
	LastName          string           `json:"lastName"`
	OfficePhone       string           `json:"officePhone"`
	Status            string           `json:"status"`
}

type manufacturerView struct {
	Meta    meta   `json:"_meta"`
	ID      string `json:"id"`
	LogoURL string `json:"logoUrl"`
	Name    string `json:"name"`
}

type modelView struct {
	Meta meta   `json:"_meta"`
	ID   string `json:"id"`
	Name string `json:"name"`
}

type regionView struct {
	Meta meta   `json:"_meta"`
	ID   string `json:"id"`
	Name string `json:"name"`
}

type vendorView struct {
	Meta    meta   `json:"_meta"`
	ID      string `json:"id"`
	LogoURL string `json:"logoUrl"`
	Name    string `json:"name"`
}

// serviceDeviceView is the device currently on a service (confirmation
// "device").
type serviceDeviceView struct {
	AccessMethod   string             `json:"accessMethod"`
	CompanyAssetID string             `json:"companyAssetId"`
	ID             string             `json:"id"`
	MACAddress     string             `json:"macAddress"`
	Manufacturer   manufacturerView   `json:"manufacturer"`
	Model          string             `json:"model"`
	SerialNumber   world.SerialNumber `json:"serialNumber"`
	SIMID          string             `json:"simId"`
}

type serviceView struct {
	Meta          meta                `json:"_meta"`
	ContractDates world.ContractDates `json:"contractDates"`
	ID            string              `json:"id"`
	ServiceNumber string              `json:"serviceNumber"`
	Status        string              `json:"status"`
}

// requestDeviceView is a device named in the request (newDevice,
// existingDevice), expanded.
type requestDeviceView struct {
	Manufacturer       manufacturerView   `json:"manufacturer"`
	Model              modelView          `json:"model"`
	OtherMakeModelName string             `json:"otherMakeModelName,omitempty"`
	SerialNumber       world.SerialNumber `json:"serialNumber"`
	SIMID              string             `json:"simId,omitempty"`
}

type choiceView struct {
	ID string `json:"id"`
}

type propertyFieldView struct {
	Choice *choiceView `json:"choice,omitempty"`
	Date   string      `json:"date,omitempty"`
	ID     string      `json:"id"`
	Label  string      `json:"label"`
	Text   *string     `json:"text,omitempty"`
	Type   string      `json:"type"`
}

type propertyGroupView struct {
	Fields  []propertyFieldView `json:"fields"`
	GroupID string              `json:"groupId"`
}

type addressLineView struct {
	ID    string `json:"id"`
	Label string `json:"label"`
	Value string `json:"value"`
}

type shipToView struct {
	Address  []addressLineView `json:"address"`
	Expedite *bool             `json:"expedite,omitempty"`
	Name     string            `json:"name,omitempty"`
	Region   *regionView       `json:"region,omitempty"`
}

type cartDeviceView struct {
	Meta         meta             `json:"_meta"`
	ID           string           `json:"id"`
	ImageURL     string           `json:"imageUrl"`
	Manufacturer manufacturerView `json:"manufacturer"`
	Name         string           `json:"name"`
	Price        world.Money      `json:"price"`
	Vendor       vendorView       `json:"vendor"`
}

type includedFeatureView struct {
	Description string `json:"description"`
}

type optionalFeatureView struct {
	Description string      `json:"description"`
	ID          string      `json:"id"`
	Price       world.Money `json:"price"`
}

type cartPlanView struct {
	Meta             meta                  `json:"_meta"`
	ID               string                `json:"id"`
	IncludedFeatures []includedFeatureView `json:"includedFeatures"`
	Name             string                `json:"name"`
	OptionalFeatures []optionalFeatureView `json:"optionalFeatures"`
	Price            world.Money           `json:"price"`
	Vendor           vendorView            `json:"vendor"`
}

type catalogAccessoryView struct {
	Meta     meta        `json:"_meta"`
	ID       string      `json:"id"`
	ImageURL string      `json:"imageUrl,omitempty"`
	Name     string      `json:"name"`
	Price    world.Money `json:"price"`
}

type cartAccessoryView struct {
	Accessory catalogAccessoryView `json:"accessory"`
	Quantity  int                  `json:"quantity"`
}

type cartView struct {
	Accessories []cartAccessoryView `json:"accessories,omitempty"`
	Device      *cartDeviceView     `json:"device,omitempty"`
	Plan        *cartPlanView       `json:"plan,omitempty"`
	Quantity    int                 `json:"quantity"`
}

type confirmationView struct {
	AccountHolder       *employeeView       `json:"accountHolder"`
	CostSummary         []world.Money       `json:"costSummary,omitempty"`
	Device              *serviceDeviceView  `json:"device,omitempty"`
	ExistingDevice      *requestDeviceView  `json:"existingDevice,omitempty"`
	ExternalOrderNumber string              `json:"externalOrderNumber,omitempty"`
	NewDevice           *requestDeviceView  `json:"newDevice,omitempty"`
	PostalCode          string              `json:"postalCode,omitempty"`
	Properties          []propertyGroupView `json:"properties,omitempty"`
	Region              *regionView         `json:"region,omitempty"`
	RequestedBy         *employeeView       `json:"requestedBy"`
	Service             *serviceView        `json:"service,omitempty"`
	ShipTo              *shipToView         `json:"shipTo,omitempty"`
	ShoppingCart        *cartView           `json:"shoppingCart,omitempty"`
	TransactionType     string              `json:"transactionType"`
}

type confirmationBody struct {
	OrderConfirmation *confirmationView `json:"orderConfirmation"`
	Status            string            `json:"status"`
}

type segmentMeta struct {
	HrefHistory   string `json:"hrefHistory"`
	HrefShipments string `json:"hrefShipments"`
}

type segmentDeviceView struct {
	Meta         meta             `json:"_meta"`
	ID           string           `json:"id"`
	ImageURL     string           `json:"imageUrl"`
	Manufacturer manufacturerView `json:"manufacturer"`
	Name         string           `json:"name"`
	Price        world.Money      `json:"price"`
}

type segmentFeatureView struct {
	Description string      `json:"description"`
	ID          string      `json:"id,omitempty"`
	Price       world.Money `json:"price"`
}

type segmentPlanView struct {
	Meta             *meta                `json:"_meta,omitempty"`
	ID               string               `json:"id,omitempty"`
	Name             string               `json:"name,omitempty"`
	OptionalFeatures []segmentFeatureView `json:"optionalFeatures"`
	Price            *world.Money         `json:"price,omitempty"`
}

type segmentAccessoryView struct {
	Meta     *meta       `json:"_meta,omitempty"`
	ID       string      `json:"id"`
	Name     string      `json:"name"`
	Price    world.Money `json:"price"`
	Quantity int         `json:"quantity"`
}

type segmentView struct {
	Meta           segmentMeta            `json:"_meta"`
	Accessories    []segmentAccessoryView `json:"accessories"`
	Device         *segmentDeviceView     `json:"device,omitempty"`
	Features       []segmentFeatureView   `json:"features"`
	OrderSegmentID string                 `json:"orderSegmentId"`
	Plan           segmentPlanView        `json:"plan"`
	Status         string                 `json:"status"`
	Vendor         vendorView             `json:"vendor"`
}

type segmentsView struct {
	Items []*segmentView `json:"items"`
}

type orderView struct {
	Meta                meta                `json:"_meta"`
	AccountHolder       *employeeView       `json:"accountHolder"`
	DateSubmitted       string              `json:"dateSubmitted"`
	ExternalOrderNumber string              `json:"externalOrderNumber,omitempty"`
	OrderID             string              `json:"orderId"`
	OrderSegments       segmentsView        `json:"orderSegments"`
	Properties          []propertyGroupView `json:"properties"`
	RequestedBy         *employeeView       `json:"requestedBy"`
	ServiceNumber       string              `json:"serviceNumber,omitempty"`
	ShipTo              shipToView          `json:"shipTo"`
	Status              string              `json:"status"`
	TransactionType     string              `json:"transactionType"`
}

// Expansions of world records into views.

func employeeOf(e *world.Employee) *employeeView {
	return &employeeView{
		Meta: meta{mobprocBase + "/employees/" + url.PathEscape(e.ID)}, CompanyEmployeeID: e.CompanyEmployeeID,
		Department: e.Department, Email: e.Email, FirstName: e.FirstName, ID: e.ID, LastName: e.LastName,
		OfficePhone: e.OfficePhone, Status: e.Status,
	}
}

func manufacturerOf(m *world.Manufacturer) manufacturerView {
	return manufacturerView{Meta: meta{mobprocBase + "/manufacturers/" + url.PathEscape(m.ID)}, ID: m.ID, LogoURL: m.LogoURL, Name: m.Name}
}

// modelOf links a model by its own id (the documents' example links the
// model "iPhone 6 (64GB) - Space Gray" as .../models/Apple; see the register).
func modelOf(m *world.Manufacturer, id, name string) modelView {
	return modelView{Meta: meta{mobprocBase + "/manufacturers/" + url.PathEscape(m.ID) + "/models/" + url.PathEscape(id)}, ID: id, Name: name}
}

func regionOf(r *world.Region) *regionView {
	return &regionView{Meta: meta{mobprocBase + "/regions/" + url.PathEscape(r.ID)}, ID: r.ID, Name: r.Name}
}

func vendorOf(v *world.Vendor) vendorView {
	return vendorView{Meta: meta{mobprocBase + "/vendors/" + url.PathEscape(v.ID)}, ID: v.ID, LogoURL: v.LogoURL, Name: v.Name}
}

func serviceOf(s *world.Service) *serviceView {
	return &serviceView{Meta: meta{mobprocBase + "/assets/services/" + url.PathEscape(s.ID)}, ContractDates: s.ContractDates,
		ID: s.ID, ServiceNumber: s.ServiceNumber, Status: s.Status}
}

// serviceDeviceOf is the device on a service, its manufacturer expanded.
func serviceDeviceOf(w *world.World, s *world.Service) *serviceDeviceView {
	d := s.Device
	v := &serviceDeviceView{AccessMethod: d.AccessMethod, CompanyAssetID: d.CompanyAssetID, ID: d.ID, MACAddress: d.MACAddress,
		Model: d.Model, SerialNumber: d.SerialNumber, SIMID: d.SIMID}
	if m, ok := w.Manufacturers.Get(d.ManufacturerID); ok {
		v.Manufacturer = manufacturerOf(m)
	}
	return v
}

func cartDeviceOf(d *world.CatalogDevice, m *world.Manufacturer, v *world.Vendor) *cartDeviceView {
	return &cartDeviceView{Meta: meta{mobprocBase + "/catalog/devices/" + url.PathEscape(d.ID)}, ID: d.ID, ImageURL: d.ImageURL,
		Manufacturer: manufacturerOf(m), Name: d.Name, Price: d.Price, Vendor: vendorOf(v)}
}

func catalogAccessoryOf(a *world.Accessory) catalogAccessoryView {
	return catalogAccessoryView{Meta: meta{mobprocBase + "/catalog/accessories/" + url.PathEscape(a.ID)}, ID: a.ID, ImageURL: a.ImageURL, Name: a.Name, Price: a.Price}
}

func cartPlanOf(p *world.Plan, v *world.Vendor, features []*world.Feature) *cartPlanView {
	pv := &cartPlanView{Meta: meta{mobprocBase + "/catalog/plans/" + url.PathEscape(p.ID)}, ID: p.ID, Name: p.Name,
		Price: p.Price, Vendor: vendorOf(v), IncludedFeatures: []includedFeatureView{}, OptionalFeatures: []optionalFeatureView{}}
	for _, f := range p.IncludedFeatures {
		pv.IncludedFeatures = append(pv.IncludedFeatures, includedFeatureView{Description: f})
	}
	for _, f := range features {
		pv.OptionalFeatures = append(pv.OptionalFeatures, optionalFeatureView{Description: f.Description, ID: f.ID, Price: f.Price})
	}
	return pv
}
