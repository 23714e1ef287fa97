package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strings"
	"time"

	"github.com/mobmock/mobmock/conformance"
	"github.com/mobmock/mobmock/fixtures"
)

// conformConfig is the configuration of mobmock conform.
type conformConfig struct {
	target, fixtures, run                string
	mobprocURL, mobileURL                string
	tenant, otherTenant, clientID        string
	token, tokenURL, username, password  string
	mobprocToken, mobileToken            string
	mobileTokenURL                       string
	allowWrites, strict, dryRun, verbose bool
	parallel, generate                   int
	seed                                 int64
	timeout                              time.Duration
	junit, jsonOut, saveFailures         string
	maxRequests                          int64
	timeLimit                            time.Duration
	minCoverage                          float64
	progress                             string
}

// conformCmd checks a real endpoint against the fixtures.
type conformCmd struct{ cfg conformConfig }

func (*conformCmd) name() string    { return "conform" }
func (*conformCmd) summary() string { return "check a running implementation against the fixtures" }

func (c *conformCmd) flags() *flag.FlagSet {
	c.cfg = conformConfig{clientID: "mobmock-conform", parallel: 4, timeout: 10 * time.Second}
	cfg := &c.cfg
	fs := flag.NewFlagSet("conform", flag.ContinueOnError)
	fs.StringVar(&cfg.target, "target", "", "base URL of an implementation serving both APIs at their documented paths (/mobproc/v1, /1), e.g. http://127.0.0.1:8080")
	fs.StringVar(&cfg.mobprocURL, "mobproc-url", "", "MOBPROC's full base URL (replaces --target's /mobproc/v1), e.g. http://127.0.0.1:4010")
	fs.StringVar(&cfg.mobileURL, "mobile-url", "", "the Mobile API's full base URL (replaces --target's /1); may hold {tenant} for subdomain tenancy, e.g. https://{tenant}.example.com/1")
	fs.StringVar(&cfg.fixtures, "fixtures", "", "a fixtures directory (laid out like fixtures/) instead of the embedded cases")
	fs.StringVar(&cfg.run, "run", "", "run only the cases whose names match this regular expression")
	fs.StringVar(&cfg.tenant, "tenant", "", "X-TNGO-TENANT for every case (default: a fresh tenant per case)")
	fs.StringVar(&cfg.otherTenant, "other-tenant", "", "the second tenant of isolation cases (default: derived from --tenant)")
	fs.StringVar(&cfg.clientID, "client-id", cfg.clientID, "client_id header value")
	fs.StringVar(&cfg.token, "token", "", "bearer token to send to both APIs")
	fs.StringVar(&cfg.mobprocToken, "mobproc-token", "", "bearer token for MOBPROC only (overrides --token)")
	fs.StringVar(&cfg.mobileToken, "mobile-token", "", "bearer token for the Mobile API only (overrides --token)")
	fs.StringVar(&cfg.tokenURL, "token-url", "", "get a bearer token from this OAuth 2 token endpoint (password grant) first, for both APIs")
	fs.StringVar(&cfg.mobileTokenURL, "mobile-token-url", "", "get the Mobile API's token from this endpoint instead (same --username and --password)")
	fs.StringVar(&cfg.username, "username", "", "username for --token-url")
	fs.StringVar(&cfg.password, "password", "", "password for --token-url")
	fs.BoolVar(&cfg.allowWrites, "allow-writes", false, "run cases that create or change data (order submissions, activity creation)")
	fs.BoolVar(&cfg.strict, "strict", false, "hold the target to the strict reading: undocumented fields are failures, not warnings")
	fs.IntVar(&cfg.parallel, "parallel", cfg.parallel, "cases run at once")
	fs.DurationVar(&cfg.timeout, "timeout", cfg.timeout, "timeout of each request")
	fs.IntVar(&cfg.generate, "generate", 0, "also run N generated cases per operation (negative, positive, stateful), reproducible from --seed")
	fs.Int64Var(&cfg.seed, "seed", 0, "seed of the generated cases (default: from the clock; the report prints it)")
	fs.StringVar(&cfg.saveFailures, "save-failures", "", "write the failed generated cases, shrunk, to this directory as fixtures that --fixtures replays")
	fs.Int64Var(&cfg.maxRequests, "max-requests", 0, "stop starting cases once the run has sent this many requests (0: no cap)")
	fs.DurationVar(&cfg.timeLimit, "time-limit", 0, "stop starting cases after this long (0: no limit)")
	fs.Float64Var(&cfg.minCoverage, "min-coverage", 0, "fail the run when its coverage of the contract (percent) is below this")
	fs.StringVar(&cfg.progress, "progress", "auto", "a progress line: auto (on a terminal), on or off")
	fs.StringVar(&cfg.junit, "junit", "", "write a JUnit XML report to this file")
	fs.StringVar(&cfg.jsonOut, "json", "", "write a JSON report to this file")
	fs.BoolVar(&cfg.dryRun, "dry-run", false, "print the requests a run would send (captured values as {{name}}), and send none")
	fs.BoolVar(&cfg.verbose, "v", false, "print warnings (undocumented fields) of passing cases too")
	fs.Usage = func() {
		w := fs.Output()
		fmt.Fprint(w, `Usage: mobmock conform (--target URL | --mobproc-url URL --mobile-url URL) [flags]

Replays the fixtures (and, with --generate, cases generated from the
contract) against a running implementation of the APIs and reports, case by
case, what differs from the contract, then the coverage of the contract the
run reached. Requests go to the target (and the token URLs, if given) and
nowhere else. Cases that create or change data run only with --allow-writes.
On one shared tenant (--tenant), cases find what they need through the
lookups and are skipped, saying why, when the tenant holds nothing usable.

Exit status: 0 when no case failed (and the coverage is not below
--min-coverage), 1 when one did, 2 for usage errors or an unreachable target.

Flags:
`)
		fs.PrintDefaults()
	}
	return fs
}

func (c *conformCmd) run(ctx context.Context, e env, args []string) error {
	fs := c.flags()
	if err := parseFlags(fs, e, args); err != nil {
		return err
	}
	cfg := c.cfg
	if fs.NArg() > 0 {
		return usagef("unexpected argument %q", fs.Arg(0))
	}
	if cfg.target == "" && (cfg.mobprocURL == "" || cfg.mobileURL == "") {
		return usagef("--target is required (the base URL of the implementation to check), or both --mobproc-url and --mobile-url")
	}
	if cfg.token != "" && cfg.tokenURL != "" {
		return usagef("give --token or --token-url, not both")
	}
	if cfg.mobileToken != "" && cfg.mobileTokenURL != "" {
		return usagef("give --mobile-token or --mobile-token-url, not both")
	}
	if (cfg.tokenURL != "" || cfg.mobileTokenURL != "") && (cfg.username == "" || cfg.password == "") {
		return usagef("--token-url and --mobile-token-url need --username and --password")
	}
	if cfg.parallel < 1 {
		return usagef("--parallel must be at least 1")
	}
	if cfg.maxRequests < 0 || cfg.timeLimit < 0 {
		return usagef("--max-requests and --time-limit must not be negative")
	}
	if cfg.minCoverage < 0 || cfg.minCoverage > 100 {
		return usagef("--min-coverage is a percentage, 0 to 100")
	}
	if cfg.progress != "auto" && cfg.progress != "on" && cfg.progress != "off" {
		return usagef("--progress must be auto, on or off")
	}
	var filter *regexp.Regexp
	if cfg.run != "" {
		var err error
		if filter, err = regexp.Compile(cfg.run); err != nil {
			return usagef("--run %q is not a regular expression: %v", cfg.run, err)
		}
	}
	set, err := loadFixtures(cfg.fixtures)
	if err != nil {
		return err
	}
	rcfg := conformance.Config{
		Target: cfg.target, MobprocURL: cfg.mobprocURL, MobileURL: cfg.mobileURL,
		Tenant: cfg.tenant, OtherTenant: cfg.otherTenant, ClientID: cfg.clientID,
		Token: cfg.token, MobprocToken: cfg.mobprocToken, MobileToken: cfg.mobileToken,
		AllowWrites: cfg.allowWrites, Strict: cfg.strict, Parallel: cfg.parallel, Timeout: cfg.timeout, Run: filter,
		Generate: cfg.generate, Seed: cfg.seed, MaxRequests: cfg.maxRequests, TimeLimit: cfg.timeLimit,
	}
	if cfg.generate < 0 {
		return usagef("--generate must be 0 or more")
	}
	if cfg.generate > 0 && !seedSet(fs) {
		rcfg.Seed = time.Now().UnixNano() % 1_000_000
	}
	r, err := conformance.New(rcfg, set)
	if err != nil {
		return usagef("%v", err)
	}
	if len(r.Selected()) == 0 {
		return usagef("--run %q selects no case", cfg.run)
	}
	if cfg.dryRun {
		return printDryRun(e.stdout, r.DryRun())
	}
	if err := r.Preflight(ctx); err != nil {
		return &ioError{err}
	}
	if cfg.tokenURL != "" {
		tok, err := fetchToken(ctx, cfg, cfg.tokenURL)
		if err != nil {
			return &ioError{err}
		}
		rcfg.Token = tok
	}
	if cfg.mobileTokenURL != "" {
		tok, err := fetchToken(ctx, cfg, cfg.mobileTokenURL)
		if err != nil {
			return &ioError{err}
		}
		rcfg.MobileToken = tok
	}
	showProgress := cfg.progress == "on" || (cfg.progress == "auto" && isTerminal(e.stdout))
	counts := map[string]int{}
	if showProgress {
		rcfg.OnProgress = func(done, total int, requests int64) {
			fmt.Fprintf(e.stdout, "\r\033[K[%d/%d cases] %d passed, %d failed, %d skipped; %d requests",
				done, total, counts[conformance.Pass], counts[conformance.Fail], counts[conformance.Skip], requests)
		}
	}
	rcfg.OnResult = func(res conformance.Result) {
		counts[res.Outcome]++
		if showProgress {
			fmt.Fprint(e.stdout, "\r\033[K")
		}
		if strings.HasPrefix(res.Name, "generated/") && res.Outcome == conformance.Pass {
			return // generated cases report their failures, and the progress line the rest
		}
		fmt.Fprintln(e.stdout, conformance.Line(res))
		if res.Outcome == conformance.Fail {
			fmt.Fprint(e.stdout, conformance.Details(res))
		}
		if cfg.verbose {
			for _, st := range res.Steps {
				for _, w := range st.Warnings {
					fmt.Fprintf(e.stdout, "    warning: %s\n", w)
				}
			}
		}
	}
	if r, err = conformance.New(rcfg, set); err != nil {
		return usagef("%v", err)
	}
	rep := r.Run(ctx)
	if showProgress {
		fmt.Fprint(e.stdout, "\r\033[K")
	}
	if cfg.saveFailures != "" {
		n, err := r.SaveFailures(rep, cfg.saveFailures)
		if err != nil {
			return &ioError{fmt.Errorf("--save-failures %s: %w", cfg.saveFailures, err)}
		}
		if n > 0 {
			fmt.Fprintf(e.stdout, "%d failed generated case(s) written to %s; replay them with --fixtures %s\n", n, cfg.saveFailures, cfg.saveFailures)
		}
	}
	if cfg.junit != "" {
		if err := writeFile(cfg.junit, rep.WriteJUnit); err != nil {
			return err
		}
	}
	if cfg.jsonOut != "" {
		if err := writeFile(cfg.jsonOut, rep.WriteJSON); err != nil {
			return err
		}
	}
	if cfg.generate > 0 {
		fmt.Fprintf(e.stdout, "%d generated case(s), --seed %d (rerun with it for the same requests)\n", rep.Generated, rep.Seed)
	}
	if err := rep.Coverage.WriteText(e.stdout); err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, rep.Summary())
	if rep.Failed > 0 {
		return errProblemsFound
	}
	if cfg.minCoverage > 0 && rep.Coverage.Total() < cfg.minCoverage {
		fmt.Fprintf(e.stdout, "coverage %.1f%% is below --min-coverage %.1f%%\n", rep.Coverage.Total(), cfg.minCoverage)
		return errProblemsFound
	}
	return nil
}

// isTerminal reports whether w is a terminal (a character device).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

func loadFixtures(dir string) (*fixtures.Set, error) {
	if dir == "" {
		return fixtures.Embedded()
	}
	st, err := os.Stat(dir)
	if err != nil || !st.IsDir() {
		return nil, &ioError{fmt.Errorf("--fixtures %s is not a directory", dir)}
	}
	set, err := fixtures.Load(os.DirFS(dir))
	if err != nil {
		return nil, &ioError{err}
	}
	return set, nil
}

func writeFile(name string, write func(io.Writer) error) error {
	f, err := os.Create(name)
	if err != nil {
		return &ioError{fmt.Errorf("cannot write %s: %w", name, unwrapPath(err))}
	}
	if err := write(f); err != nil {
		f.Close()
		return &ioError{fmt.Errorf("writing %s: %w", name, err)}
	}
	return f.Close()
}

func printDryRun(w io.Writer, reqs []conformance.Request) error {
	for _, rq := range reqs {
		fmt.Fprintf(w, "%s %s\n", rq.Method, rq.URL)
		for k, v := range rq.Header {
			fmt.Fprintf(w, "  %s: %s\n", k, strings.Join(v, ", "))
		}
		if len(rq.Body) > 0 {
			fmt.Fprintf(w, "  %s\n", rq.Body)
		}
	}
	fmt.Fprintf(w, "%d request(s); none sent (--dry-run)\n", len(reqs))
	return nil
}

// fetchToken gets a bearer token from the endpoint at tokenURL with the
// password grant.
func fetchToken(ctx context.Context, cfg conformConfig, tokenURL string) (string, error) {
	form := url.Values{"grant_type": {"password"}, "username": {cfg.username}, "password": {cfg.password}, "client_id": {cfg.clientID}}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, tokenURL, strings.NewReader(form.Encode()))
	if err != nil {
		return "", fmt.Errorf("--token-url: %w", err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if cfg.tenant != "" {
		req.Header.Set("X-TNGO-TENANT", cfg.tenant)
	}
	client := &http.Client{Timeout: cfg.timeout, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Do(req)
	if err != nil {
		return "", fmt.Errorf("cannot reach the token endpoint %s: %w", tokenURL, err)
	}
	defer resp.Body.Close()
	var tok struct {
		AccessToken string `json:"access_token"`
		Error       string `json:"error"`
		Description string `json:"error_description"`
	}
	if err := json.NewDecoder(io.LimitReader(resp.Body, 1<<20)).Decode(&tok); err != nil || (resp.StatusCode != http.StatusOK && tok.Error == "") {
		return "", fmt.Errorf("the token endpoint answered %s without a token", resp.Status)
	}
	if tok.Error != "" {
		return "", fmt.Errorf("the token endpoint refused: %s (%s)", tok.Error, tok.Description)
	}
	if tok.AccessToken == "" {
		return "", errors.New("the token endpoint answered without an access_token")
	}
	return tok.AccessToken, nil
}

// seedSet reports whether --seed was given (0 is a seed like any other).
func seedSet(fs *flag.FlagSet) bool {
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == "seed" })
	return set
}
