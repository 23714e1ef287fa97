package mock_test

import (
	"bufio"
	"bytes"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mobmock/mobmock/mock"
)

// TestSlowBodiesDoNotStarveFastClients: clients that trickle their bodies
// (here: a byte of a declared thousand, then nothing) do not hold the
// in-flight slots, so a fast client is served, not answered 503. Counts are
// bounded: 8 slow clients, 20 fast requests, 2 slots.
func TestSlowBodiesDoNotStarveFastClients(t *testing.T) {
	m, err := mock.New(mock.Config{})
	if err != nil {
		t.Fatal(err)
	}
	const slow = 8
	var mu sync.Mutex
	active := map[net.Conn]bool{}
	arrived := make(chan struct{}, slow*2)
	srv := httptest.NewUnstartedServer(mock.Limit(m, 2))
	srv.Config.ConnState = func(c net.Conn, s http.ConnState) {
		mu.Lock()
		defer mu.Unlock()
		if s == http.StateActive && !active[c] {
			active[c] = true
			arrived <- struct{}{}
		}
	}
	srv.Start()
	t.Cleanup(srv.Close)
	addr := strings.TrimPrefix(srv.URL, "http://")
	for range slow {
		conn, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { conn.Close() })
		fmt.Fprint(conn, "POST /mobproc/v1/orders?confirm=true HTTP/1.1\r\nHost: x\r\nX-TNGO-TENANT: acme\r\nclient_id: t\r\n"+
			"Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{")
	}
	for range slow {
		<-arrived // every slow request has been read up to its body
	}
	c := &client{t: t, base: srv.URL, tenant: "acme", hc: srv.Client()}
	for i := range 20 {
		r := c.send(newRequest(t, "POST", srv.URL+"/mobproc/v1/orders?confirm=true", suspendOrder, map[string]string{"X-TNGO-TENANT": "acme", "client_id": "t"}))
		if r.Status != 200 {
			t.Fatalf("fast request %d: %d %s", i, r.Status, r.Raw)
		}
		time.Sleep(5 * time.Millisecond) // give slow requests every chance to take slots
	}
}

// holder holds requests to /hold until release is closed, and serves the
// rest with the mock; its Logger is where Limit logs.
type holder struct {
	m       *mock.Server
	held    chan struct{}
	release chan struct{}
	log     *slog.Logger
}

func (h *holder) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == "/hold" {
		h.held <- struct{}{}
		<-h.release
		return
	}
	h.m.ServeHTTP(w, r)
}

func (h *holder) Logger() *slog.Logger { return h.log }

// lockedBuffer is a log destination safe for concurrent writers.
type lockedBuffer struct {
	mu sync.Mutex // guards b
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestOverloadIsLoggedInTheAPIShape: a 503 of the in-flight limit has the
// error shape of the API whose base path the request is under (/1 itself
// included), a request id, and a log line with that id.
func TestOverloadIsLoggedInTheAPIShape(t *testing.T) {
	m, err := mock.New(mock.Config{})
	if err != nil {
		t.Fatal(err)
	}
	var logs lockedBuffer
	h := &holder{m: m, held: make(chan struct{}), release: make(chan struct{}), log: slog.New(slog.NewTextHandler(&logs, nil))}
	srv := httptest.NewServer(mock.Limit(h, 1))
	t.Cleanup(srv.Close)
	done := make(chan error, 1)
	go func() {
		resp, err := srv.Client().Get(srv.URL + "/hold")
		if err == nil {
			resp.Body.Close()
		}
		done <- err
	}()
	<-h.held
	c := &client{t: t, base: srv.URL, hc: srv.Client()}
	for _, tt := range []struct {
		path   string
		mobile bool
	}{{"/1", true}, {"/1/activities", true}, {"/mobproc/v1/orders", false}, {"/healthz", false}, {"/10", false}} {
		t.Run(tt.path, func(t *testing.T) {
			r := c.send(newRequest(t, "GET", srv.URL+tt.path, "", nil)).want(t, 503)
			m, _ := r.Body.(map[string]any)
			if _, mobproc := m["status"]; mobproc == tt.mobile || !r.hasError("overloaded", "*") {
				t.Errorf("not the shape of its API: %s", r.Raw)
			}
			id := r.Header.Get("X-Request-Id")
			if id == "" || !strings.Contains(logs.String(), "request_id="+id) {
				t.Errorf("the 503 (request id %q) is not logged with its id:\n%s", id, logs.String())
			}
		})
	}
	r := c.send(newRequest(t, "GET", srv.URL+"/healthz", "", map[string]string{"X-Request-Id": "mine-1"})).want(t, 503)
	if r.Header.Get("X-Request-Id") != "mine-1" || !strings.Contains(logs.String(), "request_id=mine-1") {
		t.Errorf("the client's request id is not used: %v", r.Header)
	}
	close(h.release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

// TestBodyThatNeverArrivesIs408: a request body that does not arrive within
// Config.BodyTimeout is answered 408 in the API's error shape (the client
// sends one byte of a declared thousand and waits for the answer).
func TestBodyThatNeverArrivesIs408(t *testing.T) {
	m, err := mock.New(mock.Config{BodyTimeout: 100 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(mock.Limit(m, 2))
	t.Cleanup(srv.Close)
	conn, err := net.Dial("tcp", strings.TrimPrefix(srv.URL, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	// The deadline only keeps a broken server from hanging the test.
	if err := conn.SetDeadline(time.Now().Add(20 * time.Second)); err != nil {
		t.Fatal(err)
	}
	fmt.Fprint(conn, "POST /1/activities HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{")
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body bytes.Buffer
	if _, err := body.ReadFrom(resp.Body); err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != 408 || !strings.Contains(body.String(), "body-timeout") || strings.Contains(body.String(), `"status"`) {
		t.Errorf("%d %s", resp.StatusCode, body.String())
	}
}
