package mock

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/gorilla/mux"
)

// TestAdminIndexListsEveryRoute: every admin route the router serves (those
// of fault profiles and overrides included) is in the index GET /__admin/
// answers, and the index lists nothing the router does not serve.
func TestAdminIndexListsEveryRoute(t *testing.T) {
	s := newServer(t, Config{Admin: true})
	var registered []string
	err := s.router.Walk(func(r *mux.Route, _ *mux.Router, _ []*mux.Route) error {
		tpl, err := r.GetPathTemplate()
		if err != nil || !strings.HasPrefix(tpl, "/__admin") {
			return nil
		}
		methods, err := r.GetMethods()
		if err != nil {
			return err
		}
		for _, m := range methods {
			registered = append(registered, m+" "+tpl)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/__admin/", nil))
	if rec.Code != http.StatusOK {
		t.Fatalf("GET /__admin/: %d %s", rec.Code, rec.Body)
	}
	var index struct {
		Admin []struct{ Method, Path, Does string }
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &index); err != nil {
		t.Fatal(err)
	}
	var listed []string
	for _, e := range index.Admin {
		if e.Does == "" {
			t.Errorf("%s %s: no description", e.Method, e.Path)
		}
		p, _, _ := strings.Cut(e.Path, "?")
		listed = append(listed, e.Method+" "+p)
	}
	slices.Sort(registered)
	slices.Sort(listed)
	for _, want := range []string{"PUT /__admin/tenants/{tenant}/faults", "POST /__admin/tenants/{tenant}/overrides", "DELETE /__admin/tenants/{tenant}/overrides/{id}", "GET /__admin/faults"} {
		if !slices.Contains(registered, want) {
			t.Errorf("%s is not registered; the walk missed routes", want)
		}
	}
	for _, r := range registered {
		if !slices.Contains(listed, r) {
			t.Errorf("%s is registered but not in the index", r)
		}
	}
	for _, l := range listed {
		if !slices.Contains(registered, l) {
			t.Errorf("the index lists %s, which is not registered", l)
		}
	}
}
