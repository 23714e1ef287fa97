package store

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	neturl "net/url"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	bolt "go.etcd.io/bbolt"

	"github.com/mobmock/mobmock/mock/store/storetest"
	"github.com/mobmock/mobmock/mock/world"
)

// testRecord is a Record a durable store can keep.
type testRecord struct {
	Note string `json:"note"`
	Step int    `json:"step"`
}

func (r *testRecord) JSON() json.RawMessage { return json.RawMessage(`{}`) }
func (r *testRecord) Advance(*Tenant, time.Time) (bool, error) {
	r.Step++
	return true, nil
}
func (r *testRecord) Done() bool                     { return false }
func (r *testRecord) MarshalBinary() ([]byte, error) { return json.Marshal(r) }

func decodeTestRecord(b []byte) (Record, error) {
	var r testRecord
	return &r, json.Unmarshal(b, &r)
}

var testCodec = Codec{Decode: map[Kind]func([]byte) (Record, error){KindOrder: decodeTestRecord, KindActivity: decodeTestRecord}}

// openDurable opens state with repeatable ids and closes it at the end.
func openDurable(t testing.TB, state string) *Durable {
	t.Helper()
	n := uint64(0)
	d, err := Open(state, seedWorld(t), func() uint64 { n += 7919; return n }, testCodec)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	return d
}

// backends are the durable stores, each with how to get a new state.
var backends = []struct {
	name  string
	state func(testing.TB) string
}{
	{"file", storetest.File},
	{"postgres", storetest.Postgres},
}

func TestFile(t *testing.T) {
	runSuite(t, func(t testing.TB) Store { return openDurable(t, storetest.File(t)) })
}

// TestFileOneTenantInMemory runs the suite with one tenant at a time in
// memory: every switch of tenant reads it back from the file.
func TestFileOneTenantInMemory(t *testing.T) {
	runSuite(t, func(t testing.TB) Store {
		d := openDurable(t, storetest.File(t))
		d.SetLimits(Limits{MaxTenants: 1})
		return d
	})
}

func TestPostgres(t *testing.T) {
	storetest.Postgres(t) // skips without a database
	runSuite(t, func(t testing.TB) Store { return openDurable(t, storetest.Postgres(t)) })
}

// fill makes changes of every kind a tenant keeps.
func fill(t *testing.T, s Store, name string) {
	t.Helper()
	t0 := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	err := s.Update(name, func(tn *Tenant) error {
		for i := range 5 {
			o := &Order{ID: fmt.Sprint(tn.NewOrderID()), ExternalOrderNumber: fmt.Sprintf("EXT-%d", i%2), TransactionType: "SUSPEND",
				ServiceID: "38382335", Status: "ORDER_SUBMITTED", Created: t0, Body: &testRecord{Note: fmt.Sprint("order ", i)}}
			tn.AddOrder(o)
			tn.Schedule(Due{At: t0.Add(time.Duration(i) * time.Second), Kind: KindOrder, ID: o.ID})
		}
		a := &Activity{ID: tn.NewActivityID(), TypeID: 2, PersonID: 7, LineID: 9, State: "approved", Created: t0, Body: &testRecord{Note: "activity"}}
		tn.AddActivity(a)
		tn.NewAddressID()
		svc, ok := tn.World.Services.Get("38382335")
		if !ok {
			t.Fatal("the seed has no service 38382335")
		}
		c := svc.Clone()
		c.Status = "SUSPENDED"
		tn.World.Services.Put(c)
		l := &world.Line{ID: tn.World.NewLineID(), Number: "3175550000"}
		tn.World.Lines.Put(l)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	err = s.Update(name, func(tn *Tenant) error {
		o := tn.AllOrders()[1]
		tn.SetOrderStatus(o, "COMPLETED")
		tn.CloseOrder(o)
		tn.Unschedule(KindOrder, o.ID)
		if _, err := o.Body.Advance(tn, t0); err != nil {
			return err
		}
		d, _ := tn.PopDue(t0)
		tn.Schedule(Due{At: d.At.Add(time.Minute), Kind: d.Kind, ID: d.ID})
		a := tn.AllActivities()[0]
		tn.SetActivityState(a, "Complete")
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// snapshot is everything a tenant holds, for comparing two stores.
type snapshot struct {
	Orders     []string
	Open       []string
	Activities []string
	Due        []Due
	IDs        [3]int64
	World      world.Sequences
	Services   []*world.Service
	Lines      []*world.Line
}

func snap(t *testing.T, s Store, name string) snapshot {
	t.Helper()
	var out snapshot
	err := s.View(name, func(tn *Tenant) error {
		for _, o := range tn.AllOrders() {
			b, _ := json.Marshal(o.Body)
			out.Orders = append(out.Orders, fmt.Sprintf("%s %s %s %s %s %v %s", o.ID, o.ExternalOrderNumber, o.TransactionType, o.ServiceID, o.Status, o.Created.UTC(), b))
		}
		for _, o := range tn.OpenOrders("38382335") {
			out.Open = append(out.Open, o.ID)
		}
		for _, a := range tn.AllActivities() {
			b, _ := json.Marshal(a.Body)
			out.Activities = append(out.Activities, fmt.Sprintf("%d %d %d %d %s %s", a.ID, a.TypeID, a.PersonID, a.LineID, a.State, b))
		}
		for _, d := range tn.due {
			d.At = d.At.UTC()
			out.Due = append(out.Due, d)
		}
		slices.SortFunc(out.Due, func(a, b Due) int { return a.At.Compare(b.At) })
		out.IDs = [3]int64{tn.nextOrder, tn.nextActivity, tn.nextAddress}
		out.World = tn.World.Sequences()
		out.Services = tn.World.Services.Changed()
		out.Lines = tn.World.Lines.Changed()
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestReopen: a durable store opened again holds every tenant exactly as
// the process that wrote it did, down to the next ids.
func TestReopen(t *testing.T) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			state := b.state(t)
			first, err := Open(state, seedWorld(t), nil, testCodec)
			if err != nil {
				t.Fatal(err)
			}
			fill(t, first, "acme")
			fill(t, first, "globex")
			want := snap(t, first, "acme")
			if err := first.Close(); err != nil {
				t.Fatal(err)
			}
			again := openDurable(t, state)
			if diff := cmp.Diff(want, snap(t, again, "acme")); diff != "" {
				t.Errorf("after a restart, acme differs (-before +after):\n%s", diff)
			}
			if got := again.Tenants(); !slices.Equal(got, []string{"acme", "globex"}) {
				t.Errorf("tenants after a restart: %v", got)
			}
			if len(want.Orders) != 5 || len(want.Open) != 4 || len(want.Activities) != 1 || len(want.Due) != 4 || len(want.Lines) != 1 {
				t.Errorf("the stored tenant is not the one written: %+v", want)
			}
		})
	}
}

// TestReplicas: two stores on one PostgreSQL database behave as one: each
// sees the other's writes at once, concurrent updates of one tenant never
// lose one or hand out an id twice, and a reset on one resets both.
func TestReplicas(t *testing.T) {
	state := storetest.Postgres(t)
	a, b := openDurable(t, state), openDurable(t, state)
	if err := a.Update("acme", func(tn *Tenant) error {
		tn.AddOrder(&Order{ID: fmt.Sprint(tn.NewOrderID()), Status: "ORDER_SUBMITTED", Body: &testRecord{}})
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if err := b.View("acme", func(tn *Tenant) error {
		if tn.OrderCount() != 1 {
			t.Errorf("b sees %d orders after a's submit, want 1", tn.OrderCount())
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	const each = 50
	for _, s := range []*Durable{a, b, a, b} {
		wg.Go(func() {
			for range each {
				err := s.Update("acme", func(tn *Tenant) error {
					tn.AddOrder(&Order{ID: fmt.Sprint(tn.NewOrderID()), Status: "ORDER_SUBMITTED", Body: &testRecord{}})
					return nil
				})
				if err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	for _, s := range []*Durable{a, b} {
		_ = s.View("acme", func(tn *Tenant) error {
			seen := map[string]bool{}
			for _, o := range tn.AllOrders() {
				if seen[o.ID] {
					t.Errorf("order id %s given twice", o.ID)
				}
				seen[o.ID] = true
			}
			if tn.OrderCount() != 1+4*each {
				t.Errorf("%d orders, want %d", tn.OrderCount(), 1+4*each)
			}
			return nil
		})
	}
	if !b.Reset("acme") {
		t.Error("b's reset did not find acme")
	}
	_ = a.View("acme", func(tn *Tenant) error {
		if tn.OrderCount() != 0 {
			t.Errorf("a sees %d orders after b's reset", tn.OrderCount())
		}
		return nil
	})
}

// proxy forwards TCP connections to a target until it is cut, standing
// in for a database that goes away and comes back.
type proxy struct {
	t      testing.TB
	addr   string
	target string
	mu     sync.Mutex // guards ln and conns
	ln     net.Listener
	conns  []net.Conn
}

func newProxy(t testing.TB, target string) *proxy {
	t.Helper()
	p := &proxy{t: t, target: target}
	p.listen("127.0.0.1:0")
	t.Cleanup(p.cut)
	return p
}

func (p *proxy) listen(addr string) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		p.t.Fatal(err)
	}
	p.mu.Lock()
	p.ln, p.addr = ln, ln.Addr().String()
	p.mu.Unlock()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			up, err := net.Dial("tcp", p.target)
			if err != nil {
				c.Close()
				continue
			}
			p.mu.Lock()
			p.conns = append(p.conns, c, up)
			p.mu.Unlock()
			go func() { io.Copy(up, c); up.Close() }() //nolint:errcheck // ends when cut
			go func() { io.Copy(c, up); c.Close() }()  //nolint:errcheck // ends when cut
		}
	}()
}

// cut closes the listener and every connection.
func (p *proxy) cut() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.ln.Close()
	for _, c := range p.conns {
		c.Close()
	}
	p.conns = nil
}

// restore listens again on the same address.
func (p *proxy) restore() { p.listen(p.addr) }

// TestUnavailable: while PostgreSQL is away, Update and View fail with
// ErrUnavailable and nothing half-written is served; when it comes back the
// store works again without a restart, and the tenant is as it was.
func TestUnavailable(t *testing.T) {
	state := storetest.Postgres(t)
	u, err := neturl.Parse(state)
	if err != nil {
		t.Fatal(err)
	}
	px := newProxy(t, u.Host)
	u.Host = px.addr
	d := openDurable(t, u.String())
	add := func() error {
		return d.Update("acme", func(tn *Tenant) error {
			tn.AddOrder(&Order{ID: fmt.Sprint(tn.NewOrderID()), Status: "ORDER_SUBMITTED", Body: &testRecord{}})
			return nil
		})
	}
	if err := add(); err != nil {
		t.Fatal(err)
	}
	px.cut()
	if err := add(); !errors.Is(err, ErrUnavailable) {
		t.Errorf("Update with the database away: %v, want ErrUnavailable", err)
	}
	if err := d.View("acme", func(*Tenant) error { return nil }); !errors.Is(err, ErrUnavailable) {
		t.Errorf("View with the database away: %v, want ErrUnavailable", err)
	}
	px.restore()
	var err2 error
	for range 50 { // the pool drops its broken connections as it meets them
		if err2 = add(); err2 == nil {
			break
		}
	}
	if err2 != nil {
		t.Fatalf("after the database came back: %v", err2)
	}
	if err := d.View("acme", func(tn *Tenant) error {
		if tn.OrderCount() != 2 {
			t.Errorf("%d orders after the outage, want 2 (the one refused is not kept)", tn.OrderCount())
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
}

// TestTooNew: a database written by a newer mobmock is refused.
func TestTooNew(t *testing.T) {
	t.Run("file", func(t *testing.T) {
		state := storetest.File(t)
		d := openDurable(t, state)
		be := d.be.(*boltBackend)
		if err := be.db.Update(func(tx *bolt.Tx) error {
			return tx.Bucket(bucketMeta).Put(keySchema, binary.BigEndian.AppendUint64(nil, boltSchema+1))
		}); err != nil {
			t.Fatal(err)
		}
		d.Close()
		if _, err := Open(state, seedWorld(t), nil, testCodec); !errors.Is(err, ErrTooNew) {
			t.Errorf("Open: %v, want ErrTooNew", err)
		}
	})
	t.Run("postgres", func(t *testing.T) {
		state := storetest.Postgres(t)
		d := openDurable(t, state)
		pg := d.be.(*pgBackend)
		if _, err := pg.pool.Exec(context.Background(), `INSERT INTO mobmock_schema (version) VALUES ($1)`, len(migrations)+1); err != nil {
			t.Fatal(err)
		}
		if err := Migrate(state); !errors.Is(err, ErrTooNew) {
			t.Errorf("Migrate: %v, want ErrTooNew", err)
		}
	})
}

func TestOpenUnreachable(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // nothing listens there now
	if _, err := Open("postgres://root@"+addr+"/test?connect_timeout=2", seedWorld(t), nil, testCodec); !errors.Is(err, ErrUnavailable) {
		t.Errorf("Open of an unreachable database: %v, want ErrUnavailable", err)
	}
}

// TestEviction: with a bound on the tenants held in memory, the tenants
// used longest ago leave memory but nothing is lost: each reads back from
// the database on its next use, and its ids go on where they were.
func TestEviction(t *testing.T) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			d := openDurable(t, b.state(t))
			d.SetLimits(Limits{MaxTenants: 2})
			names := []string{"a", "b", "c", "d", "e"}
			want := map[string][]string{}
			for round := range 3 {
				for _, name := range names {
					err := d.Update(name, func(tn *Tenant) error {
						if tn.OrderCount() != round {
							t.Errorf("round %d: %s has %d orders", round, name, tn.OrderCount())
						}
						id := fmt.Sprint(tn.NewOrderID())
						want[name] = append(want[name], id)
						tn.AddOrder(&Order{ID: id, Status: "ORDER_SUBMITTED", Body: &testRecord{Note: name}})
						return nil
					})
					if err != nil {
						t.Fatal(err)
					}
				}
			}
			d.mu.Lock()
			loaded := len(d.tenants)
			d.mu.Unlock()
			if loaded > 2 {
				t.Errorf("%d tenants in memory, want at most 2", loaded)
			}
			for _, name := range names {
				if err := d.View(name, func(tn *Tenant) error {
					var got []string
					for _, o := range tn.AllOrders() {
						got = append(got, o.ID)
					}
					if !slices.Equal(got, want[name]) {
						t.Errorf("%s: orders %v, want %v", name, got, want[name])
					}
					return nil
				}); err != nil {
					t.Fatal(err)
				}
			}
		})
	}
}
