package store

import (
	"crypto/rand"
	"encoding/binary"
	"errors"
	"fmt"
	"maps"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/mobmock/mobmock/mock/world"
)

// Memory is the in-memory Store.
type Memory struct {
	ids func() uint64

	// limits bound the tenants; the zero value leaves them unbounded.
	limits Limits

	// mu guards world, pristine and tenants (the map, not the tenants'
	// contents, which each entry's own lock guards).
	world *world.World
	// pristine is the world as the seed has it, which View shows for a
	// tenant without state; nothing changes it (SetWorld replaces it).
	pristine *world.State
	mu       sync.RWMutex
	tenants  map[string]*entry
}

// Limits bound a Memory store.
type Limits struct {
	// MaxTenants is how many tenants may have state at once (0: no bound).
	// A write for a new tenant when there are that many forgets the tenant
	// unused longest, if it has been unused for at least Idle; else the
	// write fails with a *FullError.
	MaxTenants int
	// Idle is how long a tenant must have been unused to be forgotten.
	Idle time.Duration
	// Now is the clock; nil uses time.Now.
	Now func() time.Time
}

// ErrFull is what Update's error wraps when a new tenant would exceed
// Limits.MaxTenants and no tenant has been idle long enough to forget.
var ErrFull = errors.New("the store holds as many tenants as it may")

// FullError is Update's error for ErrFull; Wait is how long until the
// tenant unused longest may be forgotten.
type FullError struct{ Wait time.Duration }

func (e *FullError) Error() string { return fmt.Sprintf("%v; retry in %s", ErrFull, e.Wait) }

// Unwrap returns ErrFull.
func (e *FullError) Unwrap() error { return ErrFull }

// SetLimits bounds the store. Call it before the store is used.
func (m *Memory) SetLimits(l Limits) {
	if l.Now == nil {
		l.Now = time.Now
	}
	m.limits = l
}

func (m *Memory) now() time.Time {
	if m.limits.Now == nil {
		return time.Now()
	}
	return m.limits.Now()
}

var _ Store = (*Memory)(nil)

type entry struct {
	mu sync.RWMutex // guards t
	t  *Tenant
	// used is when the tenant was last used, in Unix nanoseconds; it is
	// set while m.mu is held, so that eviction (under m.mu) sees every use
	// that began before it.
	used atomic.Int64
}

// NewMemory returns an empty in-memory store whose tenants start from w. ids
// supplies the random numbers that pick each tenant's first ids; nil uses
// crypto/rand.
func NewMemory(w *world.World, ids func() uint64) *Memory {
	if ids == nil {
		ids = cryptoRand
	}
	return &Memory{world: w, ids: ids, tenants: map[string]*entry{}, pristine: w.NewState()}
}

// SetWorld makes tenants created from now on start from w; existing
// tenants keep their state until they are reset.
func (m *Memory) SetWorld(w *world.World) {
	pristine := w.NewState()
	m.mu.Lock()
	m.world, m.pristine = w, pristine
	m.mu.Unlock()
}

func cryptoRand() uint64 {
	var b [8]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails on supported platforms
	return binary.LittleEndian.Uint64(b[:])
}

// existing returns the tenant's entry, marked used, or nil.
func (m *Memory) existing(name string) *entry {
	m.mu.RLock()
	defer m.mu.RUnlock()
	e := m.tenants[name]
	if e != nil {
		e.used.Store(m.now().UnixNano())
	}
	return e
}

// entry returns the tenant's entry, creating it (and making room for it)
// when it does not exist.
func (m *Memory) entry(name string) (*entry, error) {
	if e := m.existing(name); e != nil {
		return e, nil
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	now := m.now()
	e, ok := m.tenants[name]
	if !ok {
		if max := m.limits.MaxTenants; max > 0 && len(m.tenants) >= max {
			if err := m.evict(now); err != nil {
				return nil, err
			}
		}
		e = &entry{t: newTenant(name, m.world, m.ids)}
		m.tenants[name] = e
	}
	e.used.Store(now.UnixNano())
	return e, nil
}

// evict forgets the tenant unused longest, if it has been idle long
// enough. m.mu must be held.
func (m *Memory) evict(now time.Time) error {
	var oldest string
	var at int64
	for name, e := range m.tenants {
		if u := e.used.Load(); oldest == "" || u < at {
			oldest, at = name, u
		}
	}
	if idle := now.Sub(time.Unix(0, at)); idle < m.limits.Idle {
		return &FullError{Wait: m.limits.Idle - idle}
	}
	delete(m.tenants, oldest)
	return nil
}

// View implements Store. A tenant without state is seen as it would start,
// from the seed, and is not created: reads never create tenants.
func (m *Memory) View(tenant string, fn func(*Tenant) error) error {
	e := m.existing(tenant)
	if e == nil {
		// A tenant only looked at is the seed as it is: no ids are drawn,
		// nothing is allocated but the Tenant, and the unchanged world is
		// shared (fn must not change it).
		m.mu.RLock()
		pristine := m.pristine
		m.mu.RUnlock()
		return fn(&Tenant{Name: tenant, World: pristine})
	}
	e.mu.RLock()
	defer e.mu.RUnlock()
	return fn(e.t)
}

// Update implements Store. Its error is fn's, or a *FullError when the
// tenant is new and there is no room for it.
func (m *Memory) Update(tenant string, fn func(*Tenant) error) error {
	e, err := m.entry(tenant)
	if err != nil {
		return err
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	return fn(e.t)
}

// Reset implements Store.
func (m *Memory) Reset(tenant string) bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	_, ok := m.tenants[tenant]
	delete(m.tenants, tenant)
	return ok
}

// ResetAll implements Store.
func (m *Memory) ResetAll() {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.tenants = map[string]*entry{}
}

// Tenants implements Store.
func (m *Memory) Tenants() []string {
	m.mu.RLock()
	defer m.mu.RUnlock()
	names := slices.Sorted(maps.Keys(m.tenants))
	if names == nil {
		names = []string{} // listed as [], not null
	}
	return names
}
