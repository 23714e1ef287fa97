// Package conformance checks a running implementation of the MOBPROC v1 and
// Mobile REST APIs (a vendor sandbox, a staging deployment, the mobmock mock)
// against the fixtures: it sends each case's requests to the target and to no
// other host, checks the status, validates the response against the OpenAPI
// response definition (kin-openapi's openapi3filter for status and headers)
// and the body schema (package schemas), compares the expected body with
// explicit rules for values that cannot repeat from run to run, checks the
// problems error answers must name, and runs multi-step flows that carry
// values from one response to the next request.
//
// The target may serve the two APIs at any base URL (Config.MobprocURL,
// Config.MobileURL, with {tenant} for subdomain tenancy), and cases run on
// one shared tenant run after run: they find what they need through the
// target's lookups and are skipped, saying why, when the tenant holds
// nothing they can use.
//
// Besides the fixtures, the runner generates cases from the contract
// (Config.Generate, reproducible from Config.Seed): payloads changed one way
// along the schema that the target must refuse naming the field, valid
// payloads with ids from the target's lookups, and short stateful flows.
// A failed generated case is shrunk and can be saved as a fixture file.
//
// Results are reported as they come (one line per case), and as JUnit XML
// and JSON for CI systems, with the coverage of the contract the run
// reached: per operation, the documented statuses seen and the request and
// response properties exercised.
//
// The package knows nothing of the mock: it speaks HTTP to whatever target
// it is given.
package conformance
