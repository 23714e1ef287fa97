package mocktest_test

import (
	"fmt"
	"net/http"

	"github.com/mobmock/mobmock/mock"
	"github.com/mobmock/mobmock/mock/mocktest"
)

// A client's retry logic is tested against a mock whose order listing is
// unavailable: every GET /orders answers 503 with Retry-After, marked as
// injected.
func ExampleNewServer_faults() {
	profile, err := mock.ParseFaults([]byte(`{"rules": [
		{"operation": "listOrders", "fault": "status", "status": 503, "retryAfter": 2}
	]}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	s, err := mocktest.NewServer(mock.Config{Faults: profile})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer s.Close()

	req, _ := http.NewRequest(http.MethodGet, s.URL+"/mobproc/v1/orders", nil)
	req.Header.Set("X-TNGO-TENANT", "acme")
	req.Header["client_id"] = []string{"example"}
	resp, err := s.Client().Do(req)
	if err != nil {
		fmt.Println(err)
		return
	}
	resp.Body.Close()
	fmt.Println(resp.StatusCode, resp.Header.Get("Retry-After"))
	fmt.Println(resp.Header.Get("X-Mobmock-Fault"))
	// Output:
	// 503 2
	// status (rule 1 of the run's fault profile)
}

// A request asks for a documented answer the state would not produce, as
// with Prism: Prefer: code=NNN.
func ExampleNewServer_prefer() {
	s, err := mocktest.NewServer(mock.Config{})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer s.Close()

	req, _ := http.NewRequest(http.MethodGet, s.URL+"/mobproc/v1/orders/8711660", nil)
	req.Header.Set("X-TNGO-TENANT", "acme")
	req.Header["client_id"] = []string{"example"}
	req.Header.Set("Prefer", "code=404")
	resp, err := s.Client().Do(req)
	if err != nil {
		fmt.Println(err)
		return
	}
	resp.Body.Close()
	fmt.Println(resp.StatusCode, resp.Header.Get("Preference-Applied"))
	// Output:
	// 404 code=404, example=unknown-order
}
