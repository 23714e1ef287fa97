package mock

import "github.com/getkin/kin-openapi/routers"

// newDevTools sets up what developers expect of a mock beside the contract
// (CORS, fault profiles, overrides). The error says which setting of cfg is
// not usable.
func (s *Server) newDevTools(cfg Config) error {
	var err error
	if s.cors, err = newCORS(cfg.CORS); err != nil {
		return err
	}
	if s.faults, err = newFaults(cfg.Faults, cfg.Latency); err != nil {
		return err
	}
	s.overrides = newOverrides()
	return nil
}

// before runs once an API request is routed and its tenant known, before
// it is checked: Accept negotiation, then the latency and faults that cover
// it. It reports whether it answered (or broke) the request.
func (s *Server) before(c *call, route *routers.Route) bool {
	if !acceptsJSON(c.r) {
		s.writeError(c, notAcceptable(c.r))
		return true
	}
	return s.injectFault(c, route)
}

// instead runs once an API request is checked and its body decoded, before
// its handler: an override registered for it, else a forced answer asked for
// with Prefer, answers instead of the mock. It reports whether one did.
func (s *Server) instead(c *call, route *routers.Route) bool {
	return s.answerOverride(c) || s.forceAnswer(c, route)
}
