// Package schemas owns the JSON Schema (draft 2020-12) files that describe every
// request and response body of the MOBPROC v1 and Mobile REST APIs, the
// machine-readable register of places where the published documents contradict
// themselves, and the payload validator built on both.
//
// The schema files are written in their strict reading: the attribute tables of
// the documents, except where the register decides otherwise (README, "Lenient
// and strict", lists the departures). Payload rules that a schema does not say
// well (the order properties per transaction type, dates against today) are a
// separate step of ValidateFile (rules.go), applied in both readings. The lenient reading, which is the
// default and accepts every documented example, is derived at load time by
// applying the relaxations listed in the register (see [Register]) and by
// allowing fields the contract does not name. [Set.Validate] reports what the
// lenient reading accepts but the strict one does not as warnings that name
// the register entry, so a partner sees where a payload leans on the lenient
// reading before the strict mode turns it into an error.
//
// The package knows nothing of HTTP, routing or fixtures: it takes decoded
// JSON values and returns problems.
package schemas
