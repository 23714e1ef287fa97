package mock_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/mobmock/mobmock/mock"
)

// orderWith is the SUSPEND order with extra text inside orderRequest.
func orderWith(extra string) string {
	return strings.Replace(suspendOrder, `"serviceId":"38382335",`, `"serviceId":"38382335",`+extra, 1)
}

// unknownFields is n unknown members, each a lenient warning.
func unknownFields(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, `"x%d":1,`, i)
	}
	return b.String()
}

// badProperties is n properties that each break the schema.
func badProperties(n int) string {
	items := make([]string, n)
	for i := range items {
		items[i] = `{"groupId":1}`
	}
	return `{"orderRequest":{"transactionType":"SUSPEND","serviceId":"38382335","properties":[` + strings.Join(items, ",") + `]}}`
}

// TestWarningHeadersAreBounded: an answer carries a few X-Mobmock-Warning
// headers and then one that counts the rest and says where they are; the
// journal keeps the first warnings and a count.
func TestWarningHeadersAreBounded(t *testing.T) {
	s, c := start(t, mock.Config{})
	req := newRequest(t, "POST", s.URL+"/mobproc/v1/orders?confirm=true", orderWith(unknownFields(100)),
		map[string]string{"X-TNGO-TENANT": "acme", "client_id": "t"})
	r := c.send(req).want(t, 200)
	ws := r.Header["X-Mobmock-Warning"]
	if len(ws) < 2 || len(ws) > 6 {
		t.Fatalf("%d warning headers, want a few", len(ws))
	}
	last := ws[len(ws)-1]
	if !strings.Contains(last, "more warnings") || !strings.Contains(last, "/__admin/journal") || !strings.Contains(last, r.Header.Get("X-Request-Id")) {
		t.Errorf("the last warning header does not count the rest: %q", last)
	}
	size := 0
	for k, vs := range r.Header {
		for _, v := range vs {
			size += len(k) + len(v)
		}
	}
	if size > 4096 {
		t.Errorf("%d bytes of headers", size)
	}
	j := c.do("GET", "/__admin/journal?tenant=acme&limit=1", nil).want(t, 200)
	if n := len(j.at(t, "/requests/0/warnings").([]any)); n > 20 || num(j.at(t, "/requests/0/warningsOmitted"))+n < 100 {
		t.Errorf("journal keeps %d warnings and counts %v more", n, j.at(t, "/requests/0/warningsOmitted"))
	}
}

// TestHugeNumbersOfProblemsAreBounded: a body with tens of thousands of
// members is refused before it is validated (too-many-values); one with
// over a hundred errors lists a hundred and counts the rest.
func TestHugeNumbersOfProblemsAreBounded(t *testing.T) {
	s, c := start(t, mock.Config{})
	h := map[string]string{"X-TNGO-TENANT": "acme", "client_id": "t"}
	for name, body := range map[string]string{"60,000 unknown fields": orderWith(unknownFields(60_000)), "30,000 bad properties": badProperties(30_000)} {
		t.Run(name, func(t *testing.T) {
			r := c.send(newRequest(t, "POST", s.URL+"/mobproc/v1/orders?confirm=true", body, h)).want(t, 400)
			if !r.hasError("too-many-values", "*") || len(r.Raw) > 2048 || len(r.Header["X-Mobmock-Warning"]) > 6 {
				t.Errorf("%d bytes, %d warning headers: %.300s", len(r.Raw), len(r.Header["X-Mobmock-Warning"]), r.Raw)
			}
		})
	}
	// Outside the APIs too: /__validate and the admin API's bodies are
	// held to the same bound before anything reads them.
	for _, tt := range []struct{ method, path string }{{"POST", "/__validate"}, {"POST", "/__admin/tenants/acme/overrides"}, {"PUT", "/__admin/faults"}} {
		t.Run(tt.path, func(t *testing.T) {
			adm, ac := start(t, mock.Config{Admin: true})
			req := newRequest(t, tt.method, adm.URL+tt.path, orderWith(unknownFields(60_000)), map[string]string{"Content-Type": "application/json"})
			if r := ac.send(req).want(t, 400); !r.hasError("too-many-values", "*") {
				t.Errorf("%s %s: %.300s", tt.method, tt.path, r.Raw)
			}
		})
	}
	t.Run("600 bad properties", func(t *testing.T) {
		r := c.send(newRequest(t, "POST", s.URL+"/mobproc/v1/orders?confirm=true", badProperties(600), h)).want(t, 400)
		items := r.at(t, "/errors").([]any)
		last, _ := items[len(items)-1].(map[string]any)
		if len(items) != 101 || last["code"] != "too-many-problems" || !strings.Contains(fmt.Sprint(last["message"]), "more problems") {
			t.Errorf("%d errors, the last %v", len(items), last)
		}
	})
}

// TestJournalIsBoundedInBytes: answers with many problems each do not grow
// the journal past its byte budget; it keeps the newest entries, with the
// first problems of each and a count.
func TestJournalIsBoundedInBytes(t *testing.T) {
	s, c := start(t, mock.Config{JournalBytes: 64 << 10})
	h := map[string]string{"X-TNGO-TENANT": "acme", "client_id": "t"}
	body := badProperties(900)
	var last string
	for range 20 {
		r := c.send(newRequest(t, "POST", s.URL+"/mobproc/v1/orders?confirm=true", body, h)).want(t, 400)
		last = r.Header.Get("X-Request-Id")
	}
	j := c.do("GET", "/__admin/journal?limit=200", nil).want(t, 200)
	if len(j.Raw) > 128<<10 {
		t.Errorf("the journal answers %d bytes for a budget of 64 KiB", len(j.Raw))
	}
	if got := j.str(t, "/requests/0/requestId"); got != last {
		t.Errorf("newest entry %s, want %s", got, last)
	}
	if n := len(j.at(t, "/requests/0/errors").([]any)); n > 20 || num(j.at(t, "/requests/0/errorsOmitted")) == 0 {
		t.Errorf("the newest entry keeps %d errors and counts %v more", n, j.at(t, "/requests/0/errorsOmitted"))
	}
}
