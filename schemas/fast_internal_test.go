package schemas

import (
	"encoding/json"
	"io/fs"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v5"

	"github.com/mobmock/mobmock/fixtures"
)

// agreement checks the fast path against jsonschema/v5 on one payload for
// one schema in one reading: when the fast path can tell, it must give
// v5's verdict.
func agreement(t testing.TB, r reading, name string, payload any) {
	t.Helper()
	sch, err := r.schema(name)
	if err != nil {
		t.Fatal(err)
	}
	if !fastable(sch, map[*jsonschema.Schema]bool{}) {
		return
	}
	fast, sure := valid(sch, payload)
	if !sure {
		return
	}
	slow := sch.Validate(payload) == nil
	if fast != slow {
		data, _ := json.Marshal(payload)
		t.Errorf("%s: fast path says valid=%v, jsonschema/v5 says valid=%v, for %s", name, fast, slow, data)
	}
}

// payloads returns every fixture request body and documented example.
func payloads(t testing.TB) []any {
	t.Helper()
	var out []any
	files, _ := fs.Glob(fixtures.FS, "documented/*/*.json")
	for _, f := range files {
		data, _ := fs.ReadFile(fixtures.FS, f)
		v, err := Decode(data)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, v)
	}
	set, err := fixtures.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range set.Cases {
		for _, st := range c.Steps {
			if st.Request.Payload != nil {
				data, _ := json.Marshal(st.Request.Payload)
				v, err := Decode(data)
				if err == nil {
					out = append(out, v)
				}
			}
			if st.Expect.Want != nil {
				data, _ := json.Marshal(st.Expect.Want)
				if v, err := Decode(data); err == nil {
					out = append(out, v)
				}
			}
		}
	}
	return out
}

// TestFastAgreesWithV5: for every fixture payload and documented example,
// against every schema file, in both readings, the fast path and
// jsonschema/v5 reach the same verdict.
func TestFastAgreesWithV5(t *testing.T) {
	s, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	if err := s.CompileAll(); err != nil {
		t.Fatal(err)
	}
	ps := payloads(t)
	for _, name := range s.Files() {
		for _, r := range []reading{s.strict, s.lenient} {
			for _, p := range ps {
				agreement(t, r, name, p)
			}
		}
	}
}

// FuzzFastAgreesWithV5 mutates fixture bodies and checks the fast path and
// jsonschema/v5 agree on the request envelopes in both readings.
func FuzzFastAgreesWithV5(f *testing.F) {
	for _, p := range payloads(f) {
		data, _ := json.Marshal(p)
		f.Add(data)
	}
	s, err := Load()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		v, err := Decode(data)
		if err != nil {
			return
		}
		for _, api := range []API{MOBPROC, Mobile} {
			agreement(t, s.strict, Envelope(api), v)
			agreement(t, s.lenient, Envelope(api), v)
		}
	})
}
