package mock

import (
	"time"

	"github.com/mobmock/mobmock/mock/store"
)

// read runs fn on the tenant's state for reading, after moving on any
// lifecycle steps that have fallen due.
func (s *Server) read(tenant string, fn func(*store.Tenant) error) error {
	if s.cfg.Advance > 0 {
		now := s.now()
		due := false
		_ = s.store.View(tenant, func(t *store.Tenant) error {
			d, ok := t.NextDue()
			due = ok && !d.At.After(now)
			return nil
		})
		if due {
			_ = s.store.Update(tenant, func(t *store.Tenant) error { s.settle(t, now); return nil })
		}
	}
	return s.store.View(tenant, fn)
}

// write runs fn on the tenant's state for changing, after moving on any
// lifecycle steps that have fallen due.
func (s *Server) write(tenant string, fn func(*store.Tenant) error) error {
	return s.store.Update(tenant, func(t *store.Tenant) error {
		if s.cfg.Advance > 0 {
			s.settle(t, s.now())
		}
		return fn(t)
	})
}

// settle applies every lifecycle step due at now, each at the time it fell
// due, and schedules the next step of whatever moved. Lifecycles advance
// lazily, when the tenant is next used: nothing runs in the background and
// a tenant nobody looks at costs nothing.
func (s *Server) settle(t *store.Tenant, now time.Time) {
	for {
		d, ok := t.PopDue(now)
		if !ok {
			return
		}
		if s.step(t, d.Kind, d.ID, d.At) && !s.final(t, d.Kind, d.ID) {
			t.Schedule(store.Due{At: d.At.Add(s.cfg.Advance), Kind: d.Kind, ID: d.ID})
		}
	}
}

// step moves one order or activity one step on.
func (s *Server) step(t *store.Tenant, kind, id string, at time.Time) bool {
	switch kind {
	case "order":
		if o, ok := t.Order(id); ok {
			return s.advanceOrder(t, o, at)
		}
	case "activity":
		if a, ok := activityByKey(t, id); ok {
			return s.advanceActivity(t, a, at)
		}
	}
	return false
}

// final reports whether the record has reached its last step.
func (s *Server) final(t *store.Tenant, kind, id string) bool {
	switch kind {
	case "order":
		if o, ok := t.Order(id); ok {
			rec := o.Body.(*orderRecord)
			return rec.step >= len(rec.steps)-1
		}
	case "activity":
		if a, ok := activityByKey(t, id); ok {
			rec := a.Body.(*activityRecord)
			return rec.step >= len(rec.flow)-1
		}
	}
	return true
}

// advanceAll moves every open order and activity of the tenant n steps on
// (the admin API's advance), or only the one named by kind and id.
func (s *Server) advanceAll(t *store.Tenant, kind, id string, n int, at time.Time) int {
	moved := 0
	for range n {
		switch {
		case id != "":
			if s.step(t, kind, id, at) {
				moved++
			}
		default:
			for _, o := range t.AllOrders() {
				if s.advanceOrder(t, o, at) {
					moved++
				}
			}
			for _, a := range t.AllActivities() {
				if s.advanceActivity(t, a, at) {
					moved++
				}
			}
		}
	}
	return moved
}
