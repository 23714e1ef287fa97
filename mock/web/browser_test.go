package web_test

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/mobmock/mobmock/mock"
	"github.com/mobmock/mobmock/mock/mocktest"
)

// browser starts headless Chromium for a test, or skips the test when
// there is none. The context fails the test's actions after a minute, so a
// page that never shows what is awaited ends the test rather than hangs it.
func browser(t *testing.T) context.Context {
	t.Helper()
	path := ""
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			path = p
			break
		}
	}
	if path == "" {
		t.Skip("no headless Chromium found: install Debian's chromium package (apt-get install chromium) to run the browser tests")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(path), chromedp.WindowSize(1280, 900))
	if os.Geteuid() == 0 {
		// Chromium refuses to run its sandbox as root (CI containers).
		opts = append(opts, chromedp.NoSandbox)
	}
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancel)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(cancel)
	// The first run starts the browser, which lives as long as that
	// context: the timeout goes on a context derived after it.
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("starting %s: %v", path, err)
	}
	ctx, cancel = context.WithTimeout(ctx, time.Minute)
	t.Cleanup(cancel)
	return ctx
}

// shots returns the folder screenshots go to: $MOBMOCK_SCREENSHOTS, or a
// folder under the system's temporary directory. Nothing there is
// committed.
func shots(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("MOBMOCK_SCREENSHOTS")
	if dir == "" {
		dir = filepath.Join(os.TempDir(), "mobmock-console-screenshots")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// screenshot saves the whole page as name.png.
func screenshot(t *testing.T, dir, name string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		png, err := chromedp.FullScreenshot(100)(ctx, tg)
		if err != nil {
			return err
		}
		p := filepath.Join(dir, name+".png")
		t.Logf("screenshot: %s", p)
		return os.WriteFile(p, png, 0o644)
	})
}

// do runs steps, failing the test with what was being done.
func do(t *testing.T, ctx context.Context, what string, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// text returns the visible text of the first element sel matches.
func text(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		t.Fatalf("reading %s: %v", sel, err)
	}
	return s
}

func suspend(transactionType string) string {
	data, _ := json.MarshalIndent(map[string]any{"orderRequest": map[string]any{
		"transactionType": transactionType,
		"serviceId":       "38382335",
		"properties": []any{map[string]any{"groupId": "MISCELLANEOUS", "fields": []any{
			map[string]any{"id": "CONTACT_NUMBER", "type": "TEXT", "text": "2035559999"}}}},
	}}, "", "  ")
	return string(data)
}

// TestConsoleInBrowser drives the console in headless Chromium against a
// mock: validate an invalid payload, fix it, send it, find it in Traffic,
// advance it in State; and the page's message when the mock goes away.
func TestConsoleInBrowser(t *testing.T) {
	ctx := browser(t)
	dir := shots(t)
	srv := mocktest.Start(t, mock.Config{})
	css := func(s string) chromedp.CSS { return chromedp.CSS(s) }

	// Validate: the problem with its pointer, hint and marked line.
	do(t, ctx, "validating an invalid payload",
		chromedp.Navigate(srv.URL+"/#validate"),
		chromedp.WaitReady(css(`#example optgroup option`)),
		chromedp.SetValue(css(`#tenant`), "browser"),
		chromedp.SetValue(css(`#payload`), suspend("SUSPENDED")),
		chromedp.Click(css(`#validateBtn`)),
		chromedp.WaitVisible(css(`#problems li`)),
		screenshot(t, dir, "validate"),
	)
	problems, marked := text(t, ctx, `#problems`), text(t, ctx, `#marked .bad`)
	for _, want := range []string{"/orderRequest/transactionType", `got "SUSPENDED"`, `Hint: Did you mean "SUSPEND"?`} {
		if !strings.Contains(problems, want) {
			t.Errorf("problems %q lack %q", problems, want)
		}
	}
	if !strings.Contains(marked, `"transactionType": "SUSPENDED"`) {
		t.Errorf("marked line %q is not the offending one", marked)
	}

	// At phone width nothing is wider than the screen (the marked payload
	// scrolls inside its own box).
	do(t, ctx, "narrowing the window to a phone's width",
		chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile),
		screenshot(t, dir, "validate-phone"),
	)
	overflow, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth - document.documentElement.clientWidth`))
	if err != nil || overflow > 0 {
		wide, _ := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll("body *")].filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1).map(e => e.tagName + "#" + e.id + "." + e.className)`))
		t.Errorf("at phone width the page is %d pixels wider than the screen (%v); too wide: %v", overflow, err, wide)
	}
	do(t, ctx, "widening the window again", chromedp.EmulateViewport(1280, 900))

	// Fix it, see it pass, send it in confirm mode.
	do(t, ctx, "fixing and sending the payload",
		chromedp.SetValue(css(`#payload`), suspend("SUSPEND")),
		chromedp.Click(css(`#validateBtn`)),
		chromedp.WaitVisible(css(`#verdictText.valid`)),
	)
	if v := text(t, ctx, `#verdictText`); !strings.Contains(v, "Valid MOBPROC SUSPEND payload") {
		t.Errorf("verdict %q", v)
	}
	do(t, ctx, "sending the payload in confirm mode",
		chromedp.Click(css(`#sendBtn`)),
		chromedp.WaitVisible(css(`#sendStatus`)),
	)
	if sent := text(t, ctx, `#sendResult`); !strings.Contains(sent, "Confirmed: POST /mobproc/v1/orders?confirm=true answered 200") || !strings.Contains(sent, "orderConfirmation") {
		t.Errorf("send result %q", sent)
	}

	// Submit it for real, so that State has an order.
	do(t, ctx, "submitting the order",
		chromedp.Click(css(`#confirmMode`)),
		chromedp.Click(css(`#sendBtn`)),
	)
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.getElementById("sendStatus").textContent.startsWith("Accepted")`)); err != nil {
		t.Fatalf("submission: %v; page says %q", err, text(t, ctx, `#sendResult`))
	}

	// Traffic: the confirmation, opened from the keyboard.
	do(t, ctx, "reading Traffic",
		chromedp.Click(css(`#nav-traffic`)),
		chromedp.WaitVisible(css(`#traffic tbody tr`)),
		chromedp.Focus(css(`#traffic tbody tr:nth-child(2)`)),
		chromedp.KeyEvent(kb.Enter),
		chromedp.WaitVisible(css(`#exchangeTitle`)),
		screenshot(t, dir, "traffic"),
	)
	rows, detail := text(t, ctx, `#traffic`), text(t, ctx, `#trafficDetail`)
	// The submission, as sent (no query), and the confirmation before it.
	if strings.Count(rows, "POST /mobproc/v1/orders") != 2 || !strings.Contains(rows, "POST /mobproc/v1/orders?confirm=true") || strings.Contains(rows, "confirm=false") {
		t.Errorf("traffic rows %q", rows)
	}
	if !strings.Contains(detail, "X-Tngo-Tenant: browser") || !strings.Contains(detail, `"transactionType": "SUSPEND"`) || !strings.Contains(detail, "orderConfirmation") {
		t.Errorf("exchange %q", detail)
	}

	// State: open the order, advance it, see its history grow.
	do(t, ctx, "opening the order in State",
		chromedp.Click(css(`#nav-state`)),
		chromedp.WaitVisible(css(`#state tbody tr td`)),
		chromedp.Click(css(`#state tbody tr td`)),
		chromedp.WaitVisible(css(`.histCount`)),
	)
	before := text(t, ctx, `.histCount`)
	do(t, ctx, "advancing the order",
		chromedp.Click(css(`button.adv`)),
		chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := chromedp.Poll[bool](`Number((document.querySelector(".histCount") || {}).textContent) > `+before)(ctx, tg)
			return err
		}),
		screenshot(t, dir, "state"),
	)
	after := text(t, ctx, `.histCount`)
	b, _ := strconv.Atoi(before)
	a, _ := strconv.Atoi(after)
	if b < 1 || a <= b {
		t.Errorf("history had %s entries, then %s", before, after)
	}

	// Contract: both documents rendered, and the register.
	do(t, ctx, "reading the contract",
		chromedp.Click(css(`#nav-contract`)),
		chromedp.WaitVisible(css(`#contract details.op`)),
	)
	if doc := text(t, ctx, `#contract`); !strings.Contains(doc, "POST /orders") {
		t.Errorf("MOBPROC document: %.300q", doc)
	}
	do(t, ctx, "reading the register",
		chromedp.Navigate(srv.URL+"/#contract/register/MP-3"),
		chromedp.WaitVisible(css(`#reg-MP-3[open]`)),
		screenshot(t, dir, "register"),
	)

	// The server goes away: the page says so.
	srv.Close()
	do(t, ctx, "refreshing State with the mock gone",
		chromedp.Click(css(`#nav-state`)),
		chromedp.Click(css(`#stateBtn`)),
		chromedp.WaitVisible(css(`#offline`)),
	)
	if banner := text(t, ctx, `#offline`); !strings.Contains(banner, "is not answering") {
		t.Errorf("banner %q", banner)
	}
}

// TestConsoleWithAuth: with auth required the page gets a token for its
// tenant, reads that tenant's traffic, and is refused another's.
func TestConsoleWithAuth(t *testing.T) {
	ctx := browser(t)
	srv := mocktest.Start(t, mock.Config{Auth: mock.AuthRequired})
	css := func(s string) chromedp.CSS { return chromedp.CSS(s) }
	do(t, ctx, "opening Traffic without a token",
		chromedp.Navigate(srv.URL+"/#traffic"),
		chromedp.WaitVisible(css(`#token`)),
		chromedp.WaitVisible(css(`#traffic p.invalid`)),
	)
	if msg := text(t, ctx, `#traffic`); !strings.Contains(msg, "401") || !strings.Contains(msg, "bearer token") {
		t.Errorf("without a token: %q", msg)
	}
	do(t, ctx, "getting a token for acme",
		chromedp.SetValue(css(`#password`), "mobmock"),
		chromedp.Click(css(`#signinBtn`)),
		chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := chromedp.Poll[bool](`document.getElementById("token").value.startsWith("mm_")`)(ctx, tg)
			return err
		}),
		chromedp.Click(css(`#trafficBtn`)),
		chromedp.WaitVisible(css(`#traffic p.note`)),
	)
	if msg := text(t, ctx, `#traffic`); !strings.Contains(msg, "No requests for tenant acme yet") {
		t.Errorf("with acme's token: %q", msg)
	}
	do(t, ctx, "asking for globex's traffic with acme's token",
		chromedp.SetValue(css(`#tenant`), "globex"),
		chromedp.Click(css(`#trafficBtn`)),
		chromedp.WaitVisible(css(`#traffic p.invalid`)),
	)
	if msg := text(t, ctx, `#traffic`); !strings.Contains(msg, "403") || !strings.Contains(msg, "another tenant") {
		t.Errorf("another tenant's traffic: %q", msg)
	}
}

// TestConsoleWithAdminToken: a mock started with --admin-token shows the
// Admin token field; Traffic and State answer 401 until it is filled in,
// then show the tenant's.
func TestConsoleWithAdminToken(t *testing.T) {
	ctx := browser(t)
	srv := mocktest.Start(t, mock.Config{AdminToken: "s3cret-admin"})
	css := func(s string) chromedp.CSS { return chromedp.CSS(s) }
	do(t, ctx, "opening Traffic without the admin token",
		chromedp.Navigate(srv.URL+"/#traffic"),
		chromedp.WaitVisible(css(`#adminToken`)),
		chromedp.WaitVisible(css(`#traffic p.invalid`)),
	)
	if msg := text(t, ctx, `#traffic`); !strings.Contains(msg, "401") || !strings.Contains(msg, "admin token") {
		t.Errorf("without the admin token: %q", msg)
	}
	do(t, ctx, "filling in the admin token",
		chromedp.SetValue(css(`#adminToken`), "s3cret-admin"),
		chromedp.Click(css(`#trafficBtn`)),
		chromedp.WaitVisible(css(`#traffic p.note`)),
	)
	if msg := text(t, ctx, `#traffic`); !strings.Contains(msg, "No requests for tenant acme yet") {
		t.Errorf("with the admin token: %q", msg)
	}
	do(t, ctx, "opening State with the admin token",
		chromedp.Navigate(srv.URL+"/#state"),
		chromedp.SetValue(css(`#adminToken`), "s3cret-admin"),
		chromedp.Click(css(`#stateBtn`)),
		chromedp.WaitVisible(css(`#state h3`)),
	)
	if msg := text(t, ctx, `#state`); !strings.Contains(msg, "No orders yet") {
		t.Errorf("State with the admin token: %q", msg)
	}
}
