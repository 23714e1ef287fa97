package mock

import (
	"strings"

	"github.com/gorilla/mux"

	"github.com/mobmock/mobmock/mock/internal/op"
	"github.com/mobmock/mobmock/mock/world"
)

// badTenant is the error for a tenant name that breaks the rule; from names
// where it came from (a header name, "Host", "tenant").
func badTenant(from string) *op.Error {
	hint := "Send the tenant id your account was given, for example acme."
	if from == "Host" {
		hint = "Call the API on a host whose first label is the tenant (acme.example.com), or send X-TNGO-TENANT."
	}
	return op.Fail(op.CodeInvalidParameter, "The tenant ("+from+") must be "+world.TenantRule+".", hint).Param(from)
}

// identify finds the tenant: X-TNGO-TENANT; for the Mobile API, which
// documents no tenant header, the subdomain of the host, else "default".
// A name from either source that breaks the rule is a 400: an empty or
// malformed name never becomes a tenant.
func (s *Server) identify(x *exchange) error {
	if vs, ok := x.r.Header[headerTenant]; ok {
		if len(vs) != 1 || !world.ValidTenant(vs[0]) {
			return badTenant("X-TNGO-TENANT")
		}
		x.req.Tenant, x.rec.Tenant = vs[0], vs[0]
		return nil
	}
	if x.api != apiMobile {
		// MOBPROC requires the header; checkRequest reports it missing.
		return nil
	}
	t := subdomain(x.r.Host)
	if !world.ValidTenant(t) {
		return badTenant("Host")
	}
	x.req.Tenant, x.rec.Tenant = t, t
	return nil
}

// subdomain returns the first label of a host name such as
// acme.thefutureis.mobi (which may be empty or malformed: the caller
// checks it), or "default" for IP addresses, localhost and two-label names.
func subdomain(host string) string {
	if h, _, err := splitHostPort(host); err == nil {
		host = h
	}
	labels := strings.Split(host, ".")
	if len(labels) < 3 || host == "" || strings.ContainsAny(host, ":[]") || isNumeric(labels[len(labels)-1]) {
		return "default"
	}
	return labels[0]
}

// adminTenant reads the tenant of an admin path, or refuses it (400) when
// it breaks the rule, so that the admin API cannot create or name a tenant
// the APIs cannot address.
func adminTenant(x *exchange) (string, error) {
	name := mux.Vars(x.r)["tenant"]
	if !world.ValidTenant(name) {
		return "", badTenant("tenant")
	}
	return name, nil
}
