package mock

import (
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/mobmock/mobmock/mock/internal/op"
)

// grant is a token's subject and when it expires.
type grant struct {
	op.Subject
	expires time.Time
}

// tokens holds the access tokens the mock issued.
type tokens struct {
	ttl time.Duration
	// mu guards byToken and purgeAt.
	mu      sync.Mutex
	byToken map[string]grant
	purgeAt int
}

func newTokens(ttl time.Duration) *tokens {
	return &tokens{ttl: ttl, byToken: map[string]grant{}, purgeAt: 1024}
}

// issue returns a new opaque token for sub, valid for the TTL from now.
func (t *tokens) issue(sub op.Subject, now time.Time) string {
	var b [24]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails on supported platforms
	tok := "mm_" + base64.RawURLEncoding.EncodeToString(b[:])
	t.mu.Lock()
	defer t.mu.Unlock()
	t.byToken[tok] = grant{Subject: sub, expires: now.Add(t.ttl)}
	// Forget expired tokens now and then, so the map stays bounded by the
	// tokens alive at once.
	if len(t.byToken) >= t.purgeAt {
		for k, s := range t.byToken {
			if !now.Before(s.expires) {
				delete(t.byToken, k)
			}
		}
		t.purgeAt = max(1024, 2*len(t.byToken))
	}
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
	case tenant != "" && g.Tenant != tenant:
		return refuse(op.CodeForbidden, "The bearer token was issued for another tenant.",
			"Get a token for this tenant: send its X-TNGO-TENANT header to the token endpoint.")
	}
	return g.Subject, nil
}

func (s *Server) registerOAuth() {
	s.router.Handle("/oauth/token", s.routed(s.handleToken)).Methods(http.MethodPost)
	s.router.Handle("/oauth/authorize", s.routed(s.handleAuthorize)).Methods(http.MethodGet)
}

// noStore is the header of every token endpoint answer (RFC 6749, 5.1).
var noStore = map[string]string{"Cache-Control": "no-store"}

// oauthError is the OAuth 2 error shape (RFC 6749, section 5.2), answered 400.
func oauthError(code, desc string) (op.Result, error) {
	return op.Result{Status: http.StatusBadRequest, Header: noStore, Body: map[string]string{"error": code, "error_description": desc}}, nil
}

// handleToken is the password grant's token endpoint.
func (s *Server) handleToken(x *exchange) (op.Result, error) {
	r := x.r
	r.Body = http.MaxBytesReader(x.w, r.Body, 64<<10)
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/x-www-form-urlencoded") {
		return oauthError("invalid_request", "Send the token request as application/x-www-form-urlencoded (RFC 6749, section 4.3.2).")
	}
	if err := r.ParseForm(); err != nil {
		return oauthError("invalid_request", "The form body could not be read.")
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
	if tenant == "" || !validTenant(tenant) {
		return oauthError("invalid_request", "Name the tenant with the X-TNGO-TENANT header (or a tenant form field): tokens are issued per tenant.")
	}
	user, pass := f.Get("username"), f.Get("password")
	if user == "" || pass == "" {
		return oauthError("invalid_request", "username and password are required for the password grant.")
	}
	sub, ok := s.credentials(user, pass)
	if !ok {
		return oauthError("invalid_grant", "The username or password is wrong.")
	}
	sub.Tenant = tenant
	tok := s.tokens.issue(sub, s.now())
	return op.Result{Header: noStore, Body: map[string]any{
		"access_token": tok, "token_type": "bearer", "expires_in": int(s.cfg.TokenTTL.Seconds()), "scope": "mobproc mobile",
	}}, nil
}

// credentials checks a username (a MOBPROC companyEmployeeId or a Mobile
// login) and password against the seeded world. Mobile people, who have no
// password in the documents, use "mobmock".
func (s *Server) credentials(user, pass string) (op.Subject, bool) {
	if e, ok := s.world.EmployeesByCompanyID[user]; ok && e.Password != "" && e.Password == pass {
		return op.Subject{Employee: e.ID, Person: s.world.Defaults.APIPersonID}, true
	}
	if pass != "mobmock" {
		return op.Subject{}, false
	}
	for _, p := range s.world.People.All() {
		if p.Login != nil && *p.Login == user {
			return op.Subject{Employee: s.world.Defaults.EmployeeID, Person: p.ID}, true
		}
	}
	return op.Subject{}, false
}

// handleAuthorize is the implicit grant: it approves at once (a mock has no
// login page) and redirects with the token in the fragment.
func (s *Server) handleAuthorize(x *exchange) (op.Result, error) {
	q := x.query()
	redirect := q.Get("redirect_uri")
	u, err := url.Parse(redirect)
	if redirect == "" || err != nil || !u.IsAbs() || u.Fragment != "" {
		return oauthError("invalid_request", "redirect_uri must be an absolute URL without a fragment.")
	}
	// to redirects to the client with frag, which holds the token or the
	// error, and the client's state.
	to := func(frag url.Values) (op.Result, error) {
		if st := q.Get("state"); st != "" {
			frag.Set("state", st)
		}
		return op.Result{Status: http.StatusFound, Header: map[string]string{"Location": u.String() + "#" + frag.Encode()}}, nil
	}
	fail := func(code, desc string) (op.Result, error) {
		return to(url.Values{"error": {code}, "error_description": {desc}})
	}
	if q.Get("response_type") != "token" {
		return fail("unsupported_response_type", "The implicit flow needs response_type=token.")
	}
	if q.Get("client_id") == "" {
		return fail("invalid_request", "client_id is required.")
	}
	tenant := q.Get("tenant")
	if tenant == "" {
		tenant = x.r.Header.Get(headerTenant)
	}
	if !validTenant(tenant) {
		return fail("invalid_request", "Name the tenant with a tenant query parameter: tokens are issued per tenant.")
	}
	tok := s.tokens.issue(op.Subject{Tenant: tenant, Employee: s.world.Defaults.EmployeeID, Person: s.world.Defaults.APIPersonID}, s.now())
	return to(url.Values{"access_token": {tok}, "token_type": {"bearer"}, "expires_in": {strconv.Itoa(int(s.cfg.TokenTTL.Seconds()))}})
}
