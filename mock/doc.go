// Package mock is the stateful mock of the MOBPROC v1 and Mobile REST APIs.
//
// Server is an http.Handler that serves MOBPROC under /mobproc/v1 and the
// Mobile API under /1, routed and checked from the OpenAPI documents of
// package spec (paths, parameters, headers and security through
// kin-openapi's openapi3filter, bodies through package schemas, each body
// decoded and validated once). On top of the contract it knows the domain:
// it resolves every id against a seeded world (package world), answers
// confirmations with the human-readable expansion of every id, stores the
// orders and activities it creates (package store), moves them through their
// lifecycles and changes the world when they complete.
//
// Beside the two APIs it serves /healthz, the embedded OpenAPI documents
// under /openapi/, the OAuth 2 endpoints under /oauth/ and, when enabled, an
// admin API under /__admin/ (reset, dump, advance, journal).
//
// On top of the contract it offers what developers expect of a mock (see
// Config): CORS for browser apps, Accept negotiation, forced answers
// (Prefer: code=NNN or example=NAME, read from the contract), latency and
// faults per run, operation, path or tenant (FaultProfile), one-off
// overrides per tenant through the admin API (Override), and a world that
// can be replaced while serving (Server.SetWorld).
//
// Errors always come back in the documented error shape of the API that was
// called, with a stable code, a sentence naming the field or parameter, and a
// hint; never a Go error string.
package mock

//go:generate go run ../internal/cmd/appendjson -out zz_appendjson.go -with world
