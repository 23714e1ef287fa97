package mock

import (
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/mobmock/mobmock/mock/internal/op"
	"github.com/mobmock/mobmock/mock/store"
)

// awayStore is a Store whose database is away.
type awayStore struct{ store.Store }

func (awayStore) View(string, func(*store.Tenant) error) error {
	return fmt.Errorf("reading: %w", store.ErrUnavailable)
}

func (awayStore) Update(string, func(*store.Tenant) error) error {
	return fmt.Errorf("writing: %w", store.ErrUnavailable)
}

func (awayStore) TenantsChecked() ([]string, error) {
	return nil, fmt.Errorf("reading: %w", store.ErrUnavailable)
}

func (awayStore) ResetChecked(string) (bool, error) {
	return false, fmt.Errorf("writing: %w", store.ErrUnavailable)
}

func (awayStore) ResetAllChecked() error { return fmt.Errorf("writing: %w", store.ErrUnavailable) }

// TestStateUnavailableIs503: while the state database is away, each API
// answers 503 in its own error shape with Retry-After, saying nothing was
// changed, and never shows the database's error; so does the admin API (in
// MOBPROC's shape).
func TestStateUnavailableIs503(t *testing.T) {
	s := newServer(t, Config{Store: awayStore{}, Admin: true})
	for _, tc := range []struct{ name, method, path, body string }{
		{"MOBPROC list", "GET", "/mobproc/v1/orders", ""},
		{"MOBPROC submit", "POST", "/mobproc/v1/orders", `{"orderRequest":{"transactionType":"SUSPEND","serviceId":"38382335","properties":[{"groupId":"MISCELLANEOUS","fields":[{"id":"CONTACT_NUMBER","type":"TEXT","text":"2035559999"}]}]}}`},
		{"Mobile list", "GET", "/1/activities", ""},
		{"admin tenants", "GET", "/__admin/tenants", ""},
		{"admin reset", "POST", "/__admin/tenants/acme/reset", ""},
		{"admin reset all", "POST", "/__admin/reset", ""},
		{"admin dump", "GET", "/__admin/tenants/acme", ""},
		{"admin advance", "POST", "/__admin/tenants/acme/advance", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := httptest.NewRequest(tc.method, tc.path, strings.NewReader(tc.body))
			r.Header.Set("X-TNGO-TENANT", "acme")
			r.Header.Set("client_id", "t")
			if tc.body != "" {
				r.Header.Set("Content-Type", "application/json")
			}
			rec := httptest.NewRecorder()
			s.ServeHTTP(rec, r)
			if rec.Code != 503 || rec.Header().Get("Retry-After") == "" {
				t.Fatalf("status %d, Retry-After %q: %s", rec.Code, rec.Header().Get("Retry-After"), rec.Body)
			}
			var body struct {
				Errors []op.Item `json:"errors"`
				Status *string   `json:"status"`
			}
			if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil || len(body.Errors) != 1 || body.Errors[0].Code != op.CodeUnavailable {
				t.Fatalf("body %s", rec.Body)
			}
			if mobile := strings.HasPrefix(tc.path, "/1/"); mobile != (body.Status == nil) {
				t.Errorf("not the API's error shape: %s", rec.Body)
			}
			if strings.Contains(rec.Body.String(), "writing") || strings.Contains(rec.Body.String(), "reading") {
				t.Errorf("the answer shows the store's error: %s", rec.Body)
			}
		})
	}
}
