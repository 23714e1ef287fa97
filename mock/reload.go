package mock

import (
	"errors"

	"github.com/mobmock/mobmock/mock/world"
)

// SetWorld replaces the seeded world, for mobmock serve --watch: tenants
// created from now on (and tenants reset from now on) start from w; the
// others keep their state. Lookups of the world (catalog, employees,
// people) read w at once, for every tenant. The error says the store cannot
// change its world (one given in Config.Store without a SetWorld method).
func (s *Server) SetWorld(w *world.World) error {
	st, ok := s.store.(interface{ SetWorld(*world.World) })
	if !ok {
		return errors.New("the store keeps the world it was built with: it has no SetWorld method")
	}
	s.worldMu.Lock()
	defer s.worldMu.Unlock()
	st.SetWorld(w)
	s.world = w
	return nil
}
