package mobile

import (
	"strconv"

	"github.com/mobmock/mobmock/mock/world"
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
