package mobile

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/mobmock/mobmock/mock/internal/op"
	"github.com/mobmock/mobmock/mock/store"
	"github.com/mobmock/mobmock/mock/world"
	"github.com/mobmock/mobmock/schemas"
)

// Register entries the Mobile rules act on (spec/DISCREPANCIES.md).
const (
	// regLineStateExamples: the Unsuspend and Reactivate examples target
	// line 807778, which every other example uses as an active line.
	regLineStateExamples = "MB-30"
	// regSameOwner: the Line Assignment example assigns the line to the
	// person who already owns it.
	regSameOwner = "MB-21"
)

// builder resolves an activity request against a tenant's world.
type builder struct {
	r      *op.Request
	strict bool
	t      *store.Tenant
	w      *world.World
	st     *world.State
	act    map[string]any
	top    map[string]any
	typ    *activityType
	now    time.Time
	found  op.Findings
	view   *activityView
	effect effect
	line   *world.Line
	person *world.Person
	// flow is the states this activity goes through (its type's flow,
	// with approval and sleep as the request asks).
	flow []string
	// wake is the date a sleeping activity opens again.
	wake time.Time
}

// newView is a new activity of typ in its first state at now, before the
// request's attributes fill it.
func (a *API) newView(typ *activityType, state string, now time.Time) *activityView {
	created := now.Format(mobileTime)
	v := &activityView{
		ActivityTypeID: typ.id, State: state, BusinessID: a.World.Defaults.BusinessID, AssignedToID: a.World.Defaults.AssigneePersonID,
		CreatedAt: created, UpdatedAt: created, ApprovedAt: &created, Currency: "USD",
		ActivityDetails: detailsView{Name: typ.name}, FieldData: map[string]any{}, CustomFields: []customFieldView{},
		BusinessFeatures: []featureView{}, RemovedFeatures: []featureView{}, ActivityFeatures: []featureView{},
		CallbackLogs: []any{}, AccessoryOrderItems: []accessoryItemView{}, IsUnsuspend: typ.unsuspend,
	}
	if state == stAwaitApproval {
		v.ApprovedAt = nil // approved when it moves on
	}
	return v
}

// build resolves the activity request of r against the tenant's world. It
// returns an *op.Error holding every business problem found, or nil.
func (a *API) build(r *op.Request, t *store.Tenant) (*builder, error) {
	top, _ := r.Body.(map[string]any)
	act := op.Obj(top, "activity")
	tid, _ := op.Num(act, "activity_type_id")
	b := &builder{r: r, strict: a.Strict, t: t, w: a.World, st: t.World, act: act, top: top, typ: activityTypes[int(tid)], now: r.Now.UTC()}
	if b.typ == nil {
		return nil, op.Fail(schemas.CodeEnum, fmt.Sprintf("%d is not an activity type.", tid), "See the 31 types in /openapi/mobile.yaml.").At("/activity/activity_type_id")
	}
	b.flow = b.typ.flowFor(act)
	b.view = a.newView(b.typ, b.flow[0], b.now)
	b.resolvePeople()
	b.resolveLine()
	b.resolveCatalog()
	b.resolveAddresses()
	b.resolveOther()
	b.planEffect()
	return b, b.found.Err()
}

// resolvePeople finds the employee the activity is for and who creates it.
func (b *builder) resolvePeople() {
	w := b.w
	b.view.AssignedTo, _ = w.People.Get(w.Defaults.AssigneePersonID)
	creator, _ := w.People.Get(w.Defaults.APIPersonID)
	if b.r.Subject.Person != 0 {
		if p, ok := w.People.Get(b.r.Subject.Person); ok {
			creator = p
		}
	}
	b.view.CreatedBy, b.view.CreatedByID = creator, creator.ID
	emp := op.Str(b.act, "employee_id")
	if emp == "" {
		return // Device Swap's example has none: the line's owner is used.
	}
	p, ok := w.PeopleByEmployeeID[emp]
	if !ok {
		b.found.Add(op.CodeUnknownID, "/activity/employee_id", fmt.Sprintf("No person has the employee id %q.", emp),
			"Look people up with GET /1/people or /1/people/find_one?employee_id=...")
		return
	}
	b.setPerson(p)
}

func (b *builder) setPerson(p *world.Person) {
	b.person = p
	b.view.CreatedFor, b.view.CreatedForID = p, p.ID
}

// resolveLine checks the line exists, belongs to the employee and is in a
// state the activity accepts.
func (b *builder) resolveLine() {
	id, ok := op.Num(b.act, "line_id")
	if !ok {
		// employee_id or line_id is a payload rule (package schemas).
		return
	}
	l, found := b.st.Lines.Get(id)
	if !found {
		b.found.Add(op.CodeUnknownID, "/activity/line_id", fmt.Sprintf("No line has the id %d.", id), "List the employee's lines with GET /1/lines?employee_id=...")
		return
	}
	b.line = l
	b.view.LineID = &l.ID
	if b.person == nil {
		if p, ok := b.w.People.Get(l.PersonID); ok {
			b.setPerson(p)
		}
	} else if l.PersonID != b.person.ID {
		b.found.Add(op.CodeNotOwner, "/activity/line_id", fmt.Sprintf("Line %d does not belong to employee %s.", id, op.Str(b.act, "employee_id")),
			"List the employee's lines with GET /1/lines?employee_id="+op.Str(b.act, "employee_id")+".")
		return
	}
	if rule := b.typ.lineRule; len(rule) > 0 && !slices.Contains(rule, l.Status) {
		msg := fmt.Sprintf("Line %d is %s; %s needs it %s.", id, l.Status, b.typ.name, strings.Join(rule, " or "))
		// The Unsuspend and Reactivate examples target a line that the other
		// examples need active: lenient lets that through as a no-op.
		switch {
		case !b.strict && l.Status == world.LineActive && b.typ.lenientOnActive:
			b.found.Warn("/activity/line_id", op.CodeWrongState, msg+" Nothing will change.", regLineStateExamples)
		case l.Status == world.LineActive && b.typ.lenientOnActive:
			b.found.Refuse(regLineStateExamples, op.CodeWrongState, "/activity/line_id", msg, b.typ.stateHint(l.Status))
		default:
			b.found.Add(op.CodeWrongState, "/activity/line_id", msg, b.typ.stateHint(l.Status))
		}
	}
	if b.typ.changesLine {
		page, _ := b.t.Activities(store.ActivityFilter{LineID: id}, 0, 50)
		for _, a := range page {
			if typ := activityTypes[a.TypeID]; typ.changesLine && !a.Body.Done() {
				b.found.Add(op.CodeWrongState, "/activity/line_id",
					fmt.Sprintf("Line %d already has activity %d (%s, %s) open.", id, a.ID, typ.name, a.State),
					"Wait until it completes (GET /1/activities/"+strconv.FormatInt(a.ID, 10)+").")
				break
			}
		}
	}
}

func (b *builder) resolveCatalog() {
	w, v := b.w, b.view
	if id, ok := op.Num(b.act, "carrier_id"); ok {
		if _, found := w.Carriers.Get(id); !found {
			b.found.Add(op.CodeUnknownID, "/activity/carrier_id", fmt.Sprintf("No carrier has the id %d.", id), "List carriers with GET /1/carriers.")
		} else {
			v.CarrierID = &id
		}
	} else if b.line != nil {
		v.CarrierID = &b.line.CarrierID
	}
	if id, ok := op.Num(b.act, "carrier_account_id"); ok {
		if _, found := w.CarrierAccounts.Get(id); !found {
			b.found.Add(op.CodeUnknownID, "/activity/carrier_account_id", fmt.Sprintf("No carrier account has the id %d.", id), "List carrier accounts with GET /1/carrier_accounts.")
		} else {
			v.CarrierAccountID = &id
			if b.line != nil {
				orig := b.line.CarrierAccountID
				v.OriginalCarrierAccountID = &orig
			}
		}
	}
	refID, refAt := int64(0), ""
	if id, ok := op.Num(b.act, "business_ref_device_id"); ok {
		if brd, found := w.BusinessRefDevices.Get(id); !found {
			b.found.Add(op.CodeUnknownID, "/activity/business_ref_device_id", fmt.Sprintf("No business device has the id %d.", id), "List offered devices with GET /1/business_ref_devices.")
		} else {
			refID, refAt = brd.RefDeviceID, "business"
			v.DeviceCostCents = brd.CostCents
		}
	}
	for _, key := range []string{"ref_device_id", "replacement_ref_device_id"} {
		if id, ok := op.Num(b.act, key); ok {
			if rd, found := w.RefDevices.Get(id); !found {
				b.found.Add(op.CodeUnknownID, "/activity/"+key, fmt.Sprintf("No device model has the id %d.", id), "List devices with GET /1/business_ref_devices.")
			} else {
				refID, refAt = id, key
				if refAt != "business" {
					v.DeviceCostCents = rd.CostCents
				}
			}
		}
	}
	if refID != 0 {
		rd, _ := w.RefDevices.Get(refID)
		v.RefDeviceID, v.ReplacementRefDeviceID = &refID, &refID
		v.RefDevice = refDeviceOf(rd)
		if b.line != nil && b.typ.showsExistingDevice {
			old := b.line.RefDeviceID
			v.ExistingRefDeviceID = &old
		}
		b.effect.RefDeviceID = refID
	}
	planID := int64(0)
	for _, key := range []string{"business_plan_id", "plan_id"} {
		id, ok := op.Num(b.act, key)
		if !ok {
			continue
		}
		if key == "business_plan_id" {
			bp, found := w.BusinessPlans.Get(id)
			if !found {
				b.found.Add(op.CodeUnknownID, "/activity/business_plan_id", fmt.Sprintf("No business plan has the id %d.", id), "List offered plans with GET /1/business_plans.")
				continue
			}
			id = bp.PlanID
		} else if _, found := w.MobilePlans.Get(id); !found {
			b.found.Add(op.CodeUnknownID, "/activity/plan_id", fmt.Sprintf("No plan has the id %d.", id), "List plans with GET /1/business_plans.")
			continue
		}
		planID = id
		break
	}
	if planID != 0 {
		p, _ := w.MobilePlans.Get(planID)
		v.PlanID, v.Plan, v.PlanCostCents = &planID, planOf(p), p.CostCents
		if b.line != nil && b.typ.showsExistingPlan {
			old := b.line.PlanID
			v.ExistingPlanID, v.ReplacementPlanID = &old, &planID
		}
		b.effect.PlanID = planID
	}
	for i, id := range op.Nums(b.act, "business_feature_ids") {
		bf, found := w.BusinessFeatures.Get(id)
		if !found {
			b.found.Add(op.CodeUnknownID, fmt.Sprintf("/activity/business_feature_ids/%d", i), fmt.Sprintf("No business feature has the id %d.", id), "List offered features with GET /1/business_features.")
			continue
		}
		f, _ := w.MobileFeatures.Get(bf.FeatureID)
		v.BusinessFeatures = append(v.BusinessFeatures, featureView{ID: bf.ID, Name: f.Name, CostCents: f.CostCents})
		b.effect.AddFeatures = append(b.effect.AddFeatures, f.ID)
	}
	for i, id := range op.Nums(b.act, "removed_feature_ids") {
		f, found := w.MobileFeatures.Get(id)
		switch {
		case !found:
			b.found.Add(op.CodeUnknownID, fmt.Sprintf("/activity/removed_feature_ids/%d", i), fmt.Sprintf("No feature has the id %d.", id), "List the line's features with GET /1/features?line_id=...")
		case b.line != nil && !slices.Contains(b.line.FeatureIDs, id):
			b.found.Add(op.CodeUnknownID, fmt.Sprintf("/activity/removed_feature_ids/%d", i), fmt.Sprintf("Feature %d is not on line %d.", id, b.line.ID), "List the line's features with GET /1/features?line_id=...")
		default:
			v.RemovedFeatures = append(v.RemovedFeatures, featureView{ID: f.ID, Name: f.Name, CostCents: f.CostCents})
			b.effect.RemoveFeatures = append(b.effect.RemoveFeatures, id)
		}
	}
	for i, it := range op.Arr(b.act, "accessory_order_items_attributes") {
		im, _ := it.(map[string]any)
		id, _ := op.Num(im, "accessory_id")
		a, found := w.MobileAccessories.Get(id)
		if !found {
			b.found.Add(op.CodeUnknownID, fmt.Sprintf("/activity/accessory_order_items_attributes/%d/accessory_id", i), fmt.Sprintf("No accessory has the id %d.", id), "List accessories with GET /1/accessories.")
			continue
		}
		q, ok := op.Num(im, "quantity")
		if !ok {
			q = 1
		}
		v.AccessoryOrderItems = append(v.AccessoryOrderItems, accessoryItemView{AccessoryID: id, Name: a.Name, Quantity: q, CostCents: a.CostCents * q})
	}
}

func (b *builder) resolveAddresses() {
	if a := op.Obj(b.act, "shipping_address_attributes"); a != nil {
		country := "UNITED STATES"
		if id, ok := op.Num(a, "country_id"); ok {
			c, found := b.w.Countries.Get(id)
			if !found {
				b.found.Add(op.CodeUnknownID, "/activity/shipping_address_attributes/country_id", fmt.Sprintf("No country has the id %d.", id), "List countries with GET /1/countries/business_countries.")
			} else {
				country = c.ISO3166
			}
		}
		v := b.address(a, country)
		b.view.ShippingAddress = v
		method := "2 Day"
		b.view.ShippingMethod = &method
	}
	if a := op.Obj(b.act, "preferred_address_attributes"); a != nil {
		b.view.PreferredAddress = b.address(a, "UNITED STATES")
	}
}

// address is an address of the request; it gets its id when the activity
// is stored (a refused request uses up no id).
func (b *builder) address(a map[string]any, country string) *addressView {
	return &addressView{Address1: op.Str(a, "address1"), Address2: optStr(a, "address2"), City: op.Str(a, "city"),
		Zip: op.Str(a, "zip"), State: op.Str(a, "state"), ShipAttention: optStr(a, "ship_attention"), ISO3166: country}
}

func optStr(m map[string]any, key string) *string {
	if !op.Has(m, key) || m[key] == nil {
		return nil
	}
	s := op.Str(m, key)
	return &s
}

func optNum(m map[string]any, key string) *int64 {
	if n, ok := op.Num(m, key); ok {
		return &n
	}
	return nil
}

// resolveOther copies the remaining attributes and checks the people,
// devices and memberships they name.
func (b *builder) resolveOther() {
	a, v, w := b.act, b.view, b.w
	v.Comment = optStr(a, "comment")
	v.PreferredAreaCode, v.PreferredCallingPrefix = optStr(a, "preferred_area_code"), optStr(a, "preferred_calling_prefix")
	if v.PreferredCallingPrefix != nil && *v.PreferredCallingPrefix == "" {
		v.PreferredCallingPrefix = nil
	}
	v.RemoteActivityID = optStr(a, "remote_activity_id")
	v.NewSIM = optStr(a, "new_sim")
	v.ReturnDate, v.PickUpDate = isoDate(optStr(a, "return_date")), isoDate(optStr(a, "pick_up_date"))
	v.Label = optStr(a, "label")
	if v.Label == nil && b.person != nil && b.typ.labelsLine {
		// A new line is labelled with its owner's name, as the documented
		// New Line response shows.
		name := b.person.NameFirst + " " + b.person.NameLast
		v.Label = &name
	}
	if b.typ.newIMEI {
		v.NewIMEI = optStr(a, "device_identifier")
	}
	if wt, ok := b.top["warranty"].(map[string]any); ok {
		v.Warranty = wt
	} else if wt := op.Obj(a, "warranty"); wt != nil {
		v.Warranty = wt
	}
	if wt, ok := v.Warranty.(map[string]any); ok {
		v.LostStolen, _ = op.Bool(wt, "lost_stolen")
	}
	if s := op.Str(a, "sleep_until"); s != "" {
		// A date in the past is a payload rule (package schemas,
		// register MB-20) that already held or warned.
		v.SleepUntil = &s
	}
	if key := b.typ.sleepsUntil; key != "" {
		// The activity sleeps until the start of the date (UTC); a date
		// already past wakes it at once.
		for _, layout := range []string{"2006-01-02", "06/01/02"} {
			if d, err := time.Parse(layout, op.Str(a, key)); err == nil {
				b.wake = d
				break
			}
		}
	}
	for _, key := range fieldDataKeys {
		// The documented response shape has no member of their own for
		// these: field_data answers them as sent (register MB-19).
		if v, ok := a[key]; ok {
			b.view.FieldData[key] = v
		}
	}
	for _, cf := range sortedFields(op.Obj(a, "custom_fields")) {
		v.CustomFields = append(v.CustomFields, customFieldView{CustomFieldID: op.Str(cf, "custom_field_id"), Value: cf["value"]})
	}
	if id, ok := op.Num(a, "replacement_person_id"); ok {
		p, found := w.People.Get(id)
		switch {
		case !found:
			b.found.Add(op.CodeUnknownID, "/activity/replacement_person_id", fmt.Sprintf("No person has the id %d.", id),
				"replacement_person_id is a person id, not an employee id: get it from GET /1/people/find_one?employee_id=...")
		default:
			v.ReplacementPersonID = &p.ID
			b.effect.PersonID = p.ID
			owner := int64(0)
			if b.line != nil {
				owner = b.line.PersonID
			} else if b.person != nil {
				owner = b.person.ID
			}
			if owner != 0 {
				v.ExistingPersonID = &owner
			}
			if b.typ.assignsLine && owner == p.ID {
				msg := fmt.Sprintf("Person %d already owns line %d.", id, b.line.ID)
				if b.strict {
					b.found.Refuse(regSameOwner, op.CodeWrongState, "/activity/replacement_person_id", msg, "Name the person the line should move to.")
				} else {
					b.found.Warn("/activity/replacement_person_id", op.CodeWrongState, msg+" Nothing will change.", regSameOwner)
				}
			}
		}
	}
	if id, ok := op.Num(a, "device_id"); ok {
		d, found := b.st.Devices.Get(id)
		switch {
		case !found:
			b.found.Add(op.CodeUnknownID, "/activity/device_id", fmt.Sprintf("No device has the id %d.", id), "List the employee's devices with GET /1/devices?employee_id=...")
		case b.person != nil && d.PersonID != b.person.ID:
			b.found.Add(op.CodeNotOwner, "/activity/device_id", fmt.Sprintf("Device %d does not belong to employee %s.", id, op.Str(a, "employee_id")), "List the employee's devices with GET /1/devices?employee_id=...")
		default:
			v.DeviceID = &id
			b.effect.DeviceID = id
		}
	}
	if id, ok := op.Num(a, "program_id"); ok {
		if _, found := w.Programs.Get(id); !found {
			b.found.Add(op.CodeUnknownID, "/activity/program_id", fmt.Sprintf("No program has the id %d.", id), "The Bring Your Own Mobile program is 209.")
		}
	}
	if id, ok := op.Num(a, "program_membership_id"); ok {
		m, found := b.st.Memberships.Get(id)
		switch {
		case !found:
			b.found.Add(op.CodeUnknownID, "/activity/program_membership_id", fmt.Sprintf("No program membership has the id %d.", id), "List memberships with GET /1/program_memberships?enrollee_id=...")
		case b.person != nil && m.EnrolleeID != b.person.ID:
			b.found.Add(op.CodeNotOwner, "/activity/program_membership_id", fmt.Sprintf("Membership %d is not employee %s's.", id, op.Str(a, "employee_id")), "List memberships with GET /1/program_memberships?enrollee_id=...")
		case m.Status != "active":
			b.found.Add(op.CodeWrongState, "/activity/program_membership_id", fmt.Sprintf("Membership %d has already ended.", id), "")
		}
	}
}

// fieldDataKeys are the request attributes with no member of their own in
// the documented activity response, which field_data answers as sent.
var fieldDataKeys = []string{"transfer_of_liability_attributes", "program_id", "return_imei", "skip_approval",
	"skip_policy_agreement", "suppress_user_email", "signature"}

// isoDate writes a date the lenient reading accepts as YY/MM/DD (the Travel
// Request table's format) the way the API answers dates: YYYY-MM-DD.
func isoDate(s *string) *string {
	if s == nil {
		return nil
	}
	if t, err := time.Parse("06/01/02", *s); err == nil {
		d := t.Format("2006-01-02")
		return &d
	}
	return s
}

// sortedFields returns the values of a custom_fields map in key order.
func sortedFields(m map[string]any) []map[string]any {
	var out []map[string]any
	for _, k := range slices.Sorted(maps.Keys(m)) {
		if f, ok := m[k].(map[string]any); ok {
			out = append(out, f)
		}
	}
	return out
}

// planEffect says what the activity changes when it completes.
func (b *builder) planEffect() {
	e := &b.effect
	if b.line != nil {
		e.LineID = b.line.ID
	}
	if b.typ.effect != nil {
		b.typ.effect(b, e)
	}
	if !b.typ.keepsPerson {
		e.PersonID = 0
	}
}

func derefOr(p *string, def string) string {
	if p != nil && *p != "" {
		return *p
	}
	return def
}
