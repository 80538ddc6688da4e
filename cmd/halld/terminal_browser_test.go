package main

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"halld/internal/browsertest"
)

// waitText waits until the element's text contains want.
func waitText(sel, want string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := chromedp.Poll[bool](`(document.querySelector(`+jsString(sel)+`)?.textContent || "").includes(`+jsString(want)+`)`)(ctx, t)
		return err
	})
}

func jsString(s string) string { b, _ := json.Marshal(s); return string(b) }

// terminalLogin opens window n's terminal and logs staff in (PIN 1234).
func terminalLogin(base string, n int, staff string) chromedp.Action[chromedp.Void] {
	return chromedp.Steps(
		chromedp.Navigate(fmt.Sprintf("%s/terminal/?window=%d", base, n)),
		chromedp.WaitVisible(chromedp.ID("staff")),
		chromedp.SendKeys(chromedp.ID("staff"), staff),
		chromedp.SendKeys(chromedp.ID("pin"), "1234"+kb.Enter),
		chromedp.WaitVisible(chromedp.ID("desk")),
	)
}

// TestTerminalKeyboardOnly operates a window from the keyboard alone:
// log in, call, start, finish, pause with a reason and resume.
func TestTerminalKeyboardOnly(t *testing.T) {
	d := startDaemon(t)
	d.post(t, "/api/v1/tickets", "", `{"service":"estate","channel":"kiosk"}`)
	d.post(t, "/api/v1/tickets", "", `{"service":"estate","channel":"kiosk","priority":"elderly"}`)
	ctx := browsertest.New(t, 1366, 768)
	err := chromedp.Do(ctx,
		terminalLogin(d.base, 3, "w3"),
		waitText("#win-title", "3号窗口"),
		chromedp.KeyEvent("n"),
		waitText("#cur-number", "A002"), // the priority ticket first
		waitText("#waiting", "A001"),
		chromedp.KeyEvent("s"),
		waitText("#cur-info", "办理中"),
		chromedp.KeyEvent("f"),
		waitText("#cur-number", "—"),
		// The applicant rates the service on window 3's (simulated) keypad,
		// armed by the finish; the clerk sees the evaluation arrive.
		chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
			_, err := chromedp.Poll[bool](`fetch("/sim/state.json").then(r => r.json()).then(s => s.keypads.some(k => k.id === "keypad-3" && k.armed))`,
				chromedp.WithPollingInterval(50*time.Millisecond))(ctx, t)
			return err
		}),
		waitText("#pending-rating", "等待评价：A002"), // and until when
		chromedp.Evaluate[chromedp.Void](`fetch("/sim/keypads/keypad-3/5", {method: "POST"})`),
		waitText("#evaluation", "A002 评价：非常满意"),
		chromedp.WaitNotVisible(chromedp.ID("pending-rating")), // rated: the keypad no longer waits
		chromedp.KeyEvent(kb.Enter),                            // Enter calls the next one
		waitText("#cur-number", "A001"),
		chromedp.KeyEvent("x"), // no-show: re-inserted (nobody else waits: it goes to the end)
		waitText("#message", "过号"),
		chromedp.KeyEvent("p"),
		chromedp.WaitVisible(chromedp.ID("choose")),
		chromedp.KeyEvent("1"),
		waitText("#win-state", "暂停服务：午休"),
		waitText("#message", "已暂停服务：午休"), // a confirmation, not the window's number
	)
	if err != nil {
		browsertest.Screenshot(t, ctx, "terminal-failed")
		html, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("desk").innerText`))
		t.Fatalf("%v\npage: %s", err, html)
	}
	browsertest.Screenshot(t, ctx, "terminal-1366x768")
	if err := chromedp.Do(ctx, chromedp.KeyEvent("p"), waitText("#win-state", "服务中"), waitText("#message", "已恢复服务")); err != nil {
		t.Fatal(err)
	}
	var hall struct {
		Windows []struct {
			Number int
			State  string
		}
	}
	d.get(t, "/api/v1/hall", &hall)
	if hall.Windows[2].State != "open" {
		t.Errorf("window 3 is %s after resume", hall.Windows[2].State)
	}
}

// TestTerminalSecondLoginNeedsTakeover: a second clerk is refused, then
// takes over explicitly, and the first terminal drops to the login form.
func TestTerminalSecondLoginNeedsTakeover(t *testing.T) {
	d := startDaemon(t)
	_, m := d.post(t, "/api/v1/login", "", `{"staff":"w1","pin":"1234","window":1}`)
	first := m["token"].(string)
	ctx := browsertest.New(t, 1024, 600) // a 7-inch window tablet
	err := chromedp.Do(ctx,
		chromedp.Navigate(d.base+"/terminal/?window=1"),
		chromedp.WaitVisible(chromedp.ID("staff")),
		chromedp.SendKeys(chromedp.ID("staff"), "w10"), // w10 holds the B post of window 1
		chromedp.SendKeys(chromedp.ID("pin"), "1234"+kb.Enter),
		waitText("#login-error", "已由"),
		chromedp.WaitVisible(chromedp.ID("takeover-btn")),
		chromedp.Click(chromedp.ID("takeover-btn")),
		chromedp.WaitVisible(chromedp.ID("desk")),
		waitText("#win-staff", "B"),
	)
	if err != nil {
		t.Fatal(err)
	}
	browsertest.Screenshot(t, ctx, "terminal-1024x600")
	if st, _ := d.post(t, "/api/v1/windows/1/call", first, ""); st != 401 {
		t.Errorf("the replaced clerk's token answered %d, want 401", st)
	}
}

// TestTerminalTransferLongList: the transfer dialog lists every other
// service and window (more than nine), fits a 7-inch tablet by scrolling,
// and every item is reached from the keyboard: two digits pick item 12,
// the arrow keys and Enter pick the last one.
func TestTerminalTransferLongList(t *testing.T) {
	d := startDaemon(t)
	d.post(t, "/api/v1/tickets", "", `{"service":"estate","channel":"kiosk"}`)
	d.post(t, "/api/v1/tickets", "", `{"service":"estate","channel":"kiosk"}`)
	ctx := browsertest.New(t, 1024, 600)
	items := `[...document.querySelectorAll("#choose-list button")]`
	err := chromedp.Do(ctx,
		terminalLogin(d.base, 3, "w3"),
		chromedp.KeyEvent("n"),
		waitText("#cur-number", "A001"),
		chromedp.KeyEvent("t"),
		chromedp.WaitVisible(chromedp.ID("choose")),
	)
	if err != nil {
		t.Fatal(err)
	}
	type dialog struct {
		N               int
		Scrolls, Inside bool
		Twelfth, Last   string
	}
	dl, err := chromedp.Run(ctx, chromedp.Evaluate[dialog](`(() => {
		const l = document.getElementById("choose-list"), r = document.getElementById("choose").getBoundingClientRect(), b = `+items+`;
		return {n: b.length, scrolls: l.scrollHeight > l.clientHeight, inside: r.top >= 0 && r.bottom <= innerHeight,
			twelfth: b[11]?.textContent, last: b.at(-1).textContent};
	})()`))
	if err != nil {
		t.Fatal(err)
	}
	browsertest.Screenshot(t, ctx, "terminal-transfer-1024x600")
	if lone, err := browsertest.Orphans(ctx); err != nil || len(lone) > 0 {
		t.Errorf("a character alone on a line in %q (%v)", lone, err)
	}
	if dl.N < 12 || !dl.Scrolls || !dl.Inside {
		t.Fatalf("transfer dialog %+v: want more than 11 items in a dialog that fits the screen and scrolls", dl)
	}
	if err := chromedp.Do(ctx, chromedp.KeyEvent("1"), chromedp.KeyEvent("2"),
		waitText("#message", "A001 已转移"),
		chromedp.KeyEvent("n"), waitText("#cur-number", "A002"),
		chromedp.KeyEvent("t"), chromedp.WaitVisible(chromedp.ID("choose")),
		chromedp.KeyEvent(kb.ArrowUp), // from the first item round to the last
		chromedp.Poll[chromedp.Void](`document.activeElement === `+items+`.at(-1)`),
		chromedp.KeyEvent(kb.Enter),
		waitText("#message", "A002 已转移"),
	); err != nil {
		t.Fatal(err)
	}
	_, m := d.post(t, "/api/v1/login", "", `{"staff":"admin","pin":"1234"}`)
	for number, label := range map[string]string{"A001": dl.Twelfth, "A002": dl.Last} {
		var w int
		if _, err := fmt.Sscanf(strings.TrimPrefix(label[strings.Index(label, "转至"):], "转至"), "%d号窗口", &w); err != nil {
			t.Fatalf("item %q is not a window: %v", label, err)
		}
		var list []struct{ Number string }
		d.getAuth(t, fmt.Sprintf("/api/v1/windows/%d/waiting", w), m["token"].(string), &list)
		if len(list) == 0 || !slices.ContainsFunc(list, func(x struct{ Number string }) bool { return x.Number == number }) {
			t.Errorf("%s not waiting at window %d (%q): %+v", number, w, label, list)
		}
	}
}
