// Package store keeps every tenant's state: its view of the world (see
// package world), the orders and activities it created with the indexes that
// list and filter them, and the lifecycle steps that are due. Store is the
// interface the mock uses; Memory is the in-memory implementation, safe for
// concurrent use, with one lock per tenant so tenants never wait on each
// other. Durable (Open) keeps the same in-memory tenants as its working
// copy and writes each Update's changes to a bbolt file or to PostgreSQL
// before it returns; on PostgreSQL, replicas serialise each tenant's
// updates with an advisory lock and catch up on each other's changes by
// version (docs/state.md).
//
// The store indexes records by the fields it lists and filters on and keeps
// their content opaque (Order.Body, Activity.Body, each a Record): the mock
// owns what an order looks like, and a Record moves itself on through its
// lifecycle when the mock's lifecycle engine asks it to. It knows nothing of
// HTTP.
package store
