package proxy_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mobmock/mobmock/fixtures"
	"github.com/mobmock/mobmock/mock"
	"github.com/mobmock/mobmock/mock/mocktest"
	"github.com/mobmock/mobmock/proxy"
)

// secrets are sent through a recording proxy and must never reach the
// recording.
var secrets = []string{"sekret-bearer-1", "sekret-cookie-2", "sekret-key-3", "sekret-sig-4", "sekret-query-5", "sekret-body-6", "sekret-order-7"}

// record drives a session of two tenants through a recording proxy in
// front of a fresh mock, secrets included, and returns the recording
// directory.
func record(t *testing.T) string {
	t.Helper()
	up := mocktest.Start(t, mock.Config{})
	dir := t.TempDir()
	p, base := start(t, proxy.Config{Target: up.URL, Record: dir, RedactHeaders: []string{"X-Partner-Sig"},
		RedactPointers: []string{"/orderRequest/externalOrderNumber", "/order/externalOrderNumber", "/orderConfirmation/externalOrderNumber"}})
	auth := []string{"Authorization", "Bearer sekret-bearer-1", "Cookie", "session=sekret-cookie-2", "X-Api-Key", "sekret-key-3", "X-Partner-Sig", "sekret-sig-4"}
	order := bytes.Replace(documented(t, "mobproc/suspend.request.json"), []byte(`"transactionType"`), []byte(`"password": "sekret-body-6", "transactionType"`), 1)
	order = bytes.Replace(order, []byte(`AZ99087547-001`), []byte(`sekret-order-7`), 1)
	if bytes.Equal(order, documented(t, "mobproc/suspend.request.json")) {
		t.Fatal("the secrets did not go into the body")
	}
	send(t, "POST", base+"/mobproc/v1/orders?confirm=true", "acme", order, auth...)
	sub := send(t, "POST", base+"/mobproc/v1/orders", "acme", order, auth...)
	id := field(t, sub.body, "order.orderId")
	if id == "" {
		t.Fatalf("submission failed: %s", sub.body)
	}
	send(t, "GET", base+"/mobproc/v1/orders/"+id, "acme", nil, auth...)
	send(t, "GET", base+"/mobproc/v1/orders?status=ORDER_SUBMITTED", "acme", nil, auth...)
	send(t, "GET", base+"/mobproc/v1/regions?access_token=sekret-query-5", "acme", nil, auth...)
	send(t, "POST", base+"/mobproc/v1/orders?confirm=true", "acme", []byte(`{"orderRequest":{"transactionType":"SUSPEND"}}`), auth...)
	created := send(t, "POST", base+"/1/activities", "globex", documented(t, "mobile/new-line.request.json"), auth...)
	act := field(t, created.body, "id")
	send(t, "GET", base+"/1/activities/"+act, "globex", nil, auth...)
	send(t, "GET", base+"/1/activities?employee_id=10000", "globex", nil, auth...)
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
	if rep := p.Report(); rep.Recorded != 9 || rep.NotRecorded != 0 {
		t.Fatalf("recorded %d, not recorded %d:\n%s", rep.Recorded, rep.NotRecorded, rep.Summary())
	}
	return dir
}

// TestRecordingHasNoSecrets greps every recorded file for the secrets the
// traffic carried.
func TestRecordingHasNoSecrets(t *testing.T) {
	dir := record(t)
	n := 0
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		n++
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		for _, s := range secrets {
			if bytes.Contains(data, []byte(s)) {
				t.Errorf("%s contains the secret %q", p, s)
			}
		}
		if !bytes.Contains(data, []byte(proxy.Redacted)) {
			t.Errorf("%s has no %s in place of the secrets", p, proxy.Redacted)
		}
		return nil
	})
	if err != nil || n != 1 {
		t.Fatalf("%d files recorded: %v", n, err)
	}
}

// TestRecordingReplaysGreen: the recording loads as fixtures and replays
// with conform, every case passing, against a fresh mock.
func TestRecordingReplaysGreen(t *testing.T) {
	dir := record(t)
	set, err := fixtures.Load(os.DirFS(dir))
	if err != nil {
		t.Fatal(err)
	}
	if len(set.Cases) != 2 || len(set.Cases[0].Steps) != 6 || len(set.Cases[1].Steps) != 3 {
		t.Fatalf("%d cases", len(set.Cases))
	}
	for _, c := range set.Cases {
		if !strings.HasPrefix(c.Name, "recorded/") || !c.HasTag("recorded") {
			t.Errorf("case %q, tags %v", c.Name, c.Tags)
		}
	}
	fresh := mocktest.Start(t, mock.Config{})
	if rep := conform(t, "replay", fresh.URL, set); rep.Failed > 0 || rep.Passed != 2 {
		data, _ := os.ReadFile(filepath.Join(dir, "cases", mustOne(t, dir)))
		t.Fatalf("%s\n%s", rep.Summary(), data)
	}
}

func mustOne(t *testing.T, dir string) string {
	t.Helper()
	es, err := os.ReadDir(filepath.Join(dir, "cases"))
	if err != nil || len(es) != 1 {
		t.Fatalf("%v %v", es, err)
	}
	return es[0].Name()
}
