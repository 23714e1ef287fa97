package conformance

import (
	"fmt"
	"net/url"
	"strings"
)

// The documented base path of each API. Case paths start with one of them;
// the runner replaces it with the base URL the target serves the API at.
const (
	mobprocPath = "/mobproc/v1"
	mobilePath  = "/1"
	// TenantPlaceholder in the Mobile base URL is replaced by the tenant of
	// each request (subdomain tenancy: https://{tenant}.example.com/1).
	TenantPlaceholder = "{tenant}"
)

// endpoint is where one API is served and how to authenticate to it.
type endpoint struct {
	// base is the API's base URL with no trailing slash; it may hold
	// {tenant} (Mobile only).
	base  string
	token string
	// tenantInHost is set when base holds {tenant}: the tenant goes in the
	// host name, and no X-TNGO-TENANT header is sent.
	tenantInHost bool
}

// targets resolves case paths to URLs.
type targets struct {
	// root serves what is under neither API (OAuth, health); it may be nil.
	root            *url.URL
	mobproc, mobile endpoint
}

// checkBase returns an error unless s is an absolute http(s) URL with a host.
func checkBase(flag, s string) error {
	u, err := url.Parse(strings.ReplaceAll(s, TenantPlaceholder, "tenant"))
	if err != nil || !u.IsAbs() || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("%s %q must be an absolute http:// or https:// URL", flag, s)
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return fmt.Errorf("%s %q must not have a query or fragment", flag, s)
	}
	return nil
}

// newTargets builds the endpoints of a configuration: Target is the shortcut
// for one host serving both APIs at their documented paths; MobprocURL and
// MobileURL override one API's base URL each.
func newTargets(cfg Config) (*targets, error) {
	t := &targets{}
	if cfg.Target != "" {
		if err := checkBase("target", cfg.Target); err != nil {
			return nil, err
		}
		if strings.Contains(cfg.Target, TenantPlaceholder) {
			return nil, fmt.Errorf("target %q: only the Mobile base URL may hold %s", cfg.Target, TenantPlaceholder)
		}
		root := strings.TrimRight(cfg.Target, "/")
		t.root, _ = url.Parse(root)
		t.mobproc.base = root + mobprocPath
		t.mobile.base = root + mobilePath
	}
	if cfg.MobprocURL != "" {
		if err := checkBase("mobproc URL", cfg.MobprocURL); err != nil {
			return nil, err
		}
		if strings.Contains(cfg.MobprocURL, TenantPlaceholder) {
			return nil, fmt.Errorf("mobproc URL %q: MOBPROC takes its tenant from X-TNGO-TENANT; only the Mobile base URL may hold %s", cfg.MobprocURL, TenantPlaceholder)
		}
		t.mobproc.base = strings.TrimRight(cfg.MobprocURL, "/")
	}
	if cfg.MobileURL != "" {
		if err := checkBase("mobile URL", cfg.MobileURL); err != nil {
			return nil, err
		}
		t.mobile.base = strings.TrimRight(cfg.MobileURL, "/")
	}
	if t.mobproc.base == "" || t.mobile.base == "" {
		return nil, fmt.Errorf("give a target for both APIs: a target serving both, or a MOBPROC URL and a Mobile URL")
	}
	if t.root == nil {
		// What is under neither API goes to the MOBPROC host's root.
		u, _ := url.Parse(t.mobproc.base)
		t.root = &url.URL{Scheme: u.Scheme, Host: u.Host}
	}
	t.mobile.tenantInHost = strings.Contains(t.mobile.base, TenantPlaceholder)
	t.mobproc.token, t.mobile.token = cfg.Token, cfg.Token
	if cfg.MobprocToken != "" {
		t.mobproc.token = cfg.MobprocToken
	}
	if cfg.MobileToken != "" {
		t.mobile.token = cfg.MobileToken
	}
	return t, nil
}

// endpoint returns the endpoint of a case path and the path under its base.
func (t *targets) endpoint(p string) (*endpoint, string) {
	switch {
	case p == mobprocPath || strings.HasPrefix(p, mobprocPath+"/"):
		return &t.mobproc, strings.TrimPrefix(p, mobprocPath)
	case p == mobilePath || strings.HasPrefix(p, mobilePath+"/"):
		return &t.mobile, strings.TrimPrefix(p, mobilePath)
	}
	return nil, p
}

// url returns the URL of a case path (documented base path included) for a
// request of the given tenant, with query q.
func (t *targets) url(p, tenant string, q url.Values) (*url.URL, error) {
	ep, rest := t.endpoint(p)
	var u *url.URL
	if ep == nil {
		c := *t.root
		c.Path = strings.TrimRight(c.Path, "/") + p
		u = &c
	} else {
		base := strings.ReplaceAll(ep.base, TenantPlaceholder, tenant)
		b, err := url.Parse(base)
		if err != nil {
			return nil, fmt.Errorf("base URL %q with tenant %q: %w", ep.base, tenant, err)
		}
		b.Path = strings.TrimRight(b.Path, "/") + rest
		u = b
	}
	u.RawQuery = q.Encode()
	return u, nil
}

// String names the target for reports: one URL, or the two base URLs.
func (t *targets) String() string {
	if t.root != nil && t.mobproc.base == t.root.String()+mobprocPath && t.mobile.base == t.root.String()+mobilePath {
		return t.root.String()
	}
	return "MOBPROC " + t.mobproc.base + ", Mobile " + t.mobile.base
}

// bases returns the base URLs to check for reachability, the Mobile one with
// tenant filled in.
func (t *targets) bases(tenant string) []string {
	out := []string{t.mobproc.base}
	if m := strings.ReplaceAll(t.mobile.base, TenantPlaceholder, tenant); m != t.mobproc.base {
		out = append(out, m)
	}
	return out
}

// docPath maps the request URI of a link in an answer back to the path the
// contract documents: a target that serves MOBPROC at /api links to
// /api/orders/1, which is /mobproc/v1/orders/1 in the documents. Links to
// neither base URL are returned unchanged.
func (t *targets) docPath(u *url.URL) string {
	uri := u.RequestURI()
	best, bestLen := uri, -1
	for _, ep := range []struct {
		e   *endpoint
		doc string
	}{{&t.mobproc, mobprocPath}, {&t.mobile, mobilePath}} {
		b, err := url.Parse(strings.ReplaceAll(ep.e.base, TenantPlaceholder, "tenant"))
		if err != nil || !sameHost(ep.e.base, b.Host, u.Host) {
			continue
		}
		bp := strings.TrimRight(b.Path, "/")
		if (uri == bp || strings.HasPrefix(uri, bp+"/") || strings.HasPrefix(uri, bp+"?")) && len(bp) > bestLen {
			best, bestLen = ep.doc+strings.TrimPrefix(uri, bp), len(bp)
		}
	}
	return best
}

// sameHost reports whether host is the host of a base URL; a {tenant}
// label matches any first label.
func sameHost(base, baseHost, host string) bool {
	if !strings.Contains(base, TenantPlaceholder) {
		return strings.EqualFold(baseHost, host)
	}
	_, rest, ok := strings.Cut(baseHost, ".")
	_, hrest, ok2 := strings.Cut(host, ".")
	return ok && ok2 && strings.EqualFold(rest, hrest)
}
