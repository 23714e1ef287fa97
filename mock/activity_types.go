package mock

// Activity states, in lower-case snake_case: the process flows of the
// documents name them in prose ("In Progress", "Await Carrier Response",
// "Order Placed"); the documented response shows "approved".
const (
	stApproved       = "approved"
	stInProgress     = "in_progress"
	stAwaitCarrier   = "await_carrier_response"
	stOrdered        = "ordered"
	stOrderPlaced    = "order_placed"
	stShipped        = "shipped"
	stComplete       = "complete"
	stFeaturesUpdate = "features_updated"
	stNumberChanged  = "number_changed"
	stPlanChanged    = "plan_changed"
	stActivated      = "activated"
	stActive         = "active"
	stUnsuspended    = "unsuspended"
	stDateSet        = "date_set"
)

// activityType is what the mock knows of one activity type.
type activityType struct {
	id   int
	name string
	// flow is the states the process flow names, first to last.
	flow []string
	// ships is set for activities that ship something (they get a shipping
	// method, an order number and a tracking number).
	ships bool
	// lineRule is the line statuses the activity accepts ("" = no line).
	lineRule []string
	// changesLine marks activities that change a line's status or owner:
	// only one may be open on a line at a time.
	changesLine bool
}

var (
	flowSimple   = []string{stApproved, stInProgress, stComplete}
	flowShipping = []string{stApproved, stInProgress, stOrdered, stShipped}
	anyLine      = []string{"active", "suspended"}
	activeLine   = []string{"active"}
)

// activityTypes holds the 31 activity types of the Mobile API document,
// with the flows its "Activity Process Flow" sections describe. Where a flow
// names no final state the mock completes it as "complete" (see the
// register).
var activityTypes = map[int]*activityType{
	1:  {id: 1, name: "Line Cancel", flow: flowSimple, lineRule: anyLine, changesLine: true},
	2:  {id: 2, name: "Suspend", flow: flowSimple, lineRule: activeLine, changesLine: true},
	3:  {id: 3, name: "New Line", flow: flowShipping, ships: true},
	4:  {id: 4, name: "Change Carrier", flow: flowShipping, ships: true, lineRule: activeLine},
	5:  {id: 5, name: "Transfer Of Liability (personal to corporate)", flow: flowSimple},
	6:  {id: 6, name: "Transfer Of Liability and Change Carrier", flow: flowSimple, ships: true},
	7:  {id: 7, name: "Accessory Order", flow: flowShipping, ships: true},
	8:  {id: 8, name: "Device Swap", flow: flowSimple, lineRule: activeLine},
	9:  {id: 9, name: "Upgrade Eligibility Check", flow: []string{stApproved, stInProgress, stDateSet}, lineRule: anyLine},
	12: {id: 12, name: "Travel Request", flow: []string{stApproved, stInProgress, stAwaitCarrier, stComplete}, lineRule: activeLine},
	13: {id: 13, name: "Change Phone Number", flow: []string{stApproved, stInProgress, stNumberChanged}, lineRule: activeLine},
	14: {id: 14, name: "Plan Change", flow: []string{stApproved, stInProgress, stPlanChanged}, lineRule: activeLine},
	15: {id: 15, name: "Add/Remove Features", flow: []string{stApproved, stInProgress, stAwaitCarrier, stFeaturesUpdate}, lineRule: activeLine},
	16: {id: 16, name: "Line Assignment", flow: flowSimple, lineRule: anyLine, changesLine: true},
	17: {id: 17, name: "Device Upgrade", flow: flowShipping, ships: true, lineRule: activeLine},
	18: {id: 18, name: "Device Replacement", flow: []string{stApproved, stInProgress, stOrderPlaced, stShipped}, ships: true, lineRule: activeLine},
	20: {id: 20, name: "Reset Voicemail Password", flow: flowSimple, lineRule: activeLine},
	21: {id: 21, name: "Transfer Of Liability (corporate to personal)", flow: flowSimple, lineRule: anyLine, changesLine: true},
	22: {id: 22, name: "Device Purchase", flow: flowShipping, ships: true},
	24: {id: 24, name: "Device Assign", flow: flowSimple},
	29: {id: 29, name: "Enter Bring Your Own Mobile", flow: flowSimple},
	31: {id: 31, name: "Transfer Of Liability with Upgrade", flow: flowShipping, ships: true},
	33: {id: 33, name: "Leave Program", flow: flowSimple},
	37: {id: 37, name: "Add Service To Existing Device", flow: []string{stApproved, stInProgress, stOrderPlaced}},
	38: {id: 38, name: "Order Sim Card", flow: flowShipping, ships: true, lineRule: anyLine},
	40: {id: 40, name: "Add Service To Managed Device", flow: []string{stApproved, stInProgress, stActivated}, ships: true},
	42: {id: 42, name: "Reactivate Line", flow: []string{stApproved, stInProgress, stAwaitCarrier, stActive}, lineRule: []string{"cancelled"}, changesLine: true},
	44: {id: 44, name: "Corporate Eligibility Check", flow: flowSimple},
	45: {id: 45, name: "Pick Device", flow: flowShipping, ships: true},
	46: {id: 46, name: "Device Return", flow: flowSimple},
	87: {id: 87, name: "Unsuspend", flow: []string{stApproved, stInProgress, stUnsuspended}, lineRule: []string{"suspended"}, changesLine: true},
}
