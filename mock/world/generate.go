package world

import (
	"fmt"
	"math/rand/v2"
	"strconv"
)

// Generate says how many plausible records to add to each collection of a
// seed, so that lookups have several pages. The same Seed always yields the
// same records.
type Generate struct {
	Seed               uint64 `json:"seed"`
	Employees          int    `json:"employees"`
	Services           int    `json:"services"`
	CatalogDevices     int    `json:"catalogDevices"`
	Plans              int    `json:"plans"`
	Accessories        int    `json:"accessories"`
	People             int    `json:"people"`
	Lines              int    `json:"lines"`
	AccessoriesMobile  int    `json:"accessoriesMobile"`
	BusinessRefDevices int    `json:"businessRefDevices"`
	BusinessPlans      int    `json:"businessPlans"`
	BusinessFeatures   int    `json:"businessFeatures"`
}

// MaxGenerate is the most records Generate adds to one collection: enough
// for lookups of many pages, and a bound on the memory a seed file (reloaded
// by --watch whenever it changes) can ask for.
const MaxGenerate = 100_000

// check refuses a count below 0 or over MaxGenerate, naming the field.
func (g Generate) check() error {
	for _, c := range []struct {
		name string
		n    int
	}{
		{"employees", g.Employees}, {"services", g.Services}, {"catalogDevices", g.CatalogDevices}, {"plans", g.Plans},
		{"accessories", g.Accessories}, {"people", g.People}, {"lines", g.Lines}, {"accessoriesMobile", g.AccessoriesMobile},
		{"businessRefDevices", g.BusinessRefDevices}, {"businessPlans", g.BusinessPlans}, {"businessFeatures", g.BusinessFeatures},
	} {
		if c.n < 0 || c.n > MaxGenerate {
			return fmt.Errorf("generate.%s is %d: it must be from 0 to %d", c.name, c.n, MaxGenerate)
		}
	}
	return nil
}

var (
	firstNames = []string{"Alice", "Bruno", "Chen", "Dana", "Elif", "Farid", "Grace", "Hiro", "Ines", "Jonas", "Kemi", "Luis", "Maya", "Nils", "Olga", "Priya", "Quinn", "Rosa", "Sami", "Tara", "Umar", "Vera", "Wes", "Xena", "Yusuf", "Zoe"}
	lastNames  = []string{"Abbott", "Baker", "Castro", "Dubois", "Eriksen", "Fischer", "Garcia", "Hughes", "Ito", "Jensen", "Kowalski", "Lopez", "Murphy", "Nakamura", "Okafor", "Patel", "Quist", "Rossi", "Schmidt", "Tanaka", "Ueda", "Varga", "Weber", "Xu", "Young", "Zimmer"}
	depts      = []Department{{"11569020385", "Development"}, {"11569020386", "Sales"}, {"11569020387", "Finance"}, {"11569020388", "Field Operations"}, {"11569020389", "Human Resources"}}
	genModels  = []struct{ maker, model, access string }{
		{"Apple", "iPhone 6s (64GB) - Rose Gold", "LTE"}, {"Apple", "iPhone SE (32GB) - Silver", "LTE"},
		{"Apple", "iPad Air 2 (64GB) - Space Gray", "LTE"}, {"Samsung", "Galaxy S7 (32GB) - Gold", "LTE"},
		{"Samsung", "Galaxy S7 edge (32GB) - Black", "LTE"}, {"Samsung", "Galaxy Tab S2 (32GB) - White", "LTE"},
		{"LG", "G5 (32GB) - Titan", "LTE"}, {"LG", "V20 (64GB) - Silver", "LTE"},
	}
	regionNames    = []string{"Germany", "France", "Mexico", "Japan", "Australia", "Brazil", "India", "Spain", "Italy", "Netherlands", "Sweden", "Ireland", "Singapore", "South Africa", "Poland", "Switzerland", "Belgium"}
	featureNames   = []string{"Mobile Hotspot", "International Data Pass", "Visual Voice Mail", "Device Protection", "Unlimited Text", "Roadside Assistance", "Number Lock", "Family Locator", "Push to Talk", "Wi-Fi Calling"}
	accessoryKinds = []string{"Case", "Screen Protector", "Car Charger", "Wall Charger", "Headset", "Charging Cable", "Holster", "Battery Pack", "Stylus", "Dock"}
)

// generate appends the records s.Generate asks for.
func generate(s *Seed) {
	g := s.Generate
	r := rand.New(rand.NewPCG(g.Seed, g.Seed^0x6d6f626d6f636b))
	pick := func(n int) int { return r.IntN(n) }
	name := func() (string, string) { return firstNames[pick(len(firstNames))], lastNames[pick(len(lastNames))] }
	digits := func(n int) string {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte('0' + pick(10))
		}
		return string(b)
	}

	for _, rn := range regionNames {
		if len(s.Regions) >= 3+len(regionNames) {
			break
		}
		s.Regions = append(s.Regions, &Region{ID: strconv.Itoa(70144643 + len(s.Regions) - 3), Name: rn})
	}
	// Generated models join their manufacturer so that catalog devices and
	// services can name them.
	for _, gm := range genModels {
		for _, m := range s.Manufacturers {
			if m.ID == gm.maker {
				if _, ok := m.Model(gm.model); !ok {
					m.Models = append(m.Models, &Model{ID: gm.model, Name: gm.model})
				}
			}
		}
	}
	vendorIDs := make([]string, len(s.Vendors))
	for i, v := range s.Vendors {
		vendorIDs[i] = v.ID
	}
	for i := range g.Employees {
		f, l := name()
		s.Employees = append(s.Employees, &Employee{
			ID: strconv.Itoa(29000000 + i), CompanyEmployeeID: fmt.Sprintf("%s.%s.%d", lower(f), lower(l), i),
			Department: depts[pick(len(depts))], Email: fmt.Sprintf("%s.%s%d@acme.com", lower(f), lower(l), i),
			FirstName: f, LastName: l, OfficePhone: "203555" + digits(4), Status: "ACTIVE",
		})
	}
	var planIDs []string
	for i := range g.Plans {
		p := &Plan{
			ID: strconv.Itoa(6568890000 + i), VendorID: vendorIDs[i%len(vendorIDs)],
			Price:            Money{Amount: float64(2999+pick(7000)) / 100, CurrencyCode: "USD", Recurrence: "MONTHLY"},
			IncludedFeatures: []string{"Base Package"}, RegionIDs: []string{"70144640"},
		}
		p.Name = fmt.Sprintf("Business %s %dGB Plan", []string{"Share", "Unlimited", "Flex", "Select"}[i%4], 2+2*(i%8))
		for j := range 3 {
			fn := featureNames[(i+j)%len(featureNames)]
			p.OptionalFeatures = append(p.OptionalFeatures, &Feature{
				ID: strconv.Itoa(3000 + i*10 + j), Description: fn,
				Price: Money{Amount: float64(199+pick(1800)) / 100, CurrencyCode: "USD", Recurrence: "MONTHLY"},
			})
		}
		s.Plans = append(s.Plans, p)
		planIDs = append(planIDs, p.ID)
	}
	for i := range g.CatalogDevices {
		gm := genModels[i%len(genModels)]
		s.CatalogDevices = append(s.CatalogDevices, &CatalogDevice{
			ID: strconv.Itoa(9194800000 + i), Name: gm.maker + " " + gm.model,
			ManufacturerID: gm.maker, ModelID: gm.model, VendorID: vendorIDs[i%len(vendorIDs)],
			ImageURL:  fmt.Sprintf("https://api.tangoe.com/images/devices/gen_%d.jpg", i),
			Price:     Money{Amount: float64(4999+pick(60000)) / 100, CurrencyCode: "USD", Recurrence: "ONETIME"},
			RegionIDs: []string{"70144640"},
		})
	}
	for i := range g.Accessories {
		kind := accessoryKinds[i%len(accessoryKinds)]
		gm := genModels[i%len(genModels)]
		s.Accessories = append(s.Accessories, &Accessory{
			ID: strconv.Itoa(7001100 + i), Name: fmt.Sprintf("%s - %s %s", kind, gm.maker, gm.model),
			VendorID: vendorIDs[i%len(vendorIDs)], ImageURL: fmt.Sprintf("https://api.tangoe.com/images/accessories/gen_%d.jpg", i),
			Price: Money{Amount: float64(999+pick(7000)) / 100, CurrencyCode: "USD", Recurrence: "ONETIME"},
		})
	}
	employeeIDs := make([]string, len(s.Employees))
	for i, e := range s.Employees {
		employeeIDs[i] = e.ID
	}
	for i := range g.Services {
		gm := genModels[i%len(genModels)]
		status := ServiceActive
		if i%9 == 4 {
			status = ServiceSuspended
		}
		year := 2013 + i%4
		svc := &Service{
			ID: strconv.Itoa(39000000 + i), EmployeeID: employeeIDs[pick(len(employeeIDs))],
			ServiceNumber: "203556" + digits(4), Status: status, VendorID: vendorIDs[i%len(vendorIDs)], RegionID: "70144640",
			ContractDates: ContractDates{
				Activated: fmt.Sprintf("%d-03-01T05:00:00Z", year), End: fmt.Sprintf("%d-03-01T05:00:00Z", year+2),
				LastDeviceUpgrade: fmt.Sprintf("%d-03-01T05:00:00Z", year), Start: fmt.Sprintf("%d-03-01T05:00:00Z", year),
			},
			Device: Device{
				ID: strconv.Itoa(36000000 + i), AccessMethod: gm.access, CompanyAssetID: fmt.Sprintf("ACME-%05d", i),
				MACAddress: fmt.Sprintf("90:33:%02X:%02X:%02X", pick(256), pick(256), pick(256)), ManufacturerID: gm.maker, Model: gm.model,
				SerialNumber: SerialNumber{Type: "IMEI", Value: "35" + digits(13)}, SIMID: "8914800" + digits(13),
			},
		}
		if len(planIDs) > 0 && i%3 == 0 {
			svc.PlanID = planIDs[i%len(planIDs)]
		}
		s.Services = append(s.Services, svc)
	}

	m := &s.Mobile
	str := func(v string) *string { return &v }
	for i := range g.People {
		f, l := name()
		login := fmt.Sprintf("%s.%s%d@sandbox.com", lower(f), lower(l), i)
		m.People = append(m.People, &Person{
			ID: int64(1832000 + i), NameLast: l, NameFirst: f, GroupID: 1605, Email: login, Login: str(login),
			EmployeeID: str(strconv.Itoa(20000 + i)), CreatedAt: "2016-01-04T09:00:00.000-05:00", UpdatedAt: "2020-06-25T14:59:44.796-04:00",
			CostCenter: "CC-" + strconv.Itoa(100+i%7), Active: true, CustomerData: map[string]any{}, GroupName: "Demo Group A",
		})
	}
	for i := range g.BusinessRefDevices {
		gm := genModels[i%len(genModels)]
		rd := &RefDevice{
			ID: int64(1046900000 + i), Name: gm.maker + " " + gm.model, Description: "A " + gm.maker + " device offered to the business.",
			ImageFileName: fmt.Sprintf("gen_%d.png", i), Platform: map[string]string{"Apple": "iPhone", "Samsung": "Android", "LG": "Android"}[gm.maker],
			ProductCategory: "Smart Phone", Manufacturer: gm.maker, Size: "32GB", CarrierName: "AT United States", CostCents: int64(4999 + pick(60000)),
		}
		m.RefDevices = append(m.RefDevices, rd)
		m.BusinessRefDevices = append(m.BusinessRefDevices, &BusinessRefDevice{ID: int64(26400 + i), RefDeviceID: rd.ID, CarrierID: 834256072, CostCents: rd.CostCents})
	}
	for i := range g.BusinessPlans {
		p := &MobilePlan{
			ID: int64(1042458000 + i), Name: fmt.Sprintf("NBI Business Flex %d", 100*(i+1)), CostCents: int64(2999 + 500*i),
			MinutesAnytime: strconv.Itoa(100 * (i + 1)), MinutesEvening: "Unlimited", Voice: true, Data: i%2 == 0,
			CarrierCode: fmt.Sprintf("BFX%06d", i), CarrierID: 834256072, VoiceMonthlyPercentage: "0.0", DataMonthlyPercentage: "0.0",
			TextMonthlyPercentage: "0.0", ProductCategory: "Smartphone", FeatureNames: map[string]string{}, SupplierSKU: fmt.Sprintf("sku889%05d", i),
		}
		m.Plans = append(m.Plans, p)
		m.BusinessPlans = append(m.BusinessPlans, &BusinessPlan{ID: int64(21400 + i), PlanID: p.ID})
	}
	for i := range g.BusinessFeatures {
		f := &MobileFeature{ID: int64(1056567000 + i), Name: featureNames[i%len(featureNames)] + " " + strconv.Itoa(i/len(featureNames)+1), CostCents: int64(199 + pick(2000)), CarrierID: 834256072}
		m.Features = append(m.Features, f)
		m.BusinessFeatures = append(m.BusinessFeatures, &BusinessFeature{ID: int64(5300 + i), FeatureID: f.ID})
	}
	for i := range g.AccessoriesMobile {
		gm := genModels[i%len(genModels)]
		m.Accessories = append(m.Accessories, &MobileAccessory{ID: int64(13000 + i), Name: accessoryKinds[i%len(accessoryKinds)] + " - " + gm.maker + " " + gm.model, CostCents: int64(999 + pick(7000))})
	}
	personIDs := make([]int64, len(m.People))
	for i, p := range m.People {
		personIDs[i] = p.ID
	}
	for i := range g.Lines {
		// A fifth of the generated lines belong to the documented employee
		// 10000, so that their per-employee lookups have several pages.
		owner := personIDs[pick(len(personIDs))]
		if i%5 == 0 && len(m.People) > 0 {
			owner = m.People[0].ID
		}
		status := LineActive
		if i%11 == 7 {
			status = LineSuspended
		}
		m.Lines = append(m.Lines, &Line{
			ID: int64(808000 + i), Number: "317556" + digits(4), Status: status, PersonID: owner, CarrierID: 834256072,
			CarrierAccountID: 69606, PlanID: 1042457042, RefDeviceID: 1046769478, FeatureIDs: []int64{},
			Label: fmt.Sprintf("line %d", i), SIM: "890141032" + digits(11), IMEI: "3593050" + digits(8),
		})
	}
}

func lower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}
