package mock_test

import (
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/mobmock/mobmock/mock"
	"github.com/mobmock/mobmock/mock/store/storetest"
)

// stateBackends are the --state values the state benchmarks compare. The
// file is on the test's disk (not /dev/shm): each commit's fsync is what
// the file backend costs in use.
var stateBackends = []struct {
	name  string
	state func(testing.TB) string
}{
	{"memory", func(testing.TB) string { return mock.StateMemory }},
	{"file", func(b testing.TB) string { return "file:" + filepath.Join(b.TempDir(), "state.db") }},
	{"postgres", storetest.Postgres},
}

// BenchmarkState is BenchmarkSubmit, BenchmarkGetOrder and
// BenchmarkCreateActivity with each state backend: what keeping state
// durably costs a write, and that reads do not pay for it (PostgreSQL's
// reads check the tenant's version: one round trip).
func BenchmarkState(b *testing.B) {
	submit := newActivationBody(b)
	activity := documentedBody(b, "mobile/new-line.request.json")
	for _, be := range stateBackends {
		b.Run(be.name, func(b *testing.B) {
			bn := newBenchWith(b, mock.Config{State: be.state(b)})
			b.Run("submit", func(b *testing.B) {
				b.ReportAllocs()
				for range b.N {
					bn.do(b, "POST", "/mobproc/v1/orders", submit, 200)
				}
			})
			id := orderID(b, bn.do(b, "POST", "/mobproc/v1/orders", submit, 200))
			b.Run("get", func(b *testing.B) {
				b.ReportAllocs()
				for range b.N {
					bn.do(b, "GET", "/mobproc/v1/orders/"+id, nil, 200)
				}
			})
			b.Run("activity", func(b *testing.B) {
				b.ReportAllocs()
				for range b.N {
					bn.do(b, "POST", "/1/activities", activity, 201)
				}
			})
		})
	}
}

// BenchmarkStateLarge (not matched by -bench Scale, which bench/run.sh
// runs at a million orders) is BenchmarkScale's twin for each durable backend:
// with -mobmock.scale=N orders stored, a GET by id and the first page of
// the list, and how long a restart takes to load the tenant
// (reopen-s/op). It runs only with -mobmock.scale (a million orders take
// minutes to submit, one transaction each).
func BenchmarkStateLarge(b *testing.B) {
	if *scale == 0 {
		b.Skip("run with -mobmock.scale=N (e.g. 1000000)")
	}
	body := newActivationBody(b)
	for _, be := range stateBackends[1:] {
		b.Run(fmt.Sprintf("%s/orders=%d", be.name, *scale), func(b *testing.B) {
			state := be.state(b)
			first := newBenchWith(b, mock.Config{State: state})
			var id string
			for i := range *scale {
				answer := first.do(b, "POST", "/mobproc/v1/orders", body, 200)
				if i == *scale/2 {
					id = orderID(b, answer)
				}
			}
			first.m.Close()
			bn := newBenchWith(b, mock.Config{State: state})
			// What every first request compiles is not the tenant's load.
			if err := bn.m.Prepare(); err != nil {
				b.Fatal(err)
			}
			t0 := time.Now()
			bn.do(b, "GET", "/mobproc/v1/orders/"+id, nil, 200) // loads the tenant
			reopen := time.Since(t0)
			b.Run("get", func(b *testing.B) {
				b.ReportMetric(reopen.Seconds(), "reopen-s")
				for range b.N {
					bn.do(b, "GET", "/mobproc/v1/orders/"+id, nil, 200)
				}
			})
			b.Run("first-page", func(b *testing.B) {
				for range b.N {
					bn.do(b, "GET", "/mobproc/v1/orders?limit=25", nil, 200)
				}
			})
		})
	}
}
