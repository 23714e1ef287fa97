package store

import (
	"crypto/rand"
	"encoding/binary"
	"maps"
	"slices"
	"sync"

	"github.com/mobmock/mobmock/mock/world"
)

// Memory is the in-memory Store.
type Memory struct {
	ids func() uint64

	// mu guards world and tenants (the map, not the tenants' contents,
	// which each entry's own lock guards).
	world   *world.World
	mu      sync.RWMutex
	tenants map[string]*entry
}

var _ Store = (*Memory)(nil)

type entry struct {
	mu sync.RWMutex // guards t
	t  *Tenant
}

// NewMemory returns an empty in-memory store whose tenants start from w. ids
// supplies the random numbers that pick each tenant's first ids; nil uses
// crypto/rand.
func NewMemory(w *world.World, ids func() uint64) *Memory {
	if ids == nil {
		ids = cryptoRand
	}
	return &Memory{world: w, ids: ids, tenants: map[string]*entry{}}
}

// SetWorld makes tenants created from now on start from w; existing
// tenants keep their state until they are reset.
func (m *Memory) SetWorld(w *world.World) {
	m.mu.Lock()
	m.world = w
	m.mu.Unlock()
}

func cryptoRand() uint64 {
	var b [8]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails on supported platforms
	return binary.LittleEndian.Uint64(b[:])
}

func (m *Memory) entry(name string) *entry {
	m.mu.RLock()
	e, ok := m.tenants[name]
	m.mu.RUnlock()
	if ok {
		return e
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if e, ok = m.tenants[name]; !ok {
		e = &entry{t: newTenant(name, m.world, m.ids)}
		m.tenants[name] = e
	}
	return e
}

// View implements Store.
func (m *Memory) View(tenant string, fn func(*Tenant) error) error {
	e := m.entry(tenant)
	e.mu.RLock()
	defer e.mu.RUnlock()
	return fn(e.t)
}

// Update implements Store.
func (m *Memory) Update(tenant string, fn func(*Tenant) error) error {
	e := m.entry(tenant)
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
	return slices.Sorted(maps.Keys(m.tenants))
}
