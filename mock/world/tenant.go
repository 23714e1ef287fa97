package world

// maxTenantLen is the longest tenant name the mock accepts.
const maxTenantLen = 64

// ValidTenant is the one rule every tenant name is held to, whatever it
// came from (the X-TNGO-TENANT header, the Host's subdomain, the token
// endpoint, the admin API's path): 1 to 64 letters, digits, dots, dashes or
// underscores, the first a letter or a digit. So there is no empty tenant,
// none with spaces or control characters, none that reads as a path segment
// ("." or ".."), and none the admin API could name that the APIs cannot.
func ValidTenant(t string) bool {
	if t == "" || len(t) > maxTenantLen || !isAlnum(t[0]) {
		return false
	}
	for i := 0; i < len(t); i++ {
		b := t[i]
		if !(b == '-' || b == '_' || b == '.' || isAlnum(b)) {
			return false
		}
	}
	return true
}

func isAlnum(b byte) bool {
	return b >= '0' && b <= '9' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z'
}

// TenantRule is how ValidTenant's rule reads to people.
const TenantRule = "1 to 64 letters, digits, dots, dashes or underscores, beginning with a letter or a digit"
