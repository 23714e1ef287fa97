package op

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/mobmock/mobmock/mock/store"
)

// Tenants runs handlers on tenants' states, moving on first every
// lifecycle step that has fallen due. Lifecycles advance lazily, when the
// tenant is next used: nothing runs in the background, and a tenant nobody
// looks at costs nothing. Each stored order and activity is a
// store.Record, which knows its own next step.
type Tenants struct {
	// Store keeps the states.
	Store store.Store
	// Advance is the time between two steps of a record; zero moves
	// records only through AdvanceAll.
	Advance time.Duration
	// Log receives the records that cannot move on (a bug).
	Log *slog.Logger
	// MaxRecords bounds the orders and activities one tenant stores (0: no
	// bound); see Create.
	MaxRecords int
}

// View runs fn on the tenant's state for reading, at time now.
func (ts *Tenants) View(tenant string, now time.Time, fn func(*store.Tenant) error) error {
	if ts.Advance > 0 {
		due := false
		_ = ts.Store.View(tenant, func(t *store.Tenant) error {
			d, ok := t.NextDue()
			due = ok && !d.At.After(now)
			return nil
		})
		if due {
			_ = ts.Store.Update(tenant, func(t *store.Tenant) error { ts.settle(t, now); return nil })
		}
	}
	return ts.Store.View(tenant, fn)
}

// Update runs fn on the tenant's state for changing, at time now.
func (ts *Tenants) Update(tenant string, now time.Time, fn func(*store.Tenant) error) error {
	return ts.Store.Update(tenant, func(t *store.Tenant) error {
		if ts.Advance > 0 {
			ts.settle(t, now)
		}
		return fn(t)
	})
}

// Create is Update for a request that stores a new order or activity: it
// refuses one past MaxRecords (507 too-many-records, with a hint), and a
// new tenant when the store has no room for it (503 too-many-tenants, with
// Retry-After in the error's Header). Refusing keeps what was acknowledged:
// the mock never drops a stored order or activity to make room.
func (ts *Tenants) Create(tenant string, now time.Time, fn func(*store.Tenant) error) error {
	err := ts.Update(tenant, now, func(t *store.Tenant) error {
		if n := t.OrderCount() + t.ActivityCount(); ts.MaxRecords > 0 && n >= ts.MaxRecords {
			return Fail(CodeTooManyRecords, fmt.Sprintf("The tenant %s stores %d orders and activities, the most the mock keeps for one tenant.", tenant, n),
				"Reset the tenant (POST /__admin/tenants/"+tenant+"/reset), use another tenant, or start the mock with a higher --max-records-per-tenant.")
		}
		return fn(t)
	})
	var full *store.FullError
	if errors.As(err, &full) {
		return &TenantsFull{Wait: full.Wait}
	}
	return err
}

// TenantsFull is Create's error when the store holds as many tenants as it
// may and none has been idle long enough to forget; Wait is how long until
// one may be. Package mock answers it 503 with Retry-After.
type TenantsFull struct{ Wait time.Duration }

func (e *TenantsFull) Error() string {
	return fmt.Sprintf("no room for a new tenant; retry in %s", e.Wait)
}

// Schedule starts the lifecycle of a record stored at time now.
func (ts *Tenants) Schedule(t *store.Tenant, kind store.Kind, id string, now time.Time) {
	if ts.Advance > 0 {
		t.Schedule(store.Due{At: now.Add(ts.Advance), Kind: kind, ID: id})
	}
}

// settle applies every step due at now, each at the time it fell due, and
// schedules the next step of whatever moved.
func (ts *Tenants) settle(t *store.Tenant, now time.Time) {
	for {
		d, ok := t.PopDue(now)
		if !ok {
			return
		}
		rec, ok := t.Record(d.Kind, d.ID)
		if ok && ts.step(t, rec, d.At) && !rec.Done() {
			t.Schedule(store.Due{At: d.At.Add(ts.Advance), Kind: d.Kind, ID: d.ID})
		}
	}
}

// step moves one record one step on at time at.
func (ts *Tenants) step(t *store.Tenant, rec store.Record, at time.Time) bool {
	moved, err := rec.Advance(t, at)
	if err != nil {
		// Only a bug can get here: the record stays where it is, and says so.
		ts.Log.Error("record cannot move on", slog.String("tenant", t.Name), slog.String("error", err.Error()))
	}
	return moved
}

// AdvanceAll moves every open order and activity of the tenant n steps on
// at time at, or only the record of kind with id when id is not empty. It
// returns how many steps were taken.
func (ts *Tenants) AdvanceAll(t *store.Tenant, kind store.Kind, id string, n int, at time.Time) int {
	moved := 0
	for range n {
		if id != "" {
			if rec, ok := t.Record(kind, id); ok && ts.step(t, rec, at) {
				moved++
			}
			continue
		}
		for _, o := range t.AllOrders() {
			if ts.step(t, o.Body, at) {
				moved++
			}
		}
		for _, a := range t.AllActivities() {
			if ts.step(t, a.Body, at) {
				moved++
			}
		}
	}
	return moved
}

// Stored is what every stored record keeps: its view encoded, as the API
// shows it (links as paths), and where it is in its lifecycle. Body is
// replaced, never changed in place, and only under the tenant's write
// lock, so a reader may write it after the lock is released. Embedded in a
// record, it gives it store.Record's JSON and Done.
type Stored struct {
	Body json.RawMessage
	Life Lifecycle
}

// JSON is the record as the API shows it.
func (s *Stored) JSON() json.RawMessage { return s.Body }

// Done reports whether the record is in its last state.
func (s *Stored) Done() bool { return s.Life.Done() }

// Step moves the record on to its next state (see Advance), keeping the
// view encoded again. It reports false when the record is done already.
func Step[V any](s *Stored, change func(v *V, state string)) (bool, error) {
	body, moved, err := Advance(&s.Life, s.Body, change)
	if err != nil || !moved {
		return false, err
	}
	s.Body = body
	return true, nil
}

// Lifecycle is where a stored record is in the states it goes through,
// first to last.
type Lifecycle struct {
	States []string
	Step   int
}

// Done reports whether the record is in its last state.
func (l *Lifecycle) Done() bool { return l.Step >= len(l.States)-1 }

// Advance moves a record on to its next state. The record's view, of type
// V, is stored encoded as body: Advance decodes it (numbers in free-form
// members kept as written), lets change set the new state on it and do
// what that state does, and returns the view encoded again. It reports
// false, changing nothing, when the record is in its last state already.
func Advance[V any](l *Lifecycle, body json.RawMessage, change func(v *V, state string)) (json.RawMessage, bool, error) {
	if l.Done() {
		return nil, false, nil
	}
	var v V
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	if err := dec.Decode(&v); err != nil {
		return nil, false, fmt.Errorf("stored record does not decode: %w", err)
	}
	l.Step++
	change(&v, l.States[l.Step])
	out, err := Marshal(&v)
	if err != nil {
		return nil, false, err
	}
	return out, true, nil
}
