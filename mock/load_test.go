package mock_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"sort"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mobmock/mobmock/mock"
)

var (
	loadFor     = flag.Duration("mobmock.load", 0, "run the load test for this long (e.g. 60s); 0 skips it")
	loadClients = flag.Int("mobmock.clients", 64, "concurrent clients of the load test")
)

// TestLoad runs N concurrent clients for T seconds of mixed confirmations,
// submissions, reads and activity creations against a real listener, then
// checks that no answer was a 5xx and that every acknowledged write reads
// back. It runs only with -mobmock.load (go test ./mock -run TestLoad
// -mobmock.load=60s -mobmock.clients=64 -v).
func TestLoad(t *testing.T) {
	if *loadFor == 0 {
		t.Skip("load test: run with -mobmock.load=60s")
	}
	// Every acknowledged write is read back: none may be refused for room.
	s, _ := start(t, mock.Config{IDs: func() uint64 { return uint64(time.Now().UnixNano()) }, MaxRecordsPerTenant: 1 << 30})
	confirm, _ := json.Marshal(documented(t, "mobproc/swap-devices.request.json"))
	activity, _ := json.Marshal(documented(t, "mobile/new-line.request.json"))
	submit := positive(t, "mobproc")["mobproc/new-activation/confirm"]
	tr := &http.Transport{MaxIdleConnsPerHost: *loadClients, MaxConnsPerHost: *loadClients}
	hc := &http.Client{Transport: tr, Timeout: 30 * time.Second}

	type ack struct{ tenant, path string }
	var (
		mu        sync.Mutex
		acks      []ack
		latencies []time.Duration
		counts    = map[string]int{}
		fivexx    atomic.Int64
		unexpect  atomic.Int64
	)
	send := func(method, url, tenant string, body []byte) (int, []byte, time.Duration) {
		req, _ := http.NewRequest(method, url, bytes.NewReader(body))
		req.Header.Set("X-TNGO-TENANT", tenant)
		req.Header.Set("client_id", "load")
		if body != nil {
			req.Header.Set("Content-Type", "application/json")
		}
		t0 := time.Now()
		resp, err := hc.Do(req)
		d := time.Since(t0)
		if err != nil {
			t.Errorf("%s %s: %v", method, url, err)
			return 0, nil, d
		}
		data, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode >= 500 {
			fivexx.Add(1)
		}
		return resp.StatusCode, data, d
	}
	deadline := time.Now().Add(*loadFor)
	var wg sync.WaitGroup
	for w := range *loadClients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			tenant := fmt.Sprintf("load-%d", w%8)
			var mine []ack
			var lat []time.Duration
			local := map[string]int{}
			for i := 0; time.Now().Before(deadline); i++ {
				var op string
				var status, want int
				var data []byte
				var d time.Duration
				switch i % 4 {
				case 0:
					op, want = "confirm", 200
					status, data, d = send("POST", s.URL+"/mobproc/v1/orders?confirm=true", tenant, confirm)
				case 1:
					op, want = "submit", 200
					body := set(t, submit, "/orderRequest/externalOrderNumber", fmt.Sprintf("L%d-%d", w, i))
					raw, _ := json.Marshal(body)
					status, data, d = send("POST", s.URL+"/mobproc/v1/orders", tenant, raw)
					if status == 200 {
						var r struct{ Order struct{ OrderID string } }
						_ = json.Unmarshal(data, &r)
						mine = append(mine, ack{tenant, "/mobproc/v1/orders/" + r.Order.OrderID})
					}
				case 2:
					op, want = "read", 200
					path := "/mobproc/v1/orders?limit=5"
					if len(mine) > 0 {
						path = mine[len(mine)-1].path
					}
					status, _, d = send("GET", s.URL+path, tenant, nil)
				case 3:
					op, want = "activity", 201
					status, data, d = send("POST", s.URL+"/1/activities", tenant, activity)
					if status == 201 {
						var r struct{ ID json.Number }
						_ = json.Unmarshal(data, &r)
						mine = append(mine, ack{tenant, "/1/activities/" + r.ID.String()})
					}
				}
				if status != want {
					unexpect.Add(1)
					if unexpect.Load() < 5 {
						t.Errorf("%s: %d %s", op, status, data)
					}
				}
				local[op]++
				lat = append(lat, d)
			}
			mu.Lock()
			acks = append(acks, mine...)
			latencies = append(latencies, lat...)
			for k, v := range local {
				counts[k] += v
			}
			mu.Unlock()
		}()
	}
	wg.Wait()
	total := len(latencies)
	sort.Slice(latencies, func(i, j int) bool { return latencies[i] < latencies[j] })
	pct := func(p float64) time.Duration { return latencies[int(float64(total-1)*p)] }
	t.Logf("%d clients for %s: %d requests (%.0f/s), p50 %s, p99 %s; %v; %d 5xx, %d unexpected statuses",
		*loadClients, *loadFor, total, float64(total)/loadFor.Seconds(), pct(0.5).Round(10*time.Microsecond),
		pct(0.99).Round(10*time.Microsecond), counts, fivexx.Load(), unexpect.Load())

	// Every acknowledged write reads back.
	lost := 0
	for _, a := range acks {
		if status, _, _ := send("GET", s.URL+a.path, a.tenant, nil); status != 200 {
			lost++
		}
	}
	t.Logf("%d acknowledged writes, %d lost", len(acks), lost)
	if fivexx.Load() > 0 || lost > 0 || unexpect.Load() > 0 {
		t.Fatalf("%d 5xx, %d lost writes, %d unexpected statuses", fivexx.Load(), lost, unexpect.Load())
	}
}
