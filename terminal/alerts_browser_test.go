package terminal

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"halld/api"
	"halld/internal/browsertest"
	"halld/queue"
	"halld/queue/alerts"
	"halld/queue/hall"
	"halld/queue/queuetest"
)

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func jsString(s string) string { b, _ := json.Marshal(s); return string(b) }

func waitText(sel, want string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := chromedp.Poll[bool](`(document.querySelector(`+jsString(sel)+`)?.textContent || "").includes(`+jsString(want)+`)`)(ctx, t)
		return err
	})
}

// TestSupervisorAcksAtTheTerminal: a supervisor logged in at a window sees
// the open alerts beside the lists and acknowledges one; a clerk's desk
// has no alerts column.
func TestSupervisorAcksAtTheTerminal(t *testing.T) {
	h, err := hall.Parse(append(hall.DemoTOML(), fmt.Sprintf("\n[[staff]]\nid = \"sup\"\nname = \"郑值班\"\nrole = \"supervisor\"\npin_hash = %q\n",
		hall.Demo().StaffByID("admin").PINHash)...), "demo-with-supervisor.toml")
	if err != nil {
		t.Fatal(err)
	}
	c := &clock{t: time.Date(2025, 11, 20, 10, 0, 0, 0, time.FixedZone("CST", 8*3600))}
	e := queuetest.Open(t, h, queue.Options{Now: c.now})
	srv := api.New(e, nil)
	Register(srv)
	m, err := alerts.Open(e, nil)
	if err != nil {
		t.Fatal(err)
	}
	srv.WithAlerts(m)
	ts := httptest.NewServer(srv)
	t.Cleanup(func() { srv.CloseStreams(); ts.Close() })

	m.Check(c.now())
	c.advance(4 * time.Minute) // the demo hall watches windows 1 and 2 for 3 minutes
	if r, err := m.Check(c.now()); err != nil || len(r.Raised) != 2 {
		t.Fatalf("Check = %+v, %v", r, err)
	}

	ctx := browsertest.New(t, 1366, 768)
	login := func(n int, staff string) chromedp.Action[chromedp.Void] {
		return chromedp.Steps(
			chromedp.Navigate(fmt.Sprintf("%s/terminal/?window=%d", ts.URL, n)),
			chromedp.WaitVisible(chromedp.ID("staff")),
			chromedp.SendKeys(chromedp.ID("staff"), staff),
			chromedp.SendKeys(chromedp.ID("pin"), "1234"+kb.Enter),
			chromedp.WaitVisible(chromedp.ID("desk")),
		)
	}
	err = chromedp.Do(ctx,
		login(6, "w6"),
		waitText("#win-title", "6号窗口"),
		chromedp.WaitNotVisible(chromedp.ID("alerts-panel")),
		chromedp.Click(chromedp.ID("logout")),
		chromedp.WaitVisible(chromedp.ID("staff")),
		chromedp.Evaluate[chromedp.Void](`document.getElementById("staff").value = ""`),
		login(5, "sup"),
		waitText("#alerts-list", "2号窗口（综合窗口）开放时间内无人上岗超过3分钟"),
		waitText("#alerts-count", "2"),
		chromedp.Click(chromedp.CSS(`#alerts-list button[data-ack]`)),
		waitText("#alerts-list", "sup已确认"),
	)
	if err != nil {
		browsertest.Screenshot(t, ctx, "terminal-alerts-failed")
		text, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body.innerText`))
		t.Fatalf("%v\npage: %s", err, text)
	}
	browsertest.Screenshot(t, ctx, "terminal-alerts")
	b := m.Board(c.now())
	if b.Unacked != 1 || len(b.Open) != 2 {
		t.Fatalf("after the ack: %+v", b)
	}
}
