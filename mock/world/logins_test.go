package world_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/mobmock/mobmock/mock/world"
)

// TestLoginsNameSeededUsers: the seed's logins give each seeded user its
// tenants, and a login that is no employee's or person's is an error
// naming it.
func TestLoginsNameSeededUsers(t *testing.T) {
	w, err := world.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	if got := w.Logins["peter.edwards.acme"]; len(got) != 1 || got[0] != "acme" {
		t.Errorf("peter.edwards.acme belongs to %v, want [acme]", got)
	}
	seed := bytes.Replace(world.EmbeddedSeed(), []byte(`"logins": {`), []byte(`"logins": {"nobody.here": ["acme"], `), 1)
	if _, err := world.Parse(seed); err == nil || !strings.Contains(err.Error(), "nobody.here") {
		t.Errorf("a login of nobody: %v", err)
	}
}
