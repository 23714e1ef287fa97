package mobproc

import (
	"fmt"
	"math"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/mobmock/mobmock/mock/internal/op"
	"github.com/mobmock/mobmock/mock/store"
	"github.com/mobmock/mobmock/mock/world"
	"github.com/mobmock/mobmock/schemas"
)

// Register entries the MOBPROC expansion acts on (spec/DISCREPANCIES.md).
const (
	// regSwapUnknownExisting: the documented SWAP_DEVICES example names an
	// existing device that is not the one on the service.
	regSwapUnknownExisting = "MP-14"
	// regSharedExternalNumber: two documented orders share one
	// externalOrderNumber.
	regSharedExternalNumber = "MP-21"
)

// Transaction types.
const (
	ttNewActivation  = "NEW_ACTIVATION"
	ttUpgrade        = "UPGRADE"
	ttPortNumber     = "PORT_NUMBER"
	ttOrderAccessory = "ORDER_ACCESSORIES"
	ttSuspend        = "SUSPEND"
	ttUnsuspend      = "UNSUSPEND"
	ttDeactivate     = "DEACTIVATE"
	ttUpdateFeatures = "UPDATE_FEATURES"
	ttSwapDevices    = "SWAP_DEVICES"
	ttXferOut        = "XFER_SERVICE_OUT"
	ttXferIn         = "XFER_SERVICE_IN"
	ttXferInAndPort  = "XFER_SERVICE_IN_AND_PORT"
)

// dateLayout is how MOBPROC writes times.
const dateLayout = "2006-01-02T15:04:05Z"

// serviceRule says which service states a transaction type accepts.
var serviceRule = map[string][]string{
	ttUpgrade:        {world.ServiceActive},
	ttPortNumber:     {world.ServiceActive},
	ttSuspend:        {world.ServiceActive},
	ttUnsuspend:      {world.ServiceSuspended},
	ttDeactivate:     {world.ServiceActive, world.ServiceSuspended},
	ttUpdateFeatures: {world.ServiceActive},
	ttSwapDevices:    {world.ServiceActive},
	ttXferOut:        {world.ServiceActive, world.ServiceSuspended},
	ttOrderAccessory: {world.ServiceActive, world.ServiceSuspended},
}

// expander resolves an order request against a tenant's world and builds
// the confirmation and what a submission needs.
type expander struct {
	w      *world.World
	st     *world.State
	t      *store.Tenant
	r      *op.Request
	strict bool
	now    time.Time

	req   map[string]any // the orderRequest object
	tt    string
	found op.Findings

	conf    *confirmationView
	service *world.Service
	vendor  *world.Vendor
	ships   bool
	effect  effect
	segment segmentView
}

// effect is what a completed order changes in the world. Every stored
// order keeps one, so it holds ids, not copies of records.
type effect struct {
	ServiceID  string
	Status     string
	Device     *world.Device
	PlanID     string
	FeatureIDs []string
	SetFeature bool
	VendorID   string
	// NewService, when set, makes the order create a service for
	// EmployeeID in RegionID (with VendorID, PlanID, FeatureIDs, Device).
	NewService bool
	EmployeeID string
	RegionID   string
}

// expand resolves the order request of r. It returns an *op.Error holding
// every business problem found, or nil.
func (a *API) expand(r *op.Request, t *store.Tenant, submit bool) (*expander, error) {
	x := &expander{w: a.World, st: t.World, t: t, r: r, strict: a.Strict, now: r.Now.UTC()}
	body, _ := r.Body.(map[string]any)
	x.req = op.Obj(body, "orderRequest")
	x.tt = op.Str(x.req, "transactionType")
	x.conf = &confirmationView{TransactionType: x.tt, ExternalOrderNumber: op.Str(x.req, "externalOrderNumber"), PostalCode: op.Str(x.req, "postalCode")}
	x.segment = segmentView{Accessories: []segmentAccessoryView{}, Features: []segmentFeatureView{}, Plan: segmentPlanView{OptionalFeatures: []segmentFeatureView{}}}

	requester := x.requester()
	x.resolveService()
	x.resolveRegion()
	x.resolveCart()
	x.resolveDevices()
	x.resolveShipTo()
	x.resolveProperties()
	x.checkDuplicate(submit)

	holder := requester
	if x.service != nil {
		if e, ok := x.w.Employees.Get(x.service.EmployeeID); ok {
			holder = e
		}
	}
	if holder == nil {
		holder, _ = x.w.Employees.Get(x.w.Defaults.EmployeeID)
	}
	if requester == nil {
		requester = holder
	}
	x.conf.AccountHolder, x.conf.RequestedBy = employeeOf(holder), employeeOf(requester)
	x.planEffect(holder)
	if x.vendor == nil && x.service != nil {
		x.vendor, _ = x.w.Vendors.Get(x.service.VendorID)
	}
	if x.vendor == nil {
		x.vendor, _ = x.w.Vendors.Get(x.w.Defaults.VendorID)
	}
	return x, x.found.Err()
}

// requester is the employee the context headers name, if any.
func (x *expander) requester() *world.Employee {
	h := x.r.Header
	if id := h.Get("X-TNGO-CONTEXT-EMPLOYEEID"); id != "" {
		e, ok := x.w.Employees.Get(id)
		if !ok {
			x.found.AddItem(op.Item{Code: op.CodeUnknownID, Parameter: "X-TNGO-CONTEXT-EMPLOYEEID",
				Message: fmt.Sprintf("No employee has the id %q named by X-TNGO-CONTEXT-EMPLOYEEID.", id),
				Hint:    "Use the Tangoe employee id (GET /employees/{id}), or leave the header out to act as yourself."})
		}
		return e
	}
	if id := h.Get("X-TNGO-CONTEXT-COMPANYEMPLOYEEID"); id != "" {
		e, ok := x.w.EmployeesByCompanyID[id]
		if !ok {
			x.found.AddItem(op.Item{Code: op.CodeUnknownID, Parameter: "X-TNGO-CONTEXT-COMPANYEMPLOYEEID",
				Message: fmt.Sprintf("No employee has the company employee id %q named by X-TNGO-CONTEXT-COMPANYEMPLOYEEID.", id),
				Hint:    "Use the id your company assigned (for example peter.edwards.acme)."})
		}
		return e
	}
	return nil
}

func (x *expander) resolveService() {
	id := op.Str(x.req, "serviceId")
	if id == "" {
		return
	}
	svc, ok := x.st.Services.Get(id)
	if !ok {
		x.found.Add(op.CodeUnknownID, "/orderRequest/serviceId", fmt.Sprintf("No service asset has the id %q.", id),
			"List your services with GET /assets/services.")
		return
	}
	x.service = svc
	x.conf.Service = serviceOf(svc)
	x.conf.Device = serviceDeviceOf(x.w, svc)
	if allowed, ok := serviceRule[x.tt]; ok && !slices.Contains(allowed, svc.Status) {
		x.found.Add(op.CodeWrongState, "/orderRequest/serviceId",
			fmt.Sprintf("Service %s is %s; a %s order needs it %s.", id, svc.Status, x.tt, strings.Join(allowed, " or ")),
			stateHint(x.tt, svc.Status))
	}
	if open := x.t.OpenOrders(id); len(open) > 0 && x.tt != ttOrderAccessory {
		o := open[0]
		x.found.Add(op.CodeWrongState, "/orderRequest/serviceId",
			fmt.Sprintf("Service %s already has order %s (%s, %s) in progress.", id, o.ID, o.TransactionType, o.Status),
			"Wait until that order completes (GET /orders/"+o.ID+"), then send this one.")
	}
}

func stateHint(tt, status string) string {
	switch {
	case status == world.ServiceDeactivated || status == world.ServiceTransferredOut:
		return "A deactivated or transferred service cannot be changed; order a new activation instead."
	case tt == ttSuspend && status == world.ServiceSuspended:
		return "The service is already suspended; send UNSUSPEND to reactivate it."
	case tt == ttUnsuspend && status == world.ServiceActive:
		return "The service is active; there is nothing to unsuspend."
	}
	return "Check the service's status with GET /assets/services/{id}."
}

func (x *expander) resolveRegion() {
	id := op.Str(x.req, "regionId")
	at := "/orderRequest/regionId"
	if id == "" && x.service != nil {
		id, at = x.service.RegionID, ""
	}
	if id == "" {
		return
	}
	r, ok := x.w.Regions.Get(id)
	if !ok {
		if at != "" {
			hint := "List regions with GET /regions."
			if def, ok := x.w.Regions.Get(x.w.Defaults.RegionID); ok {
				hint = fmt.Sprintf("List regions with GET /regions; the %s is %s.", def.Name, def.ID)
			}
			x.found.Add(op.CodeUnknownID, at, fmt.Sprintf("No region has the id %q.", id), hint)
		}
		return
	}
	x.conf.Region = regionOf(r)
	if r.PostalCodeRequired && at != "" && x.conf.PostalCode == "" {
		x.found.Add(schemas.CodeRequired, "/orderRequest/postalCode",
			fmt.Sprintf("postalCode is required when the region is %s.", r.Name), "Add the ZIP code of the zone where the service will be used.")
	}
}

func (x *expander) resolveCart() {
	cart := op.Obj(x.req, "shoppingCart")
	if cart == nil {
		return
	}
	cv := &cartView{}
	var onetime, monthly int64
	regionID := ""
	if x.conf.Region != nil {
		regionID = x.conf.Region.ID
	}
	if id := op.Str(cart, "deviceId"); id != "" {
		d, ok := x.w.CatalogDevices.Get(id)
		if !ok {
			x.found.Add(op.CodeUnknownID, "/orderRequest/shoppingCart/deviceId", fmt.Sprintf("No catalog device has the id %q.", id), "List devices with GET /catalog/devices.")
		} else {
			m, _ := x.w.Manufacturers.Get(d.ManufacturerID)
			v, _ := x.w.Vendors.Get(d.VendorID)
			if regionID != "" && !slices.Contains(d.RegionIDs, regionID) {
				x.found.Add(op.CodeUnknownID, "/orderRequest/shoppingCart/deviceId", fmt.Sprintf("Catalog device %s is not offered in region %s.", id, regionID), "List the region's devices with GET /catalog/devices?regionId="+regionID+".")
			}
			cv.Device = cartDeviceOf(d, m, v)
			// The documented confirmation says 0; the mock counts the
			// device (register MP-12).
			cv.Quantity = 1
			onetime += cents(d.Price.Amount)
			x.vendor, x.ships = v, true
			x.segment.Device = &segmentDeviceView{Meta: cv.Device.Meta, ID: d.ID, ImageURL: d.ImageURL, Manufacturer: manufacturerOf(m), Name: d.Name, Price: d.Price}
			x.effect.Device = &world.Device{ID: fmt.Sprintf("D%d", x.now.UnixNano()%1e9), AccessMethod: "LTE", ManufacturerID: d.ManufacturerID, Model: d.ModelID,
				SerialNumber: world.SerialNumber{Type: "IMEI", Value: fakeIMEI(x.now)}, SIMID: "8914800" + fmt.Sprintf("%013d", x.now.UnixNano()%1e13)}
		}
	}
	planID := op.Str(cart, "planId")
	if planID == "" && x.tt == ttUpdateFeatures && x.service != nil {
		planID = x.service.PlanID
		if planID == "" {
			x.found.Add(op.CodeWrongState, "/orderRequest/serviceId", fmt.Sprintf("Service %s has no plan with optional features.", x.service.ID), "Change the plan first (UPGRADE with a planId).")
		}
	}
	if planID != "" {
		p, ok := x.w.Plans.Get(planID)
		if !ok {
			x.found.Add(op.CodeUnknownID, "/orderRequest/shoppingCart/planId", fmt.Sprintf("No plan has the id %q.", planID), "List plans with GET /catalog/plans.")
		} else {
			v, _ := x.w.Vendors.Get(p.VendorID)
			var chosen []*world.Feature
			ids := op.Strs(cart, "optionalFeatureIds")
			for i, fid := range ids {
				f, ok := p.Feature(fid)
				if !ok {
					x.found.Add(op.CodeNotOnPlan, fmt.Sprintf("/orderRequest/shoppingCart/optionalFeatureIds/%d", i),
						fmt.Sprintf("Feature %q is not an optional feature of plan %s (%s).", fid, p.ID, p.Name),
						"The plan's optional features are listed by GET /catalog/plans/"+p.ID+".")
					continue
				}
				chosen = append(chosen, f)
				monthly += cents(f.Price.Amount)
			}
			if cv.Device != nil && cv.Device.Vendor.ID != v.ID {
				x.found.Add(op.CodeNotOnPlan, "/orderRequest/shoppingCart/planId",
					fmt.Sprintf("Plan %s is from %s but device %s is sold by %s.", p.ID, v.Name, cv.Device.ID, cv.Device.Vendor.Name),
					"Pick a device and a plan of the same carrier.")
			}
			if x.tt != ttUpdateFeatures || op.Str(cart, "planId") != "" {
				monthly += cents(p.Price.Amount)
			}
			cv.Plan = cartPlanOf(p, v, chosen)
			if x.vendor == nil {
				x.vendor = v
			}
			x.segment.Plan = segmentPlanView{Meta: &cv.Plan.Meta, ID: p.ID, Name: p.Name, OptionalFeatures: []segmentFeatureView{}, Price: &p.Price}
			for _, f := range chosen {
				x.segment.Plan.OptionalFeatures = append(x.segment.Plan.OptionalFeatures, segmentFeatureView{Description: f.Description, ID: f.ID, Price: f.Price})
			}
			x.effect.PlanID = p.ID
			x.effect.FeatureIDs = ids
			x.effect.SetFeature = true
			if x.tt == ttUpdateFeatures {
				x.segment.Features = x.segment.Plan.OptionalFeatures
				x.segment.Plan = segmentPlanView{OptionalFeatures: []segmentFeatureView{}}
			}
		}
	}
	for i, a := range op.Arr(cart, "accessories") {
		am, _ := a.(map[string]any)
		id := op.Str(am, "accessoryId")
		acc, ok := x.w.Accessories.Get(id)
		if !ok {
			x.found.Add(op.CodeUnknownID, fmt.Sprintf("/orderRequest/shoppingCart/accessories/%d/accessoryId", i), fmt.Sprintf("No accessory has the id %q.", id), "")
			continue
		}
		qty := int64(1)
		if n, ok := op.Num(am, "quantity"); ok {
			qty = n
		}
		v, _ := x.w.Vendors.Get(acc.VendorID)
		cv.Accessories = append(cv.Accessories, cartAccessoryView{Accessory: catalogAccessoryOf(acc), Quantity: int(qty)})
		x.segment.Accessories = append(x.segment.Accessories, segmentAccessoryView{Meta: &meta{Base + "/catalog/accessories/" + url.PathEscape(acc.ID)},
			ID: acc.ID, Name: acc.Name, Price: acc.Price, Quantity: int(qty)})
		onetime += cents(acc.Price.Amount) * qty
		x.ships = true
		if x.vendor == nil {
			x.vendor = v
		}
	}
	x.conf.ShoppingCart = cv
	if onetime > 0 {
		x.conf.CostSummary = append(x.conf.CostSummary, world.Money{Amount: float64(onetime) / 100, CurrencyCode: "USD", Recurrence: "ONETIME"})
	}
	if monthly > 0 {
		x.conf.CostSummary = append(x.conf.CostSummary, world.Money{Amount: float64(monthly) / 100, CurrencyCode: "USD", Recurrence: "MONTHLY"})
	}
}

func cents(a float64) int64 { return int64(math.Round(a * 100)) }

func fakeIMEI(t time.Time) string { return fmt.Sprintf("35%013d", t.UnixNano()%1e13) }

// resolveDevices expands newDevice and existingDevice (SWAP_DEVICES,
// XFER_SERVICE_IN) and checks the existing one is the service's.
func (x *expander) resolveDevices() {
	if nd := op.Obj(x.req, "newDevice"); nd != nil {
		v, ok := x.requestDevice(nd, "/orderRequest/newDevice")
		if ok {
			x.conf.NewDevice = v
			x.effect.Device = &world.Device{AccessMethod: "LTE", ManufacturerID: v.Manufacturer.ID, Model: v.Model.Name,
				SerialNumber: v.SerialNumber, SIMID: x.currentSIM()}
			if v.OtherMakeModelName != "" {
				x.effect.Device.Model = v.OtherMakeModelName
			}
			x.checkNewDevice(v)
		}
	}
	ed := op.Obj(x.req, "existingDevice")
	if ed == nil {
		return
	}
	v, ok := x.requestDevice(ed, "/orderRequest/existingDevice")
	if !ok {
		return
	}
	x.conf.ExistingDevice = v
	if x.tt == ttXferIn {
		x.effect.Device = &world.Device{ID: fmt.Sprintf("%d", 36200000+x.now.UnixNano()%1e6), AccessMethod: "LTE",
			ManufacturerID: v.Manufacturer.ID, Model: v.Model.Name, SerialNumber: v.SerialNumber, SIMID: v.SIMID}
	}
	if x.service == nil || sameSerial(v.SerialNumber.Value, x.service.Device.SerialNumber.Value) ||
		(v.SIMID != "" && sameSerial(v.SIMID, x.service.Device.SIMID)) {
		return
	}
	// The existing device is not the service's. The documented example does
	// exactly that with an unmanaged ("Other") device nobody owns: lenient
	// accepts that case with a warning; anything else, or strict, is an error.
	msg := fmt.Sprintf("The existing device (serial %s) is not the device on service %s (serial %s).",
		strings.TrimSpace(v.SerialNumber.Value), x.service.ID, strings.TrimSpace(x.service.Device.SerialNumber.Value))
	if !x.strict && v.Manufacturer.ID == "Other" && !x.knownSerial(v.SerialNumber.Value) {
		x.found.Warn("/orderRequest/existingDevice/serialNumber/value", op.CodeDeviceMismatch, msg, regSwapUnknownExisting)
		return
	}
	hint := "Name the device the service is on now (GET /assets/services/" + x.service.ID + " shows it)."
	if x.strict && v.Manufacturer.ID == "Other" && !x.knownSerial(v.SerialNumber.Value) {
		x.found.Refuse(regSwapUnknownExisting, op.CodeDeviceMismatch, "/orderRequest/existingDevice/serialNumber/value", msg, hint)
		return
	}
	x.found.Add(op.CodeDeviceMismatch, "/orderRequest/existingDevice/serialNumber/value", msg, hint)
}

// checkNewDevice applies register MP-14 to the device a swap moves to: it
// must be a device asset of the service's account holder that no other
// service runs on, and not the device the service is on now.
func (x *expander) checkNewDevice(v *requestDeviceView) {
	if x.service == nil {
		return
	}
	at := "/orderRequest/newDevice/serialNumber/value"
	serial := v.SerialNumber.Value
	if sameSerial(serial, x.service.Device.SerialNumber.Value) {
		x.found.Add(op.CodeDeviceMismatch, at, fmt.Sprintf("The new device is the device already on service %s.", x.service.ID), "Name the device the service should move to.")
		return
	}
	if s, ok := x.st.ServiceWithSerial(serial); ok && s.ID != x.service.ID {
		x.found.Add(op.CodeDeviceMismatch, at, fmt.Sprintf("Device %s is in use by service %s.", strings.TrimSpace(serial), s.ID),
			"A service can only move to a spare device of its account holder.")
		return
	}
	if a, ok := x.w.Asset(serial); ok && a.EmployeeID == x.service.EmployeeID {
		return
	}
	x.found.Add(op.CodeDeviceMismatch, at, fmt.Sprintf("Device %s is not a device asset of the service's account holder.", strings.TrimSpace(serial)),
		"Both devices of a swap must be known assets in the possession of the user (GET /assets/services shows the current one).")
}

func (x *expander) currentSIM() string {
	if x.service != nil {
		return x.service.Device.SIMID
	}
	return ""
}

func sameSerial(a, b string) bool {
	a = world.NormalizeSerial(a)
	return a != "" && a == world.NormalizeSerial(b)
}

// knownSerial reports whether a serial number belongs to any device on the
// tenant's services.
func (x *expander) knownSerial(serial string) bool {
	_, onService := x.st.ServiceWithSerial(serial)
	_, spare := x.w.Asset(serial)
	return onService || spare
}

func (x *expander) requestDevice(d map[string]any, at string) (*requestDeviceView, bool) {
	mid, modelID := op.Str(d, "manufacturerId"), op.Str(d, "modelId")
	m, ok := x.w.Manufacturers.Get(mid)
	if !ok {
		x.found.Add(op.CodeUnknownID, at+"/manufacturerId", fmt.Sprintf("No manufacturer has the id %q.", mid),
			"List manufacturers with GET /manufacturers, or use Other with otherMakeModelName.")
		return nil, false
	}
	model, ok := m.Model(modelID)
	if !ok {
		x.found.Add(op.CodeUnknownID, at+"/modelId", fmt.Sprintf("Manufacturer %s has no model %q.", m.Name, modelID),
			"List its models with GET /manufacturers/"+m.ID+", or use Other with otherMakeModelName.")
		return nil, false
	}
	sn := op.Obj(d, "serialNumber")
	return &requestDeviceView{Manufacturer: manufacturerOf(m), Model: modelOf(m, model.ID, model.Name),
		OtherMakeModelName: op.Str(d, "otherMakeModelName"), SerialNumber: world.SerialNumber{Type: op.Str(sn, "type"), Value: op.Str(sn, "value")},
		SIMID: op.Str(d, "simId")}, true
}

func (x *expander) resolveShipTo() {
	st := op.Obj(x.req, "shipTo")
	if st == nil {
		return
	}
	v := &shipToView{Name: op.Str(st, "name"), Address: []addressLineView{}}
	if e, ok := op.Bool(st, "expedite"); ok {
		v.Expedite = &e
	}
	if id := op.Str(st, "regionId"); id != "" {
		if r, ok := x.w.Regions.Get(id); ok {
			v.Region = regionOf(r)
		} else {
			x.found.Add(op.CodeUnknownID, "/orderRequest/shipTo/regionId", fmt.Sprintf("No region has the id %q.", id), "List regions with GET /regions.")
		}
	}
	for _, a := range op.Arr(st, "address") {
		am, _ := a.(map[string]any)
		id := op.Str(am, "id")
		v.Address = append(v.Address, addressLineView{ID: id, Label: x.w.AddressLabels[id], Value: op.Str(am, "value")})
	}
	x.conf.ShipTo = v
	x.ships = true
}

func (x *expander) resolveProperties() {
	props := x.w.OrderProperties[x.tt] // a handful: searched, not indexed
	applies := func(id string) bool {
		return slices.ContainsFunc(props, func(p world.OrderProperty) bool { return p.ID == id })
	}
	var given []string
	for gi, g := range op.Arr(x.req, "properties") {
		gm, _ := g.(map[string]any)
		gv := propertyGroupView{GroupID: op.Str(gm, "groupId"), Fields: []propertyFieldView{}}
		for fi, f := range op.Arr(gm, "fields") {
			fm, _ := f.(map[string]any)
			at := func(member string) string {
				return fmt.Sprintf("/orderRequest/properties/%d/fields/%d/%s", gi, fi, member)
			}
			id, typ := op.Str(fm, "id"), op.Str(fm, "type")
			given = append(given, id)
			// Whether the property applies and has the right type is a
			// payload rule (package schemas) that already held.
			def, known := x.w.PropertyDefs.Get(id)
			if !known || !applies(id) || def.Type != typ {
				continue
			}
			fv := propertyFieldView{ID: id, Label: def.Label, Type: typ}
			switch typ {
			case "TEXT":
				t := op.Str(fm, "text")
				fv.Text = &t
			case "CHOICE":
				cid := op.Str(op.Obj(fm, "choice"), "id")
				if !x.validChoice(def, cid) {
					x.found.Add(op.CodeUnknownID, at("choice/id"), fmt.Sprintf("%q is not a choice of %s.", cid, id), choiceHint(def))
				}
				fv.Choice = &choiceView{ID: cid}
			case "DATE":
				d := op.Str(fm, "date")
				if t, err := time.Parse(time.RFC3339, d); err == nil {
					// Dates come back in UTC (the documents send +00:00 and
					// answer Z; see the register).
					d = t.UTC().Format(dateLayout)
				}
				fv.Date = d
			}
			gv.Fields = append(gv.Fields, fv)
		}
		x.conf.Properties = append(x.conf.Properties, gv)
	}
}

func (x *expander) validChoice(def *world.PropertyDef, id string) bool {
	for _, c := range def.Choices {
		if c == "*people" {
			if _, ok := x.w.EmployeesByCompanyID[id]; ok {
				return true
			}
			continue
		}
		if c == id {
			return true
		}
	}
	return false
}

func choiceHint(def *world.PropertyDef) string {
	if slices.Contains(def.Choices, "*people") {
		return "Give an employee's company employee id, for example peter.edwards.acme."
	}
	return "Choices: " + strings.Join(def.Choices, ", ") + "."
}

// checkDuplicate applies register MP-21: confirmations never conflict; a
// submission with an externalOrderNumber the tenant already used is 409 in
// strict mode, and in lenient mode only when that order is still open on
// the same service (two documented orders share a number).
func (x *expander) checkDuplicate(submit bool) {
	n := x.conf.ExternalOrderNumber
	if n == "" || !submit {
		return
	}
	for _, o := range x.t.OrdersByExternal(n) {
		open := o.Status != statusCompleted && o.Status != "CANCELLED"
		sameService := x.service != nil && o.ServiceID == x.service.ID
		if x.strict || (open && sameService) {
			msg := fmt.Sprintf("Order %s already has the externalOrderNumber %q.", o.ID, n)
			hint := "Use a new externalOrderNumber for each order; GET /orders?externalOrderNumber=" + url.QueryEscape(n) + " shows the existing one."
			if open && sameService {
				x.found.Add(op.CodeDuplicate, "/orderRequest/externalOrderNumber", msg, hint)
			} else {
				x.found.Refuse(regSharedExternalNumber, op.CodeDuplicate, "/orderRequest/externalOrderNumber", msg, hint)
			}
			return
		}
		x.found.Warn("/orderRequest/externalOrderNumber", op.CodeDuplicate,
			fmt.Sprintf("Order %s already has the externalOrderNumber %q; accepted because it is for another service or complete.", o.ID, n),
			regSharedExternalNumber)
		return
	}
}

// planEffect says what the order changes when it completes.
func (x *expander) planEffect(holder *world.Employee) {
	e := &x.effect
	if x.service != nil {
		e.ServiceID = x.service.ID
	}
	switch x.tt {
	case ttSuspend:
		e.Status = world.ServiceSuspended
	case ttUnsuspend:
		e.Status = world.ServiceActive
	case ttDeactivate:
		e.Status = world.ServiceDeactivated
	case ttXferOut:
		e.Status = world.ServiceTransferredOut
	case ttPortNumber:
		if x.vendor != nil {
			e.VendorID = x.vendor.ID
		}
	case ttNewActivation, ttXferIn, ttXferInAndPort:
		region := x.w.Defaults.RegionID
		if x.conf.Region != nil {
			region = x.conf.Region.ID
		}
		vendor := x.w.Defaults.VendorID
		if x.vendor != nil {
			vendor = x.vendor.ID
		}
		e.NewService, e.EmployeeID, e.RegionID, e.VendorID = true, holder.ID, region, vendor
	}
}
