package mock

import (
	"net"
	"net/http"
	"sync"
	"time"
)

// throttle counts failed logins per key (a user, a client address) and
// refuses further attempts for a while once a key has failed too often, so
// that passwords cannot be guessed at full speed. Its table is bounded.
type throttle struct {
	limit  int           // failures within window before the key is locked
	window time.Duration // how long failures are remembered
	lock   time.Duration // the first lock; each further failure doubles it
	max    int           // keys remembered at most

	// mu guards keys.
	mu   sync.Mutex
	keys map[string]*strikes
}

// strikes are one key's recent failures.
type strikes struct {
	n     int
	first time.Time
	until time.Time // locked until then
}

// maxLock is the longest a key stays locked.
const maxLock = 15 * time.Minute

func newThrottle(limit int) *throttle {
	return &throttle{limit: limit, window: 15 * time.Minute, lock: 30 * time.Second, max: 10_000, keys: map[string]*strikes{}}
}

// wait reports how long key must wait before its next attempt (zero: it may
// try now).
func (t *throttle) wait(key string, now time.Time) time.Duration {
	t.mu.Lock()
	defer t.mu.Unlock()
	if s, ok := t.keys[key]; ok && now.Before(s.until) {
		return s.until.Sub(now)
	}
	return 0
}

// fail records a failed attempt of key.
func (t *throttle) fail(key string, now time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	s, ok := t.keys[key]
	if !ok || now.Sub(s.first) > t.window && !now.Before(s.until) {
		if len(t.keys) >= t.max {
			t.forget(now)
		}
		s = &strikes{first: now}
		t.keys[key] = s
	}
	s.n++
	if s.n >= t.limit {
		lock := t.lock << min(s.n-t.limit, 10)
		s.until = now.Add(min(lock, maxLock))
	}
}

// forget drops keys whose failures are old and that are not locked; if
// none is, it drops any, so that the table stays bounded.
func (t *throttle) forget(now time.Time) {
	for k, s := range t.keys {
		if now.Sub(s.first) > t.window && !now.Before(s.until) {
			delete(t.keys, k)
		}
	}
	for k := range t.keys {
		if len(t.keys) < t.max {
			break
		}
		delete(t.keys, k)
	}
}

// succeed forgets key's failures.
func (t *throttle) succeed(key string) {
	t.mu.Lock()
	delete(t.keys, key)
	t.mu.Unlock()
}

// clientAddr is the address a request came from, without its port. The
// mock does not trust X-Forwarded-For: a client could name any address.
func clientAddr(r *http.Request) string {
	if h, _, err := net.SplitHostPort(r.RemoteAddr); err == nil {
		return h
	}
	return r.RemoteAddr
}

// Failed logins allowed before a lock: per user, and per client address
// (which may try several users).
const (
	userFailures    = 5
	addressFailures = 20
)

// loginWait reports how long a login of user from r must wait, or zero.
func (s *Server) loginWait(r *http.Request, user string) time.Duration {
	now := s.now()
	return max(s.userThrottle.wait(user, now), s.addrThrottle.wait(clientAddr(r), now))
}

// loginFailed records a failed login of user from r.
func (s *Server) loginFailed(r *http.Request, user string) {
	now := s.now()
	s.userThrottle.fail(user, now)
	s.addrThrottle.fail(clientAddr(r), now)
}

// retryAfter is a wait in whole seconds, at least one, for Retry-After.
func retryAfter(d time.Duration) int { return max(1, int((d+time.Second-1)/time.Second)) }
