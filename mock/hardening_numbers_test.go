package mock_test

import (
	"io/fs"

	"github.com/mobmock/mobmock/fixtures"
	"strings"
	"testing"

	"github.com/mobmock/mobmock/mock"
)

// TestIntegralDecimalsKeepTheirValue: "activity_type_id": 3.0 and
// "carrier_id": 834256072.0 are the integers 3 and 834256072 (JSON Schema
// 2020-12 counts them as integers): the activity is created with them,
// never with 0 or null.
func TestIntegralDecimalsKeepTheirValue(t *testing.T) {
	s, c := start(t, mock.Config{})
	body := documentedText(t, "mobile/new-line.request.json")
	body = strings.Replace(body, `"activity_type_id" : 3,`, `"activity_type_id" : 3.0,`, 1)
	body = strings.Replace(body, `"carrier_id" : 834256072,`, `"carrier_id" : 834256072.0e0,`, 1)
	if !strings.Contains(body, "3.0,") || !strings.Contains(body, "834256072.0e0") {
		t.Fatal("the fixture changed: the test no longer sends decimals")
	}
	req := newRequest(t, "POST", s.URL+"/1/activities", body, map[string]string{"X-TNGO-TENANT": "acme"})
	r := c.send(req).want(t, 201)
	if got := r.str(t, "/activity_type_id"); got != "3" {
		t.Errorf("activity_type_id %s, want 3: %s", got, r.Raw)
	}
	if got := r.str(t, "/carrier_id"); got != "834256072" {
		t.Errorf("carrier_id %s, want 834256072: %s", got, r.Raw)
	}
	read := c.do("GET", "/1/activities/"+r.str(t, "/id"), nil).want(t, 200)
	if got := read.str(t, "/carrier_id"); got != "834256072" {
		t.Errorf("stored carrier_id %s, want 834256072", got)
	}
}

func documentedText(t *testing.T, name string) string {
	t.Helper()
	data, err := fixturesFS(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func fixturesFS(name string) ([]byte, error) { return fs.ReadFile(fixtures.FS, "documented/"+name) }
