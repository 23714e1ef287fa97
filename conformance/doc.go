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
// Results are reported as they come (one line per case), and as JUnit XML
// and JSON for CI systems.
//
// The package knows nothing of the mock: it speaks HTTP to whatever target
// it is given.
package conformance
