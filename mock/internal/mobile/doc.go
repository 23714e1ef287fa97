// Package mobile is the behaviour of the Mobile REST API (/1): one handler
// per operation of spec/mobile.yaml (API.Handlers, by operationId), each
// taking an op.Request and returning an op.Result or an *op.Error, never
// writing HTTP.
//
// Where things are:
//   - types.go: the 31 activity types, each named once in one table with
//     everything the mock does differently for it: its process flow, the
//     line states it accepts, the register entries that relax it, and what
//     completing it changes in the world (its effect function).
//   - build.go: creating an activity: the builder resolves every id of the
//     request against the tenant's world (people, line, catalog,
//     addresses, memberships) and applies the business rules.
//   - activities.go: creating, reading and listing activities, and the
//     activity's lifecycle (the stored activity is a store.Record moving
//     through its type's flow, changing lines, devices and memberships on
//     completion).
//   - lookups.go: the lookups (people, lines, devices, features, programs,
//     carriers, the business catalog, countries), paged by page/per_page.
//   - views.go: the response shapes, in the order the documents print them.
//
// It never imports net/http nor package mobproc (mock's TestDomainImports).
package mobile
