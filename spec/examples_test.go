package spec_test

import (
	"testing"

	"github.com/mobmock/mobmock/schemas"
	"github.com/mobmock/mobmock/spec"
)

// TestResponses: the documented responses of an operation come with their
// named examples, sorted; an unknown operation has none.
func TestResponses(t *testing.T) {
	resps, err := spec.Responses(schemas.MOBPROC, "createOrder")
	if err != nil {
		t.Fatal(err)
	}
	var statuses []int
	for i, r := range resps {
		statuses = append(statuses, r.Status)
		if i > 0 && resps[i-1].Status >= r.Status {
			t.Errorf("not sorted by status: %v", statuses)
		}
		if !r.Body || len(r.Names) != len(r.Examples) {
			t.Errorf("%d: body %v, names %v, %d examples", r.Status, r.Body, r.Names, len(r.Examples))
		}
	}
	if len(resps) == 0 || resps[0].Status != 200 || resps[0].Examples["suspend-order"] == nil {
		t.Errorf("createOrder: %v", statuses)
	}
	if r, err := spec.Responses(schemas.Mobile, "noSuchOperation"); err != nil || r != nil {
		t.Errorf("an unknown operation: %v, %v", r, err)
	}
}
