// Package redact decides which header, query parameter and field names hold
// credentials, and masks their values for display. The mock's journal and
// the proxy's console and recordings use it, so that they hide the same
// things.
package redact

import (
	"net/http"
	"net/url"
	"sort"
	"strings"
)

// secretWords make a name a credential's, once lower-cased and stripped of
// dashes and underscores: Authorization and Proxy-Authorization, Cookie and
// Set-Cookie, X-Api-Key, Ocp-Apim-Subscription-Key, X-Auth-Token,
// access_token, X-Client-Secret, X-Session-Id...
var secretWords = []string{"authorization", "cookie", "password", "passwd", "secret", "token", "apikey", "accesskey",
	"privatekey", "subscriptionkey", "credential", "session", "signature"}

// SecretName reports whether a header, query parameter or field named name
// may hold a credential.
func SecretName(name string) bool {
	n := strings.ToLower(strings.NewReplacer("-", "", "_", "").Replace(name))
	for _, w := range secretWords {
		if strings.Contains(n, w) {
			return true
		}
	}
	return n == "pin" || n == "auth"
}

// Masked is what a masked value shows.
const Masked = "…"

// Header returns the values of the header named name as shown to people:
// joined, or, for a credential, masked whole, except that Authorization and
// Proxy-Authorization keep their scheme ("Bearer …").
func Header(name string, values []string) string {
	if !SecretName(name) {
		return strings.Join(values, ", ")
	}
	if c := http.CanonicalHeaderKey(name); c != "Authorization" && c != "Proxy-Authorization" {
		return Masked
	}
	out := make([]string, len(values))
	for i, v := range values {
		out[i] = Masked
		if scheme, _, ok := strings.Cut(strings.TrimSpace(v), " "); ok && !strings.ContainsAny(scheme, "=;,") {
			out[i] = scheme + " " + Masked
		}
	}
	return strings.Join(out, ", ")
}

// Headers flattens h for display, sorted by name, each value as Header
// shows it; nil when h is empty.
func Headers(h http.Header) map[string]string {
	if len(h) == 0 {
		return nil
	}
	out := make(map[string]string, len(h))
	keys := make([]string, 0, len(h))
	for k := range h {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		out[k] = Header(k, h[k])
	}
	return out
}

// Query returns the raw query q with the values of its credential
// parameters (access_token, api_key...) masked, and as sent otherwise.
func Query(q string) string {
	if q == "" {
		return q
	}
	parts := strings.Split(q, "&")
	for i, p := range parts {
		name, _, _ := strings.Cut(p, "=")
		if n, err := url.QueryUnescape(name); err == nil && SecretName(n) {
			parts[i] = name + "=" + Masked
		}
	}
	return strings.Join(parts, "&")
}
