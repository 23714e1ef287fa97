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

// hdr returns MOBPROC parameters of type P with the two headers every call
// needs (X-TNGO-TENANT, client_id) set; the generated Params types all have
// them, under the same field names.
func hdr[P any]() *P {
	p := new(P)
	v := reflect.ValueOf(p).Elem()
	v.FieldByName("XTNGOTENANT").SetString(tenant)
	v.FieldByName("ClientId").SetString("goclient")
	return p
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
	cp := hdr[mobproc.CreateOrderParams]()
	cp.Confirm = &confirm
	cr, err := c.CreateOrderWithResponse(ctx, cp, order)
	body := answer(t, "confirm", cr, err, 200).(*mobproc.CreateOrderResponseBody)
	conf := as[mobproc.OrderConfirmationResponse](t, "confirm", body)
	if conf.OrderConfirmation.TransactionType != "SUSPEND" {
		t.Errorf("confirmation of %q, want SUSPEND", conf.OrderConfirmation.TransactionType)
	}

	sr, err := c.CreateOrderWithResponse(ctx, hdr[mobproc.CreateOrderParams](), order)
	body = answer(t, "submit", sr, err, 200).(*mobproc.CreateOrderResponseBody)
	submitted := as[mobproc.OrderResponse](t, "submit", body)
	id := submitted.Order.OrderId
	if len(submitted.Order.OrderSegments.Items) == 0 {
		t.Fatalf("order %s has no segment", id)
	}
	segment := submitted.Order.OrderSegments.Items[0].OrderSegmentId

	gr, err := c.GetOrderWithResponse(ctx, id, hdr[mobproc.GetOrderParams]())
	if read := answer(t, "read", gr, err, 200).(*mobproc.OrderResponse); read.Order.OrderId != id {
		t.Errorf("read order %s, want %s", read.Order.OrderId, id)
	}
	hp := hdr[mobproc.GetOrderHistoryParams]()
	hp.OrderSegment = segment
	hr, err := c.GetOrderHistoryWithResponse(ctx, id, hp)
	if hist := answer(t, "history", hr, err, 200).(*mobproc.OrderHistory); len(hist.History.Items) == 0 {
		t.Error("the history is empty")
	}
	shp := hdr[mobproc.GetOrderShipmentsParams]()
	shp.OrderSegment = segment
	shr, err := c.GetOrderShipmentsWithResponse(ctx, id, shp)
	answer(t, "shipments", shr, err, 200)
	lor, err := c.ListOrdersWithResponse(ctx, hdr[mobproc.ListOrdersParams]())
	answer(t, "orders", lor, err, 200)

	// Every lookup: each list, then the first item by id.
	lsr, err := c.ListServicesWithResponse(ctx, hdr[mobproc.ListServicesParams]())
	services := answer(t, "services", lsr, err, 200).(*mobproc.Services)
	gsr, err := c.GetServiceWithResponse(ctx, services.Services.Items[0].Id, hdr[mobproc.GetServiceParams]())
	answer(t, "service", gsr, err, 200)

	lar, err := c.ListCatalogAccessoriesWithResponse(ctx, hdr[mobproc.ListCatalogAccessoriesParams]())
	acc := answer(t, "accessories", lar, err, 200).(*mobproc.LookupsAccessories)
	gar, err := c.GetCatalogAccessoryWithResponse(ctx, acc.Accessories.Items[0].Id, hdr[mobproc.GetCatalogAccessoryParams]())
	answer(t, "accessory", gar, err, 200)

	ldr, err := c.ListCatalogDevicesWithResponse(ctx, hdr[mobproc.ListCatalogDevicesParams]())
	devs := answer(t, "devices", ldr, err, 200).(*mobproc.Devices)
	gdr, err := c.GetCatalogDeviceWithResponse(ctx, devs.Devices.Items[0].Id, hdr[mobproc.GetCatalogDeviceParams]())
	answer(t, "device", gdr, err, 200)

	lpr, err := c.ListCatalogPlansWithResponse(ctx, hdr[mobproc.ListCatalogPlansParams]())
	plans := answer(t, "plans", lpr, err, 200).(*mobproc.Plans)
	gpr, err := c.GetCatalogPlanWithResponse(ctx, plans.Plans.Items[0].Id, hdr[mobproc.GetCatalogPlanParams]())
	answer(t, "plan", gpr, err, 200)

	ger, err := c.GetEmployeeWithResponse(ctx, "28673732", hdr[mobproc.GetEmployeeParams]())
	answer(t, "employee", ger, err, 200)

	lmr, err := c.ListManufacturersWithResponse(ctx, hdr[mobproc.ListManufacturersParams]())
	mans := answer(t, "manufacturers", lmr, err, 200).(*mobproc.Manufacturers)
	man := mans.Manufacturers.Items[0].Id
	gmr, err := c.GetManufacturerWithResponse(ctx, man, hdr[mobproc.GetManufacturerParams]())
	answer(t, "manufacturer", gmr, err, 200)
	lmor, err := c.ListModelsWithResponse(ctx, man, hdr[mobproc.ListModelsParams]())
	models := answer(t, "models", lmor, err, 200).(*mobproc.Models)
	gmor, err := c.GetModelWithResponse(ctx, man, models.Models.Items[0].Id, hdr[mobproc.GetModelParams]())
	answer(t, "model", gmor, err, 200)

	gor, err := c.GetOrderPropertiesWithResponse(ctx, "SUSPEND", hdr[mobproc.GetOrderPropertiesParams]())
	answer(t, "order properties", gor, err, 200)

	lrr, err := c.ListRegionsWithResponse(ctx, hdr[mobproc.ListRegionsParams]())
	regions := answer(t, "regions", lrr, err, 200).(*mobproc.Regions)
	grr, err := c.GetRegionWithResponse(ctx, regions.Regions.Items[0].Id, hdr[mobproc.GetRegionParams]())
	answer(t, "region", grr, err, 200)

	lvr, err := c.ListVendorsWithResponse(ctx, hdr[mobproc.ListVendorsParams]())
	vendors := answer(t, "vendors", lvr, err, 200).(*mobproc.Vendors)
	gvr, err := c.GetVendorWithResponse(ctx, vendors.Vendors.Items[0].Id, hdr[mobproc.GetVendorParams]())
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
