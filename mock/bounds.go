package mock

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/mobmock/mobmock/mock/internal/op"
)

// Bounds on what one request can make the mock do, keep or send back,
// whatever its body holds.
const (
	// maxValues is how many members and array items a body may hold. The
	// documented payloads hold fewer than 100; a body with tens of
	// thousands would cost the validator seconds and the answer megabytes.
	maxValues = 2_000
	// maxWarningHeaders is how many X-Mobmock-Warning headers an answer
	// carries; one more says how many were left out.
	maxWarningHeaders = 5
	// maxHeaderValue is the longest X-Mobmock-Warning value, in bytes.
	maxHeaderValue = 2048
	// maxErrorItems is how many errors an error answer lists; one more
	// says how many were left out.
	maxErrorItems = 100
)

// countValues counts the members and array items of a JSON text (its
// colons, commas and opening brackets outside strings): an upper bound on
// the work validating it takes, found without decoding it.
func countValues(data []byte) int {
	n := 0
	for i := 0; i < len(data); i++ {
		switch data[i] {
		case ':', ',', '[':
			n++
		case '"':
			// Skip the string: to its closing quote, past escapes.
			for i++; i < len(data) && data[i] != '"'; i++ {
				if data[i] == '\\' {
					i++
				}
			}
		}
	}
	return n
}

// tooManyValues is the 400 for a body over maxValues.
func tooManyValues(n int) *op.Error {
	return op.Fail(codeTooManyValues, fmt.Sprintf("The body holds about %d members and array items; the mock reads at most %d.", n, maxValues),
		"Send one order or activity; the documented payloads hold fewer than 100 members and items.")
}

// Codes of the bounds on one request (package op has the codes handlers
// use).
const (
	codeTooManyValues   = "too-many-values"
	codeTooManyProblems = "too-many-problems"
	codeBodyTimeout     = "body-timeout"
)

// boundWarnings keeps the first maxWarningHeaders X-Mobmock-Warning
// headers, each at most maxHeaderValue bytes, and replaces the rest with
// one that counts them and says where the warnings are kept.
func boundWarnings(h http.Header) {
	ws := h["X-Mobmock-Warning"]
	for i, v := range ws {
		if len(v) > maxHeaderValue {
			ws[i] = v[:maxHeaderValue-3] + "..."
		}
	}
	if len(ws) <= maxWarningHeaders {
		return
	}
	more := len(ws) - maxWarningHeaders
	h["X-Mobmock-Warning"] = append(ws[:maxWarningHeaders:maxWarningHeaders],
		fmt.Sprintf("%d more warnings; GET /__admin/journal keeps the first %d of this request (X-Request-Id %s)",
			more, maxJournalProblems, h.Get("X-Request-Id")))
}

// boundItems keeps the first maxErrorItems errors of an answer and adds
// one that counts the rest.
func boundItems(items []op.Item) []op.Item {
	if len(items) <= maxErrorItems {
		return items
	}
	more := len(items) - maxErrorItems
	return append(items[:maxErrorItems:maxErrorItems], op.Item{Code: codeTooManyProblems,
		Message: strconv.Itoa(more) + " more problems are not listed.", Hint: "Fix the problems above and send the request again."})
}
