package schemas

import (
	"io/fs"
	"sync"
	"testing"

	"github.com/mobmock/mobmock/fixtures"
)

// TestPrepare: a fresh set compiles nothing until asked; Prepare compiles an
// API's envelope in both readings and its fast path, while validations of
// both APIs run at the same time and get the answers they would alone.
func TestPrepare(t *testing.T) {
	s, err := New(FS)
	if err != nil {
		t.Fatal(err)
	}
	for _, api := range []API{MOBPROC, Mobile} {
		for _, r := range []reading{s.strict, s.lenient} {
			if _, ok := r.fragments.Load(Envelope(api)); ok {
				t.Fatalf("%s compiled by New", Envelope(api))
			}
		}
	}
	bodies := map[API][]byte{}
	for api, file := range map[API]string{MOBPROC: "documented/mobproc/swap-devices.request.json", Mobile: "documented/mobile/new-line.request.json"} {
		if bodies[api], err = fs.ReadFile(fixtures.FS, file); err != nil {
			t.Fatal(err)
		}
	}
	var wg sync.WaitGroup
	for _, api := range []API{MOBPROC, Mobile} {
		wg.Go(func() {
			if err := s.Prepare(api); err != nil {
				t.Errorf("Prepare(%s): %v", api, err)
			}
		})
		for range 4 {
			wg.Go(func() {
				_, ps, err := s.Check(Envelope(api), bodies[api], Lenient)
				if err != nil {
					t.Errorf("%s: %v", api, err)
				}
				for _, p := range ps {
					if p.Severity == Error {
						t.Errorf("%s: %s: %s", api, p.Pointer, p.Message)
					}
				}
			})
		}
	}
	wg.Wait()
	for _, api := range []API{MOBPROC, Mobile} {
		for _, r := range []reading{s.strict, s.lenient} {
			if _, ok := r.fragments.Load(Envelope(api)); !ok {
				t.Errorf("%s not compiled after Prepare", Envelope(api))
			}
			if e, ok := r.fast.Load(Envelope(api)); !ok || e.(*fastEntry).n == nil {
				t.Errorf("%s has no fast path after Prepare", Envelope(api))
			}
		}
	}
}
