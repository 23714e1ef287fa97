package mock

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"time"

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

// orderRecord is what the mock stores for an order (store.Order.Body). The
// order itself is kept encoded, as GET /orders/{id} shows it: one block of
// bytes without pointers is a third the memory of the views it was encoded
// from and costs the garbage collector nothing to mark, which matters with a
// million orders stored. It is changed only under the tenant's write lock,
// and body is replaced, never changed in place, so a reader may encode it
// after the lock is released.
type orderRecord struct {
	body      encoded // the orderView, links as paths
	id        string
	segments  []string // the segments' ids
	steps     []string
	step      int
	history   []historyItem
	shipments []shipmentView
	effect    effect
}

// view decodes the stored order, for the rare paths that change it.
func (r *orderRecord) view() (*orderView, error) {
	var v orderView
	if err := json.Unmarshal(r.body, &v); err != nil {
		return nil, fmt.Errorf("stored order %s does not decode: %w", r.id, err)
	}
	return &v, nil
}

// answer is the body of GET /orders/{id} and of a submission.
func (r *orderRecord) answer() wrapped {
	return wrapped{pre: `{"order":`, value: r.body, post: `,"status":"SUCCESS"}`}
}

// segmentLinks are a segment's history and shipments links.
func segmentLinks(orderID, segID string) segmentMeta {
	return segmentMeta{
		HrefHistory:   mobprocBase + "/orders/" + orderID + "/history?orderSegment=" + segID,
		HrefShipments: mobprocBase + "/orders/" + orderID + "/shipments?orderSegment=" + segID,
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

func (s *Server) registerOrders() {
	s.ops["createOrder"] = s.handleCreateOrder
	s.ops["getOrder"] = s.handleGetOrder
	s.ops["listOrders"] = s.handleListOrders
	s.ops["getOrderHistory"] = s.handleOrderHistory
	s.ops["getOrderShipments"] = s.handleOrderShipments
}

// handleCreateOrder answers POST /orders: a confirmation (confirm=true)
// changes nothing; a submission stores the order.
func (s *Server) handleCreateOrder(c *call) (int, any, error) {
	if c.query().Get("confirm") == "true" {
		var body any
		err := s.read(c.tenant, func(t *store.Tenant) error {
			x, err := s.expand(c, t, false)
			if err != nil {
				return err
			}
			body = &confirmationBody{OrderConfirmation: x.conf, Status: "SUCCESS"}
			return nil
		})
		return http.StatusOK, body, err
	}
	var body any
	err := s.create(c.tenant, func(t *store.Tenant) error {
		x, err := s.expand(c, t, true)
		if err != nil {
			return err
		}
		rec, err := s.newOrder(t, x)
		if err != nil {
			return err
		}
		body = rec.answer()
		return nil
	})
	return http.StatusOK, body, err
}

// newOrder stores the order x describes and schedules its lifecycle.
func (s *Server) newOrder(t *store.Tenant, x *expander) (*orderRecord, error) {
	n := t.NewOrderID()
	id, segID := strconv.FormatInt(n, 10), strconv.FormatInt(n+1, 10)
	now := s.now().UTC()
	conf := x.conf
	seg := x.segment
	seg.Meta = segmentLinks(id, segID)
	seg.OrderSegmentID, seg.Status, seg.Vendor = segID, statusSubmitted, vendorOf(x.vendor)
	view := &orderView{
		Meta: meta{mobprocBase + "/orders/" + id}, AccountHolder: conf.AccountHolder, DateSubmitted: now.Format(mobprocDateLayout),
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
	body, err := marshal(view)
	if err != nil {
		return nil, err
	}
	rec := &orderRecord{body: body, id: id, segments: []string{segID}, steps: steps, effect: x.effect,
		history: []historyItem{{Date: view.DateSubmitted, Status: statusSubmitted, Description: "Order submitted for vendor processing."}}}
	serviceID := ""
	if x.service != nil {
		serviceID = x.service.ID
	}
	t.AddOrder(&store.Order{ID: id, ExternalOrderNumber: conf.ExternalOrderNumber, TransactionType: conf.TransactionType,
		ServiceID: serviceID, Status: statusSubmitted, Created: now, Body: rec})
	if s.cfg.Advance > 0 {
		t.Schedule(store.Due{At: now.Add(s.cfg.Advance), Kind: "order", ID: id})
	}
	return rec, nil
}

// advanceOrder moves an order one step on at time at, changing the world
// when it completes. It reports whether the order moved.
func (s *Server) advanceOrder(t *store.Tenant, o *store.Order, at time.Time) bool {
	rec := o.Body.(*orderRecord)
	if rec.step >= len(rec.steps)-1 {
		return false
	}
	view, err := rec.view()
	if err != nil {
		// Only a bug can get here: the order stays where it is, and says so.
		s.log.Error("order cannot move on", slog.String("order", rec.id), slog.String("error", err.Error()))
		return false
	}
	rec.step++
	status := rec.steps[rec.step]
	view.Status = status
	for _, seg := range view.OrderSegments.Items {
		seg.Status = status
	}
	body, err := marshal(view)
	if err != nil {
		s.log.Error("order cannot move on", slog.String("order", rec.id), slog.String("error", err.Error()))
		return false
	}
	rec.body = body
	t.SetOrderStatus(o, status)
	date := at.UTC().Format(mobprocDateLayout)
	desc := map[string]string{
		statusInProgress: "The vendor is processing the order.",
		statusShipped:    "The order has shipped.",
		statusCompleted:  "The order is complete.",
	}[status]
	if status == statusShipped {
		rec.shipments = append(rec.shipments, s.shipment(rec, view, at))
	}
	if status == statusCompleted {
		if id := applyEffect(t.World, rec.effect, at); id != "" {
			desc += " Service " + id + " is active."
		}
		t.CloseOrder(o)
	}
	rec.history = append(rec.history, historyItem{Date: date, Status: status, Description: desc})
	return true
}

func (s *Server) shipment(rec *orderRecord, view *orderView, at time.Time) shipmentView {
	seg := view.OrderSegments.Items[0]
	n, _ := strconv.ParseInt(rec.id, 10, 64)
	tracking := fmt.Sprintf("1Z%06X%010d", n%0xffffff, n)
	sv := shipmentView{Carrier: "UPS", DateShipped: at.UTC().Format(mobprocDateLayout), ShipmentID: strconv.FormatInt(n+5, 10),
		TrackingNumber: tracking, TrackingURL: "https://www.ups.com/track?tracknum=" + tracking, Items: []shipmentItemView{}}
	if seg.Device != nil {
		it := shipmentItemView{Description: seg.Device.Name, Quantity: 1}
		if rec.effect.Device != nil {
			sn := rec.effect.Device.SerialNumber
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
	date := at.UTC().Format(mobprocDateLayout)
	if e.NewService {
		svc := &world.Service{EmployeeID: e.EmployeeID, Status: world.ServiceActive, VendorID: e.VendorID, RegionID: e.RegionID,
			PlanID: e.PlanID, FeatureIDs: append([]string(nil), e.FeatureIDs...)}
		if e.Device != nil {
			svc.Device = *e.Device
		}
		svc.ID = st.NewServiceID()
		svc.ServiceNumber = "203557" + svc.ID[len(svc.ID)-4:]
		svc.ContractDates = world.ContractDates{Activated: date, Start: date, LastDeviceUpgrade: date,
			End: at.UTC().AddDate(2, 0, 0).Format(mobprocDateLayout)}
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

func (s *Server) handleGetOrder(c *call) (int, any, error) {
	var body any
	err := s.read(c.tenant, func(t *store.Tenant) error {
		o, err := findOrder(t, c.params["orderId"])
		if err != nil {
			return err
		}
		body = o.Body.(*orderRecord).answer()
		return nil
	})
	return http.StatusOK, body, err
}

// findOrder returns the tenant's order or a 404 that reads the same whether
// the id never existed or belongs to another tenant.
func findOrder(t *store.Tenant, id string) (*store.Order, error) {
	o, ok := t.Order(id)
	if !ok {
		return nil, failf(codeNotFound, "List your orders with GET /orders.", "No order has the id %q.", id)
	}
	return o, nil
}

type orderListMeta struct {
	Href     string `json:"href"`
	HrefNext string `json:"hrefNext,omitempty"`
	HrefPrev string `json:"hrefPrevious,omitempty"`
	Limit    int    `json:"limit"`
	Offset   int    `json:"offset"`
	Total    int    `json:"total"`
}

type orderList struct {
	Meta  orderListMeta     `json:"_meta"`
	Items []json.RawMessage `json:"items"`
}

// orderListAnswer is the body of GET /orders: the stored orders are
// written as they are, not re-encoded.
type orderListAnswer struct {
	Orders orderList `json:"orders"`
	Status string    `json:"status"`
}

func (s *Server) handleListOrders(c *call) (int, any, error) {
	q := c.query()
	offset, limit := paging(q, "offset", "limit", 25)
	f := store.OrderFilter{Status: q.Get("status"), TransactionType: q.Get("transactionType"), ExternalOrderNumber: q.Get("externalOrderNumber")}
	ans := &orderListAnswer{Status: "SUCCESS"}
	list := &ans.Orders
	err := s.read(c.tenant, func(t *store.Tenant) error {
		page, total := t.Orders(f, offset, limit)
		list.Items = make([]json.RawMessage, len(page))
		for i, o := range page {
			list.Items[i] = json.RawMessage(o.Body.(*orderRecord).body)
		}
		list.Meta = collectionMeta(c.r.URL, offset, limit, total)
		return nil
	})
	return http.StatusOK, ans, err
}

// collectionMeta builds the paging links of a collection (offset/limit).
func collectionMeta(u *url.URL, offset, limit, total int) orderListMeta {
	m := orderListMeta{Href: pageLink(u, offset, limit), Limit: limit, Offset: offset, Total: total}
	if offset+limit < total {
		m.HrefNext = pageLink(u, offset+limit, limit)
	}
	if offset > 0 {
		m.HrefPrev = pageLink(u, max(0, offset-limit), limit)
	}
	return m
}

func pageLink(u *url.URL, offset, limit int) string {
	q := u.Query()
	q.Set("offset", strconv.Itoa(offset))
	q.Set("limit", strconv.Itoa(limit))
	return u.Path + "?" + q.Encode()
}

// paging reads offset/limit style parameters (already checked against the
// contract's minimum and maximum).
func paging(q url.Values, offKey, limKey string, def int) (int, int) {
	off, _ := strconv.Atoi(q.Get(offKey))
	lim, err := strconv.Atoi(q.Get(limKey))
	if err != nil || lim <= 0 {
		lim = def
	}
	return max(0, off), lim
}

// segmentOf returns the id of the segment the orderSegment parameter names
// (the first one when it is absent).
func segmentOf(o *store.Order, segID string) (*orderRecord, string, error) {
	rec := o.Body.(*orderRecord)
	for _, id := range rec.segments {
		if segID == "" || id == segID {
			return rec, id, nil
		}
	}
	return nil, "", failParam(codeNotFound, "orderSegment", fmt.Sprintf("Order %s has no segment %q.", o.ID, segID),
		"Use the orderSegmentId the order lists, or its _meta.hrefHistory link.")
}

func (s *Server) handleOrderHistory(c *call) (int, any, error) {
	return segmentList(s, c, "history", func(rec *orderRecord, seg string) (string, []historyItem) {
		return segmentLinks(rec.id, seg).HrefHistory, append([]historyItem{}, rec.history...)
	})
}

func (s *Server) handleOrderShipments(c *call) (int, any, error) {
	return segmentList(s, c, "shipments", func(rec *orderRecord, seg string) (string, []shipmentView) {
		return segmentLinks(rec.id, seg).HrefShipments, append([]shipmentView{}, rec.shipments...)
	})
}

// segmentList answers GET /orders/{id}/history and /shipments: the items
// items returns for the segment the orderSegment parameter names (or the
// first), under key.
func segmentList[T any](s *Server, c *call, key string, items func(*orderRecord, string) (string, []T)) (int, any, error) {
	var body segmentListView[T]
	err := s.read(c.tenant, func(t *store.Tenant) error {
		o, err := findOrder(t, c.params["orderId"])
		if err != nil {
			return err
		}
		rec, seg, err := segmentOf(o, c.query().Get("orderSegment"))
		if err != nil {
			return err
		}
		href, list := items(rec, seg)
		body = segmentListView[T]{Meta: meta{href}, OrderID: o.ID, OrderSegmentID: seg, Items: list}
		return nil
	})
	return http.StatusOK, map[string]any{key: body, "status": "SUCCESS"}, err
}
