package mock

import (
	"errors"

	"github.com/mobmock/mobmock/mock/internal/op"
	"github.com/mobmock/mobmock/mock/store"
	"github.com/mobmock/mobmock/mock/world"
)

// SetWorld replaces the seeded world, for mobmock serve --watch: tenants
// created from now on (and tenants reset from now on) start from w, while
// the others keep their state and the world they started from. The error
// says the store cannot change its world (one given in Config.Store
// without a SetWorld method).
func (s *Server) SetWorld(w *world.World) error {
	st, ok := s.store.(interface{ SetWorld(*world.World) })
	if !ok {
		return errors.New("the store keeps the world it was built with: it has no SetWorld method")
	}
	s.worldMu.Lock()
	defer s.worldMu.Unlock()
	if s.byWorld == nil {
		s.byWorld = map[*world.World]map[string]op.Handler{s.world: s.ops}
	}
	if _, ok := s.byWorld[w]; !ok {
		s.byWorld[w] = s.handlersFor(w)
	}
	st.SetWorld(w)
	s.world, s.ops = w, s.byWorld[w]
	return nil
}

// handler returns the handler of an operation for a tenant: over the world
// the tenant started from, once SetWorld has replaced the first one (each
// world a tenant was created from keeps its handlers for as long as the
// server runs).
func (s *Server) handler(tenant, operationID string) op.Handler {
	s.worldMu.RLock()
	ops, reloaded := s.ops, s.byWorld != nil
	s.worldMu.RUnlock()
	if !reloaded || tenant == "" {
		return ops[operationID]
	}
	var w *world.World
	_ = s.store.View(tenant, func(t *store.Tenant) error {
		w = t.World.World
		return nil
	})
	s.worldMu.RLock()
	defer s.worldMu.RUnlock()
	if byWorld, ok := s.byWorld[w]; ok {
		return byWorld[operationID]
	}
	return ops[operationID]
}
