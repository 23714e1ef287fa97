package mock

// Bounds of one journal entry, so that the journal's memory is bounded in
// bytes, not only in entries: an answer with 90,000 problems keeps the
// first maxJournalProblems of each kind and a count.
const (
	maxJournalProblems = 20
	maxJournalString   = 2048
)

// trim bounds r in place and returns an estimate of the bytes it holds.
func (r *record) trim() int {
	if n := len(r.Errors); n > maxJournalProblems {
		r.Errors, r.ErrorsOmitted = r.Errors[:maxJournalProblems:maxJournalProblems], n-maxJournalProblems
	}
	if n := len(r.Warnings); n > maxJournalProblems {
		r.Warnings, r.WarningsOmitted = r.Warnings[:maxJournalProblems:maxJournalProblems], n-maxJournalProblems
	}
	size := 256 + len(r.ID) + len(r.Tenant)
	r.Path = clip(r.Path)
	size += len(r.Path)
	r.Errors = append(r.Errors[:0:0], r.Errors...)
	for i := range r.Errors {
		e := &r.Errors[i]
		e.Message, e.Pointer, e.Parameter, e.Hint = clip(e.Message), clip(e.Pointer), clip(e.Parameter), clip(e.Hint)
		size += 64 + len(e.Code) + len(e.Message) + len(e.Pointer) + len(e.Parameter) + len(e.Hint) + len(e.Discrepancy)
	}
	if len(r.Warnings) > 0 {
		// The warnings may share their backing array with the request's
		// own: copy before clipping.
		ws := append(r.Warnings[:0:0], r.Warnings...)
		for i := range ws {
			p := &ws[i]
			p.Message, p.Pointer, p.Hint, p.Canonical = clip(p.Message), clip(p.Pointer), clip(p.Hint), clip(p.Canonical)
			size += 96 + len(p.Message) + len(p.Pointer) + len(p.Hint) + len(p.Code) + len(p.Discrepancy) + len(p.Canonical)
		}
		r.Warnings = ws
	}
	return size
}

// clip bounds a string the journal keeps.
func clip(s string) string {
	if len(s) <= maxJournalString {
		return s
	}
	return s[:maxJournalString-3] + "..."
}
