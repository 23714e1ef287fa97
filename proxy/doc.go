// Package proxy owns mobmock's contract-checking reverse proxy: it forwards
// each request to a target implementation of the MOBPROC v1 and Mobile REST
// APIs (a vendor sandbox, a staging deployment, the mock) as sent, returns
// the target's answer unchanged (status, headers and body, streamed when
// large; only absolute links to the target are pointed at the proxy, unless
// Config.KeepLinks), and judges each exchange against the contract: the request as
// `mobmock validate` does plus its parameters and headers (kin-openapi), the
// answer against the operation's documented statuses, headers and body
// schema, and the domain rules that can be judged from the pair (a
// confirmation that returns an order, a submission without an order id, ids
// in the answer that do not match the request, a Location that does not
// read back).
//
// Violations never change the answer: they are added as X-Mobmock-Violations
// headers, kept in a small journal (GET /__proxy/journal, and the Traffic view
// of the partner console the proxy serves at /, see console.go), and summed up in a
// Report (text, JSON and JUnit XML). A target that cannot be reached, times
// out, fails TLS or redirects is answered with 502 or 504 in the API's error
// shape, as is an answer that breaks off mid-body. With a recording directory, every exchange of a contract operation
// is also written as a fixture case (secrets redacted) that `mobmock conform
// --fixtures DIR` replays.
//
// The package speaks HTTP to whatever target it is given and knows nothing
// of the mock's state or internals.
package proxy
