package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/mobmock/mobmock/fixtures"
	"github.com/mobmock/mobmock/mock/store/storetest"
)

// The tests here run the real binary: build it, load it, kill -9 it,
// start it again, and read back every write it acknowledged; and run
// replicas of it on one PostgreSQL database.

var (
	binOnce sync.Once
	binPath string
	binErr  error
)

// binary builds mobmock once for the package's tests.
func binary(t testing.TB) string {
	t.Helper()
	binOnce.Do(func() {
		dir, err := os.MkdirTemp("", "mobmock-bin-")
		if err != nil {
			binErr = err
			return
		}
		binPath = filepath.Join(dir, "mobmock")
		out, err := exec.Command("go", "build", "-o", binPath, ".").CombinedOutput()
		if err != nil {
			binErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if binErr != nil {
		t.Fatal(binErr)
	}
	return binPath
}

// proc is a running mobmock serve.
type proc struct {
	cmd  *exec.Cmd
	base string
	done chan struct{}
}

var baseRE = regexp.MustCompile(`MOBPROC at (http://[^/]+)/mobproc/v1`)

// serveProc starts mobmock serve on a free port with state and extra
// flags, and kills it at the end.
func serveProc(t testing.TB, state string, extra ...string) *proc {
	t.Helper()
	args := append([]string{"serve", "--addr", "127.0.0.1:0", "--log", "off", "--admin", "--state", state}, extra...)
	cmd := exec.Command(binary(t), args...)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var errb bytes.Buffer
	cmd.Stderr = &errb
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	p := &proc{cmd: cmd, done: make(chan struct{})}
	go func() { cmd.Wait(); close(p.done) }() //nolint:errcheck // killed on purpose
	t.Cleanup(func() { p.kill() })
	lines := bufio.NewScanner(out)
	for lines.Scan() {
		if m := baseRE.FindStringSubmatch(lines.Text()); m != nil {
			p.base = m[1]
			break
		}
	}
	go io.Copy(io.Discard, out) //nolint:errcheck // the rest of the banner
	if p.base == "" {
		t.Fatalf("mobmock serve did not start: %s", errb.String())
	}
	return p
}

// kill stops the process at once (SIGKILL), as a crash would.
func (p *proc) kill() {
	_ = p.cmd.Process.Signal(syscall.SIGKILL)
	<-p.done
}

var client = &http.Client{Timeout: 20 * time.Second}

// send sends one request and returns the status (0 when it failed) and
// body, with the process's base URL cut from the body so that answers of
// two processes compare.
func send(p *proc, method, tenant, path string, body []byte) (int, string) {
	req, err := http.NewRequest(method, p.base+path, bytes.NewReader(body))
	if err != nil {
		return 0, err.Error()
	}
	req.Header.Set("X-TNGO-TENANT", tenant)
	req.Header.Set("client_id", "durable-test")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := client.Do(req)
	if err != nil {
		return 0, err.Error()
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return 0, err.Error()
	}
	return resp.StatusCode, strings.ReplaceAll(string(b), p.base, "")
}

// bodies are the requests the load sends.
type bodies struct{ activation, activity, suspend []byte }

func loadBodies(t testing.TB) bodies {
	t.Helper()
	set, err := fixtures.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	c, ok := set.Case("mobproc/new-activation/confirm")
	if !ok {
		t.Fatal("no new-activation case")
	}
	var b bodies
	if b.activation, err = json.Marshal(c.Steps[0].Request.Payload); err != nil {
		t.Fatal(err)
	}
	if b.activity, err = fs.ReadFile(fixtures.FS, "documented/mobile/new-line.request.json"); err != nil {
		t.Fatal(err)
	}
	b.suspend = []byte(bannerBody)
	return b
}

// ack is a write the mock acknowledged: where it reads back, and what it
// answered.
type ack struct{ tenant, path, body string }

var (
	orderIDRE    = regexp.MustCompile(`"orderId":"(\d+)"`)
	activityIDRE = regexp.MustCompile(`^\{"id":(\d+)`)
)

// load sends up to n writes from workers clients at once to procs (in
// turn), and calls stop after stopAfter acknowledged ones (then keeps
// sending until the process is gone). It returns the acknowledged writes.
func load(t *testing.T, procs []*proc, b bodies, workers, n, stopAfter int, stop func()) []ack {
	var (
		mu    sync.Mutex
		acks  []ack
		sent  atomic.Int64
		once  sync.Once
		wg    sync.WaitGroup
		fails atomic.Int64
		run   = time.Now().UnixNano() // tenants of this load's own
	)
	writes := []struct {
		tenant, path string // no tenant: a new one each time
		body         []byte
		want         int
		id           *regexp.Regexp
	}{
		{"acme", "/mobproc/v1/orders", b.activation, 200, orderIDRE},
		{"acme", "/1/activities", b.activity, 201, activityIDRE},
		{"", "/mobproc/v1/orders", b.suspend, 200, orderIDRE},
	}
	for w := range workers {
		wg.Go(func() {
			for i := 0; sent.Add(1) <= int64(n); i++ {
				p := procs[(w+i)%len(procs)]
				// In turn: a NEW_ACTIVATION order and an activity on one
				// tenant, and a SUSPEND on a tenant of its own per request
				// (tenants are created under load too).
				wr := writes[i%len(writes)]
				tenant := wr.tenant
				if tenant == "" {
					tenant = fmt.Sprintf("w%d-%d-%d", run, w, i)
				}
				code, body := send(p, "POST", tenant, wr.path, wr.body)
				if code != wr.want {
					fails.Add(1)
					continue
				}
				a := ack{tenant, wr.path + "/" + wr.id.FindStringSubmatch(body)[1], body}
				mu.Lock()
				acks = append(acks, a)
				if len(acks) == stopAfter && stop != nil {
					once.Do(stop)
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if stop == nil && fails.Load() > 0 {
		t.Errorf("%d writes failed without a crash", fails.Load())
	}
	return acks
}

// TestKillDuringLoad: with a durable --state, kill -9 during a bounded
// concurrent load loses no acknowledged write: after a restart each reads
// back exactly as it was answered, and new ids do not repeat old ones.
func TestKillDuringLoad(t *testing.T) {
	b := loadBodies(t)
	for _, backend := range []struct {
		name  string
		state func(testing.TB) string
	}{
		{"file", func(t testing.TB) string { return "file:" + filepath.Join(t.TempDir(), "state.db") }}, // on disk: fsync as in use
		{"postgres", storetest.Postgres},
	} {
		t.Run(backend.name, func(t *testing.T) {
			state := backend.state(t)
			p := serveProc(t, state)
			acks := load(t, []*proc{p}, b, 8, 600, 150, p.kill)
			if len(acks) < 150 {
				t.Fatalf("only %d writes acknowledged before the kill", len(acks))
			}
			again := serveProc(t, state)
			seen := map[string]bool{}
			for _, a := range acks {
				seen[a.tenant+a.path] = true
				code, body := send(again, "GET", a.tenant, a.path, nil)
				if code != 200 || body != a.body {
					t.Errorf("after the restart, GET %s (tenant %s) answers %d:\n%s\nwant what was acknowledged:\n%s", a.path, a.tenant, code, body, a.body)
				}
			}
			for _, a := range load(t, []*proc{again}, b, 2, 6, 0, nil) {
				if seen[a.tenant+a.path] {
					t.Errorf("after the restart, %s of tenant %s was handed out again", a.path, a.tenant)
				}
			}
		})
	}
}

// TestReplicas: three mobmock serve processes on one PostgreSQL database
// behave as one mock under concurrent load: of concurrent conflicting
// orders (SUSPENDs of one service, one externalOrderNumber) exactly one is
// accepted, no id is handed out twice, each lifecycle step is taken once
// whichever replica moves it, every write reads back on every replica, and
// an admin reset on one resets them all. Two more replicas run --strict,
// where an externalOrderNumber is unique whatever the service (register
// MP-21; the lenient reading lets a number repeat on another service).
func TestReplicas(t *testing.T) {
	state := storetest.Postgres(t)
	b := loadBodies(t)
	var procs []*proc
	for range 3 {
		procs = append(procs, serveProc(t, state, "--advance", "100ms"))
	}
	var ext map[string]any
	if err := json.Unmarshal(b.activation, &ext); err != nil {
		t.Fatal(err)
	}
	ext["orderRequest"].(map[string]any)["externalOrderNumber"] = "PO-REPLICAS-1"
	extBody, err := json.Marshal(ext)
	if err != nil {
		t.Fatal(err)
	}
	strict := []*proc{serveProc(t, state, "--strict"), serveProc(t, state, "--strict")}
	for _, c := range []struct {
		name, tenant string
		body         []byte
		procs        []*proc
	}{
		{"SUSPEND of one service", "conflicts", b.suspend, procs},
		{"one externalOrderNumber", "conflicts", extBody, strict},
	} {
		var accepted, refused atomic.Int64
		var wg sync.WaitGroup
		for i := range 12 {
			wg.Go(func() {
				switch code, body := send(c.procs[i%len(c.procs)], "POST", c.tenant, "/mobproc/v1/orders", c.body); code {
				case 200:
					accepted.Add(1)
				case 409:
					refused.Add(1)
				default:
					t.Errorf("%s: %d %s", c.name, code, body)
				}
			})
		}
		wg.Wait()
		if accepted.Load() != 1 || refused.Load() != 11 {
			t.Errorf("%s, sent 12 times at once to %d replicas: %d accepted, %d refused; want 1 and 11", c.name, len(c.procs), accepted.Load(), refused.Load())
		}
	}

	acks := load(t, procs, b, 9, 240, 0, nil)
	seen := map[string]bool{}
	for _, a := range acks {
		if seen[a.tenant+a.path] {
			t.Errorf("%s of tenant %s was handed out twice", a.path, a.tenant)
		}
		seen[a.tenant+a.path] = true
	}
	// Let every lifecycle finish, reading from all replicas at once so
	// that each of them tries to take the steps that fell due.
	orders := 0
	for _, a := range acks {
		if strings.HasPrefix(a.path, "/mobproc/") && a.tenant == "acme" {
			orders++
		}
	}
	var history []string
	for range 100 {
		time.Sleep(100 * time.Millisecond)
		var wg sync.WaitGroup
		for _, p := range procs {
			wg.Go(func() { send(p, "GET", "acme", "/mobproc/v1/orders?limit=1", nil) })
		}
		wg.Wait()
		_, body := send(procs[0], "GET", "acme", "/mobproc/v1/orders?status=COMPLETED&limit=1", nil)
		if regexp.MustCompile(fmt.Sprintf(`"total":%d[,}]`, orders)).MatchString(body) {
			break
		}
		history = append(history[:0], body)
	}
	for _, a := range acks {
		if !strings.HasPrefix(a.path, "/mobproc/") {
			continue
		}
		id := strings.TrimPrefix(a.path, "/mobproc/v1/orders/")
		seg := orderSegmentRE.FindStringSubmatch(a.body)
		if seg == nil {
			t.Fatalf("no segment in %s", a.body)
		}
		for _, p := range procs {
			code, body := send(p, "GET", a.tenant, "/mobproc/v1/orders/"+id+"/history?orderSegment="+seg[1], nil)
			if code != 200 {
				t.Errorf("GET history of %s on %s: %d %s", id, p.base, code, body)
				continue
			}
			var h struct {
				History struct {
					Items []struct{ Status string } `json:"items"`
				} `json:"history"`
			}
			if err := json.Unmarshal([]byte(body), &h); err != nil {
				t.Fatal(err)
			}
			steps := map[string]int{}
			for _, it := range h.History.Items {
				steps[it.Status]++
				if steps[it.Status] > 1 {
					t.Errorf("order %s took the step to %s twice: %s", id, it.Status, body)
				}
			}
			if steps["COMPLETED"] != 1 {
				t.Errorf("order %s did not complete (%s); last list: %v", id, body, history)
			}
		}
	}
	if code, body := send(procs[0], "POST", "acme", "/__admin/tenants/acme/reset", nil); code != 200 {
		t.Fatalf("reset: %d %s", code, body)
	}
	for _, p := range procs {
		if code, body := send(p, "GET", "acme", "/__admin/tenants/acme", nil); code != 200 || !strings.Contains(body, `"orders":[]`) {
			t.Errorf("after a reset on one replica, %s still has acme's orders: %d %.200s", p.base, code, body)
		}
	}
}

var orderSegmentRE = regexp.MustCompile(`"orderSegmentId":"(\d+)"`)

// TestStateCommandAndErrors: serve exits 2 with a clear message when its
// state database cannot be opened, and state migrate prepares one.
func TestStateCommandAndErrors(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	away := "postgres://root:secret@" + ln.Addr().String() + "/test?connect_timeout=2"
	ln.Close() // nothing listens there now
	file := "file:" + filepath.Join(t.TempDir(), "state.db")
	tests := []struct {
		name     string
		args     []string
		env      map[string]string
		code     int
		out, err string
	}{
		{name: "serve with the database away", args: []string{"serve", "--addr", "127.0.0.1:0", "--state", away}, code: 2,
			err: "cannot open the state database postgres://root:xxxxx@"},
		{name: "migrate a file", args: []string{"state", "migrate", "--state", file}, code: 0, out: "is up to date"},
		{name: "migrate from the environment", args: []string{"state", "migrate"}, env: map[string]string{"MOBMOCK_STATE": file}, code: 0, out: "is up to date"},
		{name: "migrate without a database", args: []string{"state", "migrate"}, code: 2, err: "must name a database"},
		{name: "state without an action", args: []string{"state", "--state", file}, code: 2, err: "expected the action migrate"},
		{name: "migrate with the database away", args: []string{"state", "migrate", "--state", away}, code: 2, err: "is PostgreSQL running and reachable"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := runCmd(t, context.Background(), "", tt.env, tt.args...)
			if code != tt.code || !strings.Contains(out, tt.out) || !strings.Contains(errOut, tt.err) {
				t.Errorf("exit %d (want %d)\nstdout: %s\nstderr: %s", code, tt.code, out, errOut)
			}
			if strings.Contains(errOut, "secret") {
				t.Errorf("the password is shown: %s", errOut)
			}
		})
	}
}
