package spec

import (
	"errors"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

// TestBundlesLoadOnFirstUseOnce: a document's bundle is read by the first
// request for its API, once, however many requests arrive at the same time,
// and not before.
func TestBundlesLoadOnFirstUseOnce(t *testing.T) {
	s, err := bundled(FS)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range s.Docs {
		if d.t != nil || d.router != nil {
			t.Fatalf("%s loaded before its first use", d.File)
		}
	}
	mobproc, mobile := s.Docs[0], s.Docs[1]
	if _, _, _, err := s.FindRoute(httptest.NewRequest("GET", "/mobproc/v1/orders/1", nil)); err != nil {
		t.Fatal(err)
	}
	if mobproc.t == nil || mobile.t != nil {
		t.Fatalf("after a MOBPROC request: mobproc loaded %v, mobile loaded %v; want true, false", mobproc.t != nil, mobile.t != nil)
	}
	var wg sync.WaitGroup
	docs := make([]any, 16)
	for i := range docs {
		wg.Go(func() {
			d, route, _, err := s.FindRoute(httptest.NewRequest("GET", "/1/activities/7", nil))
			if err != nil || route == nil || route.Operation.OperationID != "getActivity" {
				t.Errorf("GET /1/activities/7: route %v, error %v", route, err)
				return
			}
			docs[i], _ = d.OpenAPI()
		})
	}
	wg.Wait()
	for i := range docs {
		if docs[i] != docs[0] {
			t.Fatalf("request %d saw another copy of mobile.yaml: loaded more than once", i)
		}
	}
}

// TestDocumentThatDoesNotLoad: a bundle that fails to load makes FindRoute
// say so with ErrUnavailable, never "no such path", on every request.
func TestDocumentThatDoesNotLoad(t *testing.T) {
	s, err := bundled(FS)
	if err != nil {
		t.Fatal(err)
	}
	s.Docs[1].load = func() (*openapi3.T, error) { return nil, errors.New("truncated bundle") }
	for range 2 {
		d, route, _, err := s.FindRoute(httptest.NewRequest("GET", "/1/activities/7", nil))
		if !errors.Is(err, ErrUnavailable) || route != nil || d != s.Docs[1] {
			t.Fatalf("FindRoute = %v, %v, %v; want mobile.yaml, no route, ErrUnavailable", d, route, err)
		}
	}
	if _, _, _, err := s.FindRoute(httptest.NewRequest("GET", "/mobproc/v1/orders/1", nil)); err != nil {
		t.Errorf("the other API is unaffected: %v", err)
	}
}
