// Package mobproc is the behaviour of MOBPROC v1 (/mobproc/v1): one
// handler per operation of spec/mobproc.yaml (API.Handlers, by
// operationId), each taking an op.Request and returning an op.Result or an
// *op.Error, never writing HTTP.
//
// Where things are:
//   - confirm.go: the confirmation rules of POST /orders. The expander
//     resolves every id of an order request against the tenant's world
//     (service, region, cart, devices, ship-to, properties), applies the
//     business rules (service states by transaction type, devices of a
//     swap, duplicate externalOrderNumber) and says what the order will
//     change when it completes (effect).
//   - orders.go: submitting, reading and listing orders, their history and
//     shipments, and the order's lifecycle (the stored order is a
//     store.Record: ORDER_SUBMITTED → IN_PROGRESS → (SHIPPED) → COMPLETED,
//     changing the world on completion).
//   - lookups.go: the 18 lookups of the world (services, catalog, regions,
//     manufacturers and models, vendors, employees, order properties), one
//     table row each.
//   - views.go: the response shapes, in the order the documents print them.
//
// It never imports net/http nor package mobile (mock's TestDomainImports).
package mobproc
