package world

import (
	"encoding/json"
	"fmt"
	"strconv"
)

// Tables of a State, as Change and Apply name them.
const (
	TableServices    = "services"
	TableLines       = "lines"
	TableDevices     = "devices"
	TableMemberships = "memberships"
)

// Change is one record a tenant changed or added, as a durable store keeps
// it: the table, the record's id and the record.
type Change struct {
	Table string
	Key   string
	Value any
}

// Sequences are a State's id counters, which a durable store keeps so that
// a restarted mock hands out the same ids as before.
type Sequences struct {
	Service, Line, Device, Member int64
}

// Track makes the state note every record Put from now on, for
// TakeChanges. The in-memory store never calls it.
func (s *State) Track() {
	s.Services.track = true
	s.Lines.track = true
	s.Devices.track = true
	s.Memberships.track = true
}

// TakeChanges returns the records Put since the last call (each once, its
// latest value) and forgets them.
func (s *State) TakeChanges() []Change {
	var out []Change
	out = take(out, TableServices, s.Services, func(k string) string { return k })
	out = take(out, TableLines, s.Lines, formatID)
	out = take(out, TableDevices, s.Devices, formatID)
	out = take(out, TableMemberships, s.Memberships, formatID)
	return out
}

func formatID(k int64) string { return strconv.FormatInt(k, 10) }

func take[K comparable, V any](out []Change, table string, o *Overlay[K, V], key func(K) string) []Change {
	for _, k := range o.touched {
		out = append(out, Change{Table: table, Key: key(k), Value: o.changed[k]})
	}
	o.touched = o.touched[:0]
	clear(o.touchedSet)
	return out
}

// Apply puts a record a durable store kept (the JSON of a Change's Value)
// back into the state.
func (s *State) Apply(table string, data []byte) error {
	switch table {
	case TableServices:
		return apply(s.Services, data)
	case TableLines:
		return apply(s.Lines, data)
	case TableDevices:
		return apply(s.Devices, data)
	case TableMemberships:
		return apply(s.Memberships, data)
	}
	return fmt.Errorf("unknown world table %q", table)
}

func apply[K comparable, V any](o *Overlay[K, V], data []byte) error {
	var v V
	if err := json.Unmarshal(data, &v); err != nil {
		return fmt.Errorf("decoding a stored world record: %w", err)
	}
	o.Put(v)
	return nil
}

// Sequences returns the state's id counters.
func (s *State) Sequences() Sequences {
	return Sequences{Service: s.nextService, Line: s.nextLine, Device: s.nextDevice, Member: s.nextMember}
}

// SetSequences sets the state's id counters, as Sequences returned them.
func (s *State) SetSequences(q Sequences) {
	s.nextService, s.nextLine, s.nextDevice, s.nextMember = q.Service, q.Line, q.Device, q.Member
}
