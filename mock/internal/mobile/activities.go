package mobile

import (
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"time"

	"github.com/mobmock/mobmock/mock/internal/op"
	"github.com/mobmock/mobmock/mock/store"
	"github.com/mobmock/mobmock/mock/world"
)

// activity is what the mock stores for an activity (store.Activity.Body):
// like an order, the activity itself is kept encoded, as GET
// /1/activities/{id} shows it, and body is replaced, never changed in place.
type activity struct {
	op.Stored // the activityView
	id        int64
	effect    effect
}

var _ store.Record = (*activity)(nil)

// Advance implements store.Record: the activity moves to the next state of
// its type's flow at time at, and changes the world when it completes.
func (r *activity) Advance(t *store.Tenant, at time.Time) (bool, error) {
	a, ok := t.Activity(r.id)
	if !ok {
		return false, fmt.Errorf("activity %d is not stored", r.id)
	}
	return op.Step(&r.Stored, func(v *activityView, state string) {
		v.State = state
		v.UpdatedAt = at.UTC().Format(mobileTime)
		switch state {
		case stOrdered, stOrderPlaced:
			n := fmt.Sprintf("ORD-%d", r.id)
			v.OrderNumber = &n
		case stShipped:
			tr := fmt.Sprintf("1Z999AA1%010d", r.id)
			courier := "UPS"
			v.TrackingNumber, v.Courier = &tr, &courier
		}
		if r.Done() {
			done := v.UpdatedAt
			v.CompletedAt = &done
			applyEffect(t.World, r.effect)
		}
		t.SetActivityState(a, state)
	})
}

// effect is what a completed activity changes in the world.
type effect struct {
	LineID         int64
	Status         string
	PersonID       int64
	PlanID         int64
	RefDeviceID    int64
	AddFeatures    []int64
	RemoveFeatures []int64
	Number         string
	SIM, IMEI      string
	NewLine        *world.Line
	DeviceID       int64
	DeviceOwner    int64
	NewDevice      *world.MobileDevice
	MembershipID   int64
	EndMembership  bool
	NewMembership  *world.ProgramMembership
	CarrierAccount int64
	CarrierID      int64
}

// handleCreateActivity answers POST /1/activities.
func (a *API) handleCreateActivity(r *op.Request) (op.Result, error) {
	// The answer is taken under the lock: a lifecycle advance may replace
	// the stored body the moment the lock is released.
	var res op.Result
	err := a.Tenants.Create(r.Tenant, r.Now, func(t *store.Tenant) error {
		b, err := a.build(r, t)
		if err != nil {
			return err
		}
		rec, err := a.store(b, t)
		if err != nil {
			return err
		}
		res = op.Result{Status: op.StatusCreated, Body: rec.Body, Warnings: b.found.Warnings(),
			Location: "/1/activities/" + strconv.FormatInt(rec.id, 10)}
		return nil
	})
	return res, err
}

// store saves the built activity and schedules its lifecycle.
func (a *API) store(b *builder, t *store.Tenant) (*activity, error) {
	id := t.NewActivityID()
	b.view.ID = id
	if v := b.view.ShippingAddress; v != nil {
		v.ID = t.NewAddressID()
		b.view.ShippingAddressID = &v.ID
	}
	if v := b.view.PreferredAddress; v != nil {
		v.ID = t.NewAddressID()
	}
	b.view.ActivityDetails.URL = "/activities/" + strconv.FormatInt(id, 10)
	body, err := op.Marshal(b.view)
	if err != nil {
		return nil, err
	}
	rec := &activity{Stored: op.Stored{Body: body, Life: op.Lifecycle{States: b.typ.flow}}, id: id, effect: b.effect}
	var lineID int64
	if b.line != nil {
		lineID = b.line.ID
	}
	t.AddActivity(&store.Activity{ID: id, TypeID: b.typ.id, PersonID: b.view.CreatedForID, LineID: lineID, State: stApproved, Created: b.now, Body: rec})
	a.Tenants.Schedule(t, store.KindActivity, strconv.FormatInt(id, 10), b.now)
	return rec, nil
}

// applyEffect changes the tenant's world as a completed activity says.
func applyEffect(st *world.State, e effect) {
	if e.NewLine != nil {
		l := e.NewLine.Clone()
		l.ID = st.NewLineID()
		if l.Number == "" {
			l.Number = fmt.Sprintf("317557%04d", l.ID%10000)
		}
		st.Lines.Put(l)
	}
	if e.NewDevice != nil {
		d := e.NewDevice.Clone()
		d.ID = st.NewDeviceID()
		st.Devices.Put(d)
	}
	if e.NewMembership != nil {
		m := e.NewMembership.Clone()
		m.ID = st.NewMembershipID()
		st.Memberships.Put(m)
	}
	if e.EndMembership {
		if m, ok := st.Memberships.Get(e.MembershipID); ok {
			c := m.Clone()
			c.Status = "ended"
			st.Memberships.Put(c)
		}
	}
	if e.DeviceOwner != 0 {
		if d, ok := st.Devices.Get(e.DeviceID); ok {
			c := d.Clone()
			c.PersonID = e.DeviceOwner
			st.Devices.Put(c)
		}
	}
	cur, ok := st.Lines.Get(e.LineID)
	if !ok {
		return
	}
	l := cur.Clone()
	if e.Status != "" {
		l.Status = e.Status
	}
	if e.PersonID != 0 {
		l.PersonID = e.PersonID
	}
	if e.PlanID != 0 {
		l.PlanID = e.PlanID
	}
	if e.RefDeviceID != 0 {
		l.RefDeviceID = e.RefDeviceID
	}
	if e.Number != "" {
		l.Number = e.Number
	}
	if e.SIM != "" {
		l.SIM = e.SIM
	}
	if e.IMEI != "" {
		l.IMEI = e.IMEI
	}
	if e.CarrierAccount != 0 {
		l.CarrierAccountID, l.CarrierID = e.CarrierAccount, e.CarrierID
	}
	for _, f := range e.RemoveFeatures {
		for i, x := range l.FeatureIDs {
			if x == f {
				l.FeatureIDs = append(l.FeatureIDs[:i:i], l.FeatureIDs[i+1:]...)
				break
			}
		}
	}
	for _, f := range e.AddFeatures {
		if !slices.Contains(l.FeatureIDs, f) {
			l.FeatureIDs = append(l.FeatureIDs, f)
		}
	}
	st.Lines.Put(l)
}

func (a *API) handleGetActivity(r *op.Request) (op.Result, error) {
	id, err := strconv.ParseInt(r.Params["id"], 10, 64)
	if err != nil {
		return op.Result{}, op.Fail(op.CodeNotFound, fmt.Sprintf("No activity has the id %q.", r.Params["id"]),
			"Activity ids are numbers, as POST /1/activities returns them.").Param("id")
	}
	var res op.Result
	err = a.Tenants.View(r.Tenant, r.Now, func(t *store.Tenant) error {
		act, ok := t.Activity(id)
		if !ok {
			return op.Fail(op.CodeNotFound, fmt.Sprintf("No activity has the id %d.", id), "List activities with GET /1/activities.")
		}
		res = op.OK(act.Body.JSON())
		return nil
	})
	return res, err
}

func (a *API) handleListActivities(r *op.Request) (op.Result, error) {
	q := r.Query
	page, per := pageParams(q)
	f := store.ActivityFilter{State: q.Get("state")}
	if tid, err := strconv.Atoi(q.Get("activity_type_id")); err == nil {
		f.TypeID = tid
	}
	if emp := q.Get("employee_id"); emp != "" {
		p, ok := a.World.PeopleByEmployeeID[emp]
		if !ok {
			return op.Result{Body: []json.RawMessage{}, Page: &op.Page{Total: 0, Number: page, Per: per}}, nil
		}
		f.PersonID = p.ID
	}
	views := []json.RawMessage{}
	var total int
	err := a.Tenants.View(r.Tenant, r.Now, func(t *store.Tenant) error {
		list, n := t.Activities(f, (page-1)*per, per)
		total = n
		for _, act := range list {
			views = append(views, act.Body.JSON())
		}
		return nil
	})
	return op.Result{Body: views, Page: &op.Page{Total: total, Number: page, Per: per}}, err
}

// pageParams reads the Mobile API's page/per_page parameters.
func pageParams(q url.Values) (int, int) {
	page, err := strconv.Atoi(q.Get("page"))
	if err != nil || page < 1 {
		page = 1
	}
	per, err := strconv.Atoi(q.Get("per_page"))
	if err != nil || per < 1 {
		per = 25
	}
	return page, per
}
