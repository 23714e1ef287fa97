package world

import (
	"slices"
	"strconv"
)

// State is one tenant's view of a World: the shared, immutable records plus
// the tenant's own changes and additions. Records returned by Get must not be
// modified: copy them (Clone methods), change the copy and Put it.
//
// A State is not safe for concurrent use; its owner serialises access.
type State struct {
	World       *World
	Services    *Overlay[string, *Service]
	Lines       *Overlay[int64, *Line]
	Devices     *Overlay[int64, *MobileDevice]
	Memberships *Overlay[int64, *ProgramMembership]

	nextService int64
	nextLine    int64
	nextDevice  int64
	nextMember  int64
}

// NewState returns a tenant's fresh view of w, with no changes.
func (w *World) NewState() *State {
	return &State{
		World:       w,
		Services:    newOverlay(w.Services, func(s *Service) string { return s.ID }),
		Lines:       newOverlay(w.Lines, func(l *Line) int64 { return l.ID }),
		Devices:     newOverlay(w.Devices, func(d *MobileDevice) int64 { return d.ID }),
		Memberships: newOverlay(w.Memberships, func(m *ProgramMembership) int64 { return m.ID }),
		nextService: 48000000,
		nextLine:    900000,
		nextDevice:  910000,
		nextMember:  20000,
	}
}

// NewServiceID returns an id for a service the tenant creates.
func (s *State) NewServiceID() string {
	for {
		s.nextService++
		id := strconv.FormatInt(s.nextService, 10)
		if _, taken := s.Services.Get(id); !taken {
			return id
		}
	}
}

// NewLineID returns an id for a line the tenant creates.
func (s *State) NewLineID() int64 { return nextFree(&s.nextLine, s.Lines) }

// NewDeviceID returns an id for a device the tenant creates.
func (s *State) NewDeviceID() int64 { return nextFree(&s.nextDevice, s.Devices) }

// NewMembershipID returns an id for a program membership the tenant creates.
func (s *State) NewMembershipID() int64 { return nextFree(&s.nextMember, s.Memberships) }

func nextFree[V any](n *int64, o *Overlay[int64, V]) int64 {
	for {
		*n++
		if _, taken := o.Get(*n); !taken {
			return *n
		}
	}
}

// Overlay is a table of records a tenant may change: reads fall through to
// the shared table, writes stay with the tenant.
type Overlay[K comparable, V any] struct {
	base    *Table[K, V]
	key     func(V) K
	changed map[K]V
	added   []K

	// track, set by State.Track, makes Put note keys in touched (once
	// each, touchedSet) for TakeChanges.
	track      bool
	touched    []K
	touchedSet map[K]struct{}
}

func newOverlay[K comparable, V any](base *Table[K, V], key func(V) K) *Overlay[K, V] {
	return &Overlay[K, V]{base: base, key: key}
}

// Get returns the tenant's current record with id k.
func (o *Overlay[K, V]) Get(k K) (V, bool) {
	if v, ok := o.changed[k]; ok {
		return v, true
	}
	return o.base.Get(k)
}

// Put stores v as the tenant's record, adding it if it is new.
func (o *Overlay[K, V]) Put(v V) {
	k := o.key(v)
	if o.changed == nil {
		o.changed = map[K]V{}
	}
	_, known := o.changed[k]
	if _, inBase := o.base.Get(k); !inBase && !known {
		o.added = append(o.added, k)
	}
	o.changed[k] = v
	if o.track {
		if o.touchedSet == nil {
			o.touchedSet = map[K]struct{}{}
		}
		if _, seen := o.touchedSet[k]; !seen {
			o.touchedSet[k] = struct{}{}
			o.touched = append(o.touched, k)
		}
	}
}

// IDs lists the ids in listing order: the shared records, then the tenant's
// additions in the order they were made.
func (o *Overlay[K, V]) IDs() []K {
	if len(o.added) == 0 {
		return o.base.IDs()
	}
	return append(slices.Clip(o.base.IDs()), o.added...)
}

// Len is the number of records.
func (o *Overlay[K, V]) Len() int { return o.base.Len() + len(o.added) }

// Changed returns the records the tenant changed or added, in listing order.
func (o *Overlay[K, V]) Changed() []V {
	var out []V
	for _, k := range o.IDs() {
		if v, ok := o.changed[k]; ok {
			out = append(out, v)
		}
	}
	return out
}

// Clone returns a copy of the service that can be changed and Put.
func (s *Service) Clone() *Service {
	c := *s
	c.FeatureIDs = slices.Clone(s.FeatureIDs)
	return &c
}

// Clone returns a copy of the line that can be changed and Put.
func (l *Line) Clone() *Line {
	c := *l
	c.FeatureIDs = slices.Clone(l.FeatureIDs)
	if l.DeviceID != nil {
		d := *l.DeviceID
		c.DeviceID = &d
	}
	return &c
}

// Clone returns a copy of the device that can be changed and Put.
func (d *MobileDevice) Clone() *MobileDevice {
	c := *d
	if d.LineID != nil {
		l := *d.LineID
		c.LineID = &l
	}
	return &c
}

// Clone returns a copy of the membership that can be changed and Put.
func (m *ProgramMembership) Clone() *ProgramMembership {
	c := *m
	if m.DeviceID != nil {
		d := *m.DeviceID
		c.DeviceID = &d
	}
	return &c
}

// ServiceWithSerial returns the tenant's service whose device has the given
// serial number (compared without spaces, in any case), if any.
func (s *State) ServiceWithSerial(serial string) (*Service, bool) {
	want := NormalizeSerial(serial)
	if want == "" {
		return nil, false
	}
	// Services the tenant changed or added may have new devices.
	for _, svc := range s.Services.changed {
		if NormalizeSerial(svc.Device.SerialNumber.Value) == want {
			return svc, true
		}
	}
	id, ok := s.World.serviceBySerial[want]
	if !ok {
		return nil, false
	}
	if _, changed := s.Services.changed[id]; changed {
		return nil, false // its device changed: it no longer has this one
	}
	return s.World.Services.Get(id)
}
