// Package mocktest starts the mobmock mock on a loopback listener for a Go
// test, in the spirit of net/http/httptest: a client under test talks to a
// real HTTP server that behaves like the MOBPROC v1 and Mobile REST APIs,
// state and all, and the test needs no separate process.
package mocktest

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/mobmock/mobmock/mock"
)

// Server is a mock serving on a loopback address.
type Server struct {
	// URL is the base URL of the server, "http://127.0.0.1:port", with no
	// trailing slash: MOBPROC is at URL+"/mobproc/v1", Mobile at URL+"/1".
	URL string
	// Mock is the handler, for tests that need its configuration.
	Mock *mock.Server

	srv *httptest.Server
}

// NewServer starts a mock built from cfg on a loopback port, with the admin
// API on (behind cfg.AdminToken when one is set) so a test can reset, advance
// and inspect tenants. Callers must Close it.
func NewServer(cfg mock.Config) (*Server, error) {
	cfg.Admin = true
	m, err := mock.New(cfg)
	if err != nil {
		return nil, err
	}
	srv := httptest.NewServer(m)
	return &Server{URL: srv.URL, Mock: m, srv: srv}, nil
}

// Start is NewServer for a test: it fails tb if the mock cannot start and
// closes the server when the test ends.
func Start(tb testing.TB, cfg mock.Config) *Server {
	tb.Helper()
	s, err := NewServer(cfg)
	if err != nil {
		tb.Fatalf("mocktest: starting the mock: %v", err)
	}
	tb.Cleanup(s.Close)
	return s
}

// Client returns an HTTP client for the server.
func (s *Server) Client() *http.Client { return s.srv.Client() }

// Close shuts the server down, waits for requests in flight to finish, and
// closes the state database the mock opened (mock.Config.State).
func (s *Server) Close() {
	s.srv.Close()
	_ = s.Mock.Close() // the tests that use a database read it back themselves
}
