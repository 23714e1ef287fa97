package mock

func (s *Server) registerMOBPROCLookups() {}

func (s *Server) registerMobileLookups() {}
