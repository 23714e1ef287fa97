package mock_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"testing"

	"github.com/mobmock/mobmock/fixtures"
	"github.com/mobmock/mobmock/mock"
)

var scale = flag.Int("mobmock.scale", 0, "also run the scale benchmarks with this many stored orders (e.g. 1000000)")

// bench is a mock and a request to send it over and over, in-process: the
// benchmarks measure the handler, not the network.
type bench struct {
	m *mock.Server
	w sink
}

// sink is the benchmarks' ResponseWriter: unlike httptest.ResponseRecorder
// it reuses its body buffer, so that a benchmark does not measure the
// allocation of a new one for each answer.
type sink struct {
	h    http.Header
	code int
	body bytes.Buffer
}

func (s *sink) Header() http.Header { return s.h }

func (s *sink) WriteHeader(code int) {
	if s.code == 0 {
		s.code = code
	}
}

func (s *sink) Write(p []byte) (int, error) {
	s.WriteHeader(http.StatusOK)
	return s.body.Write(p)
}

func newBench(b *testing.B) *bench { return newBenchWith(b, mock.Config{}) }

// newBenchWith is newBench with cfg; a state database it opens is closed
// at the end.
func newBenchWith(b *testing.B, cfg mock.Config) *bench {
	b.Helper()
	// BenchmarkScale stores a million orders in one tenant.
	if cfg.MaxRecordsPerTenant == 0 {
		cfg.MaxRecordsPerTenant = 1 << 30
	}
	m, err := mock.New(cfg)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { m.Close() })
	return &bench{m: m, w: sink{h: http.Header{}}}
}

// do sends one request and returns the answer's body, which is valid until
// the next call.
func (bn *bench) do(b *testing.B, method, path string, body []byte, want int) []byte {
	var r io.Reader // a request without a body has none, as from net/http
	if body != nil {
		r = bytes.NewReader(body)
	}
	req := httptest.NewRequest(method, "http://mock"+path, r)
	req.Header.Set("X-TNGO-TENANT", "bench")
	req.Header.Set("client_id", "bench")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	w := &bn.w
	clear(w.h)
	w.code = 0
	w.body.Reset()
	bn.m.ServeHTTP(w, req)
	if w.code != want {
		b.Fatalf("%s %s: %d %s", method, path, w.code, w.body.Bytes())
	}
	return w.body.Bytes()
}

func documentedBody(b *testing.B, name string) []byte {
	b.Helper()
	v := documented(b, name)
	data, err := json.Marshal(v)
	if err != nil {
		b.Fatal(err)
	}
	return data
}

// BenchmarkConfirm is the documented SWAP_DEVICES confirmation: routing,
// header checks, decoding, validation and the expansion of every id.
func BenchmarkConfirm(b *testing.B) {
	bn := newBench(b)
	body := documentedBody(b, "mobproc/swap-devices.request.json")
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		bn.do(b, "POST", "/mobproc/v1/orders?confirm=true", body, 200)
	}
}

func newActivationBody(b *testing.B) []byte {
	set, err := fixtures.Embedded()
	if err != nil {
		b.Fatal(err)
	}
	c, ok := set.Case("mobproc/new-activation/confirm")
	if !ok {
		b.Fatal("no new-activation case")
	}
	data, _ := json.Marshal(c.Steps[0].Request.Payload)
	return data
}

// BenchmarkSubmit stores a new order each time (NEW_ACTIVATION: no service,
// so orders do not wait on each other).
func BenchmarkSubmit(b *testing.B) {
	bn := newBench(b)
	body := newActivationBody(b)
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		bn.do(b, "POST", "/mobproc/v1/orders", body, 200)
	}
}

// BenchmarkGetOrder reads one stored order by id.
func BenchmarkGetOrder(b *testing.B) {
	bn := newBench(b)
	id := orderID(b, bn.do(b, "POST", "/mobproc/v1/orders", newActivationBody(b), 200))
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		bn.do(b, "GET", "/mobproc/v1/orders/"+id, nil, 200)
	}
}

func orderID(b *testing.B, body []byte) string {
	var r struct {
		Order struct {
			OrderID string `json:"orderId"`
		} `json:"order"`
	}
	if err := json.Unmarshal(body, &r); err != nil || r.Order.OrderID == "" {
		b.Fatalf("no order id: %s", body)
	}
	return r.Order.OrderID
}

// BenchmarkCreateActivity creates the documented New Line activity.
func BenchmarkCreateActivity(b *testing.B) {
	bn := newBench(b)
	body := documentedBody(b, "mobile/new-line.request.json")
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		bn.do(b, "POST", "/1/activities", body, 201)
	}
}

// BenchmarkScale reads an order by id and the first page of the order list
// with 1,000 stored orders, and with -mobmock.scale=N orders too; it reports
// the heap bytes each stored order takes.
func BenchmarkScale(b *testing.B) {
	sizes := []int{1000}
	if *scale > 0 {
		sizes = append(sizes, *scale)
	}
	body := newActivationBody(b)
	for _, n := range sizes {
		bn := newBench(b)
		runtime.GC()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		var id string
		for i := range n {
			answer := bn.do(b, "POST", "/mobproc/v1/orders", body, 200)
			if i == n/2 {
				id = orderID(b, answer)
			}
		}
		runtime.GC()
		runtime.ReadMemStats(&after)
		perOrder := float64(after.HeapAlloc-before.HeapAlloc) / float64(n)
		b.Run(fmt.Sprintf("orders=%d/get", n), func(b *testing.B) {
			b.ReportMetric(perOrder, "heapB/order")
			for range b.N {
				bn.do(b, "GET", "/mobproc/v1/orders/"+id, nil, 200)
			}
		})
		b.Run(fmt.Sprintf("orders=%d/first-page", n), func(b *testing.B) {
			for range b.N {
				bn.do(b, "GET", "/mobproc/v1/orders?limit=25", nil, 200)
			}
		})
		runtime.KeepAlive(bn)
	}
}
