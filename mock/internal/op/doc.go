// Package op holds what the two APIs' handlers share and nothing of either
// API's rules: the request value a handler receives and the result value
// it returns (Handler), the error codes and the refusal (Error) both APIs'
// error shapes are written from, the collector of business findings
// (Findings), the accessors over a decoded body, the JSON encoding of
// stored records, and the lifecycle engine (Tenants) that moves stored
// records, which implement store.Record, on in time.
//
// Handlers never see HTTP: package op does not import net/http, and
// package mock, which does, is the only one that turns a Result or an
// Error into an answer. mock's TestDomainImports keeps it that way.
package op
