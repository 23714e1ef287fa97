package store

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	gojson "github.com/goccy/go-json"

	"github.com/mobmock/mobmock/mock/world"
)

// ErrUnavailable is the condition of a durable store whose database cannot
// be reached or refused a write: the change was not acknowledged, and the
// mock answers 503. Test for it with errors.Is.
var ErrUnavailable = errors.New("the state database is unavailable")

// ErrTooNew is returned by Open and Migrate when the database's schema is
// newer than this binary knows: an older mobmock must not write to it.
var ErrTooNew = errors.New("the state database was written by a newer mobmock")

// unavailable wraps err, met while doing something, as ErrUnavailable.
func unavailable(doing string, err error) error { return &unavailableError{doing, err} }

type unavailableError struct {
	doing string
	err   error
}

func (e *unavailableError) Error() string { return e.doing + ": " + e.err.Error() }

// Unwrap returns ErrUnavailable and the cause.
func (e *unavailableError) Unwrap() []error { return []error{ErrUnavailable, e.err} }

// Codec turns the mock's records into bytes and back, for a durable store:
// the store keeps records opaque, so the mock says how. A Record a durable
// store keeps must implement encoding.BinaryMarshaler; nil records are kept
// as nil.
type Codec struct {
	// Decode turns the bytes a record's MarshalBinary returned back into
	// the record, by kind.
	Decode map[Kind]func([]byte) (Record, error)
}

type binaryMarshaler interface{ MarshalBinary() ([]byte, error) }

// head is a stored tenant's row: Epoch changes when the tenant is created
// again after a reset, Version on every commit; both come from one
// sequence, so they never repeat. Meta holds the id counters.
type head struct {
	Epoch, Version int64
	Meta           []byte
}

// row is one stored record of a tenant: an order ('o'), an activity ('a')
// or a changed world record ('w'). Seq is its position in its list.
type row struct {
	Kind byte
	Key  string
	Seq  int64
	Data []byte
}

// backend is where a durable store keeps its rows: bbolt or PostgreSQL.
type backend interface {
	// begin opens a unit of work on tenant; a write unit holds the
	// tenant's lock, across processes, until it ends.
	begin(ctx context.Context, tenant string, write bool) (unit, error)
	// peek returns the tenant's head without its meta, or false.
	peek(ctx context.Context, tenant string) (head, bool, error)
	tenants(ctx context.Context) ([]string, error)
	reset(ctx context.Context, tenant string) (bool, error)
	resetAll(ctx context.Context) error
	close() error
}

type unit interface {
	head() (head, bool, error)
	// rows returns the tenant's rows written after version since (all for
	// a negative since), by kind then seq.
	rows(since int64) ([]row, error)
	// save writes rows and the tenant's meta as one new version and
	// returns the new head; exists says whether the tenant has a head.
	save(old head, exists bool, meta []byte, rows []row) (head, error)
	commit() error
	rollback()
}

// Durable is a Store that keeps every change in a database (see Open) as
// well as in memory. The in-memory Tenant is the working copy: a tenant is
// loaded on first use, and each Update writes what it changed in one
// transaction before it returns. With a shared database (PostgreSQL), each
// Update holds the tenant's lock across processes and first reads what
// other processes wrote since; each View first checks the tenant's version.
// See docs/state.md.
type Durable struct {
	be     backend
	world  *world.World
	ids    func() uint64
	codec  Codec
	shared bool // other processes may write: check versions before reading
	// timeout bounds each database round.
	timeout time.Duration

	// maxLoaded bounds the tenants held in memory (0: no bound); see
	// SetLimits.
	maxLoaded int

	// mu guards tenants (the map; each entry's lock guards the entry).
	mu      sync.Mutex
	tenants map[string]*durableEntry
}

var (
	_ Store     = (*Durable)(nil)
	_ io.Closer = (*Durable)(nil)
)

type durableEntry struct {
	used atomic.Int64 // when the tenant was last used, Unix nanoseconds

	mu       sync.RWMutex // guards the fields below and t's content
	evicted  bool         // dropped from the store's map: use a new entry
	loaded   bool
	t        *Tenant
	h        head // zero when the tenant is not stored yet
	worldSeq map[string]int64
	seqs     world.Sequences
}

// meta is what a tenant's head keeps besides its version.
type meta struct {
	NextOrder, NextActivity, NextAddress int64
	World                                world.Sequences
}

// recordRow is how an order or activity is kept.
type recordRow struct {
	ID       string      `json:"id"`
	Ext      string      `json:"ext,omitempty"`
	Type     string      `json:"type,omitempty"`
	Service  string      `json:"service,omitempty"`
	Status   string      `json:"status,omitempty"`
	TypeID   int         `json:"typeId,omitempty"`
	PersonID int64       `json:"personId,omitempty"`
	LineID   int64       `json:"lineId,omitempty"`
	Created  time.Time   `json:"created"`
	Closed   bool        `json:"closed,omitempty"`
	Due      []time.Time `json:"due,omitempty"`
	// Body, the record's own bytes, follows the JSON line as it is.
	Body []byte `json:"-"`
}

// Open opens the durable store that state names: "file:PATH" (an embedded
// bbolt database, created if missing) or "postgres://..." (PostgreSQL). It
// runs the schema migrations first. Its tenants start from w; ids and
// codec are as for NewMemory and Codec. The error wraps ErrUnavailable
// when the database cannot be reached, ErrTooNew when its schema is newer
// than this binary.
func Open(state string, w *world.World, ids func() uint64, codec Codec) (*Durable, error) {
	if ids == nil {
		ids = cryptoRand
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	d := &Durable{world: w, ids: ids, codec: codec, timeout: 10 * time.Second, tenants: map[string]*durableEntry{}}
	var err error
	switch {
	case strings.HasPrefix(state, "file:"):
		d.be, err = openBolt(strings.TrimPrefix(state, "file:"))
	case isPostgres(state):
		d.be, err = openPostgres(ctx, state)
		d.shared = true
	default:
		return nil, fmt.Errorf("state %q is not memory, file:PATH or postgres://...", state)
	}
	if err != nil {
		return nil, err
	}
	return d, nil
}

// Migrate brings the schema of the database that state names up to date,
// as Open does, and closes it.
func Migrate(state string) error {
	d, err := Open(state, nil, nil, Codec{})
	if err != nil {
		return err
	}
	return d.Close()
}

// Close closes the database.
func (d *Durable) Close() error { return d.be.close() }

func (d *Durable) ctx() (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.Background(), d.timeout)
}

// SetLimits bounds the tenants held in memory to l.MaxTenants: past it,
// using a tenant not in memory drops the one unused longest from memory
// (its state stays in the database, and is read again on its next use).
// Unlike Memory's, the bound never refuses a write and forgets nothing.
// Call it before the store is used.
func (d *Durable) SetLimits(l Limits) { d.maxLoaded = l.MaxTenants }

func (d *Durable) entry(name string) *durableEntry {
	d.mu.Lock()
	defer d.mu.Unlock()
	e, ok := d.tenants[name]
	if !ok {
		if d.maxLoaded > 0 && len(d.tenants) >= d.maxLoaded {
			d.evictOne()
		}
		e = &durableEntry{}
		d.tenants[name] = e
	}
	e.used.Store(time.Now().UnixNano())
	return e
}

// evictOne drops from memory the tenant unused longest that nobody is
// using now. d.mu is held.
func (d *Durable) evictOne() {
	type cand struct {
		name string
		used int64
	}
	var list []cand
	for name, e := range d.tenants {
		list = append(list, cand{name, e.used.Load()})
	}
	sort.Slice(list, func(i, j int) bool { return list[i].used < list[j].used })
	for _, c := range list {
		e := d.tenants[c.name]
		if e.mu.TryLock() {
			e.evicted = true
			e.mu.Unlock()
			delete(d.tenants, c.name)
			return
		}
	}
}

// View implements Store. With a shared database it first reads what other
// processes changed; the error wraps ErrUnavailable when that fails.
func (d *Durable) View(name string, fn func(*Tenant) error) error {
	e := d.entry(name)
	e.mu.RLock()
	if e.evicted {
		e.mu.RUnlock()
		return d.View(name, fn)
	}
	fresh := e.loaded
	if fresh && d.shared {
		ctx, cancel := d.ctx()
		h, ok, err := d.be.peek(ctx, name)
		cancel()
		if err != nil {
			e.mu.RUnlock()
			return unavailable("reading the tenant's version", err)
		}
		fresh = h.Epoch == e.h.Epoch && h.Version == e.h.Version && ok == (e.h.Epoch != 0)
	}
	if fresh {
		defer e.mu.RUnlock()
		return fn(e.t)
	}
	e.mu.RUnlock()
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.evicted {
		return d.View(name, fn)
	}
	ctx, cancel := d.ctx()
	defer cancel()
	u, err := d.be.begin(ctx, name, false)
	if err != nil {
		return unavailable("reading the tenant", err)
	}
	defer u.rollback()
	if err := d.refresh(e, name, u); err != nil {
		return err
	}
	return fn(e.t)
}

// Update implements Store: what fn changed is written in one transaction
// before Update returns. When that fails the error wraps ErrUnavailable,
// and the tenant is read again from the database on its next use (the
// change is lost, as it was never acknowledged).
func (d *Durable) Update(name string, fn func(*Tenant) error) error {
	e := d.entry(name)
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.evicted {
		return d.Update(name, fn)
	}
	ctx, cancel := d.ctx()
	defer cancel()
	u, err := d.be.begin(ctx, name, true)
	if err != nil {
		return unavailable("locking the tenant", err)
	}
	defer u.rollback()
	if err := d.refresh(e, name, u); err != nil {
		return err
	}
	ferr := fn(e.t)
	rows, changed, err := d.collect(e)
	if err != nil {
		e.loaded = false
		return err
	}
	if !changed && e.h.Epoch != 0 {
		return ferr
	}
	m, err := json.Marshal(meta{NextOrder: e.t.nextOrder, NextActivity: e.t.nextActivity, NextAddress: e.t.nextAddress, World: e.t.World.Sequences()})
	if err != nil {
		return err
	}
	h, err := u.save(e.h, e.h.Epoch != 0, m, rows)
	if err == nil {
		err = u.commit()
	}
	if err != nil {
		e.loaded = false
		return unavailable("writing the tenant's changes", err)
	}
	e.h = h
	e.seqs = e.t.World.Sequences()
	return ferr
}

// refresh brings e up to date with the database, within u.
func (d *Durable) refresh(e *durableEntry, name string, u unit) error {
	h, ok, err := u.head()
	if err != nil {
		e.loaded = false
		return unavailable("reading the tenant", err)
	}
	switch {
	case !ok:
		// Not stored (never written, or reset by any process).
		if !e.loaded || e.h.Epoch != 0 {
			d.fresh(e, name, newTenant(name, d.world, d.ids))
		}
		return nil
	case e.loaded && h.Epoch == e.h.Epoch && h.Version == e.h.Version:
		return nil
	}
	var m meta
	if err := json.Unmarshal(h.Meta, &m); err != nil {
		return fmt.Errorf("decoding tenant %s's head: %w", name, err)
	}
	since := e.h.Version
	if !e.loaded || h.Epoch != e.h.Epoch {
		d.fresh(e, name, newTenant(name, d.world, func() uint64 { return 0 }))
		since = -1
	}
	rows, err := u.rows(since)
	if err != nil {
		e.loaded = false
		return unavailable("reading the tenant's records", err)
	}
	sortRows(rows)
	if err := d.apply(e, rows, since < 0); err != nil {
		e.loaded = false
		return fmt.Errorf("loading tenant %s: %w", name, err)
	}
	// The counters as committed: loading drew none, but a delta's
	// records were drawn by another process.
	e.t.nextOrder, e.t.nextActivity, e.t.nextAddress = m.NextOrder, m.NextActivity, m.NextAddress
	e.t.World.SetSequences(m.World)
	e.h = h
	e.seqs = e.t.World.Sequences()
	// What loading did is not a change.
	e.t.World.TakeChanges()
	clear(e.t.track.records)
	e.t.track.meta = false
	return nil
}

func (d *Durable) fresh(e *durableEntry, name string, t *Tenant) {
	t.track = newTracker()
	t.World.Track()
	e.t, e.h, e.loaded, e.worldSeq, e.seqs = t, head{}, true, map[string]int64{}, t.World.Sequences()
}

// apply puts rows read from the database into e's tenant: new records are
// added, known ones replaced. full says the tenant is new (a first load):
// no record has steps scheduled yet.
func (d *Durable) apply(e *durableEntry, rows []row, full bool) error {
	t := e.t
	for _, r := range rows {
		switch r.Kind {
		case 'w':
			table, _, _ := strings.Cut(r.Key, "/")
			if err := t.World.Apply(table, r.Data); err != nil {
				return err
			}
			e.worldSeq[r.Key] = r.Seq
		case 'o', 'a':
			var rr recordRow
			line, raw, _ := bytes.Cut(r.Data, []byte("\n"))
			if err := gojson.Unmarshal(line, &rr); err != nil {
				return fmt.Errorf("decoding a stored record: %w", err)
			}
			rr.Body = raw
			kind := KindOrder
			if r.Kind == 'a' {
				kind = KindActivity
			}
			var body Record
			if dec := d.codec.Decode[kind]; dec != nil && len(rr.Body) > 0 {
				b, err := dec(rr.Body)
				if err != nil {
					return fmt.Errorf("decoding stored %s %s: %w", kind, rr.ID, err)
				}
				body = b
			}
			if err := d.applyRecord(t, kind, r.Seq, &rr, body); err != nil {
				return err
			}
			if !full {
				t.Unschedule(kind, rr.ID)
			}
			for _, at := range rr.Due {
				t.Schedule(Due{At: at, Kind: kind, ID: rr.ID})
			}
		default:
			return fmt.Errorf("unknown stored row kind %q", r.Kind)
		}
	}
	return nil
}

func (d *Durable) applyRecord(t *Tenant, kind Kind, seq int64, rr *recordRow, body Record) error {
	if kind == KindOrder {
		if seq < int64(len(t.orderList)) {
			o := t.orderList[seq]
			t.SetOrderStatus(o, rr.Status)
			o.Body = body
			if rr.Closed && !o.closed {
				t.CloseOrder(o)
			}
			return nil
		}
		if seq != int64(len(t.orderList)) {
			return fmt.Errorf("stored order %s is at position %d of %d", rr.ID, seq, len(t.orderList))
		}
		o := &Order{ID: rr.ID, ExternalOrderNumber: rr.Ext, TransactionType: rr.Type, ServiceID: rr.Service, Status: rr.Status, Created: rr.Created, Body: body}
		t.AddOrder(o)
		if rr.Closed {
			t.CloseOrder(o)
		}
		return nil
	}
	id, err := strconv.ParseInt(rr.ID, 10, 64)
	if err != nil {
		return fmt.Errorf("stored activity id %q: %w", rr.ID, err)
	}
	if seq < int64(len(t.activityList)) {
		a := t.activityList[seq]
		t.SetActivityState(a, rr.Status)
		a.Body = body
		return nil
	}
	if seq != int64(len(t.activityList)) {
		return fmt.Errorf("stored activity %s is at position %d of %d", rr.ID, seq, len(t.activityList))
	}
	t.AddActivity(&Activity{ID: id, TypeID: rr.TypeID, PersonID: rr.PersonID, LineID: rr.LineID, State: rr.Status, Created: rr.Created, Body: body})
	return nil
}

// collect returns the rows of what e's tenant changed since its last
// commit, and whether anything changed at all.
func (d *Durable) collect(e *durableEntry) ([]row, bool, error) {
	t := e.t
	var rows []row
	for k := range t.track.records {
		rr := recordRow{ID: k.id, Due: t.track.due[k]}
		var body Record
		var r row
		switch k.kind {
		case KindOrder:
			o, ok := t.orders[k.id]
			if !ok {
				continue // a step scheduled for a record that is not stored
			}
			rr.Ext, rr.Type, rr.Service, rr.Status, rr.Created, rr.Closed = o.ExternalOrderNumber, o.TransactionType, o.ServiceID, o.Status, o.Created, o.closed
			body, r = o.Body, row{Kind: 'o', Key: k.id, Seq: int64(o.seq)}
		case KindActivity:
			n, err := strconv.ParseInt(k.id, 10, 64)
			a, ok := t.activities[n]
			if err != nil || !ok {
				continue
			}
			rr.TypeID, rr.PersonID, rr.LineID, rr.Status, rr.Created = a.TypeID, a.PersonID, a.LineID, a.State, a.Created
			body, r = a.Body, row{Kind: 'a', Key: k.id, Seq: int64(a.seq)}
		}
		if body != nil {
			m, ok := body.(binaryMarshaler)
			if !ok {
				return nil, false, fmt.Errorf("a %s record of type %T cannot be stored durably (no MarshalBinary)", k.kind, body)
			}
			b, err := m.MarshalBinary()
			if err != nil {
				return nil, false, fmt.Errorf("encoding %s %s: %w", k.kind, k.id, err)
			}
			rr.Body = b
		}
		data, err := json.Marshal(&rr)
		if err != nil {
			return nil, false, fmt.Errorf("encoding %s %s: %w", k.kind, k.id, err)
		}
		r.Data = append(append(data, '\n'), rr.Body...)
		rows = append(rows, r)
	}
	clear(t.track.records)
	for _, c := range t.World.TakeChanges() {
		key := c.Table + "/" + c.Key
		seq, ok := e.worldSeq[key]
		if !ok {
			seq = int64(len(e.worldSeq))
			e.worldSeq[key] = seq
		}
		data, err := json.Marshal(c.Value)
		if err != nil {
			return nil, false, fmt.Errorf("encoding %s: %w", key, err)
		}
		rows = append(rows, row{Kind: 'w', Key: key, Seq: seq, Data: data})
	}
	changed := len(rows) > 0 || t.track.meta || t.World.Sequences() != e.seqs
	t.track.meta = false
	return rows, changed, nil
}

// sortRows orders rows as apply needs them: world records first (a record
// may refer to them), then by kind and position.
func sortRows(rows []row) {
	rank := map[byte]int{'w': 0, 'o': 1, 'a': 2}
	sort.Slice(rows, func(i, j int) bool {
		if rows[i].Kind != rows[j].Kind {
			return rank[rows[i].Kind] < rank[rows[j].Kind]
		}
		return rows[i].Seq < rows[j].Seq
	})
}

// Checked is a Store whose tenant-wide operations can fail (a durable
// one): the admin API uses these to answer 503 rather than "nothing".
// Each error wraps ErrUnavailable.
type Checked interface {
	// TenantsChecked is Tenants with its error.
	TenantsChecked() ([]string, error)
	// ResetChecked is Reset with its error.
	ResetChecked(tenant string) (bool, error)
	// ResetAllChecked is ResetAll with its error.
	ResetAllChecked() error
}

var _ Checked = (*Durable)(nil)

// Reset implements Store, for every process sharing the database. It
// reports false when the database cannot be reached (see ResetChecked).
func (d *Durable) Reset(name string) bool {
	ok, _ := d.ResetChecked(name)
	return ok
}

// ResetChecked implements Checked.
func (d *Durable) ResetChecked(name string) (bool, error) {
	e := d.entry(name)
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.evicted {
		return d.ResetChecked(name)
	}
	ctx, cancel := d.ctx()
	defer cancel()
	ok, err := d.be.reset(ctx, name)
	if err != nil {
		return false, unavailable("resetting the tenant", err)
	}
	e.loaded = false
	return ok, nil
}

// ResetAll implements Store, for every process sharing the database.
func (d *Durable) ResetAll() { _ = d.ResetAllChecked() }

// ResetAllChecked implements Checked.
func (d *Durable) ResetAllChecked() error {
	ctx, cancel := d.ctx()
	defer cancel()
	d.mu.Lock()
	defer d.mu.Unlock()
	if err := d.be.resetAll(ctx); err != nil {
		return unavailable("resetting every tenant", err)
	}
	d.tenants = map[string]*durableEntry{}
	return nil
}

// Tenants implements Store: the tenants stored in the database. It returns
// nil when the database cannot be reached (see TenantsChecked).
func (d *Durable) Tenants() []string {
	names, _ := d.TenantsChecked()
	return names
}

// TenantsChecked implements Checked.
func (d *Durable) TenantsChecked() ([]string, error) {
	ctx, cancel := d.ctx()
	defer cancel()
	names, err := d.be.tenants(ctx)
	if err != nil {
		return nil, unavailable("listing the tenants", err)
	}
	return names, nil
}
