package mock

import (
	"mime"
	"net/http"
	"strconv"
	"strings"

	"github.com/mobmock/mobmock/mock/internal/op"
)

// acceptsJSON reports whether a request's Accept header lets the answer be
// JSON: no header, */*, application/*, application/json or a +json type,
// with a quality above zero.
func acceptsJSON(r *http.Request) bool {
	values := r.Header.Values("Accept")
	if len(values) == 0 || len(values) == 1 && (values[0] == "application/json" || values[0] == "*/*") {
		return true // the usual cases, without parsing
	}
	for _, v := range values {
		for _, part := range strings.Split(v, ",") {
			if strings.TrimSpace(part) == "" {
				continue
			}
			mt, params, err := mime.ParseMediaType(part)
			if err != nil {
				continue
			}
			if q, ok := params["q"]; ok {
				if f, err := strconv.ParseFloat(q, 64); err != nil || f <= 0 {
					continue
				}
			}
			switch {
			case mt == "*/*", mt == "application/*", mt == "application/json", strings.HasSuffix(mt, "+json"):
				return true
			}
		}
	}
	return false
}

// notAcceptable is the error of a request that accepts no JSON (406).
func notAcceptable(r *http.Request) []op.Item {
	return []op.Item{{Code: "not-acceptable", Parameter: "Accept",
		Message: "The API answers only application/json, which the Accept header " + strconv.Quote(r.Header.Get("Accept")) + " does not allow.",
		Hint:    "Send Accept: application/json (or leave the header out)."}}
}
