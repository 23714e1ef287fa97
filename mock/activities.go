package mock

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

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
	// regSleepUntilPast: the Line Cancel example's sleep_until is in the past.
	regSleepUntilPast = "MB-20"
)

// mobileTime is how the Mobile API writes times: milliseconds and an
// offset (the documents show -04:00; the mock answers in UTC, +00:00).
const mobileTime = "2006-01-02T15:04:05.000-07:00"

// Views of the Mobile API, in the order the documented response prints them.

type addressView struct {
	ID            int64   `json:"id"`
	Address1      string  `json:"address1"`
	Address2      *string `json:"address2"`
	City          string  `json:"city"`
	Zip           string  `json:"zip"`
	Latitude      *string `json:"latitude"`
	Longitude     *string `json:"longitude"`
	State         string  `json:"state"`
	ShipAttention *string `json:"ship_attention"`
	ISO3166       string  `json:"iso3166_country"`
}

type currencyView struct {
	ID                   string   `json:"id"`
	AlternateSymbols     []string `json:"alternate_symbols"`
	DecimalMark          string   `json:"decimal_mark"`
	DisambiguateSymbol   string   `json:"disambiguate_symbol"`
	HTMLEntity           string   `json:"html_entity"`
	ISOCode              string   `json:"iso_code"`
	ISONumeric           string   `json:"iso_numeric"`
	Name                 string   `json:"name"`
	Priority             int      `json:"priority"`
	SmallestDenomination int      `json:"smallest_denomination"`
	Subunit              string   `json:"subunit"`
	SubunitToUnit        int      `json:"subunit_to_unit"`
	Symbol               string   `json:"symbol"`
	SymbolFirst          bool     `json:"symbol_first"`
	ThousandsSeparator   string   `json:"thousands_separator"`
}

var usd = currencyView{ID: "usd", AlternateSymbols: []string{"US$"}, DecimalMark: ".", DisambiguateSymbol: "US$", HTMLEntity: "$",
	ISOCode: "USD", ISONumeric: "840", Name: "United States Dollar", Priority: 1, SmallestDenomination: 1, Subunit: "Cent",
	SubunitToUnit: 100, Symbol: "$", SymbolFirst: true, ThousandsSeparator: ","}

type costView struct {
	Fractional string       `json:"fractional"`
	Currency   currencyView `json:"currency"`
}

type planView struct {
	ID                     int64             `json:"id"`
	Name                   string            `json:"name"`
	Cost                   costView          `json:"cost"`
	MinutesAnytime         string            `json:"minutes_anytime"`
	MinutesEvening         string            `json:"minutes_evening"`
	Voice                  bool              `json:"voice"`
	Data                   bool              `json:"data"`
	CarrierCode            string            `json:"carrier_code"`
	VoiceMonthlyPercentage string            `json:"voice_monthly_percentage"`
	DataMonthlyPercentage  string            `json:"data_monthly_percentage"`
	TextMonthlyPercentage  string            `json:"text_monthly_percentage"`
	ProductCategory        string            `json:"product_category"`
	FeatureNames           map[string]string `json:"feature_names"`
	EmbeddedFeatures       []any             `json:"embedded_features"`
	SupplierSKU            string            `json:"supplier_sku"`
}

type refDeviceView struct {
	ID              int64   `json:"id"`
	Name            string  `json:"name"`
	Description     string  `json:"description"`
	ImageFileName   string  `json:"image_file_name"`
	SKU             string  `json:"sku"`
	Color           string  `json:"color"`
	Platform        string  `json:"platform"`
	ProductCategory string  `json:"product_category"`
	Manufacturer    string  `json:"manufacturer"`
	ConsumerSKU     string  `json:"consumer_sku"`
	Size            string  `json:"size"`
	ManufacturerSKU string  `json:"manufacturer_sku"`
	CarrierName     string  `json:"carrier_name"`
	SupplierSKU     *string `json:"supplier_sku"`
}

type detailsView struct {
	Name string `json:"name"`
	URL  string `json:"url"`
}

type featureView struct {
	ID        int64  `json:"id"`
	Name      string `json:"name"`
	CostCents int64  `json:"cost_cents"`
}

type accessoryItemView struct {
	AccessoryID int64  `json:"accessory_id"`
	Name        string `json:"name"`
	Quantity    int64  `json:"quantity"`
	CostCents   int64  `json:"cost_cents"`
}

type customFieldView struct {
	CustomFieldID string `json:"custom_field_id"`
	Value         any    `json:"value"`
}

type activityView struct {
	ID                       int64               `json:"id"`
	CreatedForID             int64               `json:"created_for_id"`
	CreatedByID              int64               `json:"created_by_id"`
	LineID                   *int64              `json:"line_id"`
	CompletedAt              *string             `json:"completed_at"`
	ShippingAddressID        *int64              `json:"shipping_address_id"`
	OrderNumber              *string             `json:"order_number"`
	CarrierAccountID         *int64              `json:"carrier_account_id"`
	PreferredAreaCode        *string             `json:"preferred_area_code"`
	RefDeviceID              *int64              `json:"ref_device_id"`
	TrackingNumber           *string             `json:"tracking_number"`
	PreferredCallingPrefix   *string             `json:"preferred_calling_prefix"`
	State                    string              `json:"state"`
	BusinessID               int64               `json:"business_id"`
	NewSIM                   *string             `json:"new_sim"`
	OrderSIM                 *string             `json:"order_sim"`
	AssignedToID             int64               `json:"assigned_to_id"`
	CreatedAt                string              `json:"created_at"`
	UpdatedAt                string              `json:"updated_at"`
	Comment                  *string             `json:"comment"`
	ReturnDate               *string             `json:"return_date"`
	PickUpDate               *string             `json:"pick_up_date"`
	Warranty                 any                 `json:"warranty"`
	PlanID                   *int64              `json:"plan_id"`
	CarrierID                *int64              `json:"carrier_id"`
	ActivityTypeID           int                 `json:"activity_type_id"`
	NewIMEI                  *string             `json:"new_imei"`
	SleepUntil               *string             `json:"sleep_until"`
	Label                    *string             `json:"label"`
	ParentActivityID         *int64              `json:"parent_activity_id"`
	LockboxToken             *string             `json:"lockbox_token"`
	DeviceID                 *int64              `json:"device_id"`
	ReplacementRefDeviceID   *int64              `json:"replacement_ref_device_id"`
	ExistingRefDeviceID      *int64              `json:"existing_ref_device_id"`
	ReplacementPersonID      *int64              `json:"replacement_person_id"`
	ExistingPersonID         *int64              `json:"existing_person_id"`
	ReplacementPlanID        *int64              `json:"replacement_plan_id"`
	ExistingPlanID           *int64              `json:"existing_plan_id"`
	LostStolen               bool                `json:"lost_stolen"`
	Currency                 string              `json:"currency"`
	PlanCostCents            int64               `json:"plan_cost_cents"`
	DeviceCostCents          int64               `json:"device_cost_cents"`
	ApprovedAt               *string             `json:"approved_at"`
	ShippingMethod           *string             `json:"shipping_method"`
	TriggeredByActivityID    *int64              `json:"triggered_by_activity_id"`
	RPAAttempted             *bool               `json:"rpa_attempted"`
	OriginalCarrierAccountID *int64              `json:"original_carrier_account_id"`
	GroupLocationID          *int64              `json:"group_location_id"`
	CrossDock                bool                `json:"cross_dock"`
	IsUnsuspend              bool                `json:"is_unsuspend"`
	ActivityDetails          detailsView         `json:"activity_details"`
	FieldData                map[string]any      `json:"field_data"`
	CustomFields             []customFieldView   `json:"custom_fields"`
	ParentAccount            *string             `json:"parent_account"`
	CycleEndDay              *int                `json:"cycle_end_day"`
	Courier                  *string             `json:"courier"`
	BusinessFeatures         []featureView       `json:"business_features"`
	RemovedFeatures          []featureView       `json:"removed_features"`
	ActivityFeatures         []featureView       `json:"activity_features"`
	AssignedTo               *world.Person       `json:"assigned_to"`
	CallbackLogs             []any               `json:"callback_logs"`
	CreatedFor               *world.Person       `json:"created_for"`
	CreatedBy                *world.Person       `json:"created_by"`
	Plan                     *planView           `json:"plan"`
	RefDevice                *refDeviceView      `json:"ref_device"`
	AccessoryOrderItems      []accessoryItemView `json:"accessory_order_items"`
	ShippingAddress          *addressView        `json:"shipping_address"`
	PreferredAddress         *addressView        `json:"preferred_address"`
	RemoteActivityID         *string             `json:"remote_activity_id"`
}

// activityRecord is what the mock stores for an activity (Activity.Body):
// like an order, the activity itself is kept encoded, as GET
// /1/activities/{id} shows it, and body is replaced, never changed in place.
type activityRecord struct {
	body   encoded // the activityView, links as paths
	id     int64
	typ    *activityType
	flow   []string
	step   int
	effect lineEffect
}

// view decodes the stored activity, for the rare paths that change it. Its
// free-form members (field_data, warranty) keep their numbers as written.
func (r *activityRecord) view() (*activityView, error) {
	var v activityView
	dec := json.NewDecoder(bytes.NewReader(r.body))
	dec.UseNumber()
	if err := dec.Decode(&v); err != nil {
		return nil, fmt.Errorf("stored activity %d does not decode: %w", r.id, err)
	}
	return &v, nil
}

// lineEffect is what a completed activity changes in the world.
type lineEffect struct {
	LineID         int64
	Status         string
	PersonID       int64
	PlanID         int64
	RefDeviceID    int64
	AddFeatures    []int64
	RemoveFeatures []int64
	Number         string
	SIM, IMEI      string
	NewLine        *world.Line
	DeviceID       int64
	DeviceOwner    int64
	NewDevice      *world.MobileDevice
	MembershipID   int64
	EndMembership  bool
	NewMembership  *world.ProgramMembership
	CarrierAccount int64
	CarrierID      int64
}

func (s *Server) registerActivities() {
	s.ops["createActivity"] = s.handleCreateActivity
	s.ops["getActivity"] = s.handleGetActivity
	s.ops["listActivities"] = s.handleListActivities
}

func activityByKey(t *store.Tenant, key string) (*store.Activity, bool) {
	id, err := strconv.ParseInt(key, 10, 64)
	if err != nil {
		return nil, false
	}
	return t.Activity(id)
}

// handleCreateActivity answers POST /1/activities.
func (s *Server) handleCreateActivity(c *call) (int, any, error) {
	// The answer is taken under the lock: a lifecycle advance may replace
	// the stored body the moment the lock is released.
	var body encoded
	var id int64
	err := s.create(c.tenant, func(t *store.Tenant) error {
		b, err := s.buildActivity(c, t)
		if err != nil {
			return err
		}
		rec, err := b.store(s, t)
		if err != nil {
			return err
		}
		body, id = rec.body, rec.id
		return nil
	})
	if err != nil {
		return 0, nil, err
	}
	c.w.Header().Set("Location", c.base+"/1/activities/"+strconv.FormatInt(id, 10))
	return http.StatusCreated, body, nil
}

// activityBuilder resolves an activity request against a tenant's world.
type activityBuilder struct {
	s      *Server
	c      *call
	t      *store.Tenant
	w      *world.World
	st     *world.State
	act    map[string]any
	top    map[string]any
	typ    *activityType
	now    time.Time
	probs  problems
	view   *activityView
	effect lineEffect
	line   *world.Line
	person *world.Person
}

func (s *Server) buildActivity(c *call, t *store.Tenant) (*activityBuilder, error) {
	top := c.body.(map[string]any)
	act := obj(top, "activity")
	tid, _ := num(act, "activity_type_id")
	b := &activityBuilder{s: s, c: c, t: t, w: s.world, st: t.World, act: act, top: top, typ: activityTypes[int(tid)], now: s.now().UTC()}
	if b.typ == nil {
		return nil, failAt(schemas.CodeEnum, "/activity/activity_type_id", fmt.Sprintf("%d is not an activity type.", tid), "See the 31 types in /openapi/mobile.yaml.")
	}
	created := b.now.Format(mobileTime)
	b.view = &activityView{
		ActivityTypeID: b.typ.id, State: stApproved, BusinessID: s.world.Defaults.BusinessID, AssignedToID: s.world.Defaults.AssigneePersonID,
		CreatedAt: created, UpdatedAt: created, ApprovedAt: &created, Currency: "USD",
		ActivityDetails: detailsView{Name: b.typ.name}, FieldData: map[string]any{}, CustomFields: []customFieldView{},
		BusinessFeatures: []featureView{}, RemovedFeatures: []featureView{}, ActivityFeatures: []featureView{},
		CallbackLogs: []any{}, AccessoryOrderItems: []accessoryItemView{}, IsUnsuspend: b.typ.id == 87,
	}
	b.resolvePeople()
	b.resolveLine()
	b.resolveCatalog()
	b.resolveAddresses()
	b.resolveOther()
	b.planEffect()
	return b, b.probs.err()
}

func (b *activityBuilder) warn(pointer, code, message, entry string) {
	p := schemas.Problem{Pointer: pointer, Severity: schemas.Warning, Code: code, Message: message, Discrepancy: entry}
	b.c.warnings = append(b.c.warnings, p)
	b.c.w.Header().Add("X-Mobmock-Warning", warningHeader(p))
}

// resolvePeople finds the employee the activity is for and who creates it.
func (b *activityBuilder) resolvePeople() {
	w := b.w
	b.view.AssignedTo, _ = w.People.Get(w.Defaults.AssigneePersonID)
	creator, _ := w.People.Get(w.Defaults.APIPersonID)
	if b.c.subject.person != 0 {
		if p, ok := w.People.Get(b.c.subject.person); ok {
			creator = p
		}
	}
	b.view.CreatedBy, b.view.CreatedByID = creator, creator.ID
	emp := str(b.act, "employee_id")
	if emp == "" {
		return // Device Swap's example has none: the line's owner is used.
	}
	p, ok := w.PeopleByEmployeeID[emp]
	if !ok {
		b.probs.add(codeUnknownID, "/activity/employee_id", fmt.Sprintf("No person has the employee id %q.", emp),
			"Look people up with GET /1/people or /1/people/find_one?employee_id=...")
		return
	}
	b.setPerson(p)
}

func (b *activityBuilder) setPerson(p *world.Person) {
	b.person = p
	b.view.CreatedFor, b.view.CreatedForID = p, p.ID
}

// resolveLine checks the line exists, belongs to the employee and is in a
// state the activity accepts.
func (b *activityBuilder) resolveLine() {
	id, ok := num(b.act, "line_id")
	if !ok {
		if b.person == nil && b.probs.items == nil {
			b.probs.add(schemas.CodeRequired, "/activity/employee_id", "employee_id is required in activity.", "Give the company employee id the activity is for, for example \"10000\".")
		}
		return
	}
	l, found := b.st.Lines.Get(id)
	if !found {
		b.probs.add(codeUnknownID, "/activity/line_id", fmt.Sprintf("No line has the id %d.", id), "List the employee's lines with GET /1/lines?employee_id=...")
		return
	}
	b.line = l
	b.view.LineID = &l.ID
	if b.person == nil {
		if p, ok := b.w.People.Get(l.PersonID); ok {
			b.setPerson(p)
		}
	} else if l.PersonID != b.person.ID {
		b.probs.add(codeNotOwner, "/activity/line_id", fmt.Sprintf("Line %d does not belong to employee %s.", id, str(b.act, "employee_id")),
			"List the employee's lines with GET /1/lines?employee_id="+str(b.act, "employee_id")+".")
		return
	}
	if rule := b.typ.lineRule; len(rule) > 0 && !contains(rule, l.Status) {
		msg := fmt.Sprintf("Line %d is %s; %s needs it %s.", id, l.Status, b.typ.name, strings.Join(rule, " or "))
		// The Unsuspend and Reactivate examples target a line that the other
		// examples need active: lenient lets that through as a no-op.
		if !b.s.cfg.Strict && l.Status == world.LineActive && (b.typ.id == 87 || b.typ.id == 42) {
			b.warn("/activity/line_id", codeWrongState, msg+" Nothing will change.", regLineStateExamples)
		} else {
			b.probs.add(codeWrongState, "/activity/line_id", msg, lineStateHint(b.typ.id, l.Status))
		}
	}
	if b.typ.changesLine {
		page, _ := b.t.Activities(store.ActivityFilter{LineID: id}, 0, 50)
		for _, a := range page {
			rec := a.Body.(*activityRecord)
			if rec.typ.changesLine && rec.step < len(rec.flow)-1 {
				b.probs.add(codeWrongState, "/activity/line_id",
					fmt.Sprintf("Line %d already has activity %d (%s, %s) open.", id, a.ID, rec.typ.name, a.State),
					"Wait until it completes (GET /1/activities/"+strconv.FormatInt(a.ID, 10)+").")
				break
			}
		}
	}
}

func lineStateHint(typeID int, status string) string {
	switch {
	case typeID == 2 && status == world.LineSuspended:
		return "The line is already suspended; send an Unsuspend (87) activity to resume it."
	case status == world.LineCancelled:
		return "The line is cancelled; send a Reactivate Line (42) activity first."
	}
	return "Check the line's status with GET /1/lines?employee_id=..."
}

// resolveCatalog checks plans, devices, features, carriers and accessories.
func (b *activityBuilder) resolveCatalog() {
	w, v := b.w, b.view
	if id, ok := num(b.act, "carrier_id"); ok {
		if _, found := w.Carriers.Get(id); !found {
			b.probs.add(codeUnknownID, "/activity/carrier_id", fmt.Sprintf("No carrier has the id %d.", id), "List carriers with GET /1/carriers.")
		} else {
			v.CarrierID = &id
		}
	} else if b.line != nil {
		v.CarrierID = &b.line.CarrierID
	}
	if id, ok := num(b.act, "carrier_account_id"); ok {
		if _, found := w.CarrierAccounts.Get(id); !found {
			b.probs.add(codeUnknownID, "/activity/carrier_account_id", fmt.Sprintf("No carrier account has the id %d.", id), "List carrier accounts with GET /1/carrier_accounts.")
		} else {
			v.CarrierAccountID = &id
			if b.line != nil {
				orig := b.line.CarrierAccountID
				v.OriginalCarrierAccountID = &orig
			}
		}
	}
	refID, refAt := int64(0), ""
	if id, ok := num(b.act, "business_ref_device_id"); ok {
		if brd, found := w.BusinessRefDevices.Get(id); !found {
			b.probs.add(codeUnknownID, "/activity/business_ref_device_id", fmt.Sprintf("No business device has the id %d.", id), "List offered devices with GET /1/business_ref_devices.")
		} else {
			refID, refAt = brd.RefDeviceID, "business"
			v.DeviceCostCents = brd.CostCents
		}
	}
	for _, key := range []string{"ref_device_id", "replacement_ref_device_id"} {
		if id, ok := num(b.act, key); ok {
			if rd, found := w.RefDevices.Get(id); !found {
				b.probs.add(codeUnknownID, "/activity/"+key, fmt.Sprintf("No device model has the id %d.", id), "List devices with GET /1/business_ref_devices.")
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
		if b.line != nil && (b.typ.id == 8 || b.typ.id == 17 || b.typ.id == 4) {
			old := b.line.RefDeviceID
			v.ExistingRefDeviceID = &old
		}
		b.effect.RefDeviceID = refID
	}
	planID := int64(0)
	for _, key := range []string{"business_plan_id", "plan_id"} {
		id, ok := num(b.act, key)
		if !ok {
			continue
		}
		if key == "business_plan_id" {
			bp, found := w.BusinessPlans.Get(id)
			if !found {
				b.probs.add(codeUnknownID, "/activity/business_plan_id", fmt.Sprintf("No business plan has the id %d.", id), "List offered plans with GET /1/business_plans.")
				continue
			}
			id = bp.PlanID
		} else if _, found := w.MobilePlans.Get(id); !found {
			b.probs.add(codeUnknownID, "/activity/plan_id", fmt.Sprintf("No plan has the id %d.", id), "List plans with GET /1/business_plans.")
			continue
		}
		planID = id
		break
	}
	if planID != 0 {
		p, _ := w.MobilePlans.Get(planID)
		v.PlanID, v.Plan, v.PlanCostCents = &planID, planOf(p), p.CostCents
		if b.line != nil && b.typ.id == 14 {
			old := b.line.PlanID
			v.ExistingPlanID, v.ReplacementPlanID = &old, &planID
		}
		b.effect.PlanID = planID
	}
	for i, id := range nums(b.act, "business_feature_ids") {
		bf, found := w.BusinessFeatures.Get(id)
		if !found {
			b.probs.add(codeUnknownID, fmt.Sprintf("/activity/business_feature_ids/%d", i), fmt.Sprintf("No business feature has the id %d.", id), "List offered features with GET /1/business_features.")
			continue
		}
		f, _ := w.MobileFeatures.Get(bf.FeatureID)
		v.BusinessFeatures = append(v.BusinessFeatures, featureView{ID: bf.ID, Name: f.Name, CostCents: f.CostCents})
		b.effect.AddFeatures = append(b.effect.AddFeatures, f.ID)
	}
	for i, id := range nums(b.act, "removed_feature_ids") {
		f, found := w.MobileFeatures.Get(id)
		switch {
		case !found:
			b.probs.add(codeUnknownID, fmt.Sprintf("/activity/removed_feature_ids/%d", i), fmt.Sprintf("No feature has the id %d.", id), "List the line's features with GET /1/features?line_id=...")
		case b.line != nil && !containsID(b.line.FeatureIDs, id):
			b.probs.add(codeUnknownID, fmt.Sprintf("/activity/removed_feature_ids/%d", i), fmt.Sprintf("Feature %d is not on line %d.", id, b.line.ID), "List the line's features with GET /1/features?line_id=...")
		default:
			v.RemovedFeatures = append(v.RemovedFeatures, featureView{ID: f.ID, Name: f.Name, CostCents: f.CostCents})
			b.effect.RemoveFeatures = append(b.effect.RemoveFeatures, id)
		}
	}
	for i, it := range arr(b.act, "accessory_order_items_attributes") {
		im, _ := it.(map[string]any)
		id, _ := num(im, "accessory_id")
		a, found := w.MobileAccessories.Get(id)
		if !found {
			b.probs.add(codeUnknownID, fmt.Sprintf("/activity/accessory_order_items_attributes/%d/accessory_id", i), fmt.Sprintf("No accessory has the id %d.", id), "List accessories with GET /1/accessories.")
			continue
		}
		q, ok := num(im, "quantity")
		if !ok {
			q = 1
		}
		v.AccessoryOrderItems = append(v.AccessoryOrderItems, accessoryItemView{AccessoryID: id, Name: a.Name, Quantity: q, CostCents: a.CostCents * q})
	}
}

func containsID(list []int64, id int64) bool {
	for _, x := range list {
		if x == id {
			return true
		}
	}
	return false
}

func refDeviceOf(d *world.RefDevice) *refDeviceView {
	return &refDeviceView{ID: d.ID, Name: d.Name, Description: d.Description, ImageFileName: d.ImageFileName, SKU: d.SKU, Color: d.Color,
		Platform: d.Platform, ProductCategory: d.ProductCategory, Manufacturer: d.Manufacturer, ConsumerSKU: d.ConsumerSKU, Size: d.Size,
		ManufacturerSKU: d.ManufacturerSKU, CarrierName: d.CarrierName, SupplierSKU: d.SupplierSKU}
}

func planOf(p *world.MobilePlan) *planView {
	fn := p.FeatureNames
	if fn == nil {
		fn = map[string]string{}
	}
	return &planView{ID: p.ID, Name: p.Name, Cost: costView{Fractional: strconv.FormatInt(p.CostCents, 10) + ".0", Currency: usd},
		MinutesAnytime: p.MinutesAnytime, MinutesEvening: p.MinutesEvening, Voice: p.Voice, Data: p.Data, CarrierCode: p.CarrierCode,
		VoiceMonthlyPercentage: p.VoiceMonthlyPercentage, DataMonthlyPercentage: p.DataMonthlyPercentage, TextMonthlyPercentage: p.TextMonthlyPercentage,
		ProductCategory: p.ProductCategory, FeatureNames: fn, EmbeddedFeatures: []any{}, SupplierSKU: p.SupplierSKU}
}

// resolveAddresses stores the shipping and preferred addresses with ids.
func (b *activityBuilder) resolveAddresses() {
	if a := obj(b.act, "shipping_address_attributes"); a != nil {
		country := "UNITED STATES"
		if id, ok := num(a, "country_id"); ok {
			c, found := b.w.Countries.Get(id)
			if !found {
				b.probs.add(codeUnknownID, "/activity/shipping_address_attributes/country_id", fmt.Sprintf("No country has the id %d.", id), "List countries with GET /1/countries/business_countries.")
			} else {
				country = c.ISO3166
			}
		}
		v := b.address(a, country)
		b.view.ShippingAddress, b.view.ShippingAddressID = v, &v.ID
		method := "2 Day"
		b.view.ShippingMethod = &method
	}
	if a := obj(b.act, "preferred_address_attributes"); a != nil {
		b.view.PreferredAddress = b.address(a, "UNITED STATES")
	}
}

func (b *activityBuilder) address(a map[string]any, country string) *addressView {
	return &addressView{ID: b.t.NewAddressID(), Address1: str(a, "address1"), Address2: optStr(a, "address2"), City: str(a, "city"),
		Zip: str(a, "zip"), State: str(a, "state"), ShipAttention: optStr(a, "ship_attention"), ISO3166: country}
}

func optStr(m map[string]any, key string) *string {
	if !has(m, key) || m[key] == nil {
		return nil
	}
	s := str(m, key)
	return &s
}

func optNum(m map[string]any, key string) *int64 {
	if n, ok := num(m, key); ok {
		return &n
	}
	return nil
}

// resolveOther copies the remaining attributes and checks the people,
// devices and memberships they name.
func (b *activityBuilder) resolveOther() {
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
	if v.Label == nil && b.person != nil && (b.typ.id == 3 || b.typ.id == 37 || b.typ.id == 40) {
		// A new line is labelled with its owner's name, as the documented
		// New Line response shows.
		name := b.person.NameFirst + " " + b.person.NameLast
		v.Label = &name
	}
	if b.typ.id == 8 {
		v.NewIMEI = optStr(a, "device_identifier")
	}
	if wt, ok := b.top["warranty"].(map[string]any); ok {
		v.Warranty = wt
	} else if wt := obj(a, "warranty"); wt != nil {
		v.Warranty = wt
	}
	if wt, ok := v.Warranty.(map[string]any); ok {
		v.LostStolen, _ = boolean(wt, "lost_stolen")
	}
	if s := str(a, "sleep_until"); s != "" {
		v.SleepUntil = &s
		if d, err := time.Parse("2006-01-02", s); err == nil && d.Before(b.now.Truncate(24*time.Hour)) {
			msg := fmt.Sprintf("sleep_until %s is in the past; it must be a future date (leave it out to cancel today).", s)
			if b.s.cfg.Strict {
				b.probs.add(schemas.CodeRange, "/activity/sleep_until", msg, "Give a date after today, or no sleep_until.")
			} else {
				b.warn("/activity/sleep_until", schemas.CodeRange, msg, regSleepUntilPast)
			}
		}
	}
	for _, cf := range sortedFields(obj(a, "custom_fields")) {
		v.CustomFields = append(v.CustomFields, customFieldView{CustomFieldID: str(cf, "custom_field_id"), Value: cf["value"]})
	}
	if id, ok := num(a, "replacement_person_id"); ok {
		p, found := w.People.Get(id)
		switch {
		case !found:
			b.probs.add(codeUnknownID, "/activity/replacement_person_id", fmt.Sprintf("No person has the id %d.", id),
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
			if b.typ.id == 16 && owner == p.ID {
				msg := fmt.Sprintf("Person %d already owns line %d.", id, b.line.ID)
				if b.s.cfg.Strict {
					b.probs.add(codeWrongState, "/activity/replacement_person_id", msg, "Name the person the line should move to.")
				} else {
					b.warn("/activity/replacement_person_id", codeWrongState, msg+" Nothing will change.", regSameOwner)
				}
			}
		}
	}
	if id, ok := num(a, "device_id"); ok {
		d, found := b.st.Devices.Get(id)
		switch {
		case !found:
			b.probs.add(codeUnknownID, "/activity/device_id", fmt.Sprintf("No device has the id %d.", id), "List the employee's devices with GET /1/devices?employee_id=...")
		case b.person != nil && d.PersonID != b.person.ID:
			b.probs.add(codeNotOwner, "/activity/device_id", fmt.Sprintf("Device %d does not belong to employee %s.", id, str(a, "employee_id")), "List the employee's devices with GET /1/devices?employee_id=...")
		default:
			v.DeviceID = &id
			b.effect.DeviceID = id
		}
	}
	if id, ok := num(a, "program_id"); ok {
		if _, found := w.Programs.Get(id); !found {
			b.probs.add(codeUnknownID, "/activity/program_id", fmt.Sprintf("No program has the id %d.", id), "The Bring Your Own Mobile program is 209.")
		}
	}
	if id, ok := num(a, "program_membership_id"); ok {
		m, found := b.st.Memberships.Get(id)
		switch {
		case !found:
			b.probs.add(codeUnknownID, "/activity/program_membership_id", fmt.Sprintf("No program membership has the id %d.", id), "List memberships with GET /1/program_memberships?enrollee_id=...")
		case b.person != nil && m.EnrolleeID != b.person.ID:
			b.probs.add(codeNotOwner, "/activity/program_membership_id", fmt.Sprintf("Membership %d is not employee %s's.", id, str(a, "employee_id")), "List memberships with GET /1/program_memberships?enrollee_id=...")
		case m.Status != "active":
			b.probs.add(codeWrongState, "/activity/program_membership_id", fmt.Sprintf("Membership %d has already ended.", id), "")
		}
	}
}

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
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var out []map[string]any
	for _, k := range keys {
		if f, ok := m[k].(map[string]any); ok {
			out = append(out, f)
		}
	}
	return out
}

// planEffect says what the activity changes when it completes.
func (b *activityBuilder) planEffect() {
	e := &b.effect
	if b.line != nil {
		e.LineID = b.line.ID
	}
	a := b.act
	switch b.typ.id {
	case 1, 21:
		e.Status = world.LineCancelled
	case 2:
		e.Status = world.LineSuspended
	case 87, 42:
		e.Status = world.LineActive
	case 8:
		e.SIM, e.IMEI = str(a, "new_sim"), str(a, "device_identifier")
	case 13:
		area := str(a, "preferred_area_code")
		prefix := str(a, "preferred_calling_prefix")
		if len(prefix) != 3 {
			prefix = "555"
		}
		e.Number = area + prefix + fmt.Sprintf("%04d", b.now.UnixNano()%10000)
	case 3, 5, 6, 31, 37, 40:
		if b.person == nil {
			return
		}
		l := &world.Line{Status: world.LineActive, PersonID: b.person.ID, CarrierID: 834256072, CarrierAccountID: 69606,
			PlanID: e.PlanID, RefDeviceID: e.RefDeviceID, FeatureIDs: e.AddFeatures, Label: derefOr(b.view.Label, b.person.NameFirst+" "+b.person.NameLast)}
		if b.view.CarrierID != nil {
			l.CarrierID = *b.view.CarrierID
		}
		if tol := obj(a, "transfer_of_liability_attributes"); tol != nil && str(tol, "phone_number") != "" {
			// Lines hold 10 digits; the lenient reading also takes the
			// number with its country code 1 (register MB-22).
			n := str(tol, "phone_number")
			if len(n) == 11 && n[0] == '1' {
				n = n[1:]
			}
			l.Number = n
		}
		if e.DeviceID != 0 {
			d := e.DeviceID
			l.DeviceID = &d
		}
		e.NewLine = l
	case 22, 45:
		if b.person != nil && e.RefDeviceID != 0 {
			e.NewDevice = &world.MobileDevice{PersonID: b.person.ID, RefDeviceID: e.RefDeviceID}
		}
	case 24:
		e.DeviceOwner = e.PersonID
	case 29:
		if b.person != nil {
			pid, _ := num(a, "program_id")
			e.NewMembership = &world.ProgramMembership{ProgramID: pid, EnrolleeID: b.person.ID, Status: "active"}
		}
	case 33:
		e.MembershipID, _ = num(a, "program_membership_id")
		e.EndMembership = true
	case 4:
		if b.view.CarrierAccountID != nil {
			e.CarrierAccount = *b.view.CarrierAccountID
			if ca, ok := b.w.CarrierAccounts.Get(e.CarrierAccount); ok {
				e.CarrierID = ca.CarrierID
			}
		}
	}
	if b.typ.id != 16 && b.typ.id != 24 {
		e.PersonID = 0
	}
	if b.typ.id == 16 {
		e.PersonID = derefID(b.view.ReplacementPersonID)
	}
}

func derefOr(p *string, def string) string {
	if p != nil && *p != "" {
		return *p
	}
	return def
}

func derefID(p *int64) int64 {
	if p == nil {
		return 0
	}
	return *p
}

// store saves the built activity and schedules its lifecycle.
func (b *activityBuilder) store(s *Server, t *store.Tenant) (*activityRecord, error) {
	id := t.NewActivityID()
	b.view.ID = id
	b.view.ActivityDetails.URL = "/activities/" + strconv.FormatInt(id, 10)
	body, err := marshal(b.view)
	if err != nil {
		return nil, err
	}
	rec := &activityRecord{body: body, id: id, typ: b.typ, flow: b.typ.flow, effect: b.effect}
	var lineID int64
	if b.line != nil {
		lineID = b.line.ID
	}
	t.AddActivity(&store.Activity{ID: id, TypeID: b.typ.id, PersonID: b.view.CreatedForID, LineID: lineID, State: stApproved, Created: b.now, Body: rec})
	if s.cfg.Advance > 0 {
		t.Schedule(store.Due{At: b.now.Add(s.cfg.Advance), Kind: "activity", ID: strconv.FormatInt(id, 10)})
	}
	return rec, nil
}

// advanceActivity moves an activity one step on, changing the world when it
// completes.
func (s *Server) advanceActivity(t *store.Tenant, a *store.Activity, at time.Time) bool {
	rec := a.Body.(*activityRecord)
	if rec.step >= len(rec.flow)-1 {
		return false
	}
	v, err := rec.view()
	if err != nil {
		// Only a bug can get here: the activity stays where it is, and says so.
		s.log.Error("activity cannot move on", slog.Int64("activity", rec.id), slog.String("error", err.Error()))
		return false
	}
	rec.step++
	v.State = rec.flow[rec.step]
	v.UpdatedAt = at.UTC().Format(mobileTime)
	switch v.State {
	case stOrdered, stOrderPlaced:
		n := fmt.Sprintf("ORD-%d", a.ID)
		v.OrderNumber = &n
	case stShipped:
		tr := fmt.Sprintf("1Z999AA1%010d", a.ID)
		courier := "UPS"
		v.TrackingNumber, v.Courier = &tr, &courier
	}
	if rec.step == len(rec.flow)-1 {
		done := v.UpdatedAt
		v.CompletedAt = &done
		applyLineEffect(t.World, rec.effect)
	}
	body, err := marshal(v)
	if err != nil {
		s.log.Error("activity cannot move on", slog.Int64("activity", rec.id), slog.String("error", err.Error()))
		return false
	}
	rec.body = body
	t.SetActivityState(a, v.State)
	return true
}

// applyLineEffect changes the tenant's world as a completed activity says.
func applyLineEffect(st *world.State, e lineEffect) {
	if e.NewLine != nil {
		l := e.NewLine.Clone()
		l.ID = st.NewLineID()
		if l.Number == "" {
			l.Number = fmt.Sprintf("317557%04d", l.ID%10000)
		}
		st.Lines.Put(l)
	}
	if e.NewDevice != nil {
		d := e.NewDevice.Clone()
		d.ID = st.NewDeviceID()
		st.Devices.Put(d)
	}
	if e.NewMembership != nil {
		m := e.NewMembership.Clone()
		m.ID = st.NewMembershipID()
		st.Memberships.Put(m)
	}
	if e.EndMembership {
		if m, ok := st.Memberships.Get(e.MembershipID); ok {
			c := m.Clone()
			c.Status = "ended"
			st.Memberships.Put(c)
		}
	}
	if e.DeviceOwner != 0 {
		if d, ok := st.Devices.Get(e.DeviceID); ok {
			c := d.Clone()
			c.PersonID = e.DeviceOwner
			st.Devices.Put(c)
		}
	}
	cur, ok := st.Lines.Get(e.LineID)
	if !ok {
		return
	}
	l := cur.Clone()
	if e.Status != "" {
		l.Status = e.Status
	}
	if e.PersonID != 0 {
		l.PersonID = e.PersonID
	}
	if e.PlanID != 0 {
		l.PlanID = e.PlanID
	}
	if e.RefDeviceID != 0 {
		l.RefDeviceID = e.RefDeviceID
	}
	if e.Number != "" {
		l.Number = e.Number
	}
	if e.SIM != "" {
		l.SIM = e.SIM
	}
	if e.IMEI != "" {
		l.IMEI = e.IMEI
	}
	if e.CarrierAccount != 0 {
		l.CarrierAccountID, l.CarrierID = e.CarrierAccount, e.CarrierID
	}
	for _, f := range e.RemoveFeatures {
		for i, x := range l.FeatureIDs {
			if x == f {
				l.FeatureIDs = append(l.FeatureIDs[:i:i], l.FeatureIDs[i+1:]...)
				break
			}
		}
	}
	for _, f := range e.AddFeatures {
		if !containsID(l.FeatureIDs, f) {
			l.FeatureIDs = append(l.FeatureIDs, f)
		}
	}
	st.Lines.Put(l)
}

func (s *Server) handleGetActivity(c *call) (int, any, error) {
	id, err := strconv.ParseInt(c.params["id"], 10, 64)
	if err != nil {
		return 0, nil, failParam(codeNotFound, "id", fmt.Sprintf("No activity has the id %q.", c.params["id"]), "Activity ids are numbers, as POST /1/activities returns them.")
	}
	var body encoded
	err = s.read(c.tenant, func(t *store.Tenant) error {
		a, ok := t.Activity(id)
		if !ok {
			return failf(codeNotFound, "List activities with GET /1/activities.", "No activity has the id %d.", id)
		}
		body = a.Body.(*activityRecord).body
		return nil
	})
	return http.StatusOK, body, err
}

func (s *Server) handleListActivities(c *call) (int, any, error) {
	q := c.query()
	page, per := pageParams(q)
	f := store.ActivityFilter{State: q.Get("state")}
	if tid, err := strconv.Atoi(q.Get("activity_type_id")); err == nil {
		f.TypeID = tid
	}
	if emp := q.Get("employee_id"); emp != "" {
		p, ok := s.world.PeopleByEmployeeID[emp]
		if !ok {
			setPaging(c, 0, page, per)
			return http.StatusOK, []json.RawMessage{}, nil
		}
		f.PersonID = p.ID
	}
	views := []json.RawMessage{}
	var total int
	err := s.read(c.tenant, func(t *store.Tenant) error {
		list, n := t.Activities(f, (page-1)*per, per)
		total = n
		for _, a := range list {
			views = append(views, json.RawMessage(a.Body.(*activityRecord).body))
		}
		return nil
	})
	setPaging(c, total, page, per)
	return http.StatusOK, views, err
}

// pageParams reads the Mobile API's page/per_page parameters.
func pageParams(q url.Values) (int, int) {
	page, err := strconv.Atoi(q.Get("page"))
	if err != nil || page < 1 {
		page = 1
	}
	per, err := strconv.Atoi(q.Get("per_page"))
	if err != nil || per < 1 {
		per = 25
	}
	return page, per
}

// setPaging writes the Mobile API's paging headers: X-Total-Count and an
// RFC 8288 Link header with next, prev, first and last.
func setPaging(c *call, total, page, per int) {
	h := c.w.Header()
	h.Set("X-Total-Count", strconv.Itoa(total))
	h.Set("X-Page", strconv.Itoa(page))
	h.Set("X-Per-Page", strconv.Itoa(per))
	last := max(1, (total+per-1)/per)
	link := func(p int, rel string) string {
		q := c.query()
		q.Set("page", strconv.Itoa(p))
		q.Set("per_page", strconv.Itoa(per))
		return "<" + c.base + c.r.URL.Path + "?" + q.Encode() + `>; rel="` + rel + `"`
	}
	links := []string{link(1, "first"), link(last, "last")}
	if page < last {
		links = append(links, link(page+1, "next"))
	}
	if page > 1 {
		links = append(links, link(min(page-1, last), "prev"))
	}
	h.Set("Link", strings.Join(links, ", "))
}
