package world_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mobmock/mobmock/mock/world"
)

func embedded(t testing.TB) *world.World {
	t.Helper()
	w, err := world.Embedded()
	if err != nil {
		t.Fatalf("embedded world: %v", err)
	}
	return w
}

// TestDocumentedEntities checks that the ids the documents use resolve to the
// values the documents give.
func TestDocumentedEntities(t *testing.T) {
	w := embedded(t)
	svc, ok := w.Services.Get("38382335")
	if !ok {
		t.Fatal("service 38382335 (SUSPEND example) missing")
	}
	if svc.ServiceNumber != "2035554468" || svc.VendorID != "105" || svc.Device.Model != "iPhone 6 Plus (16GB) gold" {
		t.Errorf("service 38382335 = %+v", svc)
	}
	if e, _ := w.Employees.Get("28673732"); e == nil || e.CompanyEmployeeID != "peter.edwards.acme" {
		t.Errorf("employee 28673732 = %+v, want Peter Edwards", e)
	}
	plan, _ := w.Plans.Get("6568886494")
	if plan == nil || len(plan.OptionalFeatures) != 2 || plan.Price.Amount != 38.69 {
		t.Errorf("plan 6568886494 = %+v", plan)
	}
	if p := w.PeopleByEmployeeID["10000"]; p == nil || p.ID != 1831571 {
		t.Errorf("employee 10000 = %+v, want person 1831571", p)
	}
	if b, _ := w.BusinessRefDevices.Get(26363); b == nil || b.RefDeviceID != 1046769478 {
		t.Errorf("business ref device 26363 = %+v", b)
	}
}

// TestGeneratedIsDeterministic: two builds from the same seed are equal, and
// lookups have several pages.
func TestGeneratedIsDeterministic(t *testing.T) {
	a, err := world.Parse(world.EmbeddedSeed())
	if err != nil {
		t.Fatal(err)
	}
	b, err := world.Parse(world.EmbeddedSeed())
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(a.Services.All(), b.Services.All()); diff != "" {
		t.Errorf("services differ between builds:\n%s", diff)
	}
	if diff := cmp.Diff(a.Lines.All(), b.Lines.All()); diff != "" {
		t.Errorf("lines differ between builds:\n%s", diff)
	}
	for name, n := range map[string]int{"services": a.Services.Len(), "employees": a.Employees.Len(), "lines": a.Lines.Len(), "people": a.People.Len(), "catalog devices": a.CatalogDevices.Len()} {
		if n < 51 {
			t.Errorf("%s: %d records, want more than two pages of 25", name, n)
		}
	}
}

// TestSeedErrorsNameTheRecord: a seed with a dangling reference is refused
// with a message naming the record and the id.
func TestSeedErrorsNameTheRecord(t *testing.T) {
	tests := []struct {
		name, from, to, want string
	}{
		{"unknown vendor", `"vendorId": "98", "regionId": "70144640",`, `"vendorId": "9999", "regionId": "70144640",`, `vendor "9999" unknown`},
		{"unknown field", `"comment":`, `"commentary":`, `unknown field "commentary"`},
		{"duplicate id", `{"id": "110", "name": "T-Mobile"`, `{"id": "98", "name": "T-Mobile"`, `vendors: id 98 appears twice`},
		{"unknown default region", `"regionId": "70144640", "vendorId": "98", "carrierAccountId"`, `"regionId": "1", "vendorId": "98", "carrierAccountId"`, `defaults.regionId "1" is not a region`},
		{"unknown default vendor", `"vendorId": "98", "carrierAccountId"`, `"vendorId": "1", "carrierAccountId"`, `defaults.vendorId "1" is not a vendor`},
		{"unknown default carrier account", `"carrierAccountId": 69606}`, `"carrierAccountId": 1}`, `defaults.carrierAccountId 1 is not a carrier account`},
		{"login's tenant not a tenant name", `"peter.edwards.acme": ["acme"]`, `"peter.edwards.acme": [".."]`, `the tenant ".." is not a tenant name`},
		{"login's tenant empty", `"peter.edwards.acme": ["acme"]`, `"peter.edwards.acme": [""]`, `the tenant "" is not a tenant name`},
		// A seed (reloaded by --watch on every change) cannot ask for
		// unbounded memory.
		{"generate too many", `"people": 60,`, `"people": 100000000,`, `generate.people is 100000000: it must be from 0 to 100000`},
		{"generate negative", `"lines": 150,`, `"lines": -1,`, `generate.lines is -1`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			seed := strings.Replace(string(world.EmbeddedSeed()), tt.from, tt.to, 1)
			_, err := world.Parse([]byte(seed))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Parse error = %v, want it to mention %s", err, tt.want)
			}
		})
	}
}

// TestStateIsolation: a tenant's change is visible to that tenant only and
// never to the shared world.
func TestStateIsolation(t *testing.T) {
	w := embedded(t)
	a, b := w.NewState(), w.NewState()
	svc, _ := a.Services.Get("38382335")
	changed := svc.Clone()
	changed.Status = world.ServiceSuspended
	a.Services.Put(changed)

	if got, _ := a.Services.Get("38382335"); got.Status != world.ServiceSuspended {
		t.Errorf("tenant a sees %s, want SUSPENDED", got.Status)
	}
	if got, _ := b.Services.Get("38382335"); got.Status != world.ServiceActive {
		t.Errorf("tenant b sees %s, want ACTIVE", got.Status)
	}
	if got, _ := w.Services.Get("38382335"); got.Status != world.ServiceActive {
		t.Errorf("shared world changed to %s", got.Status)
	}
	added := &world.Service{ID: a.NewServiceID(), Status: world.ServiceActive}
	a.Services.Put(added)
	if a.Services.Len() != w.Services.Len()+1 || b.Services.Len() != w.Services.Len() {
		t.Errorf("lengths: a %d, b %d, world %d", a.Services.Len(), b.Services.Len(), w.Services.Len())
	}
	ids := a.Services.IDs()
	if ids[len(ids)-1] != added.ID {
		t.Errorf("new service not listed last")
	}
	if len(b.Services.IDs()) != w.Services.Len() {
		t.Errorf("tenant b lists tenant a's new service")
	}
}
