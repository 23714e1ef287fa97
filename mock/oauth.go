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
)

// subject is who a token was issued to.
type subject struct {
	tenant   string
	employee string // MOBPROC employee id
	person   int64  // Mobile person id
	expires  time.Time
}

// tokens holds the access tokens the mock issued.
type tokens struct {
	ttl time.Duration
	// mu guards byToken and purgeAt.
	mu      sync.Mutex
	byToken map[string]subject
	purgeAt int
}

func newTokens(ttl time.Duration) *tokens {
	return &tokens{ttl: ttl, byToken: map[string]subject{}, purgeAt: 1024}
}

// issue returns a new opaque token for sub, valid for the TTL from now.
func (t *tokens) issue(sub subject, now time.Time) string {
	var b [24]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails on supported platforms
	tok := "mm_" + base64.RawURLEncoding.EncodeToString(b[:])
	sub.expires = now.Add(t.ttl)
	t.mu.Lock()
	defer t.mu.Unlock()
	t.byToken[tok] = sub
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
// *apiError values ready to answer.
func (t *tokens) check(header, tenant string, now time.Time) (subject, error) {
	hint := "Get a token from POST /oauth/token (password grant) or GET /oauth/authorize (implicit) and send Authorization: Bearer <token>."
	if header == "" {
		return subject{}, failParam(codeUnauthorized, "Authorization", "The request needs a bearer token (the mock runs with --auth required).", hint)
	}
	scheme, tok, ok := strings.Cut(header, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(tok) == "" {
		return subject{}, failParam(codeUnauthorized, "Authorization", "The Authorization header must be \"Bearer <token>\".", hint)
	}
	t.mu.Lock()
	sub, known := t.byToken[strings.TrimSpace(tok)]
	t.mu.Unlock()
	switch {
	case !known:
		return subject{}, failParam(codeUnauthorized, "Authorization", "The bearer token is not one this mock issued (a restarted mock forgets its tokens).", hint)
	case !now.Before(sub.expires):
		return subject{}, failParam(codeUnauthorized, "Authorization", "The bearer token has expired.", hint)
	case tenant == "":
		// Every request names its tenant (MOBPROC's header is required,
		// the Mobile API falls back on "default"): never skip the check.
		return subject{}, failParam(codeMissingHeader, "X-TNGO-TENANT", "The request names no tenant, so the bearer token cannot be checked against it.",
			"Send X-TNGO-TENANT with the tenant the token was issued for.")
	case sub.tenant != tenant:
		return subject{}, failParam(codeForbidden, "Authorization", "The bearer token was issued for another tenant.",
			"Get a token for this tenant: send its X-TNGO-TENANT header to the token endpoint.")
	}
	return sub, nil
}

func (s *Server) registerOAuth() {
	s.router.HandleFunc("/oauth/token", s.handleToken).Methods(http.MethodPost)
	s.router.HandleFunc("/oauth/authorize", s.handleAuthorize).Methods(http.MethodGet)
}

// oauthError writes the OAuth 2 error shape (RFC 6749, section 5.2).
func oauthError(w http.ResponseWriter, status int, code, desc string) {
	w.Header().Set("Cache-Control", "no-store")
	if status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Basic realm="mobmock"`)
	}
	_ = writeJSON(w, status, map[string]string{"error": code, "error_description": desc}, "")
}

// handleToken is the password grant's token endpoint.
func (s *Server) handleToken(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/x-www-form-urlencoded") {
		oauthError(w, http.StatusBadRequest, "invalid_request", "Send the token request as application/x-www-form-urlencoded (RFC 6749, section 4.3.2).")
		return
	}
	if err := r.ParseForm(); err != nil {
		oauthError(w, http.StatusBadRequest, "invalid_request", "The form body could not be read.")
		return
	}
	f := r.PostForm
	if gt := f.Get("grant_type"); gt != "password" {
		if gt == "" {
			oauthError(w, http.StatusBadRequest, "invalid_request", "grant_type is required; this endpoint supports grant_type=password.")
		} else {
			oauthError(w, http.StatusBadRequest, "unsupported_grant_type", fmt.Sprintf("grant_type %q is not supported; use password, or the implicit flow at /oauth/authorize.", gt))
		}
		return
	}
	tenant := r.Header.Get(headerTenant)
	if tenant == "" {
		tenant = f.Get("tenant")
	}
	if tenant == "" || !validTenant(tenant) {
		oauthError(w, http.StatusBadRequest, "invalid_request", "Name the tenant with the X-TNGO-TENANT header (or a tenant form field): tokens are issued per tenant.")
		return
	}
	user, pass := f.Get("username"), f.Get("password")
	if user == "" || pass == "" {
		oauthError(w, http.StatusBadRequest, "invalid_request", "username and password are required for the password grant.")
		return
	}
	sub, ok := s.credentials(user, pass)
	if !ok {
		oauthError(w, http.StatusBadRequest, "invalid_grant", "The username or password is wrong.")
		return
	}
	sub.tenant = tenant
	tok := s.tokens.issue(sub, s.now())
	w.Header().Set("Cache-Control", "no-store")
	_ = writeJSON(w, http.StatusOK, map[string]any{
		"access_token": tok, "token_type": "bearer", "expires_in": int(s.cfg.TokenTTL.Seconds()), "scope": "mobproc mobile",
	}, "")
}

// credentials checks a username (a MOBPROC companyEmployeeId or a Mobile
// login) and password against the seeded world. Mobile people, who have no
// password in the documents, use "mobmock".
func (s *Server) credentials(user, pass string) (subject, bool) {
	if e, ok := s.world.EmployeesByCompanyID[user]; ok && e.Password != "" && e.Password == pass {
		return subject{employee: e.ID, person: s.world.Defaults.APIPersonID}, true
	}
	if pass != "mobmock" {
		return subject{}, false
	}
	for _, p := range s.world.People.All() {
		if p.Login != nil && *p.Login == user {
			return subject{employee: s.world.Defaults.EmployeeID, person: p.ID}, true
		}
	}
	return subject{}, false
}

// handleAuthorize is the implicit grant: it approves at once (a mock has no
// login page) and redirects with the token in the fragment.
func (s *Server) handleAuthorize(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	redirect := q.Get("redirect_uri")
	u, err := url.Parse(redirect)
	if redirect == "" || err != nil || !u.IsAbs() || u.Fragment != "" {
		oauthError(w, http.StatusBadRequest, "invalid_request", "redirect_uri must be an absolute URL without a fragment.")
		return
	}
	fail := func(code, desc string) {
		frag := url.Values{"error": {code}, "error_description": {desc}}
		if st := q.Get("state"); st != "" {
			frag.Set("state", st)
		}
		u.Fragment = ""
		http.Redirect(w, r, u.String()+"#"+frag.Encode(), http.StatusFound)
	}
	if q.Get("response_type") != "token" {
		fail("unsupported_response_type", "The implicit flow needs response_type=token.")
		return
	}
	if q.Get("client_id") == "" {
		fail("invalid_request", "client_id is required.")
		return
	}
	tenant := q.Get("tenant")
	if tenant == "" {
		tenant = r.Header.Get(headerTenant)
	}
	if !validTenant(tenant) {
		fail("invalid_request", "Name the tenant with a tenant query parameter: tokens are issued per tenant.")
		return
	}
	tok := s.tokens.issue(subject{tenant: tenant, employee: s.world.Defaults.EmployeeID, person: s.world.Defaults.APIPersonID}, s.now())
	frag := url.Values{"access_token": {tok}, "token_type": {"bearer"}, "expires_in": {strconv.Itoa(int(s.cfg.TokenTTL.Seconds()))}}
	if st := q.Get("state"); st != "" {
		frag.Set("state", st)
	}
	http.Redirect(w, r, u.String()+"#"+frag.Encode(), http.StatusFound)
}
