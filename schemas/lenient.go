package schemas

import "github.com/mobmock/mobmock/internal/jsonpatch"

// LenientDocument returns a copy of schema file name ("mobile/common.json")
// as the lenient reading has it: the register's relaxations applied and
// every "additionalProperties": false dropped. Tools that publish the
// lenient reading (internal/publish) read it here, so that the published
// documents and the validator cannot derive it two ways. The copy is the
// caller's to change; it reports false when name is not a schema file.
func (s *Set) LenientDocument(name string) (any, bool) {
	doc, ok := s.lenient.docs()[name]
	if !ok {
		return nil, false
	}
	return jsonpatch.Clone(doc), true
}
