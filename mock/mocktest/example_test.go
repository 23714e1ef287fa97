package mocktest_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"strings"

	"github.com/mobmock/mobmock/mock"
	"github.com/mobmock/mobmock/mock/mocktest"
)

// A client under test asks the mock to confirm the documented SUSPEND order.
// The confirmation expands each id into the record it names.
func Example() {
	s, err := mocktest.NewServer(mock.Config{})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer s.Close()

	body, err := os.ReadFile("../../fixtures/documented/mobproc/suspend.request.json")
	if err != nil {
		fmt.Println(err)
		return
	}
	req, _ := http.NewRequest(http.MethodPost, s.URL+"/mobproc/v1/orders?confirm=true", strings.NewReader(string(body)))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-TNGO-TENANT", "acme")
	req.Header["client_id"] = []string{"example"}
	resp, err := s.Client().Do(req)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer resp.Body.Close()

	var answer struct {
		OrderConfirmation struct {
			AccountHolder struct{ FirstName, LastName string }
			Device        struct{ Model string }
		}
	}
	if err := json.NewDecoder(resp.Body).Decode(&answer); err != nil {
		fmt.Println(err)
		return
	}
	c := answer.OrderConfirmation
	fmt.Println(resp.StatusCode)
	fmt.Println(c.AccountHolder.FirstName, c.AccountHolder.LastName)
	fmt.Println(c.Device.Model)
	// Output:
	// 200
	// Peter Edwards
	// iPhone 6 Plus (16GB) gold
}

// Start ties the mock to a test: it fails the test if the mock cannot start
// and closes it when the test ends. Each tenant gets its own copy of the
// seeded world, so parallel tests that use different tenants do not meet.
func ExampleStart() {
	// In a test function:
	//
	//	s := mocktest.Start(t, mock.Config{Strict: true})
	//	client := NewOrdersClient(s.URL+"/mobproc/v1", s.Client())
}
