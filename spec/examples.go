package spec

import (
	"fmt"
	"sort"
	"strconv"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/mobmock/mobmock/schemas"
)

// Response is a documented response of an operation: its status and its
// named JSON examples.
type Response struct {
	// Status is the documented status.
	Status int
	// Body reports whether the response documents a JSON body.
	Body bool
	// Names lists the examples' names, sorted.
	Names []string
	// Examples maps each example's name to its value.
	Examples map[string]any
}

// documented maps an API and an operationId to its responses, by status.
type documented map[schemas.API]map[string][]Response

// examples loads the YAML documents, which keep the examples the runtime
// bundles leave out, once and on first use.
var examples = sync.OnceValues(func() (documented, error) {
	s, err := New(FS, schemas.FS)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrUnavailable, err)
	}
	out := documented{}
	for _, d := range s.Docs {
		ops := map[string][]Response{}
		for _, item := range d.t.Paths.Map() {
			for _, op := range item.Operations() {
				ops[op.OperationID] = responses(op)
			}
		}
		out[d.API] = ops
	}
	return out, nil
})

func responses(op *openapi3.Operation) []Response {
	var out []Response
	for code, ref := range op.Responses.Map() {
		status, err := strconv.Atoi(code)
		if err != nil || ref.Value == nil {
			continue
		}
		r := Response{Status: status, Examples: map[string]any{}}
		if mt := ref.Value.Content.Get("application/json"); mt != nil {
			r.Body = true
			for name, ex := range mt.Examples {
				if ex != nil && ex.Value != nil {
					r.Examples[name] = ex.Value.Value
					r.Names = append(r.Names, name)
				}
			}
			sort.Strings(r.Names)
		}
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Status < out[j].Status })
	return out
}

// Responses returns the documented responses of the operation operationID of
// api, sorted by status, with their examples (nil for an unknown operation).
// The first call reads the YAML documents, which takes a moment; the error
// is an ErrUnavailable when they do not load, which the package's tests rule
// out for the embedded ones.
func Responses(api schemas.API, operationID string) ([]Response, error) {
	d, err := examples()
	if err != nil {
		return nil, err
	}
	return d[api][operationID], nil
}
