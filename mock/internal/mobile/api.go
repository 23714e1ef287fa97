package mobile

import (
	"github.com/mobmock/mobmock/mock/internal/op"
)

// Base is the path the Mobile API is served under.
const Base = "/1"

// API is the Mobile API's behaviour: its handlers, by operationId, over a
// world and the tenants' states.
type API struct {
	op.Env
}

// New returns the Mobile API's behaviour in env.
func New(env op.Env) *API { return &API{Env: env} }

// Handlers returns a handler for each operation of the Mobile API
// document, by operationId.
func (a *API) Handlers() map[string]op.Handler {
	return map[string]op.Handler{
		"createActivity":         a.handleCreateActivity,
		"getActivity":            a.handleGetActivity,
		"listActivities":         a.handleListActivities,
		"listPeople":             a.handleListPeople,
		"findOnePerson":          a.handleFindOnePerson,
		"listLines":              a.handleListLines,
		"listDevices":            a.handleListDevices,
		"listFeatures":           a.handleListFeatures,
		"listProgramMemberships": a.handleListMemberships,
		"listCarriers":           a.handleListCarriers,
		"listCarrierAccounts":    a.handleListCarrierAccounts,
		"listBusinessRefDevices": a.handleListBusinessRefDevices,
		"listBusinessPlans":      a.handleListBusinessPlans,
		"listBusinessFeatures":   a.handleListBusinessFeatures,
		"listAccessories":        a.handleListAccessories,
		"listCountries":          a.handleListCountries,
		"listBusinessCountries":  a.handleListBusinessCountries,
	}
}

// Aliases are the lookups the document names by what they answer rather
// than by their path (register MB-33): "/business_features or
// features_to_add" (New Line's suggested lookups) and "/ref_device_id"
// (Enter Bring Your Own Mobile's).
var Aliases = []op.Alias{
	{From: Base + "/features_to_add", To: Base + "/business_features", Discrepancy: "MB-33",
		Message: "Use /1/business_features: the document names this lookup features_to_add, after the attribute it fills."},
	{From: Base + "/ref_device_id", To: Base + "/business_ref_devices", Discrepancy: "MB-33",
		Message: "Use /1/business_ref_devices (each item's ref_device_id): the document names this lookup /ref_device_id, after the attribute it fills."},
}
