package mock_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// hostile is one class of hostile client behaviour docs/robustness.md
// lists, with the test (in this package) that shows the mock's answer.
type hostile struct{ class, answer, test string }

func hostileClasses() []hostile {
	return []hostile{
		{"Password grant for a tenant the user does not belong to", "400 `invalid_grant` naming the tenant", "TestPasswordGrantBindsTheTenant"},
		{"Implicit flow without a login, or to an unregistered redirect URI (`javascript:`, `data:`, another host)", "a login form; an error page (400), never a redirect", "TestImplicitFlow"},
		{"Login form posted from another site", "403", "TestImplicitFlow"},
		{"Empty, malformed or over-long tenant name (header, subdomain, token endpoint, admin path)", "400 `invalid-parameter` naming the source", "TestTenantNamesHaveOneRule"},
		{"Wrong passwords at full speed", "429 `temporarily_unavailable` with `Retry-After` after 5 failures per user or 20 per address", "TestLoginThrottle"},
		{"Tokens issued without end", "at most 10,000 kept; the oldest go first", "TestTokenTableIsBounded"},
		{"Request bodies trickled a byte at a time", "read before the request takes a slot; fast clients are served", "TestSlowBodiesDoNotStarveFastClients"},
		{"A request body that never arrives", "408 `body-timeout` after 10 s, in the API's shape", "TestBodyThatNeverArrivesIs408"},
		{"More requests at once than `--max-in-flight`", "503 `overloaded` with `Retry-After`, in the shape of the API's base path, logged with the request id", "TestOverloadIsLoggedInTheAPIShape"},
		{"Query the server cannot parse whole; `confirm` spelled `TRUE`, `1`, `t` or empty", "400 `invalid-parameter`; nothing is stored", "TestQueryThatDoesNotParseIsRefused"},
		{"Integral decimals for integer fields (`3.0`, `834256072.0`)", "read as the integers they are", "TestIntegralDecimalsKeepTheirValue"},
		{"Hundreds of lenient warnings", "5 `X-Mobmock-Warning` headers, then one counting the rest", "TestWarningHeadersAreBounded"},
		{"Bodies with tens of thousands of problems", "400 `too-many-values` before validation; at most 100 errors listed, then `too-many-problems`", "TestHugeNumbersOfProblemsAreBounded"},
		{"Answers with huge numbers of problems, kept in the journal", "the journal keeps 20 problems per entry and a count, within 4 MiB", "TestJournalIsBoundedInBytes"},
		{"Dump of a tenant with 100,000 records", "paged: `offset`, `limit` (100, at most 1,000), `page.next`", "TestAdminDumpIsPaged"},
		{"Reads of tenants that have no state", "no tenant is created", "TestReadsDoNotCreateTenants"},
		{"More tenants than `--max-tenants`", "the tenant idle longest (10 min or more) is forgotten; else 503 `too-many-tenants` with `Retry-After`", "TestTenantLimit"},
		{"More orders and activities than `--max-records-per-tenant`", "507 `too-many-records` with a hint", "TestRecordLimit"},
		{"Cross-site form POST to the admin API", "403 (foreign `Origin`, `Sec-Fetch-Site: cross-site`) or 415 (form content types)", "TestAdminRefusesCrossSiteRequests"},
		{"Wrong method outside the APIs; HEAD; unclean paths", "405 with `Allow`; HEAD wherever GET; unclean paths: GET 301 with a body, other methods 404, never a redirect", "TestMethodsOutsideTheAPIs"},
		{"`Content-Encoding: gzip`", "415 naming the encoding", "TestContentEncodingIsRefused"},
		{"The console's traffic and state of a tenant without a token of it (`--auth required`) or the admin token (`--admin-token`)", "401; another tenant's token 403; the admin token sees every tenant", "TestConsoleViewsWithAdminToken"},
		{"Requests naming a tenant without its token (`--auth required`), even those answered before the token is checked; credential headers and query parameters (`Proxy-Authorization`, `X-Api-Key`, cookies, `access_token`)", "journaled under no tenant, with the tenant named; credentials masked whole (of `Authorization` the scheme is kept)", "TestJournalKeepsNoCredentials"},
		{"Another origin reading the console's tenant views (`--cors`)", "no CORS headers on `/__console/` or `/__admin/`", "TestCORSLeavesTheAdminAPIClosed"},
		{"Overrides no client can read (1xx, a body on 204/205/304, hop-by-hop, `Content-Length`, `Content-Type`, CORS or `X-Mobmock-*` headers, one header twice, line breaks)", "400 naming the field", "TestOverridesAreCheckedAgainstTheContract"},
		{"Overrides without end", "at most 100 per tenant, 10,000 and 64 MiB in all: 507 `too-many-records` with a hint", "TestOverridesAreBounded"},
		{"Latency of `1000h`, retry-after of days, 1,000 fault rules, a rule naming no operation", "400 naming the rule: no delay over 60 s, `retryAfter` at most 3600, 100 rules", "TestFaultProfileErrors"},
		{"A long tail drawn far out, a dribble of one byte every 10 s", "no delay over 60 s: draws are cut there, a dribble sends the rest at once", "TestNoDelayOverAMinute"},
		{"`Expect: 100-continue` with a length over `--max-body`", "413 at once, no `100 Continue`", "TestExpectContinueOverTheLimit"},
	}
}

// TestHostileClassesDoc: docs/robustness.md lists exactly the hostile
// classes above, and each names a test of this package that exists (go
// test ./mock -update rewrites the table).
func TestHostileClassesDoc(t *testing.T) {
	const path = "../docs/robustness.md"
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var src strings.Builder
	files, err := filepath.Glob("*_test.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		src.Write(b)
	}
	var table strings.Builder
	table.WriteString("| hostile client | answer | test |\n|---|---|---|\n")
	for _, h := range hostileClasses() {
		if !regexp.MustCompile(`(?m)^func ` + h.test + `\(t \*testing\.T\)`).MatchString(src.String()) {
			t.Errorf("%s: no test %s in package mock", h.class, h.test)
		}
		fmt.Fprintf(&table, "| %s | %s | `%s` |\n", h.class, h.answer, h.test)
	}
	begin, end := []byte("<!-- hostile table: generated -->\n"), []byte("<!-- end of hostile table -->")
	i, j := bytes.Index(data, begin), bytes.Index(data, end)
	if i < 0 || j < i {
		t.Fatalf("%s lacks the hostile table markers", path)
	}
	rewriteOrCompare(t, path, string(data[:i+len(begin)])+table.String()+string(data[j:]), string(data))
}
