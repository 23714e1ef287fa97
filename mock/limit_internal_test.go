package mock

import (
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/mobmock/mobmock/mock/internal/op"
)

// lockedBuffer is a log destination safe for concurrent writers.
type lockedBuffer struct {
	mu sync.Mutex // guards b
	b  strings.Builder
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

// TestOverloadIsLoggedInTheAPIShape: over a real listener, a 503 of the
// in-flight limit has the error shape of the API whose base path the
// request is under (/1 itself included), a request id (the client's when
// it sent a usable one), and a log line with that id.
func TestOverloadIsLoggedInTheAPIShape(t *testing.T) {
	var logs lockedBuffer
	s := newServer(t, Config{Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	held, release := make(chan struct{}), make(chan struct{})
	s.ops["listOrders"] = func(*op.Request) (op.Result, error) {
		held <- struct{}{}
		<-release
		return op.OK(nil), nil
	}
	srv := httptest.NewServer(Limit(s, 1))
	t.Cleanup(srv.Close)
	done := make(chan error, 1)
	go func() {
		req, _ := http.NewRequest("GET", srv.URL+"/mobproc/v1/orders", nil)
		req.Header.Set("X-TNGO-TENANT", "acme")
		req.Header["client_id"] = []string{"t"}
		resp, err := srv.Client().Do(req)
		if err == nil {
			resp.Body.Close()
		}
		done <- err
	}()
	<-held
	get := func(t *testing.T, path, id string) (*http.Response, map[string]any) {
		t.Helper()
		req, err := http.NewRequest("GET", srv.URL+path, nil)
		if err != nil {
			t.Fatal(err)
		}
		if id != "" {
			req.Header.Set("X-Request-Id", id)
		}
		resp, err := srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		raw, err := io.ReadAll(resp.Body)
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]any
		if err := json.Unmarshal(raw, &m); err != nil {
			t.Fatalf("%s: %v: %s", path, err, raw)
		}
		return resp, m
	}
	for _, tt := range []struct {
		path   string
		mobile bool
	}{{"/1", true}, {"/1/activities", true}, {"/mobproc/v1/orders", false}, {"/healthz", false}, {"/10", false}} {
		t.Run(tt.path, func(t *testing.T) {
			resp, m := get(t, tt.path, "")
			if _, mobproc := m["status"]; resp.StatusCode != 503 || mobproc == tt.mobile || !strings.Contains(logs.String(), "code="+op.CodeOverloaded) {
				t.Errorf("%d, not the shape of its API: %v", resp.StatusCode, m)
			}
			id := resp.Header.Get("X-Request-Id")
			if id == "" || !strings.Contains(logs.String(), "request_id="+id) {
				t.Errorf("the 503 (request id %q) is not logged with its id:\n%s", id, logs.String())
			}
		})
	}
	resp, _ := get(t, "/healthz", "mine-1")
	if resp.Header.Get("X-Request-Id") != "mine-1" || !strings.Contains(logs.String(), "request_id=mine-1") {
		t.Errorf("the client's request id is not used: %v", resp.Header)
	}
	close(release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}
