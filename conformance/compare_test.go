package conformance_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mobmock/mobmock/conformance"
	"github.com/mobmock/mobmock/fixtures"
	"github.com/mobmock/mobmock/schemas"
)

func TestCompare(t *testing.T) {
	vars := fixtures.Vars{"orderId": "8712220"}
	tests := []struct {
		name, want, got string
		rules           []fixtures.Rule
		exact           bool
		diffs           []conformance.Diff
	}{
		{name: "subset: extra fields are fine", want: `{"a": 1}`, got: `{"a": 1, "b": 2}`},
		{name: "exact: extra fields are not", want: `{"a": 1}`, got: `{"a": 1, "b": 2}`, exact: true,
			diffs: []conformance.Diff{{Pointer: "/b", Got: "2", Reason: "not expected"}}},
		{name: "missing field", want: `{"a": {"b": "x"}}`, got: `{"a": {}}`,
			diffs: []conformance.Diff{{Pointer: "/a/b", Want: `"x"`, Reason: "missing"}}},
		{name: "list length", want: `{"l": [1, 2]}`, got: `{"l": [1]}`,
			diffs: []conformance.Diff{{Pointer: "/l", Reason: "expected 2 item(s), got 1"}}},
		{name: "id rule", want: `{"id": "8712220"}`, got: `{"id": "999"}`, rules: []fixtures.Rule{{Path: "/id", Match: "id"}}},
		{name: "id rule refuses an empty id", want: `{"id": "1"}`, got: `{"id": ""}`, rules: []fixtures.Rule{{Path: "/id", Match: "id"}},
			diffs: []conformance.Diff{{Pointer: "/id", Got: `""`, Reason: "expected an id"}}},
		{name: "datetime rule", want: `{"t": "2016-02-01T15:18:41Z"}`, got: `{"t": "2026-11-23T09:00:00+00:00"}`, rules: []fixtures.Rule{{Path: "/t", Match: "datetime"}}},
		{name: "link rule ignores the host", want: `{"_meta": {"href": "https://prod.example/mobproc/v1/x"}}`, got: `{"_meta": {"href": "http://127.0.0.1:1/mobproc/v1/x"}}`,
			rules: []fixtures.Rule{{Path: "/**/href", Match: "link"}}},
		{name: "link pattern with a captured id", want: `{"h": "x"}`, got: `{"h": "http://h/mobproc/v1/orders/8712220"}`,
			rules: []fixtures.Rule{{Path: "/h", Match: "link", Pattern: "/mobproc/v1/orders/{{orderId}}"}}},
		{name: "link path differs", want: `{"h": "https://a/x"}`, got: `{"h": "https://b/y"}`, rules: []fixtures.Rule{{Path: "/h", Match: "link"}},
			diffs: []conformance.Diff{{Pointer: "/h", Want: `"/x"`, Got: `"/y"`, Reason: "link path differs (the host is not compared)"}}},
		{name: "number rule takes numeric strings", want: `{"n": 6499}`, got: `{"n": "6499.0"}`, rules: []fixtures.Rule{{Path: "/n", Match: "number"}}},
		{name: "unordered", want: `{"l": [1, 2, 3]}`, got: `{"l": [3, 1, 2]}`, rules: []fixtures.Rule{{Path: "/l", Match: "unordered"}}},
		{name: "unordered still needs every item", want: `{"l": [1, 2]}`, got: `{"l": [2, 2]}`, rules: []fixtures.Rule{{Path: "/l", Match: "unordered"}},
			diffs: []conformance.Diff{{Pointer: "/l/0", Want: "1", Reason: "no item in the list matches the expected one"}}},
		{name: "variables in expected strings", want: `{"id": "{{orderId}}"}`, got: `{"id": "8712220"}`},
		{name: "ignore still needs the field", want: `{"x": 1}`, got: `{}`, rules: []fixtures.Rule{{Path: "/x", Match: "ignore"}},
			diffs: []conformance.Diff{{Pointer: "/x", Want: "1", Reason: "missing (a ignore value is expected)"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want, err := schemas.Decode([]byte(tt.want))
			if err != nil {
				t.Fatal(err)
			}
			got, err := schemas.Decode([]byte(tt.got))
			if err != nil {
				t.Fatal(err)
			}
			diffs := conformance.Compare(want, got, tt.rules, vars, tt.exact)
			if d := cmp.Diff(tt.diffs, diffs); d != "" {
				t.Errorf("diffs (-want +got):\n%s", d)
			}
		})
	}
}
