package mobile

import (
	"fmt"
	"slices"

	"github.com/mobmock/mobmock/mock/internal/op"
	"github.com/mobmock/mobmock/mock/world"
)

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
	// stAwaitApproval is where an activity waits when it "routes for
	// approval" (Enter BYOM without skip_approval); the name is the mock's.
	stAwaitApproval = "awaiting_approval"
	// stSleeping is where an activity waits for its date: "the activity
	// will be slept within our system and will open back up" (seed 004,
	// Travel Request); Line Cancel's sleep_until holds it the same way.
	stSleeping = "sleeping"
)

// activityType is one activity type and everything the mock does
// differently for it. The fields after flow are the type's behaviour; a
// zero field is the common behaviour.
type activityType struct {
	id   int
	name string
	// flow is the states the process flow names, first to last.
	flow []string
	// lineRule is the line statuses the activity accepts (nil: any line,
	// or none).
	lineRule []string
	// stateHints are the hints for a line in a status lineRule refuses,
	// by status, where they say more than the common one.
	stateHints map[string]string
	// lenientOnActive lets the lenient reading accept the activity on an
	// active line as a no-op with a warning (register MB-30: the Unsuspend
	// and Reactivate examples target a line the others need active).
	lenientOnActive bool
	// changesLine marks activities that change a line's status or owner:
	// only one may be open on a line at a time.
	changesLine bool
	// unsuspend sets the activity's is_unsuspend.
	unsuspend bool
	// labelsLine labels the activity, when it has no label, with the name
	// of the person it is for, as the documented New Line response shows.
	labelsLine bool
	// newIMEI shows device_identifier as the new IMEI.
	newIMEI bool
	// showsExistingDevice shows the line's current device model beside
	// the new one.
	showsExistingDevice bool
	// showsExistingPlan shows the line's current plan beside the new one.
	showsExistingPlan bool
	// assignsLine moves the line to replacement_person_id, who must not
	// own it already.
	assignsLine bool
	// keepsPerson keeps replacement_person_id as the new owner of what the
	// activity changes (others ignore it when they complete).
	keepsPerson bool
	// approval routes the activity for approval unless the request sets
	// skip_approval.
	approval bool
	// sleepsUntil names the request's date attribute that holds the
	// activity in stSleeping before the states after it.
	sleepsUntil string
	// spawnsChildren makes the activity open a child Add/Remove Features
	// activity each time it enters in_progress (Travel Request).
	spawnsChildren bool
	// fillsDates fills field_data with the eligibility dates in the last
	// state (Upgrade Eligibility Check).
	fillsDates bool
	// effect says what completing the activity changes in the world, on
	// top of the plan, device and features every type may change.
	effect func(b *builder, e *effect)
}

var (
	flowSimple   = []string{stApproved, stInProgress, stComplete}
	flowShipping = []string{stApproved, stInProgress, stOrdered, stShipped}
	anyLine      = []string{world.LineActive, world.LineSuspended}
	activeLine   = []string{world.LineActive}
)

// activityTypes holds the 31 activity types of the Mobile API document,
// with the flows its "Activity Process Flow" sections describe. Where a flow
// names no final state the mock completes it as "complete" (see the
// register). This table is the only place the types' ids appear.
var activityTypes = map[int]*activityType{
	// Line Cancel: "sleep_until ... must be a future date, if needing to be
	// canceled the day of, leave null" (seed 004, Line Cancel table).
	1: {id: 1, name: "Line Cancel", flow: flowSimple, lineRule: anyLine, changesLine: true, sleepsUntil: "sleep_until", effect: setStatus(world.LineCancelled)},
	2: {id: 2, name: "Suspend", flow: flowSimple, lineRule: activeLine, changesLine: true, effect: setStatus(world.LineSuspended),
		stateHints: map[string]string{world.LineSuspended: "The line is already suspended; send an Unsuspend (87) activity to resume it."}},
	3: {id: 3, name: "New Line", flow: flowShipping, labelsLine: true, effect: newLine},
	4: {id: 4, name: "Change Carrier", flow: flowShipping, lineRule: activeLine, showsExistingDevice: true, effect: changeCarrier},
	5: {id: 5, name: "Transfer Of Liability (personal to corporate)", flow: flowSimple, effect: newLine},
	6: {id: 6, name: "Transfer Of Liability and Change Carrier", flow: flowSimple, effect: newLine},
	7: {id: 7, name: "Accessory Order", flow: flowShipping},
	8: {id: 8, name: "Device Swap", flow: flowSimple, lineRule: activeLine, newIMEI: true, showsExistingDevice: true, effect: swapSIM},
	9: {id: 9, name: "Upgrade Eligibility Check", flow: []string{stApproved, stInProgress, stDateSet}, lineRule: anyLine, fillsDates: true},
	// Travel Request: children at in_progress, then "slept ... and will open
	// back up and be in status In Progress to remove" at the return date.
	12: {id: 12, name: "Travel Request", flow: []string{stApproved, stInProgress, stAwaitCarrier, stSleeping, stInProgress, stComplete},
		lineRule: activeLine, sleepsUntil: "return_date", spawnsChildren: true},
	13: {id: 13, name: "Change Phone Number", flow: []string{stApproved, stInProgress, stNumberChanged}, lineRule: activeLine, effect: newNumber},
	14: {id: 14, name: "Plan Change", flow: []string{stApproved, stInProgress, stPlanChanged}, lineRule: activeLine, showsExistingPlan: true},
	15: {id: 15, name: "Add/Remove Features", flow: []string{stApproved, stInProgress, stAwaitCarrier, stFeaturesUpdate}, lineRule: activeLine},
	16: {id: 16, name: "Line Assignment", flow: flowSimple, lineRule: anyLine, changesLine: true, assignsLine: true, keepsPerson: true},
	17: {id: 17, name: "Device Upgrade", flow: flowShipping, lineRule: activeLine, showsExistingDevice: true},
	18: {id: 18, name: "Device Replacement", flow: []string{stApproved, stInProgress, stOrderPlaced, stShipped}, lineRule: activeLine},
	20: {id: 20, name: "Reset Voicemail Password", flow: flowSimple, lineRule: activeLine},
	21: {id: 21, name: "Transfer Of Liability (corporate to personal)", flow: flowSimple, lineRule: anyLine, changesLine: true, effect: setStatus(world.LineCancelled)},
	22: {id: 22, name: "Device Purchase", flow: flowShipping, effect: newDevice},
	24: {id: 24, name: "Device Assign", flow: flowSimple, keepsPerson: true, effect: assignDevice},
	29: {id: 29, name: "Enter Bring Your Own Mobile", flow: flowSimple, approval: true, effect: enterProgram},
	// "will complete the activity when all is successful" (seed 004,
	// Transfer Of Liability with Upgrade, process flow).
	31: {id: 31, name: "Transfer Of Liability with Upgrade", flow: flowSimple, effect: newLine},
	33: {id: 33, name: "Leave Program", flow: flowSimple, effect: leaveProgram},
	37: {id: 37, name: "Add Service To Existing Device", flow: []string{stApproved, stInProgress, stOrderPlaced}, labelsLine: true, effect: newLine},
	38: {id: 38, name: "Order Sim Card", flow: flowShipping, lineRule: anyLine},
	40: {id: 40, name: "Add Service To Managed Device", flow: []string{stApproved, stInProgress, stActivated}, labelsLine: true, effect: newLine},
	42: {id: 42, name: "Reactivate Line", flow: []string{stApproved, stInProgress, stAwaitCarrier, stActive}, lineRule: []string{world.LineCancelled},
		lenientOnActive: true, changesLine: true, effect: setStatus(world.LineActive)},
	44: {id: 44, name: "Corporate Eligibility Check", flow: flowSimple},
	45: {id: 45, name: "Pick Device", flow: flowShipping, effect: newDevice},
	46: {id: 46, name: "Device Return", flow: flowSimple},
	87: {id: 87, name: "Unsuspend", flow: []string{stApproved, stInProgress, stUnsuspended}, lineRule: []string{world.LineSuspended},
		lenientOnActive: true, changesLine: true, unsuspend: true, effect: setStatus(world.LineActive)},
}

// flowFor is the states an activity of the type goes through: the type's
// flow, preceded by stAwaitApproval when it routes for approval, and with a
// sleep before the last states when it has a date to wait for.
func (typ *activityType) flowFor(act map[string]any) []string {
	flow := typ.flow
	if typ.sleepsUntil != "" && !slices.Contains(flow, stSleeping) {
		if op.Str(act, typ.sleepsUntil) == "" {
			return flow
		}
		// Line Cancel: approved, then asleep until the date, then the
		// cancellation itself.
		flow = append([]string{flow[0], stSleeping}, flow[1:]...)
	}
	if skip, _ := op.Bool(act, "skip_approval"); typ.approval && !skip {
		flow = append([]string{stAwaitApproval}, flow...)
	}
	return flow
}

// stateHint is the hint for a line whose status the type refuses.
func (typ *activityType) stateHint(status string) string {
	if h, ok := typ.stateHints[status]; ok {
		return h
	}
	if status == world.LineCancelled {
		return "The line is cancelled; send a Reactivate Line (42) activity first."
	}
	return "Check the line's status with GET /1/lines?employee_id=..."
}

// The types' effects.

// setStatus puts the line in a status.
func setStatus(status string) func(*builder, *effect) {
	return func(_ *builder, e *effect) { e.Status = status }
}

// swapSIM moves the line to the new SIM and device.
func swapSIM(b *builder, e *effect) {
	e.SIM, e.IMEI = op.Str(b.act, "new_sim"), op.Str(b.act, "device_identifier")
}

// newNumber gives the line a number in the preferred area code.
func newNumber(b *builder, e *effect) {
	area := op.Str(b.act, "preferred_area_code")
	prefix := op.Str(b.act, "preferred_calling_prefix")
	if len(prefix) != 3 {
		prefix = "555"
	}
	e.Number = area + prefix + fmt.Sprintf("%04d", b.now.UnixNano()%10000)
}

// newLine creates a line for the person the activity is for.
func newLine(b *builder, e *effect) {
	if b.person == nil {
		return
	}
	account, _ := b.w.CarrierAccounts.Get(b.w.Defaults.CarrierAccountID)
	l := &world.Line{Status: world.LineActive, PersonID: b.person.ID, CarrierID: account.CarrierID, CarrierAccountID: account.ID,
		PlanID: e.PlanID, RefDeviceID: e.RefDeviceID, FeatureIDs: e.AddFeatures, Label: derefOr(b.view.Label, b.person.NameFirst+" "+b.person.NameLast)}
	if b.view.CarrierID != nil {
		l.CarrierID = *b.view.CarrierID
	}
	if tol := op.Obj(b.act, "transfer_of_liability_attributes"); tol != nil && op.Str(tol, "phone_number") != "" {
		// Lines hold 10 digits; the lenient reading also takes the
		// number with its country code 1 (register MB-22).
		n := op.Str(tol, "phone_number")
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
}

// newDevice gives the person the device model the activity names.
func newDevice(b *builder, e *effect) {
	if b.person != nil && e.RefDeviceID != 0 {
		e.NewDevice = &world.MobileDevice{PersonID: b.person.ID, RefDeviceID: e.RefDeviceID}
	}
}

// assignDevice gives the device to replacement_person_id.
func assignDevice(_ *builder, e *effect) { e.DeviceOwner = e.PersonID }

// enterProgram enrols the person in the program.
func enterProgram(b *builder, e *effect) {
	if b.person != nil {
		pid, _ := op.Num(b.act, "program_id")
		e.NewMembership = &world.ProgramMembership{ProgramID: pid, EnrolleeID: b.person.ID, Status: "active"}
	}
}

// leaveProgram ends the membership.
func leaveProgram(b *builder, e *effect) {
	e.MembershipID, _ = op.Num(b.act, "program_membership_id")
	e.EndMembership = true
}

// changeCarrier moves the line to the carrier account.
func changeCarrier(b *builder, e *effect) {
	if b.view.CarrierAccountID != nil {
		e.CarrierAccount = *b.view.CarrierAccountID
		if ca, ok := b.w.CarrierAccounts.Get(e.CarrierAccount); ok {
			e.CarrierID = ca.CarrierID
		}
	}
}
