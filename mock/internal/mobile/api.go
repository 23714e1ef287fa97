package mobile

import (
	"github.com/mobmock/mobmock/mock/internal/op"
	"github.com/mobmock/mobmock/mock/world"
)

// Base is the path the Mobile API is served under.
const Base = "/1"

// API is the Mobile API's behaviour: its handlers, by operationId, over a
// world and the tenants' states.
type API struct {
	world   *world.World
	tenants *op.Tenants
	strict  bool
}

// New returns the Mobile API's behaviour over the seeded world w and the
// tenants' states; strict holds requests to the strict reading of the
// contract.
func New(w *world.World, tenants *op.Tenants, strict bool) *API {
	return &API{world: w, tenants: tenants, strict: strict}
}

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
