package mobproc

import (
	"github.com/mobmock/mobmock/mock/internal/op"
)

// Base is the path MOBPROC is served under; links in answers are paths
// under it.
const Base = "/mobproc/v1"

// API is MOBPROC's behaviour: its handlers, by operationId, over a world
// and the tenants' states.
type API struct {
	op.Env
}

// New returns MOBPROC's behaviour in env.
func New(env op.Env) *API { return &API{Env: env} }

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

// Aliases are the resources the documents name under two paths: the prose
// says /assets/service, the links /assets/services (register MP-3).
var Aliases = []op.Alias{
	{From: Base + "/assets/service", To: Base + "/assets/services", Discrepancy: "MP-3",
		Message: "Use /assets/services: the documents' prose says /assets/service, their links /assets/services."},
}
