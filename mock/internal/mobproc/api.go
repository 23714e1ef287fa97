package mobproc

import (
	"github.com/mobmock/mobmock/mock/internal/op"
	"github.com/mobmock/mobmock/mock/world"
)

// Base is the path MOBPROC is served under; links in answers are paths
// under it.
const Base = "/mobproc/v1"

// API is MOBPROC's behaviour: its handlers, by operationId, over a world
// and the tenants' states.
type API struct {
	world   *world.World
	tenants *op.Tenants
	strict  bool
}

// New returns MOBPROC's behaviour over the seeded world w and the tenants'
// states; strict holds requests to the strict reading of the contract.
func New(w *world.World, tenants *op.Tenants, strict bool) *API {
	return &API{world: w, tenants: tenants, strict: strict}
}

// Handlers returns a handler for each operation of the MOBPROC document,
// by operationId.
func (a *API) Handlers() map[string]op.Handler {
	h := map[string]op.Handler{
		"createOrder":       a.handleCreateOrder,
		"getOrder":          a.handleGetOrder,
		"listOrders":        a.handleListOrders,
		"getOrderHistory":   a.handleOrderHistory,
		"getOrderShipments": a.handleOrderShipments,
	}
	for _, l := range lookups {
		if l.list != "" {
			h[l.list] = a.lister(l)
		}
		if l.get != "" {
			h[l.get] = a.getter(l)
		}
	}
	return h
}
