package world

// Money is a price with how often it is charged.
type Money struct {
	Amount       float64 `json:"amount"`
	CurrencyCode string  `json:"currencyCode"`
	Recurrence   string  `json:"recurrence"` // ONETIME or MONTHLY
}

// Department is an employee's department.
type Department struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// Employee is a MOBPROC employee (an account holder or requester).
type Employee struct {
	ID                string     `json:"id"`
	CompanyEmployeeID string     `json:"companyEmployeeId"`
	Department        Department `json:"department"`
	Email             string     `json:"email"`
	FirstName         string     `json:"firstName"`
	LastName          string     `json:"lastName"`
	OfficePhone       string     `json:"officePhone"`
	Status            string     `json:"status"`
	// Password is what the mock's OAuth token endpoint accepts for this
	// employee (username: CompanyEmployeeID).
	Password string `json:"password,omitempty"`
}

// Vendor is a carrier or supplier.
type Vendor struct {
	ID      string `json:"id"`
	Name    string `json:"name"`
	LogoURL string `json:"logoUrl"`
}

// Manufacturer makes devices; Models are keyed by model id.
type Manufacturer struct {
	ID      string   `json:"id"`
	Name    string   `json:"name"`
	LogoURL string   `json:"logoUrl"`
	Models  []*Model `json:"models"`
}

// Model is a device model of a manufacturer.
type Model struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// Region is a country where service is used.
type Region struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	// PostalCodeRequired says whether orders in the region need a postal code.
	PostalCodeRequired bool `json:"postalCodeRequired,omitempty"`
}

// SerialNumber is a device serial number and its kind.
type SerialNumber struct {
	Type  string `json:"type"`
	Value string `json:"value"`
}

// Device is the device currently on a service asset.
type Device struct {
	ID             string       `json:"id"`
	AccessMethod   string       `json:"accessMethod"`
	CompanyAssetID string       `json:"companyAssetId"`
	MACAddress     string       `json:"macAddress"`
	ManufacturerID string       `json:"manufacturerId"`
	Model          string       `json:"model"`
	SerialNumber   SerialNumber `json:"serialNumber"`
	SIMID          string       `json:"simId"`
}

// DeviceAsset is a device an employee has that no service runs on (a
// spare): SWAP_DEVICES moves a service to one of these.
type DeviceAsset struct {
	ID             string       `json:"id"`
	EmployeeID     string       `json:"employeeId"`
	ManufacturerID string       `json:"manufacturerId"`
	Model          string       `json:"model"`
	SerialNumber   SerialNumber `json:"serialNumber"`
	SIMID          string       `json:"simId"`
}

// ContractDates are a service's contract milestones (RFC 3339).
type ContractDates struct {
	Activated         string `json:"activated"`
	End               string `json:"end"`
	LastDeviceUpgrade string `json:"lastDeviceUpgrade"`
	Start             string `json:"start"`
}

// Service statuses.
const (
	ServiceActive         = "ACTIVE"
	ServiceSuspended      = "SUSPENDED"
	ServiceDeactivated    = "DEACTIVATED"
	ServiceTransferredOut = "TRANSFERRED_OUT"
)

// Service is a MOBPROC cellular service asset.
type Service struct {
	ID            string        `json:"id"`
	EmployeeID    string        `json:"employeeId"`
	ServiceNumber string        `json:"serviceNumber"`
	Status        string        `json:"status"`
	VendorID      string        `json:"vendorId"`
	RegionID      string        `json:"regionId"`
	PlanID        string        `json:"planId,omitempty"`
	FeatureIDs    []string      `json:"featureIds,omitempty"`
	ContractDates ContractDates `json:"contractDates"`
	Device        Device        `json:"device"`
}

// Feature is an optional feature of a plan.
type Feature struct {
	ID          string `json:"id"`
	Description string `json:"description"`
	Price       Money  `json:"price"`
}

// Plan is a catalog service plan.
type Plan struct {
	ID               string     `json:"id"`
	Name             string     `json:"name"`
	VendorID         string     `json:"vendorId"`
	Price            Money      `json:"price"`
	IncludedFeatures []string   `json:"includedFeatures"`
	OptionalFeatures []*Feature `json:"optionalFeatures"`
	RegionIDs        []string   `json:"regionIds"`
}

// CatalogDevice is a device that can be ordered.
type CatalogDevice struct {
	ID             string   `json:"id"`
	Name           string   `json:"name"`
	ManufacturerID string   `json:"manufacturerId"`
	ModelID        string   `json:"modelId"`
	VendorID       string   `json:"vendorId"`
	ImageURL       string   `json:"imageUrl"`
	Price          Money    `json:"price"`
	RegionIDs      []string `json:"regionIds"`
}

// Accessory is a catalog accessory (MOBPROC).
type Accessory struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	VendorID string `json:"vendorId"`
	ImageURL string `json:"imageUrl"`
	Price    Money  `json:"price"`
}

// PropertyDef defines an order property.
type PropertyDef struct {
	ID    string `json:"id"`
	Label string `json:"label"`
	Type  string `json:"type"` // TEXT, CHOICE or DATE
	Group string `json:"groupId"`
	// Choices lists the accepted choice ids of a CHOICE property; "*people"
	// means the tenant's employees' companyEmployeeIds.
	Choices []string `json:"choices,omitempty"`
}

// OrderProperty says that a property applies to a transaction type.
type OrderProperty struct {
	ID       string `json:"id"`
	Required bool   `json:"required,omitempty"`
}

// --- Mobile REST API ---

// Person is a Mobile API person (created_for, created_by, assigned_to).
type Person struct {
	ID           int64          `json:"id"`
	NameLast     string         `json:"name_last"`
	NameFirst    string         `json:"name_first"`
	NameMiddle   *string        `json:"name_middle"`
	GroupID      int64          `json:"group_id"`
	Email        string         `json:"email"`
	Login        *string        `json:"login"`
	EmployeeID   *string        `json:"employee_id"`
	CreatedAt    string         `json:"created_at"`
	UpdatedAt    string         `json:"updated_at"`
	CostCenter   string         `json:"cost_center"`
	Active       bool           `json:"active"`
	CustomerData map[string]any `json:"customer_data"`
	GroupName    string         `json:"group_name"`
}

// Line statuses.
const (
	LineActive    = "active"
	LineSuspended = "suspended"
	LineCancelled = "cancelled"
)

// Line is a line of service (a phone number) of the Mobile API.
type Line struct {
	ID               int64   `json:"id"`
	Number           string  `json:"number"`
	Status           string  `json:"status"`
	PersonID         int64   `json:"person_id"`
	CarrierID        int64   `json:"carrier_id"`
	CarrierAccountID int64   `json:"carrier_account_id"`
	PlanID           int64   `json:"plan_id"`
	RefDeviceID      int64   `json:"ref_device_id"`
	DeviceID         *int64  `json:"device_id"`
	FeatureIDs       []int64 `json:"feature_ids"`
	Label            string  `json:"label"`
	SIM              string  `json:"sim"`
	IMEI             string  `json:"imei"`
}

// Carrier is a mobile carrier.
type Carrier struct {
	ID        int64  `json:"id"`
	Name      string `json:"name"`
	CountryID int64  `json:"country_id"`
}

// CarrierAccount is a company account with a carrier.
type CarrierAccount struct {
	ID            int64  `json:"id"`
	CarrierID     int64  `json:"carrier_id"`
	AccountNumber string `json:"account_number"`
	Name          string `json:"name"`
}

// Country is a country known to the Mobile API.
type Country struct {
	ID       int64  `json:"id"`
	Name     string `json:"name"`
	ISO3166  string `json:"iso3166_country"`
	Alpha2   string `json:"alpha2"`
	Business bool   `json:"business"`
}

// RefDevice is a reference (catalog) device of the Mobile API.
type RefDevice struct {
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
	CostCents       int64   `json:"cost_cents"`
}

// BusinessRefDevice is a company's offer of a reference device.
type BusinessRefDevice struct {
	ID          int64 `json:"id"`
	RefDeviceID int64 `json:"ref_device_id"`
	CarrierID   int64 `json:"carrier_id"`
	CostCents   int64 `json:"cost_cents"`
}

// MobilePlan is a carrier plan of the Mobile API.
type MobilePlan struct {
	ID                     int64             `json:"id"`
	Name                   string            `json:"name"`
	CostCents              int64             `json:"cost_cents"`
	MinutesAnytime         string            `json:"minutes_anytime"`
	MinutesEvening         string            `json:"minutes_evening"`
	Voice                  bool              `json:"voice"`
	Data                   bool              `json:"data"`
	CarrierCode            string            `json:"carrier_code"`
	CarrierID              int64             `json:"carrier_id"`
	VoiceMonthlyPercentage string            `json:"voice_monthly_percentage"`
	DataMonthlyPercentage  string            `json:"data_monthly_percentage"`
	TextMonthlyPercentage  string            `json:"text_monthly_percentage"`
	ProductCategory        string            `json:"product_category"`
	FeatureNames           map[string]string `json:"feature_names"`
	SupplierSKU            string            `json:"supplier_sku"`
}

// BusinessPlan is a company's offer of a plan.
type BusinessPlan struct {
	ID     int64 `json:"id"`
	PlanID int64 `json:"plan_id"`
}

// MobileFeature is a carrier feature that can be on a line.
type MobileFeature struct {
	ID        int64  `json:"id"`
	Name      string `json:"name"`
	CostCents int64  `json:"cost_cents"`
	CarrierID int64  `json:"carrier_id"`
}

// BusinessFeature is a company's offer of a feature.
type BusinessFeature struct {
	ID        int64 `json:"id"`
	FeatureID int64 `json:"feature_id"`
}

// MobileAccessory is an accessory of the Mobile API.
type MobileAccessory struct {
	ID        int64  `json:"id"`
	Name      string `json:"name"`
	CostCents int64  `json:"cost_cents"`
}

// MobileDevice is a managed device (equipment) of the Mobile API.
type MobileDevice struct {
	ID          int64  `json:"id"`
	PersonID    int64  `json:"person_id"`
	RefDeviceID int64  `json:"ref_device_id"`
	Identifier  string `json:"identifier"`
	LineID      *int64 `json:"line_id"`
}

// Program is a program people can enrol in (Bring Your Own Mobile).
type Program struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

// ProgramMembership is a person's enrolment in a program.
type ProgramMembership struct {
	ID         int64  `json:"id"`
	ProgramID  int64  `json:"program_id"`
	EnrolleeID int64  `json:"enrollee_id"`
	Status     string `json:"status"` // active or ended
	DeviceID   *int64 `json:"device_id"`
}
