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
// journal), the partner console (POST /__validate, the page of package web
// at / and the tenant-scoped /__console/ endpoints it reads), Limit, the
// journal, and the one writer (reply) of every answer
// and every error, in the documented error shape of the API that was
// called, with a stable code, a sentence naming the field or parameter,
// and a hint; never a Go error string.
package mock
