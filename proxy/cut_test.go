package proxy_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"

	"github.com/mobmock/mobmock/proxy"
)

// cutUpstream answers every request with a JSON body that promises size
// bytes and breaks the connection after half of them.
func cutUpstream(t *testing.T, size int) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body := append([]byte(`{"status":"SUCCESS","x":"`), bytes.Repeat([]byte("a"), size)...)
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", strconv.Itoa(len(body)+2))
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write(body[:len(body)/2])
		w.(http.Flusher).Flush()
		conn, _, err := w.(http.Hijacker).Hijack()
		if err != nil {
			t.Error(err)
			return
		}
		conn.Close()
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

// TestAnswerCutMidBody: a target whose answer breaks off mid-body is an
// upstream-broken violation in the report and the journal. A body the
// proxy reads whole (under MaxCheck) gets the client a 502 in the API's
// error shape; a streamed one, whose headers already went out, gets the
// client's connection cut.
func TestAnswerCutMidBody(t *testing.T) {
	for _, tt := range []struct {
		name     string
		size     int
		streamed bool
	}{
		{name: "checked body", size: 200},
		{name: "streamed body over MaxCheck", size: 8 << 10, streamed: true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p, base := start(t, proxy.Config{Target: cutUpstream(t, tt.size), MaxCheck: 1024})
			req, err := http.NewRequest("GET", base+"/1/carriers", nil)
			if err != nil {
				t.Fatal(err)
			}
			req.Header.Set("X-TNGO-TENANT", "slow")
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			body, readErr := io.ReadAll(resp.Body)
			resp.Body.Close()
			if tt.streamed {
				if readErr == nil {
					t.Errorf("the client read a whole body of %d bytes from a cut answer", len(body))
				}
			} else {
				var doc struct {
					Errors []struct{ Code string } `json:"errors"`
				}
				if readErr != nil || resp.StatusCode != http.StatusBadGateway || json.Unmarshal(body, &doc) != nil ||
					len(doc.Errors) != 1 || doc.Errors[0].Code != proxy.CodeBroken {
					t.Errorf("client got %d %s (%v), want 502 %s in the Mobile API's error shape", resp.StatusCode, body, readErr, proxy.CodeBroken)
				}
			}
			rep := p.Report()
			if rep.Exchanges != 1 || rep.Total(proxy.Upstream) != 1 {
				t.Errorf("report: %d exchange(s), %d upstream violation(s), want 1 and 1:\n%s", rep.Exchanges, rep.Total(proxy.Upstream), rep.Summary())
			}
			if j := journalEntries(t, base); len(j) != 1 || len(j[0].Violations) != 1 || j[0].Violations[0].Code != proxy.CodeBroken {
				t.Errorf("journal: %+v", j)
			}
		})
	}
}
