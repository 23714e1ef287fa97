package mock

import (
	"sync"
	"time"

	"github.com/mobmock/mobmock/mock/internal/op"
	"github.com/mobmock/mobmock/schemas"
)

// record is one journal entry: a request and how the mock judged it.
type record struct {
	ID     string    `json:"requestId"`
	Time   time.Time `json:"time"`
	Tenant string    `json:"tenant,omitempty"`
	// NamedTenant is the tenant a request named without a token of it
	// (auth required): it is kept under no tenant, and says which it named.
	NamedTenant string            `json:"namedTenant,omitempty"`
	Method      string            `json:"method"`
	Path        string            `json:"path"`
	Status      int               `json:"status"`
	DurationMS  float64           `json:"durationMs"`
	Errors      []op.Item         `json:"errors,omitempty"`
	Warnings    []schemas.Problem `json:"warnings,omitempty"`
	// Injected says what answered instead of the mock or broke the answer:
	// a fault, an override or a forced answer (see faults.go).
	Injected string `json:"injected,omitempty"`
	// ErrorsOmitted and WarningsOmitted count the problems past the first
	// maxJournalProblems, which the journal does not keep.
	ErrorsOmitted   int `json:"errorsOmitted,omitempty"`
	WarningsOmitted int `json:"warningsOmitted,omitempty"`
	// API, Query, Request and Response are the exchange in full, for the
	// console's Traffic view; only its copies of entries have them (see
	// keep.go).
	API      string   `json:"api,omitempty"`
	Query    string   `json:"query,omitempty"`
	Request  *message `json:"request,omitempty"`
	Response *message `json:"response,omitempty"`

	kept kept // what the full view is made from, kept cheaply (keep.go)
}

// journal keeps the last requests in a ring: what a developer reads when the
// mock said no. It is bounded in entries and in bytes (each entry trimmed,
// the oldest dropped while the total is over budget), so it never grows
// with traffic or with what a request holds.
type journal struct {
	budget int
	// mu guards ring, sizes, next, full and bytes.
	mu    sync.Mutex
	ring  []*record
	sizes []int
	next  int
	full  bool
	bytes int
}

func newJournal(size, budget int) *journal {
	return &journal{ring: make([]*record, size), sizes: make([]int, size), budget: budget}
}

func (j *journal) add(r *record) {
	size := r.trim()
	j.mu.Lock()
	defer j.mu.Unlock()
	j.bytes -= j.sizes[j.next]
	j.ring[j.next], j.sizes[j.next] = r, size
	j.bytes += size
	j.next = (j.next + 1) % len(j.ring)
	if j.next == 0 {
		j.full = true
	}
	// Drop the oldest entries while over budget (never the newest).
	for i := j.next; j.bytes > j.budget; i = (i + 1) % len(j.ring) {
		if i == (j.next-1+len(j.ring))%len(j.ring) {
			break
		}
		j.bytes -= j.sizes[i]
		j.ring[i], j.sizes[i] = nil, 0
	}
}

// last returns up to n entries, newest first, optionally of one tenant.
func (j *journal) last(n int, tenant string) []*record {
	j.mu.Lock()
	defer j.mu.Unlock()
	out := []*record{}
	size := j.next
	if j.full {
		size = len(j.ring)
	}
	for i := 1; i <= size && len(out) < n; i++ {
		r := j.ring[(j.next-i+len(j.ring))%len(j.ring)]
		if r != nil && (tenant == "" || r.Tenant == tenant) {
			out = append(out, r)
		}
	}
	return out
}
