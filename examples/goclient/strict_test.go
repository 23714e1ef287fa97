package goclient_test

import (
	"context"
	"os"
	"testing"

	"github.com/mobmock/mobmock/examples/goclient/mobilestrict"
	"github.com/mobmock/mobmock/examples/goclient/mobprocstrict"
	"github.com/mobmock/mobmock/mock"
	"github.com/mobmock/mobmock/mock/mocktest"
)

// TestStrictClients: the clients generated from the strict documents
// (spec/dist/strict) work against a strict mock: a SUSPEND confirmation and
// the documented Add/Remove Features activity, which both readings accept,
// each answer decoded strictly into the generated types.
func TestStrictClients(t *testing.T) {
	srv := mocktest.Start(t, mock.Config{Strict: true})
	ctx := context.Background()

	pc, err := mobprocstrict.NewClientWithResponses(srv.URL+"/mobproc/v1", mobprocstrict.WithHTTPClient(srv.Client()))
	if err != nil {
		t.Fatal(err)
	}
	var props mobprocstrict.Properties
	if err := strictDecode([]byte(`[{"groupId":"MISCELLANEOUS","fields":[{"id":"CONTACT_NUMBER","type":"TEXT","text":"2035559999"}]}]`), &props); err != nil {
		t.Fatal(err)
	}
	var order mobprocstrict.OrderRequest
	if err := order.OrderRequest.FromSuspendRequest(mobprocstrict.SuspendRequest{
		TransactionType: mobprocstrict.SuspendRequestTransactionTypeSUSPEND, ServiceId: "38382335", Properties: &props,
	}); err != nil {
		t.Fatal(err)
	}
	confirm := true
	cr, err := pc.CreateOrderWithResponse(ctx, &mobprocstrict.CreateOrderParams{Confirm: &confirm, XTNGOTENANT: tenant, ClientId: "goclient"}, order)
	body := answer(t, "strict confirm", cr, err, 200).(*mobprocstrict.CreateOrderResponseBody)
	as[mobprocstrict.OrderConfirmationResponse](t, "strict confirm", body)

	mc, err := mobilestrict.NewClientWithResponses(srv.URL+"/1", mobilestrict.WithHTTPClient(srv.Client()))
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile("../../fixtures/documented/mobile/add-remove-features.request.json")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Activity mobilestrict.AddRemoveFeaturesActivity `json:"activity"`
	}
	if err := strictDecode(data, &doc); err != nil {
		t.Fatalf("the documented Add/Remove Features does not decode into the generated type: %v", err)
	}
	var req mobilestrict.ActivityRequest
	if err := req.Activity.FromAddRemoveFeaturesActivity(doc.Activity); err != nil {
		t.Fatal(err)
	}
	ten := mobilestrict.Tenant(tenant)
	ar, err := mc.CreateActivityWithResponse(ctx, &mobilestrict.CreateActivityParams{XTNGOTENANT: &ten}, req)
	answer(t, "strict create Add/Remove Features", ar, err, 201)
}
