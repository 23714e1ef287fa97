package mock

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/mobmock/mobmock/mock/internal/op"
	"github.com/mobmock/mobmock/mock/world"
)

// grant is a token's subject and when it expires.
type grant struct {
	op.Subject
	expires time.Time
}

// tokens holds the access tokens the mock issued, at most max of them.
type tokens struct {
	ttl time.Duration
	max int
	// mu guards byToken and order.
	mu      sync.Mutex
	byToken map[string]grant
	// order lists the tokens in byToken oldest first: as every token lives
	// the same TTL, also in the order they expire.
	order []string
}

func newTokens(ttl time.Duration, max int) *tokens {
	return &tokens{ttl: ttl, max: max, byToken: map[string]grant{}}
}

// issue returns a new opaque token for sub, valid for the TTL from now.
// When the table is full, expired tokens are forgotten first, then the
// oldest ones, so that it never holds more than max.
func (t *tokens) issue(sub op.Subject, now time.Time) string {
	var b [24]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails on supported platforms
	tok := "mm_" + base64.RawURLEncoding.EncodeToString(b[:])
	t.mu.Lock()
	defer t.mu.Unlock()
	for len(t.order) > 0 {
		oldest := t.order[0]
		if len(t.byToken) < t.max && now.Before(t.byToken[oldest].expires) {
			break
		}
		delete(t.byToken, oldest)
		t.order = t.order[1:]
	}
	t.byToken[tok] = grant{Subject: sub, expires: now.Add(t.ttl)}
	t.order = append(t.order, tok)
	return tok
}

// check validates an Authorization header for tenant. Its errors are
// *op.Error values ready to answer.
func (t *tokens) check(header, tenant string, now time.Time) (op.Subject, error) {
	hint := "Get a token from POST /oauth/token (password grant) or GET /oauth/authorize (implicit) and send Authorization: Bearer <token>."
	refuse := func(code, message, hint string) (op.Subject, error) {
		return op.Subject{}, op.Fail(code, message, hint).Param("Authorization")
	}
	if header == "" {
		return refuse(op.CodeUnauthorized, "The request needs a bearer token (the mock runs with --auth required).", hint)
	}
	scheme, tok, ok := strings.Cut(header, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(tok) == "" {
		return refuse(op.CodeUnauthorized, "The Authorization header must be \"Bearer <token>\".", hint)
	}
	t.mu.Lock()
	g, known := t.byToken[strings.TrimSpace(tok)]
	t.mu.Unlock()
	switch {
	case !known:
		return refuse(op.CodeUnauthorized, "The bearer token is not one this mock issued (a restarted mock forgets its tokens).", hint)
	case !now.Before(g.expires):
		return refuse(op.CodeUnauthorized, "The bearer token has expired.", hint)
	case tenant == "":
		// Every request names its tenant (MOBPROC's header is required,
		// the Mobile API falls back on "default"): never skip the check.
		return op.Subject{}, op.Fail(op.CodeMissingHeader, "The request names no tenant, so the bearer token cannot be checked against it.",
			"Send X-TNGO-TENANT with the tenant the token was issued for.").Param("X-TNGO-TENANT")
	case g.Tenant != tenant:
		return refuse(op.CodeForbidden, "The bearer token was issued for another tenant.",
			"Get a token for this tenant: send its X-TNGO-TENANT header to the token endpoint.")
	}
	return g.Subject, nil
}

func (s *Server) registerOAuth() {
	s.router.Handle("/oauth/token", s.routed(s.handleToken)).Methods(http.MethodPost)
	s.router.Handle("/oauth/authorize", s.routed(s.handleAuthorize)).Methods(http.MethodGet)
	s.router.Handle("/oauth/authorize", sameOrigin(s.routed(s.handleAuthorizeLogin))).Methods(http.MethodPost)
}

// noStore is the header of every token endpoint answer (RFC 6749, 5.1).
var noStore = map[string]string{"Cache-Control": "no-store"}

// oauthError is the OAuth 2 error shape (RFC 6749, section 5.2), answered 400.
func oauthError(code, desc string) (op.Result, error) {
	return oauthErrorStatus(http.StatusBadRequest, code, desc)
}

// oauthErrorStatus is the OAuth 2 error shape with another status.
func oauthErrorStatus(status int, code, desc string) (op.Result, error) {
	return op.Result{Status: status, Header: map[string]string{"Cache-Control": "no-store"}, Body: map[string]string{"error": code, "error_description": desc}}, nil
}

// loginError is why a login failed: the OAuth error code, a sentence, and
// for a throttled login how long to wait.
type loginError struct {
	code string
	desc string
	wait time.Duration
}

// status is the HTTP status of a failed login (429 for a throttled one,
// else 400) and the headers that go with it.
func (le *loginError) status() (int, map[string]string) {
	h := map[string]string{"Cache-Control": "no-store"}
	if le.wait <= 0 {
		return http.StatusBadRequest, h
	}
	h["Retry-After"] = strconv.Itoa(retryAfter(le.wait))
	return http.StatusTooManyRequests, h
}

// login checks a username and password for tenant: the user must be a
// seeded login with that password and belong to the tenant, and neither
// the user nor the client address may be locked by too many failures.
func (s *Server) login(r *http.Request, user, pass, tenant string) (op.Subject, *loginError) {
	if d := s.loginWait(r, user); d > 0 {
		return op.Subject{}, &loginError{code: "temporarily_unavailable", wait: d,
			desc: fmt.Sprintf("Too many failed logins for this user or from this address; retry in %d seconds.", retryAfter(d))}
	}
	sub, ok := s.credentials(user, pass)
	if !ok {
		s.loginFailed(r, user)
		return op.Subject{}, &loginError{code: "invalid_grant", desc: "The username or password is wrong."}
	}
	s.userThrottle.succeed(user)
	if !slices.Contains(s.world.Logins[user], tenant) {
		desc := fmt.Sprintf("The user %s does not belong to the tenant %s.", user, tenant)
		if ts := s.world.Logins[user]; len(ts) > 0 {
			desc += " Its tenants: " + strings.Join(ts, ", ") + "."
		}
		return op.Subject{}, &loginError{code: "invalid_grant", desc: desc}
	}
	sub.Tenant = tenant
	return sub, nil
}

// handleToken is the password grant's token endpoint.
func (s *Server) handleToken(x *exchange) (op.Result, error) {
	r := x.r
	r.Body = http.MaxBytesReader(x.w, r.Body, 64<<10)
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/x-www-form-urlencoded") {
		return oauthError("invalid_request", "Send the token request as application/x-www-form-urlencoded (RFC 6749, section 4.3.2).")
	}
	if ce := r.Header.Get("Content-Encoding"); ce != "" && !strings.EqualFold(ce, "identity") {
		return oauthErrorStatus(http.StatusUnsupportedMediaType, "invalid_request", fmt.Sprintf("The Content-Encoding %q is not supported; send the form uncompressed.", ce))
	}
	if err := r.ParseForm(); err != nil {
		return oauthError("invalid_request", "The form body could not be read whole.")
	}
	f := r.PostForm
	if gt := f.Get("grant_type"); gt != "password" {
		if gt == "" {
			return oauthError("invalid_request", "grant_type is required; this endpoint supports grant_type=password.")
		}
		return oauthError("unsupported_grant_type", fmt.Sprintf("grant_type %q is not supported; use password, or the implicit flow at /oauth/authorize.", gt))
	}
	tenant := r.Header.Get(headerTenant)
	if tenant == "" {
		tenant = f.Get("tenant")
	}
	if !world.ValidTenant(tenant) {
		return oauthError("invalid_request", "Name the tenant with the X-TNGO-TENANT header (or a tenant form field), "+world.TenantRule+": tokens are issued per tenant.")
	}
	user, pass := f.Get("username"), f.Get("password")
	if user == "" || pass == "" {
		return oauthError("invalid_request", "username and password are required for the password grant.")
	}
	sub, le := s.login(r, user, pass, tenant)
	if le != nil {
		status, h := le.status()
		return op.Result{Status: status, Header: h, Body: map[string]string{"error": le.code, "error_description": le.desc}}, nil
	}
	tok := s.tokens.issue(sub, s.now())
	return op.Result{Header: noStore, Body: map[string]any{
		"access_token": tok, "token_type": "bearer", "expires_in": int(s.cfg.TokenTTL.Seconds()), "scope": "mobproc mobile",
	}}, nil
}

// credentials checks a username (a MOBPROC companyEmployeeId or a Mobile
// login) and password against the seeded world. Mobile people, who have no
// password in the documents, use "mobmock".
func (s *Server) credentials(user, pass string) (op.Subject, bool) {
	if e, ok := s.world.EmployeesByCompanyID[user]; ok && e.Password != "" && subtle.ConstantTimeCompare([]byte(e.Password), []byte(pass)) == 1 {
		return op.Subject{Employee: e.ID, Person: s.world.Defaults.APIPersonID}, true
	}
	if subtle.ConstantTimeCompare([]byte(pass), []byte("mobmock")) != 1 {
		return op.Subject{}, false
	}
	for _, p := range s.world.People.All() {
		if p.Login != nil && *p.Login == user {
			return op.Subject{Employee: s.world.Defaults.EmployeeID, Person: p.ID}, true
		}
	}
	return op.Subject{}, false
}
