package mock_test

import (
	"encoding/json"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/mobmock/mobmock/mock"
	"github.com/mobmock/mobmock/schemas"
)

var fuzzMethods = []string{"GET", "POST", "PUT", "DELETE", "PATCH"}

// FuzzHandler sends arbitrary requests (seeded with every fixture request)
// to one mock: it never answers 5xx and every answer under an API path is
// JSON in that API's error or success shape.
func FuzzHandler(f *testing.F) {
	for _, c := range cases(f).Cases {
		for _, st := range c.Steps {
			var body []byte
			if st.Request.RawBody != nil {
				body = []byte(*st.Request.RawBody)
			} else if st.Request.Payload != nil {
				body, _ = json.Marshal(st.Request.Payload)
			}
			path := st.Request.Path
			if st.Request.Query["confirm"] == "true" {
				path += "?confirm=true"
			}
			m := 0
			for i, x := range fuzzMethods {
				if x == st.Request.Method {
					m = i
				}
			}
			f.Add(uint8(m), path, body)
		}
	}
	m, err := mock.New(mock.Config{Admin: true})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, method uint8, path string, body []byte) {
		if !strings.HasPrefix(path, "/") {
			path = "/" + path
		}
		req := httptest.NewRequest("GET", "http://mock"+"/", strings.NewReader(string(body)))
		req.Method = fuzzMethods[int(method)%len(fuzzMethods)]
		u, err := req.URL.Parse(path)
		if err != nil {
			return
		}
		req.URL, req.RequestURI = u, u.RequestURI()
		req.Header.Set("X-TNGO-TENANT", "fuzz")
		req.Header.Set("client_id", "fuzz")
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		m.ServeHTTP(rec, req)
		if rec.Code >= 500 {
			t.Fatalf("%s %s -> %d: %s", req.Method, path, rec.Code, rec.Body)
		}
		api := strings.HasPrefix(u.Path, "/mobproc/v1/") || strings.HasPrefix(u.Path, "/1/")
		if !api || rec.Body.Len() == 0 {
			return
		}
		if _, err := schemas.Decode(rec.Body.Bytes()); err != nil {
			t.Fatalf("%s %s -> %d with a body that is not JSON: %s", req.Method, path, rec.Code, rec.Body)
		}
		if rec.Code >= 400 && !strings.Contains(rec.Body.String(), `"errors":[`) {
			t.Fatalf("%s %s -> %d without the error shape: %s", req.Method, path, rec.Code, rec.Body)
		}
	})
}
