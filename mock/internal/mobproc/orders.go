package mobproc

import (
	"encoding/json"
	"fmt"
	"maps"
	"net/url"
	"strconv"
	"time"

	"github.com/mobmock/mobmock/mock/internal/op"
	"github.com/mobmock/mobmock/mock/store"
	"github.com/mobmock/mobmock/mock/world"
)

// Order statuses.
const (
	statusSubmitted  = "ORDER_SUBMITTED"
	statusInProgress = "IN_PROGRESS"
	statusShipped    = "SHIPPED"
	statusCompleted  = "COMPLETED"
)

// The statuses an order goes through; every stored order shares one of
// these lists.
var (
	lifecycle         = []string{statusSubmitted, statusInProgress, statusCompleted}
	shippingLifecycle = []string{statusSubmitted, statusInProgress, statusShipped, statusCompleted}
)

// statusNotes are the history's descriptions of the statuses an order
// moves to.
var statusNotes = map[string]string{
	statusInProgress: "The vendor is processing the order.",
	statusShipped:    "The order has shipped.",
	statusCompleted:  "The order is complete.",
}

// order is what the mock stores for an order (store.Order.Body). The
// order itself is kept encoded, as GET /orders/{id} shows it: one block of
// bytes without pointers is a third the memory of the views it was encoded
// from and costs the garbage collector nothing to mark, which matters with a
// million orders stored. It is changed only under the tenant's write lock,
// and body is replaced, never changed in place, so a reader may encode it
// after the lock is released.
type order struct {
	op.Stored // the orderView
	id        string
	segments  []string // the segments' ids
	history   []historyItem
	shipments []shipmentView
	effect    effect
}

var _ store.Record = (*order)(nil)

// orderOf returns MOBPROC's record of a stored order.
func orderOf(o *store.Order) *order { return o.Body.(*order) }

// Advance implements store.Record: the order moves to its next status at
// time at, and changes the world when it completes.
func (r *order) Advance(t *store.Tenant, at time.Time) (bool, error) {
	o, ok := t.Order(r.id)
	if !ok {
		return false, fmt.Errorf("order %s is not stored", r.id)
	}
	return op.Step(&r.Stored, func(view *orderView, status string) {
		view.Status = status
		for _, seg := range view.OrderSegments.Items {
			seg.Status = status
		}
		desc := statusNotes[status]
		if status == statusShipped {
			r.shipments = append(r.shipments, r.shipment(view, at))
		}
		if status == statusCompleted {
			if id := applyEffect(t.World, r.effect, at); id != "" {
				desc += " Service " + id + " is active."
			}
			t.CloseOrder(o)
		}
		r.history = append(r.history, historyItem{Date: at.UTC().Format(dateLayout), Status: status, Description: desc})
		t.SetOrderStatus(o, status)
	})
}

// answer is the body of GET /orders/{id} and of a submission.
func (r *order) answer() op.Wrapped {
	return op.Wrapped{Pre: `{"order":`, Value: r.Body, Post: `,"status":"SUCCESS"}`}
}

// segmentLinks are a segment's history and shipments links.
func segmentLinks(orderID, segID string) segmentMeta {
	return segmentMeta{
		HrefHistory:   Base + "/orders/" + orderID + "/history?orderSegment=" + segID,
		HrefShipments: Base + "/orders/" + orderID + "/shipments?orderSegment=" + segID,
	}
}

type historyItem struct {
	Date        string `json:"date"`
	Description string `json:"description"`
	Status      string `json:"status"`
}

type shipmentItemView struct {
	Description  string              `json:"description"`
	Quantity     int                 `json:"quantity"`
	SerialNumber *world.SerialNumber `json:"serialNumber,omitempty"`
}

type shipmentView struct {
	Carrier        string             `json:"carrier"`
	DateShipped    string             `json:"dateShipped"`
	Items          []shipmentItemView `json:"items"`
	ShipmentID     string             `json:"shipmentId"`
	TrackingNumber string             `json:"trackingNumber"`
	TrackingURL    string             `json:"trackingUrl"`
}

// segmentListView is the body of the history and shipments of a segment.
type segmentListView[T any] struct {
	Meta           meta   `json:"_meta"`
	Items          []T    `json:"items"`
	OrderID        string `json:"orderId"`
	OrderSegmentID string `json:"orderSegmentId"`
}

// handleCreateOrder answers POST /orders: a confirmation (confirm=true)
// changes nothing; a submission stores the order.
func (a *API) handleCreateOrder(r *op.Request) (op.Result, error) {
	var res op.Result
	if r.Query.Get("confirm") == "true" {
		err := a.Tenants.View(r.Tenant, r.Now, func(t *store.Tenant) error {
			x, err := a.expand(r, t, false)
			if err != nil {
				return err
			}
			res = op.Result{Body: &confirmationBody{OrderConfirmation: x.conf, Status: "SUCCESS"}, Warnings: x.found.Warnings()}
			return nil
		})
		return res, err
	}
	err := a.Tenants.Create(r.Tenant, r.Now, func(t *store.Tenant) error {
		x, err := a.expand(r, t, true)
		if err != nil {
			return err
		}
		rec, err := a.newOrder(t, x, r.Now)
		if err != nil {
			return err
		}
		res = op.Result{Body: rec.answer(), Warnings: x.found.Warnings()}
		return nil
	})
	return res, err
}

// newOrder stores the order x describes and schedules its lifecycle.
func (a *API) newOrder(t *store.Tenant, x *expander, now time.Time) (*order, error) {
	n := t.NewOrderID()
	id, segID := strconv.FormatInt(n, 10), strconv.FormatInt(n+1, 10)
	now = now.UTC()
	conf := x.conf
	seg := x.segment
	seg.Meta = segmentLinks(id, segID)
	seg.OrderSegmentID, seg.Status, seg.Vendor = segID, statusSubmitted, vendorOf(x.vendor)
	view := &orderView{
		Meta: meta{Base + "/orders/" + id}, AccountHolder: conf.AccountHolder, DateSubmitted: now.Format(dateLayout),
		ExternalOrderNumber: conf.ExternalOrderNumber, OrderID: id, OrderSegments: segmentsView{Items: []*segmentView{&seg}},
		Properties: conf.Properties, RequestedBy: conf.RequestedBy, ShipTo: shipToView{Address: []addressLineView{}},
		Status: statusSubmitted, TransactionType: conf.TransactionType,
	}
	if view.Properties == nil {
		view.Properties = []propertyGroupView{}
	}
	if conf.ShipTo != nil {
		view.ShipTo = *conf.ShipTo
	}
	if x.service != nil {
		view.ServiceNumber = x.service.ServiceNumber
	}
	steps := lifecycle
	if x.ships {
		steps = shippingLifecycle
	}
	body, err := op.Marshal(view)
	if err != nil {
		return nil, err
	}
	rec := &order{Stored: op.Stored{Body: body, Life: op.Lifecycle{States: steps}}, id: id, segments: []string{segID}, effect: x.effect,
		history: []historyItem{{Date: view.DateSubmitted, Status: statusSubmitted, Description: "Order submitted for vendor processing."}}}
	serviceID := ""
	if x.service != nil {
		serviceID = x.service.ID
	}
	t.AddOrder(&store.Order{ID: id, ExternalOrderNumber: conf.ExternalOrderNumber, TransactionType: conf.TransactionType,
		ServiceID: serviceID, Status: statusSubmitted, Created: now, Body: rec})
	a.Tenants.Schedule(t, store.KindOrder, id, now)
	return rec, nil
}

func (r *order) shipment(view *orderView, at time.Time) shipmentView {
	seg := view.OrderSegments.Items[0]
	n, _ := strconv.ParseInt(r.id, 10, 64)
	tracking := fmt.Sprintf("1Z%06X%010d", n%0xffffff, n)
	sv := shipmentView{Carrier: "UPS", DateShipped: at.UTC().Format(dateLayout), ShipmentID: strconv.FormatInt(n+5, 10),
		TrackingNumber: tracking, TrackingURL: "https://www.ups.com/track?tracknum=" + tracking, Items: []shipmentItemView{}}
	if seg.Device != nil {
		it := shipmentItemView{Description: seg.Device.Name, Quantity: 1}
		if r.effect.Device != nil {
			sn := r.effect.Device.SerialNumber
			it.SerialNumber = &sn
		}
		sv.Items = append(sv.Items, it)
	}
	for _, a := range seg.Accessories {
		sv.Items = append(sv.Items, shipmentItemView{Description: a.Name, Quantity: a.Quantity})
	}
	if len(sv.Items) == 0 {
		sv.Items = append(sv.Items, shipmentItemView{Description: "SIM card", Quantity: 1})
	}
	return sv
}

// applyEffect changes the tenant's world as a completed order says. It
// returns the id of a service it created, if any.
func applyEffect(st *world.State, e effect, at time.Time) string {
	date := at.UTC().Format(dateLayout)
	if e.NewService {
		svc := &world.Service{EmployeeID: e.EmployeeID, Status: world.ServiceActive, VendorID: e.VendorID, RegionID: e.RegionID,
			PlanID: e.PlanID, FeatureIDs: append([]string(nil), e.FeatureIDs...)}
		if e.Device != nil {
			svc.Device = *e.Device
		}
		svc.ID = st.NewServiceID()
		svc.ServiceNumber = "203557" + svc.ID[len(svc.ID)-4:]
		svc.ContractDates = world.ContractDates{Activated: date, Start: date, LastDeviceUpgrade: date,
			End: at.UTC().AddDate(2, 0, 0).Format(dateLayout)}
		st.Services.Put(svc)
		return svc.ID
	}
	cur, ok := st.Services.Get(e.ServiceID)
	if !ok {
		return ""
	}
	svc := cur.Clone()
	if e.Status != "" {
		svc.Status = e.Status
	}
	if e.Device != nil {
		d := *e.Device
		d.ID = cur.Device.ID
		svc.Device = d
		svc.ContractDates.LastDeviceUpgrade = date
	}
	if e.VendorID != "" {
		svc.VendorID = e.VendorID
	}
	if e.SetFeature {
		svc.PlanID, svc.FeatureIDs = e.PlanID, append([]string(nil), e.FeatureIDs...)
	}
	st.Services.Put(svc)
	return ""
}

func (a *API) handleGetOrder(r *op.Request) (op.Result, error) {
	var res op.Result
	err := a.Tenants.View(r.Tenant, r.Now, func(t *store.Tenant) error {
		o, err := findOrder(t, r.Params["orderId"])
		if err != nil {
			return err
		}
		res = op.OK(orderOf(o).answer())
		return nil
	})
	return res, err
}

// findOrder returns the tenant's order or a 404 that reads the same whether
// the id never existed or belongs to another tenant.
func findOrder(t *store.Tenant, id string) (*store.Order, error) {
	o, ok := t.Order(id)
	if !ok {
		return nil, op.Fail(op.CodeNotFound, fmt.Sprintf("No order has the id %q.", id), "List your orders with GET /orders.")
	}
	return o, nil
}

type listMeta struct {
	Href     string `json:"href"`
	HrefNext string `json:"hrefNext,omitempty"`
	HrefPrev string `json:"hrefPrevious,omitempty"`
	Limit    int    `json:"limit"`
	Offset   int    `json:"offset"`
	Total    int    `json:"total"`
}

func (a *API) handleListOrders(r *op.Request) (op.Result, error) {
	q := r.Query
	offset, limit := paging(q)
	f := store.OrderFilter{Status: q.Get("status"), TransactionType: q.Get("transactionType"), ExternalOrderNumber: q.Get("externalOrderNumber")}
	var res op.Result
	err := a.Tenants.View(r.Tenant, r.Now, func(t *store.Tenant) error {
		page, total := t.Orders(f, offset, limit)
		items := make([]json.RawMessage, len(page))
		for i, o := range page {
			items[i] = o.Body.JSON()
		}
		meta, err := op.Marshal(collectionMeta(r, offset, limit, total))
		if err != nil {
			return err
		}
		// The stored orders are written as they are, not encoded again.
		res = op.OK(op.Records{Pre: `{"orders":{"_meta":` + string(meta) + `,"items":`, Items: items, Post: `},"status":"SUCCESS"}`})
		return nil
	})
	return res, err
}

// collectionMeta builds the paging links of a collection (offset/limit).
func collectionMeta(r *op.Request, offset, limit, total int) listMeta {
	m := listMeta{Href: pageLink(r, offset, limit), Limit: limit, Offset: offset, Total: total}
	if offset+limit < total {
		m.HrefNext = pageLink(r, offset+limit, limit)
	}
	if offset > 0 {
		m.HrefPrev = pageLink(r, max(0, offset-limit), limit)
	}
	return m
}

// pageLink is the link to another page of the collection r reads.
func pageLink(r *op.Request, offset, limit int) string {
	q := maps.Clone(r.Query) // the request's query is not ours to change
	if q == nil {
		q = url.Values{}
	}
	q.Set("offset", strconv.Itoa(offset))
	q.Set("limit", strconv.Itoa(limit))
	return r.Path + "?" + q.Encode()
}

// paging reads the offset and limit parameters (already checked against
// the contract's minimum and maximum).
func paging(q url.Values) (int, int) {
	off, _ := strconv.Atoi(q.Get("offset"))
	lim, err := strconv.Atoi(q.Get("limit"))
	if err != nil || lim <= 0 {
		lim = 25
	}
	return max(0, off), lim
}

// segmentOf returns the id of the segment the orderSegment parameter names
// (the first one when it is absent).
func segmentOf(o *store.Order, segID string) (*order, string, error) {
	rec := orderOf(o)
	for _, id := range rec.segments {
		if segID == "" || id == segID {
			return rec, id, nil
		}
	}
	return nil, "", op.Fail(op.CodeNotFound, fmt.Sprintf("Order %s has no segment %q.", o.ID, segID),
		"Use the orderSegmentId the order lists, or its _meta.hrefHistory link.").Param("orderSegment")
}

func (a *API) handleOrderHistory(r *op.Request) (op.Result, error) {
	return segmentList(a, r, "history", func(rec *order, seg string) (string, []historyItem) {
		return segmentLinks(rec.id, seg).HrefHistory, append([]historyItem{}, rec.history...)
	})
}

func (a *API) handleOrderShipments(r *op.Request) (op.Result, error) {
	return segmentList(a, r, "shipments", func(rec *order, seg string) (string, []shipmentView) {
		return segmentLinks(rec.id, seg).HrefShipments, append([]shipmentView{}, rec.shipments...)
	})
}

// segmentList answers GET /orders/{id}/history and /shipments: the items
// items returns for the segment the orderSegment parameter names (or the
// first), under key.
func segmentList[T any](a *API, r *op.Request, key string, items func(*order, string) (string, []T)) (op.Result, error) {
	var body segmentListView[T]
	err := a.Tenants.View(r.Tenant, r.Now, func(t *store.Tenant) error {
		o, err := findOrder(t, r.Params["orderId"])
		if err != nil {
			return err
		}
		rec, seg, err := segmentOf(o, r.Query.Get("orderSegment"))
		if err != nil {
			return err
		}
		href, list := items(rec, seg)
		body = segmentListView[T]{Meta: meta{href}, OrderID: o.ID, OrderSegmentID: seg, Items: list}
		return nil
	})
	return op.OK(map[string]any{key: body, "status": "SUCCESS"}), err
}
