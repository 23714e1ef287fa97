package mock

import (
	"fmt"

	"github.com/getkin/kin-openapi/routers"

	"github.com/mobmock/mobmock/mock/internal/op"
)

// newDevTools sets up what developers expect of a mock beside the contract
// (CORS, fault profiles, overrides). The error says which setting of cfg is
// not usable.
func (s *Server) newDevTools(cfg Config) error {
	var err error
	if s.cors, err = newCORS(cfg.CORS); err != nil {
		return err
	}
	if err := s.checkOperations(cfg.Faults); err != nil {
		return fmt.Errorf("fault profile: %w", err)
	}
	if s.faults, err = newFaults(cfg.Faults, cfg.Latency); err != nil {
		return err
	}
	s.overrides = newOverrides()
	return nil
}

// before runs once an API request is routed and its tenant known, before
// it is checked: Accept negotiation, then the latency and faults that cover
// it. It reports whether the request must go no further, and what to
// answer it with.
func (s *Server) before(x *exchange, route *routers.Route) (op.Result, bool) {
	if !acceptsJSON(x.r) {
		return s.errorResult(x, 406, notAcceptable(x.r), nil), true
	}
	return s.injectFault(x, route)
}

// instead runs once an API request is checked and its body decoded, before
// its handler: an override registered for it, else a forced answer asked for
// with Prefer, answers instead of the mock. It reports whether one did.
func (s *Server) instead(x *exchange, route *routers.Route) (op.Result, bool, error) {
	if res, ok := s.answerOverride(x); ok {
		return res, true, nil
	}
	return s.forceAnswer(x, route)
}

// errorResult is an answer in the error shape of x's API with a status of
// its own, which the codes of op.Error do not decide (an injected 429, a
// 406); the journal records its items as it does an op.Error's.
func (s *Server) errorResult(x *exchange, status int, items []op.Item, header map[string]string) op.Result {
	x.rec.Errors = items
	return op.Result{Status: status, Body: errorBody(x.api, items), Header: header}
}
