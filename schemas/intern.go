package schemas

import "sync/atomic"

// Payloads repeat the same field names request after request. The decoder
// takes them from a small cache instead of allocating each one: a fixed
// table indexed by a hash of the bytes, each slot holding the last string
// that hashed there. (Values are not cached: on unique bodies they missed,
// and each miss cost two allocations; they are slices of one copy of the
// body, see maxShared.)
// A slot is read and written atomically, so decoders in parallel share the
// table without a lock; a miss costs one allocation, as without the cache.
const (
	internSlots  = 4096 // a power of two
	internMaxLen = 24
)

var internTable [internSlots]atomic.Pointer[string]

// intern returns b as a string, from the cache when it holds it.
func intern(b []byte) string {
	if len(b) > internMaxLen {
		return string(b)
	}
	// FNV-1a over the bytes.
	h := uint32(2166136261)
	for _, c := range b {
		h ^= uint32(c)
		h *= 16777619
	}
	slot := &internTable[h&(internSlots-1)]
	if p := slot.Load(); p != nil && *p == string(b) {
		return *p
	}
	s := string(b)
	slot.Store(&s)
	return s
}
