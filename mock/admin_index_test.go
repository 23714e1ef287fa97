package mock_test

import (
	"testing"

	"github.com/mobmock/mobmock/mock"
)

// TestAdminIndex: the admin URL the serve banner prints answers with the
// list of admin endpoints, not 404.
func TestAdminIndex(t *testing.T) {
	_, c := start(t, mock.Config{})
	r := c.do("GET", "/__admin/", nil).want(t, 200)
	list, _ := r.at(t, "/admin").([]any)
	if len(list) < 6 {
		t.Fatalf("admin index lists %d endpoints: %s", len(list), r.Raw)
	}
	for _, e := range list {
		if m, _ := e.(map[string]any); m["path"] == "" || m["method"] == "" || m["does"] == "" {
			t.Errorf("entry without method, path or description: %v", e)
		}
	}
}
