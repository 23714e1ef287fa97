package mock

import (
	"bytes"
	"html/template"
	"maps"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/mobmock/mobmock/mock/internal/op"
	"github.com/mobmock/mobmock/mock/world"
)

// The implicit flow (GET /oauth/authorize) shows a login form; its POST
// checks the user like the password grant does and only then redirects,
// with the token in the fragment, and only to a registered redirect URI:
// any loopback http URI (a developer's tool on this machine), or one given
// in Config.RedirectURIs. Anything else is an error page, never a redirect,
// so that the mock cannot send a token to a javascript:, data: or foreign
// URI.

// authorizeRequest is what the implicit flow is asked for.
type authorizeRequest struct {
	ResponseType, ClientID, RedirectURI, State, Tenant, Username string
	redirect                                                     *url.URL
}

// readAuthorize reads the flow's parameters from v and checks the redirect
// URI. A nil error page means the request may go on; anything wrong with
// the redirect URI is an error page.
func (s *Server) readAuthorize(v url.Values, r *http.Request) (authorizeRequest, string) {
	a := authorizeRequest{ResponseType: v.Get("response_type"), ClientID: v.Get("client_id"), RedirectURI: v.Get("redirect_uri"),
		State: v.Get("state"), Tenant: v.Get("tenant"), Username: v.Get("username")}
	if a.Username == "" {
		a.Username = v.Get("login_hint")
	}
	if a.Tenant == "" {
		a.Tenant = r.Header.Get(headerTenant)
	}
	u, err := url.Parse(a.RedirectURI)
	switch {
	case a.RedirectURI == "" || err != nil || !u.IsAbs() || u.Fragment != "" || u.User != nil:
		return a, "redirect_uri must be an absolute URL without user information or a fragment."
	case !s.registeredRedirect(u):
		return a, "redirect_uri " + a.RedirectURI + " is not registered: the mock redirects only to loopback http URIs " +
			"(http://127.0.0.1:PORT/..., http://localhost:PORT/...) and to those given with --redirect-uris."
	}
	a.redirect = u
	return a, ""
}

// registeredRedirect reports whether the implicit flow may redirect to u.
func (s *Server) registeredRedirect(u *url.URL) bool {
	if u.Scheme == "http" {
		switch h := u.Hostname(); h {
		case "localhost", "::1":
			return true
		default:
			if ip := net.ParseIP(h); ip != nil && ip.IsLoopback() {
				return true
			}
		}
	}
	bare := *u
	bare.RawQuery, bare.ForceQuery = "", false
	for _, reg := range s.cfg.RedirectURIs {
		if ru, err := url.Parse(reg); err == nil && strings.EqualFold(ru.Scheme, u.Scheme) && strings.EqualFold(ru.Host, u.Host) &&
			ru.Path == bare.Path && ru.RawQuery == "" && u.User == nil {
			return true
		}
	}
	return false
}

// redirectWith sends the browser to the registered redirect URI with the
// given values in the fragment.
func redirectWith(a authorizeRequest, frag url.Values) (op.Result, error) {
	if a.State != "" {
		frag.Set("state", a.State)
	}
	u := *a.redirect
	u.Fragment = ""
	return op.Result{Status: http.StatusFound, Header: map[string]string{"Location": u.String() + "#" + frag.Encode(), "Cache-Control": "no-store"}}, nil
}

// checkAuthorize applies the checks that come after the redirect URI;
// their errors go back to the client by redirect (RFC 6749, 4.2.2.1).
func checkAuthorize(a authorizeRequest) url.Values {
	switch {
	case a.ResponseType != "token":
		return url.Values{"error": {"unsupported_response_type"}, "error_description": {"The implicit flow needs response_type=token."}}
	case a.ClientID == "":
		return url.Values{"error": {"invalid_request"}, "error_description": {"client_id is required."}}
	case !world.ValidTenant(a.Tenant):
		return url.Values{"error": {"invalid_request"}, "error_description": {"Name the tenant with a tenant query parameter (" + world.TenantRule + "): tokens are issued per tenant."}}
	}
	return nil
}

// startAuthorize reads and checks the flow's parameters; when they are
// wrong, the answer (an error page, or a redirect with the error) comes
// back with ok false.
func (s *Server) startAuthorize(r *http.Request, v url.Values) (a authorizeRequest, res op.Result, ok bool) {
	a, problem := s.readAuthorize(v, r)
	if problem != "" {
		return a, authorizePage(http.StatusBadRequest, a, problem, nil), false
	}
	if frag := checkAuthorize(a); frag != nil {
		res, _ = redirectWith(a, frag)
		return a, res, false
	}
	return a, op.Result{}, true
}

// handleAuthorize shows the login form of the implicit flow.
func (s *Server) handleAuthorize(x *exchange) (op.Result, error) {
	q, e := parseQuery(x.r.URL.RawQuery)
	if e != nil {
		return authorizePage(http.StatusBadRequest, authorizeRequest{}, e.Items[0].Message, nil), nil
	}
	a, res, ok := s.startAuthorize(x.r, q)
	if ok {
		res = authorizePage(http.StatusOK, a, "", nil)
	}
	return res, nil
}

// handleAuthorizeLogin takes the login form: with the right password of a
// user of the tenant it redirects with a token.
func (s *Server) handleAuthorizeLogin(x *exchange) (op.Result, error) {
	r := x.r
	r.Body = http.MaxBytesReader(x.w, r.Body, 64<<10)
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/x-www-form-urlencoded") {
		return authorizePage(http.StatusUnsupportedMediaType, authorizeRequest{}, "Send the login form as application/x-www-form-urlencoded.", nil), nil
	}
	if err := r.ParseForm(); err != nil {
		return authorizePage(http.StatusBadRequest, authorizeRequest{}, "The form could not be read whole.", nil), nil
	}
	a, res, ok := s.startAuthorize(r, r.PostForm)
	if !ok {
		return res, nil
	}
	sub, le := s.login(r, a.Username, r.PostForm.Get("password"), a.Tenant)
	if le != nil {
		status, h := le.status()
		return authorizePage(status, a, le.desc, h), nil
	}
	tok := s.tokens.issue(sub, s.now())
	return redirectWith(a, url.Values{"access_token": {tok}, "token_type": {"bearer"}, "expires_in": {strconv.Itoa(int(s.cfg.TokenTTL.Seconds()))}})
}

// sameOrigin refuses state-changing requests a browser sends from another
// origin (Sec-Fetch-Site, Origin): a page elsewhere cannot post the login
// form, nor the admin API's resets.
func sameOrigin(h http.Handler) http.Handler {
	p := http.NewCrossOriginProtection()
	p.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/oauth/") {
			res := authorizePage(http.StatusForbidden, authorizeRequest{}, "The login form was sent from another site.", nil)
			for k, v := range res.Header {
				w.Header().Set(k, v)
			}
			f := res.Body.(file)
			w.Header().Set("Content-Type", f.contentType)
			w.WriteHeader(res.Status)
			_, _ = w.Write(f.data)
			return
		}
		_ = writeJSON(w, http.StatusForbidden, errorBody(apiNone, []op.Item{{Code: op.CodeForbidden,
			Message: "The request comes from another origin (a page of another site); the admin API answers only same-origin and non-browser clients.",
			Hint:    "Call it from curl or a script, or from a page served by the mock itself."}}), "")
	}))
	return p.Handler(h)
}

var authorizeTemplate = template.Must(template.New("authorize").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>mobmock: sign in</title></head>
<body>
<h1>Sign in to the mobmock sandbox</h1>
{{if .Problem}}<p role="alert"><strong>{{.Problem}}</strong></p>{{end}}
{{if .Form}}<form method="post" action="/oauth/authorize">
<input type="hidden" name="response_type" value="{{.A.ResponseType}}">
<input type="hidden" name="client_id" value="{{.A.ClientID}}">
<input type="hidden" name="redirect_uri" value="{{.A.RedirectURI}}">
<input type="hidden" name="state" value="{{.A.State}}">
<p><label>Tenant <input name="tenant" value="{{.A.Tenant}}" required></label></p>
<p><label>User <input name="username" value="{{.A.Username}}" autocomplete="username" required></label></p>
<p><label>Password <input name="password" type="password" autocomplete="current-password" required></label></p>
<p><button type="submit">Sign in</button> (seeded users' password: mobmock)</p>
</form>{{end}}
</body></html>
`))

// authorizePage is the login form, or an error page when the request has
// no registered redirect URI to go back to; header adds to its headers.
func authorizePage(status int, a authorizeRequest, problem string, header map[string]string) op.Result {
	var b bytes.Buffer
	_ = authorizeTemplate.Execute(&b, struct {
		A       authorizeRequest
		Problem string
		Form    bool
	}{a, problem, a.redirect != nil})
	h := map[string]string{"Cache-Control": "no-store", "X-Frame-Options": "DENY",
		"Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'"}
	maps.Copy(h, header)
	return op.Result{Status: status, Header: h, Body: file{contentType: "text/html; charset=utf-8", data: b.Bytes()}}
}
