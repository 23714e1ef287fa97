package mock

import (
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/routers"

	"github.com/mobmock/mobmock/mock/internal/op"
	"github.com/mobmock/mobmock/schemas"
	"github.com/mobmock/mobmock/spec"
)

// preferences are the Prefer header's forced-answer preferences (RFC 7240),
// like Prism's: code=NNN and example=NAME.
type preferences struct {
	code, example string
}

func parsePrefer(values []string) preferences {
	var p preferences
	for _, v := range values {
		for _, pref := range strings.Split(v, ",") {
			pref, _, _ = strings.Cut(pref, ";") // parameters of a preference are not used
			k, val, _ := strings.Cut(strings.TrimSpace(pref), "=")
			val = strings.Trim(strings.TrimSpace(val), `"`)
			switch strings.ToLower(strings.TrimSpace(k)) {
			case "code":
				p.code = val
			case "example":
				p.example = val
			}
		}
	}
	return p
}

// forceAnswer answers a request that asks for a documented response with
// Prefer: code=NNN and/or example=NAME, instead of the mock's own answer:
// the contract's example, or for an error without one an answer in the
// error shape. It never changes state. It reports whether it answered.
func (s *Server) forceAnswer(x *exchange, route *routers.Route) (op.Result, bool, error) {
	p := parsePrefer(x.r.Header.Values("Prefer"))
	if p.code == "" && p.example == "" {
		return op.Result{}, false, nil
	}
	o := route.Operation
	resps, err := spec.Responses(schemas.API(x.api), o.OperationID)
	if err != nil {
		s.log.Error("reading the contract's examples", slog.String("error", err.Error()))
		return op.Result{}, true, op.Fail(op.CodeInternal, "The mock cannot read the examples of its contract; this is a bug in mobmock.", "Report it with the request id "+x.id+".")
	}
	resp, name, e := pickResponse(resps, p, o.OperationID)
	if e != nil {
		return op.Result{}, true, e
	}
	applied := "code=" + strconv.Itoa(resp.Status)
	if name != "" {
		applied += ", example=" + name
	}
	header := map[string]string{"Preference-Applied": applied}
	x.w.Header().Add("Vary", "Prefer") // beside CORS's Vary: Origin
	x.rec.Injected = "forced: " + applied
	switch resp.Status {
	case http.StatusUnauthorized:
		header["WWW-Authenticate"] = `Bearer realm="mobmock"`
	case http.StatusTooManyRequests, http.StatusServiceUnavailable:
		header["Retry-After"] = "1"
	}
	switch {
	case name != "":
		return op.Result{Status: resp.Status, Body: resp.Examples[name], Header: header}, true, nil
	case resp.Status >= 400:
		return s.errorResult(x, resp.Status, []op.Item{{Code: forcedCode(resp.Status),
			Message: fmt.Sprintf("A forced %d: the contract documents it for %s without an example, so this error is mobmock's.", resp.Status, o.OperationID),
			Hint:    "Remove the Prefer header to get the mock's own answer."}}, header), true, nil
	}
	return op.Result{Status: resp.Status, Header: header}, true, nil
}

// pickResponse finds the documented response and example a Prefer header
// asks for, or the 400 that says why there is none.
func pickResponse(resps []spec.Response, p preferences, opID string) (spec.Response, string, *op.Error) {
	var statuses []string
	for _, r := range resps {
		statuses = append(statuses, strconv.Itoa(r.Status))
	}
	documented := "The contract documents " + strings.Join(statuses, ", ") + " for " + opID + "."
	refuse := func(hint, format string, args ...any) (spec.Response, string, *op.Error) {
		return spec.Response{}, "", op.Fail(op.CodeInvalidParameter, fmt.Sprintf(format, args...), hint).Param("Prefer")
	}
	candidates := resps
	if p.code != "" {
		n, err := strconv.Atoi(p.code)
		if err != nil || n < 100 || n > 599 {
			return refuse(documented, "Prefer: code=%s is not an HTTP status.", p.code)
		}
		i := slices.IndexFunc(resps, func(r spec.Response) bool { return r.Status == n })
		if i < 0 {
			return refuse(documented+" Ask for one of those.", "The contract documents no %d response for %s.", n, opID)
		}
		candidates = resps[i : i+1]
	}
	if p.example != "" {
		var names []string
		for _, r := range candidates {
			if _, ok := r.Examples[p.example]; ok {
				return r, p.example, nil
			}
			for _, name := range r.Names {
				names = append(names, fmt.Sprintf("%s (%d)", name, r.Status))
			}
		}
		hint := "There are no named examples to choose from."
		if len(names) > 0 {
			hint = "Choose one of: " + strings.Join(names, ", ") + "."
		}
		return refuse(hint, "The contract has no example %q for this answer of %s.", p.example, opID)
	}
	r := candidates[0]
	switch {
	case len(r.Names) > 0:
		return r, r.Names[0], nil
	case r.Body && r.Status < 400:
		return refuse(documented, "The contract documents a %d for %s, but no example of it to answer with.", r.Status, opID)
	}
	return r, "", nil
}

// forcedCode is the error code of a forced error status without an example.
func forcedCode(status int) string {
	for _, code := range []string{op.CodeUnauthorized, op.CodeForbidden, op.CodeNotFound, op.CodeMethodNotAllowed, op.CodeUnsupportedMedia,
		op.CodeBodyTooLarge, op.CodeWrongState, op.CodeUnknownID, op.CodeNotImplemented, op.CodeOverloaded, op.CodeInternal} {
		if statusFor(code) == status {
			return code
		}
	}
	return "invalid"
}
