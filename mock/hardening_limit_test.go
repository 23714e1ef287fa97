package mock_test

import (
	"bufio"
	"bytes"
	"fmt"
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
	conn := dialRaw(t, srv.URL)
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
