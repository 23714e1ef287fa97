package store

import (
	"container/heap"
	"encoding/json"
	"strconv"
	"time"

	"github.com/mobmock/mobmock/mock/world"
)

// Store keeps tenants' states. Implementations are safe for concurrent use.
type Store interface {
	// View calls fn with the tenant's state; a tenant without state is seen
	// as it would start from the seed world, and is not created. fn must
	// not change the state.
	View(tenant string, fn func(*Tenant) error) error
	// Update calls fn with the tenant's state for changing, creating it on
	// first use (which may fail when the store is bounded: see ErrFull). Changes are visible to later calls when fn returns. The
	// store does not roll back: fn makes its checks before it changes
	// anything.
	Update(tenant string, fn func(*Tenant) error) error
	// Reset forgets one tenant's state; its next use starts from the seed.
	// It reports whether the tenant existed.
	Reset(tenant string) bool
	// ResetAll forgets every tenant.
	ResetAll()
	// Tenants lists the tenants that have state, sorted.
	Tenants() []string
}

// Kind says which of a tenant's records a scheduled step is for.
type Kind string

// The kinds of stored records.
const (
	KindOrder    Kind = "order"
	KindActivity Kind = "activity"
)

// Record is the mock's own representation of a stored order or activity,
// which moves through a lifecycle. The store keeps it without looking
// inside; the mock's lifecycle engine calls Advance when a step falls due.
type Record interface {
	// JSON is the record as the API shows it, links as paths.
	JSON() json.RawMessage
	// Advance moves the record one step on at time at, changing the
	// tenant's world when it completes. It reports whether the record
	// moved, and an error when it cannot move (a bug).
	Advance(t *Tenant, at time.Time) (bool, error)
	// Done reports whether the record has reached its last step.
	Done() bool
}

// Order is a stored order: the fields the store lists and filters on, and the
// mock's own representation in Body.
type Order struct {
	ID                  string
	ExternalOrderNumber string
	TransactionType     string
	ServiceID           string
	Status              string
	Created             time.Time
	// Body is the mock's order record; the store never looks inside.
	Body Record

	// seq is the order's position in the tenant's list, which a durable
	// store keys it by (int32 keeps Order in its allocation size class).
	seq    int32
	closed bool // CloseOrder was called
}

// Activity is a stored activity, like Order.
type Activity struct {
	ID       int64
	TypeID   int
	PersonID int64
	LineID   int64
	State    string
	Created  time.Time
	Body     Record

	seq int32 // position in the tenant's list
}

// Due is a lifecycle step that falls due at a time.
type Due struct {
	At   time.Time
	Kind Kind
	ID   string
}

// Tenant is one tenant's state. It is not safe for concurrent use on its
// own: Store serialises access.
type Tenant struct {
	// Name is the tenant id (the X-TNGO-TENANT value).
	Name string
	// World is the tenant's view of the world.
	World *world.State

	orders      map[string]*Order
	orderList   []*Order
	open        map[string][]*Order // open orders by service id
	byExternal  map[string][]*Order
	orderCounts map[string]int // by "status:" and "type:" keys

	activities    map[int64]*Activity
	activityList  []*Activity
	activityCount map[string]int // by "state:" and "type:" keys

	due dueHeap

	nextOrder, nextActivity, nextAddress int64

	// track is set by a durable store: the tenant then notes what each
	// Update changed (see changes.go); the in-memory store leaves it nil.
	track *tracker
}

func newTenant(name string, w *world.World, ids func() uint64) *Tenant {
	return &Tenant{
		Name:          name,
		World:         w.NewState(),
		orders:        map[string]*Order{},
		open:          map[string][]*Order{},
		byExternal:    map[string][]*Order{},
		orderCounts:   map[string]int{},
		activities:    map[int64]*Activity{},
		activityCount: map[string]int{},
		// Each tenant's ids start at a different, unpredictable point, so a
		// tenant cannot guess another's ids; within a tenant they grow like
		// the documented ones (an order id ends in 0, its segments count up
		// from it).
		nextOrder:    8_000_000 + int64(ids()%100_000)*10,
		nextActivity: 4_000_000 + int64(ids()%900_000),
		nextAddress:  10_000_000 + int64(ids()%900_000),
	}
}

// NewOrderID returns the id for a new order; ids end in 0 so that segment
// ids can count up from them (order 8712220, segment 8712221).
func (t *Tenant) NewOrderID() int64 {
	t.touchMeta()
	t.nextOrder += 10
	return t.nextOrder
}

// NewActivityID returns the id for a new activity.
func (t *Tenant) NewActivityID() int64 {
	t.touchMeta()
	t.nextActivity++
	return t.nextActivity
}

// NewAddressID returns the id for a new stored address.
func (t *Tenant) NewAddressID() int64 {
	t.touchMeta()
	t.nextAddress++
	return t.nextAddress
}

// AddOrder stores a new order.
func (t *Tenant) AddOrder(o *Order) {
	o.seq = int32(len(t.orderList))
	t.touch(KindOrder, o.ID)
	t.orders[o.ID] = o
	t.orderList = append(t.orderList, o)
	if o.ExternalOrderNumber != "" {
		t.byExternal[o.ExternalOrderNumber] = append(t.byExternal[o.ExternalOrderNumber], o)
	}
	t.orderCounts["status:"+o.Status]++
	t.orderCounts["type:"+o.TransactionType]++
	if o.ServiceID != "" {
		t.open[o.ServiceID] = append(t.open[o.ServiceID], o)
	}
}

// OpenOrders returns the orders on a service that are not closed yet.
func (t *Tenant) OpenOrders(serviceID string) []*Order { return t.open[serviceID] }

// CloseOrder records that an order reached its final status: it no longer
// counts as open on its service.
func (t *Tenant) CloseOrder(o *Order) {
	o.closed = true
	t.touch(KindOrder, o.ID)
	list := t.open[o.ServiceID]
	for i, x := range list {
		if x == o {
			list = append(list[:i:i], list[i+1:]...)
			break
		}
	}
	if len(list) == 0 {
		delete(t.open, o.ServiceID)
	} else {
		t.open[o.ServiceID] = list
	}
}

// Order returns the order with the given id.
func (t *Tenant) Order(id string) (*Order, bool) {
	o, ok := t.orders[id]
	return o, ok
}

// OrdersByExternal returns the orders with the given externalOrderNumber,
// oldest first.
func (t *Tenant) OrdersByExternal(n string) []*Order { return t.byExternal[n] }

// SetOrderStatus changes an order's status, keeping the indexes right.
func (t *Tenant) SetOrderStatus(o *Order, status string) {
	t.touch(KindOrder, o.ID)
	t.orderCounts["status:"+o.Status]--
	o.Status = status
	t.orderCounts["status:"+o.Status]++
}

// OrderFilter selects orders; empty fields match everything.
type OrderFilter struct {
	Status, TransactionType, ExternalOrderNumber, ServiceID string
}

func (f OrderFilter) match(o *Order) bool {
	return (f.Status == "" || o.Status == f.Status) &&
		(f.TransactionType == "" || o.TransactionType == f.TransactionType) &&
		(f.ExternalOrderNumber == "" || o.ExternalOrderNumber == f.ExternalOrderNumber) &&
		(f.ServiceID == "" || o.ServiceID == f.ServiceID)
}

// Orders returns one page of the orders that match f, newest first, and how
// many match in all. The cost of a first page does not grow with the number
// of stored orders when the filter is empty or a single status or type.
func (t *Tenant) Orders(f OrderFilter, offset, limit int) ([]*Order, int) {
	if f.ExternalOrderNumber != "" {
		var page []*Order
		list := t.byExternal[f.ExternalOrderNumber]
		total := 0
		for i := len(list) - 1; i >= 0; i-- {
			if !f.match(list[i]) {
				continue
			}
			if total >= offset && len(page) < limit {
				page = append(page, list[i])
			}
			total++
		}
		return page, total
	}
	total := -1
	switch {
	case f == OrderFilter{}:
		total = len(t.orderList)
	case f.ServiceID == "" && f.TransactionType == "":
		total = t.orderCounts["status:"+f.Status]
	case f.ServiceID == "" && f.Status == "":
		total = t.orderCounts["type:"+f.TransactionType]
	}
	return newestFirst(t.orderList, f.match, total, offset, limit)
}

// OrderCount is the number of stored orders.
func (t *Tenant) OrderCount() int { return len(t.orderList) }

// AddActivity stores a new activity.
func (t *Tenant) AddActivity(a *Activity) {
	a.seq = int32(len(t.activityList))
	t.touch(KindActivity, strconv.FormatInt(a.ID, 10))
	t.activities[a.ID] = a
	t.activityList = append(t.activityList, a)
	t.activityCount["state:"+a.State]++
}

// Record returns the order or activity of kind with the given id.
func (t *Tenant) Record(kind Kind, id string) (Record, bool) {
	switch kind {
	case KindOrder:
		if o, ok := t.orders[id]; ok {
			return o.Body, true
		}
	case KindActivity:
		n, err := strconv.ParseInt(id, 10, 64)
		if a, ok := t.activities[n]; ok && err == nil {
			return a.Body, true
		}
	}
	return nil, false
}

// Activity returns the activity with the given id.
func (t *Tenant) Activity(id int64) (*Activity, bool) {
	a, ok := t.activities[id]
	return a, ok
}

// SetActivityState changes an activity's state, keeping the indexes right.
func (t *Tenant) SetActivityState(a *Activity, state string) {
	t.touch(KindActivity, strconv.FormatInt(a.ID, 10))
	t.activityCount["state:"+a.State]--
	a.State = state
	t.activityCount["state:"+a.State]++
}

// ActivityFilter selects activities; zero fields match everything.
type ActivityFilter struct {
	PersonID int64
	State    string
	TypeID   int
	LineID   int64
}

func (f ActivityFilter) match(a *Activity) bool {
	return (f.PersonID == 0 || a.PersonID == f.PersonID) && (f.State == "" || a.State == f.State) &&
		(f.TypeID == 0 || a.TypeID == f.TypeID) && (f.LineID == 0 || a.LineID == f.LineID)
}

// Activities returns one page of matching activities, newest first, and how
// many match in all.
func (t *Tenant) Activities(f ActivityFilter, offset, limit int) ([]*Activity, int) {
	total := -1
	switch {
	case f == ActivityFilter{}:
		total = len(t.activityList)
	case f == ActivityFilter{State: f.State}:
		total = t.activityCount["state:"+f.State]
	}
	return newestFirst(t.activityList, f.match, total, offset, limit)
}

// newestFirst pages through list from its end. total is the number of
// matches when the caller knows it (then the walk stops at the end of the
// page), or -1 to count them.
func newestFirst[T any](list []T, match func(T) bool, total, offset, limit int) ([]T, int) {
	var page []T
	seen := 0
	for i := len(list) - 1; i >= 0; i-- {
		x := list[i]
		if !match(x) {
			continue
		}
		if seen >= offset && len(page) < limit {
			page = append(page, x)
		}
		seen++
		if total >= 0 && len(page) == limit {
			break
		}
	}
	if total < 0 {
		total = seen
	}
	return page, total
}

// ActivityCount is the number of stored activities.
func (t *Tenant) ActivityCount() int { return len(t.activityList) }

// AllOrders returns every order, oldest first. The slice must not be changed.
func (t *Tenant) AllOrders() []*Order { return t.orderList }

// AllActivities returns every activity, oldest first. The slice must not be
// changed.
func (t *Tenant) AllActivities() []*Activity { return t.activityList }

// Schedule records that a lifecycle step of a record falls due at d.At.
func (t *Tenant) Schedule(d Due) {
	t.noteDue(d, true)
	heap.Push(&t.due, d)
}

// NextDue returns the earliest scheduled step, if any.
func (t *Tenant) NextDue() (Due, bool) {
	if len(t.due) == 0 {
		return Due{}, false
	}
	return t.due[0], true
}

// PopDue removes and returns the earliest step if it is due at now.
func (t *Tenant) PopDue(now time.Time) (Due, bool) {
	if len(t.due) == 0 || t.due[0].At.After(now) {
		return Due{}, false
	}
	d := heap.Pop(&t.due).(Due)
	t.noteDue(d, false)
	return d, true
}

// Unschedule drops every scheduled step of one record.
func (t *Tenant) Unschedule(kind Kind, id string) {
	t.dropDue(kind, id)
	kept := t.due[:0]
	for _, d := range t.due {
		if d.Kind != kind || d.ID != id {
			kept = append(kept, d)
		}
	}
	t.due = kept
	heap.Init(&t.due)
}

type dueHeap []Due

func (h dueHeap) Len() int { return len(h) }
func (h dueHeap) Less(i, j int) bool {
	if !h[i].At.Equal(h[j].At) {
		return h[i].At.Before(h[j].At)
	}
	return h[i].ID < h[j].ID
}
func (h dueHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *dueHeap) Push(x any)   { *h = append(*h, x.(Due)) }
func (h *dueHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}
