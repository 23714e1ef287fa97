// Package mock is the stateful mock of the MOBPROC v1 and Mobile REST APIs.
//
// Server is an http.Handler that serves MOBPROC under /mobproc/v1 and the
// Mobile API under /1, routed and checked from the OpenAPI documents of
// package spec (paths, parameters, headers and security through
// kin-openapi's openapi3filter, bodies through package schemas, each body
// decoded and validated once). It then calls the operation's handler with
// a request value (package op) and writes what the handler returns. The
// APIs' behaviour lives in one package each: mock/internal/mobproc and
// mock/internal/mobile (confirmations, activities, business rules,
// lifecycles, lookups); the world they act on is package world, the
// tenants' state package store.
//
// Package mock owns the HTTP side: the Server and its Config, routing,
// tenancy, auth and OAuth, /healthz, the embedded OpenAPI documents under
// /openapi/, the admin API under /__admin/ (reset, dump, advance,
// journal), Limit, the journal, and the one writer (reply) of every answer
// and every error, in the documented error shape of the API that was
// called, with a stable code, a sentence naming the field or parameter,
// and a hint; never a Go error string.
//
// On top of the contract it offers what developers expect of a mock (see
// Config): CORS for browser apps, Accept negotiation, forced answers
// (Prefer: code=NNN or example=NAME, read from the contract), latency and
// faults per run, operation, path or tenant (FaultProfile), one-off
// overrides per tenant through the admin API (Override), and a world that
// can be replaced while serving (Server.SetWorld), which tenants created
// before keep theirs.
//
// It also holds the bounds that keep hostile clients from hurting others
// (docs/robustness.md lists each with its default): one rule for tenant
// names (tenant.go); logins that bind tenants, a login form and registered
// redirect URIs for the implicit flow, throttled failures and a bounded
// token table (oauth.go, oauth_login.go, throttle.go); queries read whole
// (query.go); bodies read ahead of the in-flight slots (limit.go); bounded
// warnings, errors and journal entries (bounds.go, journal_bounds.go);
// HTTP hygiene and cross-site refusals (hygiene.go, admin_csrf.go); and the
// answer to a store that has no room (limits.go, op.Tenants.Create).
package mock
