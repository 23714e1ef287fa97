package schemas

import (
	"bytes"
	"hash/maphash"
	"sync"
)

// Check decodes a request or response body and validates it against the
// schema name in the given mode: Decode then ValidateFile, with problems
// remembered for bodies seen recently. Validation is a function of the
// bytes alone, and clients (CI jobs, load tests, partners retrying) send the
// same bodies over and over; a body with problems costs a full validation in
// both readings, so it is worth remembering. A body that does not decode
// returns a *SyntaxError; an unknown schema name an error.
func (s *Set) Check(name string, data []byte, mode Mode) (any, []Problem, error) {
	payload, err := Decode(data)
	if err != nil {
		return nil, nil, err
	}
	if ps, ok := s.memo.get(name, mode, data); ok {
		return payload, ps, nil
	}
	ps, err := s.ValidateFile(name, payload, mode)
	if err != nil {
		return nil, nil, err
	}
	if len(ps) > 0 {
		s.memo.put(name, mode, data, ps)
	}
	return payload, ps, nil
}

// memo remembers the problems of recent bodies. It is bounded: at most
// memoSize entries of bodies up to memoMaxBody bytes, evicted oldest first.
type memo struct {
	seed maphash.Seed
	// mu guards entries, order and next.
	mu      sync.Mutex
	entries map[uint64]memoEntry
	order   [memoSize]uint64
	next    int
}

const (
	memoSize    = 256
	memoMaxBody = 16 << 10
)

type memoEntry struct {
	name     string
	mode     Mode
	body     []byte
	problems []Problem
}

func newMemo() *memo { return &memo{seed: maphash.MakeSeed(), entries: map[uint64]memoEntry{}} }

func (m *memo) key(name string, mode Mode, data []byte) uint64 {
	var h maphash.Hash
	h.SetSeed(m.seed)
	h.WriteString(name)
	h.WriteByte(byte(mode))
	h.Write(data)
	return h.Sum64()
}

func (m *memo) get(name string, mode Mode, data []byte) ([]Problem, bool) {
	if len(data) > memoMaxBody {
		return nil, false
	}
	k := m.key(name, mode, data)
	m.mu.Lock()
	e, ok := m.entries[k]
	m.mu.Unlock()
	if !ok || e.name != name || e.mode != mode || !bytes.Equal(e.body, data) {
		return nil, false
	}
	// Callers may change what they get (ApplyRenames does not, but a copy
	// keeps the memo safe whatever they do).
	return append([]Problem(nil), e.problems...), true
}

func (m *memo) put(name string, mode Mode, data []byte, ps []Problem) {
	if len(data) > memoMaxBody {
		return
	}
	k := m.key(name, mode, data)
	e := memoEntry{name: name, mode: mode, body: bytes.Clone(data), problems: append([]Problem(nil), ps...)}
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.entries[k]; ok {
		return
	}
	if old := m.order[m.next]; old != 0 {
		delete(m.entries, old)
	}
	m.order[m.next] = k
	m.next = (m.next + 1) % memoSize
	m.entries[k] = e
}
