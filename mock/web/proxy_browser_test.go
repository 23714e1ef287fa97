package web_test

import (
	"bytes"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/mobmock/mobmock/fixtures"
	"github.com/mobmock/mobmock/mock"
	"github.com/mobmock/mobmock/mock/mocktest"
	"github.com/mobmock/mobmock/proxy"
)

// TestConsoleBehindProxy opens the console the proxy serves, in front of
// a mock, after a documented and a broken request went through it: the
// page opens on Traffic, lists both newest first with the broken one's
// violation, shows it in full on click, filters by status and API, and
// hides the views a proxy has no use for.
func TestConsoleBehindProxy(t *testing.T) {
	ctx := browser(t)
	dir := shots(t)
	up := mocktest.Start(t, mock.Config{})
	p, err := proxy.New(proxy.Config{Target: up.URL})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(p)
	t.Cleanup(srv.Close)

	doc, err := fs.ReadFile(fixtures.FS, "documented/mobproc/suspend.request.json")
	if err != nil {
		t.Fatal(err)
	}
	broken := bytes.Replace(doc, []byte(`"SUSPEND"`), []byte(`"SUSPENDED"`), 1)
	for _, c := range []struct {
		body []byte
		want int
	}{{doc, http.StatusOK}, {broken, http.StatusBadRequest}} {
		req, err := http.NewRequest("POST", srv.URL+"/mobproc/v1/orders?confirm=true", bytes.NewReader(c.body))
		if err != nil {
			t.Fatal(err)
		}
		req.Header["X-TNGO-TENANT"] = []string{"browser"}
		req.Header["client_id"] = []string{"browser"}
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != c.want {
			t.Fatalf("POST through the proxy: status %d, want %d", resp.StatusCode, c.want)
		}
	}

	css := func(s string) chromedp.CSS { return chromedp.CSS(s) }
	do(t, ctx, "opening the proxy's console",
		chromedp.Navigate(srv.URL+"/"),
		chromedp.WaitVisible(css(`#traffic tbody tr`)),
		screenshot(t, dir, "proxy-traffic"),
	)
	hidden, err := chromedp.Run(ctx, chromedp.Evaluate[[]bool](`["nav-state", "sendRow", "who"].map((id) => document.getElementById(id).hidden)`))
	if err != nil {
		t.Fatal(err)
	}
	for i, id := range []string{"nav-state", "sendRow", "who"} {
		if !hidden[i] {
			t.Errorf("#%s is shown; a proxy has no state and sends nothing", id)
		}
	}
	if note := text(t, ctx, `#trafficNote`); !strings.Contains(note, up.URL) {
		t.Errorf("the Traffic note %q does not name the target %s", note, up.URL)
	}
	rows, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll("#traffic tbody tr")].map((tr) => tr.textContent)`))
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 || !strings.Contains(rows[0], "400") || !strings.Contains(rows[0], "request ") || !strings.Contains(rows[1], "200") {
		t.Errorf("Traffic rows %q, want the broken request (400, a request violation) first, then the documented one (200)", rows)
	}

	do(t, ctx, "opening the broken exchange",
		chromedp.Click(css(`#traffic tbody tr`)),
		chromedp.WaitVisible(css(`#exchangeTitle`)),
		screenshot(t, dir, "proxy-exchange"),
	)
	detail := text(t, ctx, `#trafficDetail`)
	for _, want := range []string{"POST /mobproc/v1/orders → 400", "request ", "/orderRequest/transactionType", `"transactionType": "SUSPENDED"`, "Response"} {
		if !strings.Contains(detail, want) {
			t.Errorf("exchange detail lacks %q:\n%s", want, detail)
		}
	}

	for _, c := range []struct{ status, api, want string }{
		{"2xx", "", `rows.length === 1 && rows[0].textContent.includes("200")`},
		{"4xx", "mobproc", `rows.length === 1 && rows[0].textContent.includes("400")`},
		{"", "mobile", `document.getElementById("traffic").textContent.includes("No exchanges through the proxy yet.")`},
	} {
		set := `document.getElementById("fStatus").value = "` + c.status + `"; document.getElementById("fApi").value = "` + c.api + `";` +
			`document.getElementById("fApi").dispatchEvent(new Event("change")); true`
		poll := `(() => { const rows = document.querySelectorAll("#traffic tbody tr"); return ` + c.want + `; })()`
		if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](set)); err != nil {
			t.Fatalf("filtering by status %q and API %q: %v", c.status, c.api, err)
		}
		if _, err := chromedp.Run(ctx, chromedp.Poll[bool](poll)); err != nil {
			t.Errorf("filtering by status %q and API %q: the list never showed %s: %v", c.status, c.api, c.want, err)
		}
	}
}
