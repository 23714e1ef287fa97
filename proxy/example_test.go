package proxy_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/mobmock/mobmock/mock"
	"github.com/mobmock/mobmock/mock/mocktest"
	"github.com/mobmock/mobmock/proxy"
)

// A proxy in front of the mock: a request with a query parameter the
// contract does not define is forwarded, the mock refuses it, and the
// answer comes back unchanged with the violation in its headers.
func Example() {
	upstream, err := mocktest.NewServer(mock.Config{})
	if err != nil {
		panic(err)
	}
	defer upstream.Close()
	p, err := proxy.New(proxy.Config{Target: upstream.URL})
	if err != nil {
		panic(err)
	}
	srv := httptest.NewServer(p)
	defer srv.Close()

	req, _ := http.NewRequest("GET", srv.URL+"/mobproc/v1/orders?colour=red", nil)
	req.Header["X-TNGO-TENANT"] = []string{"acme"}
	req.Header["client_id"] = []string{"demo"}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		panic(err)
	}
	resp.Body.Close()
	fmt.Println(resp.StatusCode, resp.Header.Get(proxy.HeaderViolations))
	fmt.Println(resp.Header.Get(proxy.HeaderViolation))
	fmt.Print(strings.SplitAfter(p.Report().Summary(), "\n")[1])
	// Output:
	// 400 1
	// request unknown-parameter (colour): The query parameter "colour" is not defined for GET /orders.
	// FAIL GET /mobproc/v1/orders: 1 exchange(s), 1 with violations
}
