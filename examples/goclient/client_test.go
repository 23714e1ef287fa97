package goclient_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"reflect"
	"testing"

	"github.com/mobmock/mobmock/examples/goclient/mobile"
	"github.com/mobmock/mobmock/examples/goclient/mobproc"
	"github.com/mobmock/mobmock/mock"
	"github.com/mobmock/mobmock/mock/mocktest"
)

const tenant = "acme"

// strictDecode decodes data into v refusing any field v's type does not
// have: an answer with a field the published document does not describe
// fails here.
func strictDecode(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	return dec.Decode(v)
}

// answer checks a generated client's response (a *XxxResponse with Body,
// HTTPResponse and JSONnnn fields): the call worked, the status is want,
// and the body decodes strictly into the type the generated code declares
// for that status. It returns the decoded value (a pointer).
func answer(t *testing.T, what string, resp any, err error, want int) any {
	t.Helper()
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	v := reflect.ValueOf(resp).Elem()
	hr := v.FieldByName("HTTPResponse").Interface().(*http.Response)
	body := v.FieldByName("Body").Bytes()
	if hr.StatusCode != want {
		t.Fatalf("%s: status %d, want %d: %s", what, hr.StatusCode, want, body)
	}
	field := v.FieldByName(fmt.Sprintf("JSON%d", want))
	if !field.IsValid() {
		t.Fatalf("%s: the generated response has no JSON%d field", what, want)
	}
	out := reflect.New(field.Type().Elem())
	if err := strictDecode(body, out.Interface()); err != nil {
		t.Fatalf("%s: the answer does not decode into %s: %v\n%s", what, field.Type().Elem(), err, body)
	}
	return out.Interface()
}

// as decodes a generated union (a oneOf) strictly into the branch type T.
func as[T any](t *testing.T, what string, union any) T {
	t.Helper()
	raw, err := json.Marshal(union)
	if err != nil {
		t.Fatal(err)
	}
	var v T
	if err := strictDecode(raw, &v); err != nil {
		t.Fatalf("%s: not a %T: %v\n%s", what, v, err, raw)
	}
	return v
}

// TestMOBPROCClient: the client oapi-codegen generates from
// spec/dist/mobproc.yaml confirms and submits a SUSPEND, reads the order
// and its history, and calls every lookup; every answer decodes strictly
// into the generated types.
func TestMOBPROCClient(t *testing.T) {
	srv := mocktest.Start(t, mock.Config{})
	c, err := mobproc.NewClientWithResponses(srv.URL+"/mobproc/v1", mobproc.WithHTTPClient(srv.Client()))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	h := func() (mobproc.Tenant, mobproc.ClientId) { return tenant, "goclient" }

	var props mobproc.Properties
	if err := strictDecode([]byte(`[{"groupId":"MISCELLANEOUS","fields":[{"id":"CONTACT_NUMBER","type":"TEXT","text":"2035559999"}]}]`), &props); err != nil {
		t.Fatal(err)
	}
	var order mobproc.OrderRequest
	if err := order.OrderRequest.FromSuspendRequest(mobproc.SuspendRequest{
		TransactionType: mobproc.SuspendRequestTransactionTypeSUSPEND,
		ServiceId:       "38382335",
		Properties:      &props,
	}); err != nil {
		t.Fatal(err)
	}

	confirm := true
	cp := &mobproc.CreateOrderParams{Confirm: &confirm}
	cp.XTNGOTENANT, cp.ClientId = h()
	cr, err := c.CreateOrderWithResponse(ctx, cp, order)
	body := answer(t, "confirm", cr, err, 200).(*mobproc.CreateOrderResponseBody)
	conf := as[mobproc.OrderConfirmationResponse](t, "confirm", body)
	if conf.OrderConfirmation.TransactionType != "SUSPEND" {
		t.Errorf("confirmation of %q, want SUSPEND", conf.OrderConfirmation.TransactionType)
	}

	sp := &mobproc.CreateOrderParams{}
	sp.XTNGOTENANT, sp.ClientId = h()
	sr, err := c.CreateOrderWithResponse(ctx, sp, order)
	body = answer(t, "submit", sr, err, 200).(*mobproc.CreateOrderResponseBody)
	submitted := as[mobproc.OrderResponse](t, "submit", body)
	id := submitted.Order.OrderId
	if len(submitted.Order.OrderSegments.Items) == 0 {
		t.Fatalf("order %s has no segment", id)
	}
	segment := submitted.Order.OrderSegments.Items[0].OrderSegmentId

	gp := &mobproc.GetOrderParams{}
	gp.XTNGOTENANT, gp.ClientId = h()
	gr, err := c.GetOrderWithResponse(ctx, id, gp)
	if read := answer(t, "read", gr, err, 200).(*mobproc.OrderResponse); read.Order.OrderId != id {
		t.Errorf("read order %s, want %s", read.Order.OrderId, id)
	}
	hp := &mobproc.GetOrderHistoryParams{OrderSegment: segment}
	hp.XTNGOTENANT, hp.ClientId = h()
	hr, err := c.GetOrderHistoryWithResponse(ctx, id, hp)
	if hist := answer(t, "history", hr, err, 200).(*mobproc.OrderHistory); len(hist.History.Items) == 0 {
		t.Error("the history is empty")
	}
	shp := &mobproc.GetOrderShipmentsParams{OrderSegment: segment}
	shp.XTNGOTENANT, shp.ClientId = h()
	shr, err := c.GetOrderShipmentsWithResponse(ctx, id, shp)
	answer(t, "shipments", shr, err, 200)
	lop := &mobproc.ListOrdersParams{}
	lop.XTNGOTENANT, lop.ClientId = h()
	lor, err := c.ListOrdersWithResponse(ctx, lop)
	answer(t, "orders", lor, err, 200)

	// Every lookup: each list, then the first item by id.
	lsp := &mobproc.ListServicesParams{}
	lsp.XTNGOTENANT, lsp.ClientId = h()
	lsr, err := c.ListServicesWithResponse(ctx, lsp)
	services := answer(t, "services", lsr, err, 200).(*mobproc.Services)
	gsp := &mobproc.GetServiceParams{}
	gsp.XTNGOTENANT, gsp.ClientId = h()
	gsr, err := c.GetServiceWithResponse(ctx, services.Services.Items[0].Id, gsp)
	answer(t, "service", gsr, err, 200)

	lap := &mobproc.ListCatalogAccessoriesParams{}
	lap.XTNGOTENANT, lap.ClientId = h()
	lar, err := c.ListCatalogAccessoriesWithResponse(ctx, lap)
	acc := answer(t, "accessories", lar, err, 200).(*mobproc.LookupsAccessories)
	gap := &mobproc.GetCatalogAccessoryParams{}
	gap.XTNGOTENANT, gap.ClientId = h()
	gar, err := c.GetCatalogAccessoryWithResponse(ctx, acc.Accessories.Items[0].Id, gap)
	answer(t, "accessory", gar, err, 200)

	ldp := &mobproc.ListCatalogDevicesParams{}
	ldp.XTNGOTENANT, ldp.ClientId = h()
	ldr, err := c.ListCatalogDevicesWithResponse(ctx, ldp)
	devs := answer(t, "devices", ldr, err, 200).(*mobproc.Devices)
	gdp := &mobproc.GetCatalogDeviceParams{}
	gdp.XTNGOTENANT, gdp.ClientId = h()
	gdr, err := c.GetCatalogDeviceWithResponse(ctx, devs.Devices.Items[0].Id, gdp)
	answer(t, "device", gdr, err, 200)

	lpp := &mobproc.ListCatalogPlansParams{}
	lpp.XTNGOTENANT, lpp.ClientId = h()
	lpr, err := c.ListCatalogPlansWithResponse(ctx, lpp)
	plans := answer(t, "plans", lpr, err, 200).(*mobproc.Plans)
	gpp := &mobproc.GetCatalogPlanParams{}
	gpp.XTNGOTENANT, gpp.ClientId = h()
	gpr, err := c.GetCatalogPlanWithResponse(ctx, plans.Plans.Items[0].Id, gpp)
	answer(t, "plan", gpr, err, 200)

	gep := &mobproc.GetEmployeeParams{}
	gep.XTNGOTENANT, gep.ClientId = h()
	ger, err := c.GetEmployeeWithResponse(ctx, "28673732", gep)
	answer(t, "employee", ger, err, 200)

	lmp := &mobproc.ListManufacturersParams{}
	lmp.XTNGOTENANT, lmp.ClientId = h()
	lmr, err := c.ListManufacturersWithResponse(ctx, lmp)
	mans := answer(t, "manufacturers", lmr, err, 200).(*mobproc.Manufacturers)
	man := mans.Manufacturers.Items[0].Id
	gmp := &mobproc.GetManufacturerParams{}
	gmp.XTNGOTENANT, gmp.ClientId = h()
	gmr, err := c.GetManufacturerWithResponse(ctx, man, gmp)
	answer(t, "manufacturer", gmr, err, 200)
	lmop := &mobproc.ListModelsParams{}
	lmop.XTNGOTENANT, lmop.ClientId = h()
	lmor, err := c.ListModelsWithResponse(ctx, man, lmop)
	models := answer(t, "models", lmor, err, 200).(*mobproc.Models)
	gmop := &mobproc.GetModelParams{}
	gmop.XTNGOTENANT, gmop.ClientId = h()
	gmor, err := c.GetModelWithResponse(ctx, man, models.Models.Items[0].Id, gmop)
	answer(t, "model", gmor, err, 200)

	gop := &mobproc.GetOrderPropertiesParams{}
	gop.XTNGOTENANT, gop.ClientId = h()
	gor, err := c.GetOrderPropertiesWithResponse(ctx, "SUSPEND", gop)
	answer(t, "order properties", gor, err, 200)

	lrp := &mobproc.ListRegionsParams{}
	lrp.XTNGOTENANT, lrp.ClientId = h()
	lrr, err := c.ListRegionsWithResponse(ctx, lrp)
	regions := answer(t, "regions", lrr, err, 200).(*mobproc.Regions)
	grp := &mobproc.GetRegionParams{}
	grp.XTNGOTENANT, grp.ClientId = h()
	grr, err := c.GetRegionWithResponse(ctx, regions.Regions.Items[0].Id, grp)
	answer(t, "region", grr, err, 200)

	lvp := &mobproc.ListVendorsParams{}
	lvp.XTNGOTENANT, lvp.ClientId = h()
	lvr, err := c.ListVendorsWithResponse(ctx, lvp)
	vendors := answer(t, "vendors", lvr, err, 200).(*mobproc.Vendors)
	gvp := &mobproc.GetVendorParams{}
	gvp.XTNGOTENANT, gvp.ClientId = h()
	gvr, err := c.GetVendorWithResponse(ctx, vendors.Vendors.Items[0].Id, gvp)
	answer(t, "vendor", gvr, err, 200)
}

// TestMobileClient: the client oapi-codegen generates from
// spec/dist/mobile.yaml creates the documented New Line activity (typed: the
// fixture decodes strictly into the generated NewLineActivity), reads it
// back and lists activities, and calls every lookup; every answer decodes
// strictly into the generated types.
func TestMobileClient(t *testing.T) {
	srv := mocktest.Start(t, mock.Config{})
	c, err := mobile.NewClientWithResponses(srv.URL+"/1", mobile.WithHTTPClient(srv.Client()))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	ten := mobile.Tenant(tenant)

	data, err := os.ReadFile("../../fixtures/documented/mobile/new-line.request.json")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Activity mobile.NewLineActivity `json:"activity"`
	}
	if err := strictDecode(data, &doc); err != nil {
		t.Fatalf("the documented New Line does not decode into the generated type: %v", err)
	}
	var req mobile.ActivityRequest
	if err := req.Activity.FromNewLineActivity(doc.Activity); err != nil {
		t.Fatal(err)
	}
	cr, err := c.CreateActivityWithResponse(ctx, &mobile.CreateActivityParams{XTNGOTENANT: &ten}, req)
	created := answer(t, "create New Line", cr, err, 201).(*mobile.Activity)

	gr, err := c.GetActivityWithResponse(ctx, created.Id, &mobile.GetActivityParams{XTNGOTENANT: &ten})
	if read := answer(t, "read activity", gr, err, 200).(*mobile.Activity); read.Id != created.Id {
		t.Errorf("read activity %v, want %v", read.Id, created.Id)
	}
	la, err := c.ListActivitiesWithResponse(ctx, &mobile.ListActivitiesParams{XTNGOTENANT: &ten})
	answer(t, "activities", la, err, 200)

	for _, tc := range []struct {
		what string
		call func() (any, error)
	}{
		{"accessories", func() (any, error) {
			return c.ListAccessoriesWithResponse(ctx, &mobile.ListAccessoriesParams{XTNGOTENANT: &ten})
		}},
		{"business features", func() (any, error) {
			return c.ListBusinessFeaturesWithResponse(ctx, &mobile.ListBusinessFeaturesParams{XTNGOTENANT: &ten})
		}},
		{"business plans", func() (any, error) {
			return c.ListBusinessPlansWithResponse(ctx, &mobile.ListBusinessPlansParams{XTNGOTENANT: &ten})
		}},
		{"business ref devices", func() (any, error) {
			return c.ListBusinessRefDevicesWithResponse(ctx, &mobile.ListBusinessRefDevicesParams{XTNGOTENANT: &ten})
		}},
		{"carrier accounts", func() (any, error) {
			return c.ListCarrierAccountsWithResponse(ctx, &mobile.ListCarrierAccountsParams{XTNGOTENANT: &ten})
		}},
		{"carriers", func() (any, error) {
			return c.ListCarriersWithResponse(ctx, &mobile.ListCarriersParams{XTNGOTENANT: &ten})
		}},
		{"countries", func() (any, error) {
			return c.ListCountriesWithResponse(ctx, &mobile.ListCountriesParams{XTNGOTENANT: &ten})
		}},
		{"business countries", func() (any, error) {
			return c.ListBusinessCountriesWithResponse(ctx, &mobile.ListBusinessCountriesParams{XTNGOTENANT: &ten})
		}},
		{"devices", func() (any, error) {
			return c.ListDevicesWithResponse(ctx, &mobile.ListDevicesParams{XTNGOTENANT: &ten})
		}},
		{"features", func() (any, error) {
			return c.ListFeaturesWithResponse(ctx, &mobile.ListFeaturesParams{XTNGOTENANT: &ten})
		}},
		{"lines", func() (any, error) {
			return c.ListLinesWithResponse(ctx, &mobile.ListLinesParams{XTNGOTENANT: &ten})
		}},
		{"people", func() (any, error) {
			return c.ListPeopleWithResponse(ctx, &mobile.ListPeopleParams{XTNGOTENANT: &ten})
		}},
		{"one person", func() (any, error) {
			return c.FindOnePersonWithResponse(ctx, &mobile.FindOnePersonParams{EmployeeId: "10000", XTNGOTENANT: &ten})
		}},
		{"program memberships", func() (any, error) {
			return c.ListProgramMembershipsWithResponse(ctx, &mobile.ListProgramMembershipsParams{XTNGOTENANT: &ten})
		}},
	} {
		t.Run(tc.what, func(t *testing.T) {
			resp, err := tc.call()
			answer(t, tc.what, resp, err, 200)
		})
	}
}
