package mock

import (
	"sync"
	"time"

	"github.com/mobmock/mobmock/mock/internal/op"
	"github.com/mobmock/mobmock/schemas"
)

// record is one journal entry: a request and how the mock judged it.
type record struct {
	ID         string            `json:"requestId"`
	Time       time.Time         `json:"time"`
	Tenant     string            `json:"tenant,omitempty"`
	Method     string            `json:"method"`
	Path       string            `json:"path"`
	Status     int               `json:"status"`
	DurationMS float64           `json:"durationMs"`
	Errors     []op.Item         `json:"errors,omitempty"`
	Warnings   []schemas.Problem `json:"warnings,omitempty"`
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
// mock said no. Its size is fixed, so it never grows with traffic.
type journal struct {
	// mu guards ring, next and full.
	mu   sync.Mutex
	ring []*record
	next int
	full bool
}

func newJournal(size int) *journal { return &journal{ring: make([]*record, size)} }

func (j *journal) add(r *record) {
	j.mu.Lock()
	j.ring[j.next] = r
	j.next = (j.next + 1) % len(j.ring)
	if j.next == 0 {
		j.full = true
	}
	j.mu.Unlock()
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
		if tenant == "" || r.Tenant == tenant {
			out = append(out, r)
		}
	}
	return out
}
