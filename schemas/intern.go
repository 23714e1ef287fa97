package schemas

import "sync/atomic"

// Payloads repeat the same field names request after request. The decoder
// takes them from a small cache instead of allocating each one: a fixed
// table indexed by a hash of the bytes, each slot holding the last string
// that hashed there. A slot is read and written atomically, so decoders in
// parallel share the table without a lock; a miss costs two allocations
// (the string and its slot's pointer) instead of one. Values are not
// cached: on unique bodies they missed more often than not.
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
