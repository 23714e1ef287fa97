package mock

import (
	"fmt"
	"mime"

	"github.com/mobmock/mobmock/mock/internal/op"
)

// adminNoForms refuses a state-changing admin request whose body is of a
// type an HTML form of any site can send without asking (form-encoded,
// multipart, text/plain): with sameOrigin (which checks Origin and
// Sec-Fetch-Site) no page elsewhere can reset the mock. curl and scripts
// send no body or JSON, and are unaffected.
func adminNoForms(next func(*exchange) (op.Result, error)) func(*exchange) (op.Result, error) {
	return func(x *exchange) (op.Result, error) {
		if ct := x.r.Header.Get("Content-Type"); ct != "" {
			mt, _, err := mime.ParseMediaType(ct)
			if err != nil || mt == "application/x-www-form-urlencoded" || mt == "multipart/form-data" || mt == "text/plain" {
				return op.Result{}, op.Fail(op.CodeUnsupportedMedia, fmt.Sprintf("The admin API does not take %q.", ct),
					"Send no body, or Content-Type: application/json; the admin API refuses what an HTML form can send, so that no other site can change the mock.")
			}
		}
		return next(x)
	}
}
