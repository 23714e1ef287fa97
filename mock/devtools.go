package mock

// newDevTools sets up what developers expect of a mock beside the contract
// (CORS, fault profiles, overrides). The error says which setting of cfg is
// not usable.
func (s *Server) newDevTools(cfg Config) error {
	var err error
	if s.cors, err = newCORS(cfg.CORS); err != nil {
		return err
	}
	return nil
}
