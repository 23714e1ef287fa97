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
)

// subject is who a token was issued to.
type subject struct {
	tenant   string
	employee string // MOBPROC employee id
	person   int64  // Mobile person id
	expires  time.Time
}

// tokens holds the access tokens the mock issued, at most max of them.
type tokens struct {
	ttl time.Duration
	max int
	// mu guards byToken and order.
	mu      sync.Mutex
	byToken map[string]subject
	// order lists the tokens in byToken oldest first: as every token lives
	// the same TTL, also in the order they expire.
	order []string
}

func newTokens(ttl time.Duration, max int) *tokens {
	return &tokens{ttl: ttl, max: max, byToken: map[string]subject{}}
}

// issue returns a new opaque token for sub, valid for the TTL from now.
// When the table is full, expired tokens are forgotten first, then the
// oldest ones, so that it never holds more than max.
func (t *tokens) issue(sub subject, now time.Time) string {
	var b [24]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails on supported platforms
	tok := "mm_" + base64.RawURLEncoding.EncodeToString(b[:])
	sub.expires = now.Add(t.ttl)
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
	t.byToken[tok] = sub
	t.order = append(t.order, tok)
	return tok
}

// count is the number of tokens held.
func (t *tokens) count() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return len(t.byToken)
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
	s.router.Handle("/oauth/authorize", sameOrigin(http.HandlerFunc(s.handleAuthorizeLogin))).Methods(http.MethodPost)
}

// oauthError writes the OAuth 2 error shape (RFC 6749, section 5.2).
func oauthError(w http.ResponseWriter, status int, code, desc string) {
	w.Header().Set("Cache-Control", "no-store")
	if status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Basic realm="mobmock"`)
	}
	_ = writeJSON(w, status, map[string]string{"error": code, "error_description": desc}, "")
}

// loginError is why a login failed: the OAuth error code, a sentence, and
// for a throttled login how long to wait.
type loginError struct {
	code string
	desc string
	wait time.Duration
}

// status is the HTTP status of a failed login: 429 with Retry-After, set
// on w, for a throttled one, else 400.
func (le *loginError) status(w http.ResponseWriter) int {
	if le.wait <= 0 {
		return http.StatusBadRequest
	}
	w.Header().Set("Retry-After", strconv.Itoa(retryAfter(le.wait)))
	return http.StatusTooManyRequests
}

// login checks a username and password for tenant: the user must be a
// seeded login with that password and belong to the tenant, and neither
// the user nor the client address may be locked by too many failures.
func (s *Server) login(r *http.Request, user, pass, tenant string) (subject, *loginError) {
	if d := s.loginWait(r, user); d > 0 {
		return subject{}, &loginError{code: "temporarily_unavailable", wait: d,
			desc: fmt.Sprintf("Too many failed logins for this user or from this address; retry in %d seconds.", retryAfter(d))}
	}
	sub, ok := s.credentials(user, pass)
	if !ok {
		s.loginFailed(r, user)
		return subject{}, &loginError{code: "invalid_grant", desc: "The username or password is wrong."}
	}
	s.userThrottle.succeed(user)
	if !slices.Contains(s.world.Logins[user], tenant) {
		desc := fmt.Sprintf("The user %s does not belong to the tenant %s.", user, tenant)
		if ts := s.world.Logins[user]; len(ts) > 0 {
			desc += " Its tenants: " + strings.Join(ts, ", ") + "."
		}
		return subject{}, &loginError{code: "invalid_grant", desc: desc}
	}
	sub.tenant = tenant
	return sub, nil
}

// handleToken is the password grant's token endpoint.
func (s *Server) handleToken(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/x-www-form-urlencoded") {
		oauthError(w, http.StatusBadRequest, "invalid_request", "Send the token request as application/x-www-form-urlencoded (RFC 6749, section 4.3.2).")
		return
	}
	if ce := r.Header.Get("Content-Encoding"); ce != "" && !strings.EqualFold(ce, "identity") {
		oauthError(w, http.StatusUnsupportedMediaType, "invalid_request", fmt.Sprintf("The Content-Encoding %q is not supported; send the form uncompressed.", ce))
		return
	}
	if err := r.ParseForm(); err != nil {
		oauthError(w, http.StatusBadRequest, "invalid_request", "The form body could not be read whole.")
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
	if !validTenant(tenant) {
		oauthError(w, http.StatusBadRequest, "invalid_request", "Name the tenant with the X-TNGO-TENANT header (or a tenant form field), "+tenantRule+": tokens are issued per tenant.")
		return
	}
	user, pass := f.Get("username"), f.Get("password")
	if user == "" || pass == "" {
		oauthError(w, http.StatusBadRequest, "invalid_request", "username and password are required for the password grant.")
		return
	}
	sub, le := s.login(r, user, pass, tenant)
	if le != nil {
		oauthError(w, le.status(w), le.code, le.desc)
		return
	}
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
	if e, ok := s.world.EmployeesByCompanyID[user]; ok && e.Password != "" && subtle.ConstantTimeCompare([]byte(e.Password), []byte(pass)) == 1 {
		return subject{employee: e.ID, person: s.world.Defaults.APIPersonID}, true
	}
	if subtle.ConstantTimeCompare([]byte(pass), []byte("mobmock")) != 1 {
		return subject{}, false
	}
	for _, p := range s.world.People.All() {
		if p.Login != nil && *p.Login == user {
			return subject{employee: s.world.Defaults.EmployeeID, person: p.ID}, true
		}
	}
	return subject{}, false
}
