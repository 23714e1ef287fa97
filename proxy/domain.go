package proxy

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"

	"github.com/mobmock/mobmock/internal/jsonpatch"
	"github.com/mobmock/mobmock/schemas"
)

// sameID says that a value of the request (a path or query parameter, or
// a pointer into the request body) must come back unchanged at a pointer
// of a successful answer.
type sameID struct {
	op   string // operationId
	from string // "path:NAME", "query:NAME" or "body:POINTER"
	to   string // pointer into the answer
}

// sameIDs are the id rules judged from the pair, operation by operation.
var sameIDs = []sameID{
	{"getOrder", "path:orderId", "/order/orderId"},
	{"getOrderHistory", "path:orderId", "/history/orderId"},
	{"getOrderHistory", "query:orderSegment", "/history/orderSegmentId"},
	{"getOrderShipments", "path:orderId", "/shipments/orderId"},
	{"getOrderShipments", "query:orderSegment", "/shipments/orderSegmentId"},
	{"getService", "path:serviceId", "/service/id"},
	{"getCatalogDevice", "path:deviceId", "/device/id"},
	{"getCatalogPlan", "path:planId", "/plan/id"},
	{"getCatalogAccessory", "path:accessoryId", "/accessory/id"},
	{"getManufacturer", "path:manufacturerId", "/manufacturer/id"},
	{"getModel", "path:modelId", "/model/id"},
	{"getRegion", "path:regionId", "/region/id"},
	{"getVendor", "path:vendorId", "/vendor/id"},
	{"getEmployee", "path:employeeId", "/employee/id"},
	{"createOrder", "body:/orderRequest/transactionType", "/order/transactionType"},
	{"createOrder", "body:/orderRequest/transactionType", "/orderConfirmation/transactionType"},
	{"createOrder", "body:/orderRequest/externalOrderNumber", "/order/externalOrderNumber"},
	{"createOrder", "body:/orderRequest/externalOrderNumber", "/orderConfirmation/externalOrderNumber"},
	{"createOrder", "body:/orderRequest/serviceId", "/orderConfirmation/service/id"},
	{"getActivity", "path:id", "/id"},
	{"createActivity", "body:/activity/activity_type_id", "/activity_type_id"},
	{"createActivity", "body:/activity/line_id", "/line_id"},
}

// checkDomain judges the rules that need the request and the answer
// together. It runs on successful answers only: an error answer has no
// order or ids to judge.
func (p *Proxy) checkDomain(ctx context.Context, x *exchange, out *http.Request, resp *http.Response) {
	if x.route == nil {
		return
	}
	op := x.route.Operation.OperationID
	ok := resp.StatusCode >= 200 && resp.StatusCode < 300
	if ok && x.requestRefused() {
		x.add(Violation{Class: Domain, Code: CodeAcceptedInvalid,
			Message: fmt.Sprintf("The target answered %d to a request the contract refuses (see the request violations).", resp.StatusCode),
			Hint:    "The target should answer 400 in the API's error shape, naming each field."})
	}
	if !ok {
		return
	}
	body, _ := x.respPayload.(map[string]any)
	if op == "createOrder" && body != nil {
		_, order := body["order"]
		_, confirmation := body["orderConfirmation"]
		if out.URL.Query().Get("confirm") == "true" {
			if order {
				x.add(Violation{Class: Domain, Code: CodeConfirmOrder, Pointer: "/order",
					Message: "A confirmation (confirm=true) answered with an order: a confirmation stores nothing and answers orderConfirmation.",
					Hint:    "Answer {\"orderConfirmation\": ...} to confirm=true; create the order only without it."})
			}
		} else if id, _ := jsonpatch.Get(body, "/order/orderId"); scalar(id) == "" {
			msg := "A submission (no confirm=true) answered without /order/orderId: the client cannot track the order."
			if confirmation {
				msg = "A submission (no confirm=true) answered with an orderConfirmation instead of the new order and its orderId."
			}
			x.add(Violation{Class: Domain, Code: CodeSubmitNoOrderID, Pointer: "/order/orderId", Message: msg})
		}
	}
	for _, rule := range sameIDs {
		if rule.op != op {
			continue
		}
		want := x.source(out, rule.from)
		if want == "" {
			continue
		}
		v, err := jsonpatch.Get(x.respPayload, rule.to)
		if err != nil || v == nil {
			continue
		}
		if got := scalar(v); got != want {
			x.add(Violation{Class: Domain, Code: CodeIDMismatch, Pointer: rule.to,
				Message: fmt.Sprintf("The answer has %s %q where the request (%s) has %q.", rule.to, got, rule.from, want)})
		}
	}
	if loc := resp.Header.Get("Location"); loc != "" && out.Method == http.MethodPost {
		p.readBack(ctx, x, out, loc)
	}
}

// source returns the request value a sameID rule names, as a string, or
// "" when the request has none.
func (x *exchange) source(out *http.Request, from string) string {
	switch {
	case len(from) > 5 && from[:5] == "path:":
		return x.params[from[5:]]
	case len(from) > 6 && from[:6] == "query:":
		return out.URL.Query().Get(from[6:])
	case len(from) > 5 && from[:5] == "body:":
		v, err := jsonpatch.Get(x.reqPayload, from[5:])
		if err != nil {
			return ""
		}
		return scalar(v)
	}
	return ""
}

// scalar renders a JSON string or number as a string; "" for anything else.
func scalar(v any) string {
	switch s := v.(type) {
	case string:
		return s
	case json.Number:
		return s.String()
	case float64:
		return strconv.FormatFloat(s, 'f', -1, 64)
	}
	return ""
}

// readBack reads the Location of a creation back from the target, with
// the request's own headers (tenant, credentials), and checks that it
// answers 200 with the created resource's id. A Location on another host
// is reported and not followed: the proxy talks to the target only.
func (p *Proxy) readBack(ctx context.Context, x *exchange, out *http.Request, loc string) {
	u, err := out.URL.Parse(loc)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
		x.add(Violation{Class: Domain, Code: CodeLocation, Parameter: "Location",
			Message: fmt.Sprintf("The Location %q is not a URL.", loc)})
		return
	}
	if u.Host != p.target.Host && !(p.cfg.PreserveHost && u.Host == out.Host) {
		x.add(Violation{Class: Domain, Code: CodeLocation, Parameter: "Location",
			Message: fmt.Sprintf("The Location %q is not on the target %s; the proxy did not read it back.", loc, p.target.Host)})
		return
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return
	}
	for k, v := range out.Header {
		switch http.CanonicalHeaderKey(k) {
		case "Content-Type", "Content-Length", "Content-Encoding", "Transfer-Encoding", "Expect":
			continue
		}
		req.Header[k] = v
	}
	// To the target, whatever host the Location names.
	req.URL.Scheme, req.URL.Host = p.target.Scheme, p.target.Host
	req.Host = out.Host
	resp, err := p.transport.RoundTrip(req)
	if err != nil {
		f := classify(err, p.target.Host, p.cfg.Timeout)
		x.add(Violation{Class: Domain, Code: CodeLocation, Parameter: "Location",
			Message: fmt.Sprintf("Reading the Location %s back failed: %s", u.RequestURI(), f.message)})
		return
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, p.cfg.MaxCheck))
	if resp.StatusCode != http.StatusOK || err != nil {
		x.add(Violation{Class: Domain, Code: CodeLocation, Parameter: "Location",
			Message: fmt.Sprintf("The Location %s does not read back: GET answered %d, not 200.", u.RequestURI(), resp.StatusCode)})
		return
	}
	created, _ := jsonpatch.Get(x.respPayload, "/id")
	read, err := schemas.Decode(data)
	if err != nil || created == nil {
		return
	}
	if got, _ := jsonpatch.Get(read, "/id"); scalar(got) != scalar(created) {
		x.add(Violation{Class: Domain, Code: CodeLocation, Parameter: "Location",
			Message: fmt.Sprintf("The Location %s reads back id %q, not the created %q.", u.RequestURI(), scalar(got), scalar(created))})
	}
}

// requestRefused reports whether the request broke the contract in a way
// the target must refuse (a parameter's value, a missing header, the
// body), as opposed to paths outside the contract and query parameters the
// contract does not name, which a target may ignore.
func (x *exchange) requestRefused() bool {
	for _, v := range x.violations {
		if v.Class == Request && v.Code != CodeNoOperation && v.Code != CodeMethodNotAllowed && v.Code != CodeUnknownParameter {
			return true
		}
	}
	return false
}
