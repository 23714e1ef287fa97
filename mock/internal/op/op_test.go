package op_test

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mobmock/mobmock/mock/internal/op"
	"github.com/mobmock/mobmock/schemas"
)

// TestFindings: problems refuse the request with every one of them and the
// warnings raised beside them; warnings alone refuse nothing.
func TestFindings(t *testing.T) {
	var f op.Findings
	f.Warn("/a", "duplicate", "Shared number.", "MP-21")
	if err := f.Err(); err != nil || !f.Empty() {
		t.Fatalf("warnings alone: %v", err)
	}
	f.Add("unknown-id", "/b", "No such thing.", "Look it up.")
	f.AddItem(op.Item{Code: "unknown-id", Parameter: "X-H", Message: "No such person."})
	var e *op.Error
	if !errors.As(f.Err(), &e) {
		t.Fatalf("Err() = %v, want an *op.Error", f.Err())
	}
	want := &op.Error{
		Items: []op.Item{
			{Code: "unknown-id", Pointer: "/b", Message: "No such thing.", Hint: "Look it up."},
			{Code: "unknown-id", Parameter: "X-H", Message: "No such person."},
		},
		Warnings: []schemas.Problem{{Pointer: "/a", Severity: schemas.Warning, Code: "duplicate", Message: "Shared number.", Discrepancy: "MP-21"}},
	}
	if diff := cmp.Diff(want, e); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestFailAtParam(t *testing.T) {
	got := []op.Item{op.Fail("c", "m", "h").At("/p").Items[0], op.Fail("c", "m", "h").Param("q").Items[0]}
	want := []op.Item{{Code: "c", Message: "m", Hint: "h", Pointer: "/p"}, {Code: "c", Message: "m", Hint: "h", Parameter: "q"}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// TestAdvance: a stored record moves through its states one at a time,
// free-form numbers keep their text, and a record in its last state does
// not move.
func TestAdvance(t *testing.T) {
	type view struct {
		State string `json:"state"`
		Free  any    `json:"free"`
	}
	l := op.Lifecycle{States: []string{"a", "b", "c"}}
	body := json.RawMessage(`{"state":"a","free":{"n":1.50}}`)
	var seen []string
	for range 3 {
		next, moved, err := op.Advance(&l, body, func(v *view, state string) {
			v.State = state
			seen = append(seen, state)
		})
		if err != nil {
			t.Fatal(err)
		}
		if !moved {
			break
		}
		body = next
	}
	if diff := cmp.Diff([]string{"b", "c"}, seen); diff != "" {
		t.Errorf("states (-want +got):\n%s", diff)
	}
	if got, want := string(body), `{"state":"c","free":{"n":1.50}}`; got != want {
		t.Errorf("body %s, want %s", got, want)
	}
	if !l.Done() {
		t.Error("not done in its last state")
	}
}

// TestEncode: stored records are written as they are, everything else as
// encoding/json writes it with HTML characters left alone.
func TestEncode(t *testing.T) {
	tests := []struct {
		name string
		v    any
		want string
	}{
		{"raw", json.RawMessage(`{"a":1}`), `{"a":1}`},
		{"wrapped", op.Wrapped{Pre: `{"order":`, Value: json.RawMessage(`{"a":1}`), Post: `}`}, `{"order":{"a":1}}`},
		{"list", []json.RawMessage{json.RawMessage(`1`), json.RawMessage(`{}`)}, `[1,{}]`},
		{"value", map[string]any{"b": "<&>", "a": []int{1}}, `{"a":[1],"b":"<&>"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := op.Marshal(tt.v)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.want {
				t.Errorf("got %s, want %s", got, tt.want)
			}
		})
	}
}
