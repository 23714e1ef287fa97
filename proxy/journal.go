package proxy

import (
	"encoding/json"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// Entry is one exchange as the journal shows it.
type Entry struct {
	Seq        uint64      `json:"seq"`
	Time       time.Time   `json:"time"`
	Method     string      `json:"method"`
	Path       string      `json:"path"`
	Operation  string      `json:"operation,omitempty"`
	Status     int         `json:"status"`
	DurationMS float64     `json:"durationMs"`
	Violations []Violation `json:"violations"`
	Warnings   []Violation `json:"warnings,omitempty"`
	// LinksRewritten counts the links to the target in the answer that
	// the proxy pointed at itself (Config.KeepLinks).
	LinksRewritten int `json:"linksRewritten,omitempty"`
}

// journal keeps the last exchanges: each one's Entry and, for the
// console's Traffic view, the exchange itself (see console.go).
type journal struct {
	// mu guards ring, next and full.
	mu   sync.Mutex
	ring []slot
	next int
	full bool
}

// slot is one exchange in the journal.
type slot struct {
	entry Entry
	kept  kept
}

func newJournal(size int) *journal { return &journal{ring: make([]slot, size)} }

func (j *journal) add(x *exchange) {
	e := Entry{Seq: x.seq, Time: x.start.UTC(), Method: x.method, Path: x.path, Operation: operationName(x),
		Status: x.status, DurationMS: float64(x.elapsed.Microseconds()) / 1000, Violations: x.violations, Warnings: x.warnings,
		LinksRewritten: x.linksRewritten}
	if e.Violations == nil {
		e.Violations = []Violation{}
	}
	k := keep(x)
	j.mu.Lock()
	defer j.mu.Unlock()
	j.ring[j.next] = slot{entry: e, kept: k}
	j.next = (j.next + 1) % len(j.ring)
	if j.next == 0 {
		j.full = true
	}
}

// last returns up to n entries, newest first; only those with violations
// when failing.
func (j *journal) last(n int, failing bool) []Entry {
	out := []Entry{}
	for _, s := range j.slots(n, func(s *slot) bool { return !failing || len(s.entry.Violations) > 0 }) {
		out = append(out, s.entry)
	}
	return out
}

// slots returns up to n slots, newest first, of those that match.
func (j *journal) slots(n int, match func(*slot) bool) []slot {
	j.mu.Lock()
	defer j.mu.Unlock()
	size := j.next
	if j.full {
		size = len(j.ring)
	}
	out := []slot{}
	for i := 1; i <= size && len(out) < n; i++ {
		s := &j.ring[(j.next-i+len(j.ring))%len(j.ring)]
		if match(s) {
			out = append(out, *s)
		}
	}
	return out
}

// serveOwn answers the proxy's own paths: the console (console.go), GET /__proxy/journal
// [?limit=N&failing=true] lists the last exchanges, newest first, and GET
// /__proxy/report the report so far. Anything else under /__proxy/ is 404.
func (p *Proxy) serveOwn(w http.ResponseWriter, r *http.Request) {
	if isConsolePath(r.URL.Path) {
		p.serveConsole(w, r)
		return
	}
	var body any
	switch r.URL.Path {
	case "/__proxy/journal":
		limit := p.cfg.JournalSize
		if s := r.URL.Query().Get("limit"); s != "" {
			n, err := strconv.Atoi(s)
			if err != nil || n < 1 {
				writeFailure(w, "", failure{http.StatusBadRequest, CodeInvalidParameter, "limit must be a whole number of at least 1.", "For example ?limit=20."}, nil)
				return
			}
			limit = n
		}
		body = map[string]any{"exchanges": p.journal.last(limit, r.URL.Query().Get("failing") == "true")}
	case "/__proxy/report":
		body = p.Report()
	default:
		writeFailure(w, "", failure{http.StatusNotFound, "not-found", "The proxy serves /__proxy/journal and /__proxy/report only.", ""}, nil)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		writeFailure(w, "", failure{http.StatusMethodNotAllowed, CodeMethodNotAllowed, r.Method + " is not supported here; use GET.", ""}, nil)
		return
	}
	writeJSON(w, body)
}

// writeJSON answers 200 with body as indented JSON.
func writeJSON(w http.ResponseWriter, body any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	_ = enc.Encode(body)
}
