package mock_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mobmock/mobmock/mock"
	"github.com/mobmock/mobmock/schemas"
	"github.com/mobmock/mobmock/spec"
)

// TestForcedAnswers: Prefer: code=NNN and example=NAME answer the
// contract's documented response, say so in Preference-Applied and the
// journal, change nothing, and an undocumented status or unknown example is
// a 400 about the Prefer header.
func TestForcedAnswers(t *testing.T) {
	s := devServer(t, mock.Config{})
	example := func(api schemas.API, op string, status int, name string) any {
		t.Helper()
		resps, err := spec.Responses(api, op)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range resps {
			if r.Status == status {
				return r.Examples[name]
			}
		}
		t.Fatalf("%s has no %d", op, status)
		return nil
	}
	suspend := devFixture(t, "mobproc/suspend.request.json")
	tests := []struct {
		name, method, path, prefer string
		body                       []byte
		want                       int
		applied                    string
		wantBody                   any    // the contract's example, when one is answered
		wantError                  string // the error code, when not
	}{
		{name: "a status picks its first example", method: "POST", path: "/mobproc/v1/orders?confirm=true", body: suspend, prefer: "code=422",
			want: 422, applied: "code=422, example=device-mismatch", wantBody: example(schemas.MOBPROC, "createOrder", 422, "device-mismatch")},
		{name: "a named example picks its status", method: "POST", path: "/mobproc/v1/orders", body: suspend, prefer: "example=wrong-state",
			want: 409, applied: "code=409, example=wrong-state", wantBody: example(schemas.MOBPROC, "createOrder", 409, "wrong-state")},
		{name: "a success example of a submission", method: "POST", path: "/mobproc/v1/orders", body: suspend, prefer: `code=200, example="suspend-order"`,
			want: 200, applied: "code=200, example=suspend-order", wantBody: example(schemas.MOBPROC, "createOrder", 200, "suspend-order")},
		{name: "Mobile", method: "GET", path: "/1/activities/4000001", prefer: "code=200",
			want: 200, applied: "code=200, example=new-line", wantBody: example(schemas.Mobile, "getActivity", 200, "new-line")},
		{name: "an undocumented status", method: "GET", path: "/mobproc/v1/orders", prefer: "code=418", want: 400, wantError: "invalid-parameter"},
		{name: "not a status", method: "GET", path: "/mobproc/v1/orders", prefer: "code=soon", want: 400, wantError: "invalid-parameter"},
		{name: "an unknown example", method: "GET", path: "/1/activities", prefer: "example=nope", want: 400, wantError: "invalid-parameter"},
		{name: "a status and an example of another status", method: "POST", path: "/mobproc/v1/orders", body: suspend,
			prefer: "code=422, example=wrong-state", want: 400, wantError: "invalid-parameter"},
		{name: "other preferences are ignored", method: "GET", path: "/mobproc/v1/orders", prefer: "return=minimal", want: 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := devReq(t, tt.method, s.URL+tt.path, "forced", tt.body)
			req.Header.Set("Prefer", tt.prefer)
			a := devDo(t, s.Client(), req)
			if a.status != tt.want {
				t.Fatalf("status %d, want %d: %s", a.status, tt.want, a.body)
			}
			if got := a.header.Get("Preference-Applied"); got != tt.applied {
				t.Errorf("Preference-Applied %q, want %q", got, tt.applied)
			}
			switch {
			case tt.wantBody != nil:
				var got any
				if err := json.Unmarshal(a.body, &got); err != nil {
					t.Fatal(err)
				}
				want, _ := json.Marshal(tt.wantBody)
				var w any
				_ = json.Unmarshal(want, &w)
				if d := cmp.Diff(w, got); d != "" {
					t.Errorf("the answer is not the contract's example (-want +got):\n%s", d)
				}
			case tt.wantError != "":
				if e := a.firstError(t); e["code"] != tt.wantError || e["parameter"] != "Prefer" {
					t.Errorf("error %v, want %s about Prefer", e, tt.wantError)
				}
			}
		})
	}
	// Nothing was stored by the forced submissions.
	list := devDo(t, s.Client(), devReq(t, "GET", s.URL+"/mobproc/v1/orders", "forced", nil))
	if items := list.json(t)["orders"].(map[string]any)["items"].([]any); len(items) != 0 {
		t.Errorf("forced answers stored %d orders", len(items))
	}
	if j := journalInjected(t, s, "forced"); !hasPrefixIn(j, "forced: code=409, example=wrong-state") {
		t.Errorf("the journal does not mark the forced answers: %q", j)
	}
}

// TestForcedUndocumentedStatusSaysWhatIs: the 400 for an undocumented
// status lists the documented ones.
func TestForcedUndocumentedStatusSaysWhatIs(t *testing.T) {
	s := devServer(t, mock.Config{})
	req := devReq(t, "GET", s.URL+"/mobproc/v1/orders/8711660", "acme", nil)
	req.Header.Set("Prefer", "code=201")
	e := devDo(t, s.Client(), req).firstError(t)
	if msg := e["message"].(string); !strings.Contains(msg, "no 201") || !strings.Contains(msg, "getOrder") {
		t.Errorf("message %q", msg)
	}
	if hint := e["hint"].(string); !strings.Contains(hint, "200, 400, 401, 403, 404") {
		t.Errorf("hint %q does not list the documented statuses", hint)
	}
}
