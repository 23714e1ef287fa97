package proxy

import "testing"

// TestReplaceBase: only whole base URLs are replaced, not another port or
// host that starts the same.
func TestReplaceBase(t *testing.T) {
	const from, to = "http://127.0.0.1:80", "http://proxy:1"
	for _, tt := range []struct{ name, in, want string }{
		{"path in JSON", `{"href":"http://127.0.0.1:80/1/x"}`, `{"href":"http://proxy:1/1/x"}`},
		{"bare base in JSON", `{"href":"http://127.0.0.1:80"}`, `{"href":"http://proxy:1"}`},
		{"Link header", `<http://127.0.0.1:80/1/x?page=2>; rel="next"`, `<http://proxy:1/1/x?page=2>; rel="next"`},
		{"whole value", `http://127.0.0.1:80`, `http://proxy:1`},
		{"longer port", `{"a":"http://127.0.0.1:8080/1/x","b":"http://127.0.0.1:80/1/y"}`, `{"a":"http://127.0.0.1:8080/1/x","b":"http://proxy:1/1/y"}`},
		{"longer host", `http://127.0.0.1:80.example/x`, `http://127.0.0.1:80.example/x`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got, _ := replaceBase([]byte(tt.in), from, to); string(got) != tt.want {
				t.Errorf("got %s, want %s", got, tt.want)
			}
		})
	}
}
