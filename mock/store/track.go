package store

import (
	"slices"
	"time"
)

// tracker notes what a durable store's tenant changed since its last
// commit, and every record's pending lifecycle steps (which a durable
// store keeps with the record).
type tracker struct {
	meta    bool                   // an id counter moved
	records map[recKey]struct{}    // records added or changed
	due     map[recKey][]time.Time // pending steps by record, always complete
}

type recKey struct {
	kind Kind
	id   string
}

func newTracker() *tracker {
	return &tracker{records: map[recKey]struct{}{}, due: map[recKey][]time.Time{}}
}

func (t *Tenant) touch(kind Kind, id string) {
	if t.track != nil {
		t.track.records[recKey{kind, id}] = struct{}{}
	}
}

func (t *Tenant) touchMeta() {
	if t.track != nil {
		t.track.meta = true
	}
}

// noteDue records that step d was scheduled (add) or taken off the heap.
func (t *Tenant) noteDue(d Due, add bool) {
	if t.track == nil {
		return
	}
	k := recKey{d.Kind, d.ID}
	t.track.records[k] = struct{}{}
	list := t.track.due[k]
	if add {
		t.track.due[k] = append(list, d.At)
		return
	}
	if i := slices.IndexFunc(list, d.At.Equal); i >= 0 {
		list = slices.Delete(list, i, i+1)
	}
	if len(list) == 0 {
		delete(t.track.due, k)
	} else {
		t.track.due[k] = list
	}
}

func (t *Tenant) dropDue(kind Kind, id string) {
	if t.track == nil {
		return
	}
	k := recKey{kind, id}
	t.track.records[k] = struct{}{}
	delete(t.track.due, k)
}
