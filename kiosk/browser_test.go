package kiosk

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"halld/internal/browsertest"
	"halld/queue"
	"halld/queue/hall"
)

func jsString(s string) string { b, _ := json.Marshal(s); return string(b) }

// waitJS waits until the JavaScript expression is truthy.
func waitJS(expr string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := chromedp.Poll[bool](expr)(ctx, t)
		return err
	})
}

// waitText waits until the element's text contains want.
func waitText(sel, want string) chromedp.Action[chromedp.Void] {
	return waitJS(`(document.querySelector(` + jsString(sel) + `)?.textContent || "").includes(` + jsString(want) + `)`)
}

// serviceReady waits until the service's button can be tapped.
func serviceReady(id string) chromedp.Action[chromedp.Void] {
	return waitJS(`(() => { const b = document.querySelector('[data-service="` + id + `"]'); return b && !b.disabled && b.offsetParent !== null; })()`)
}

// fail reports err with a screenshot and the page's text.
func fail(t *testing.T, ctx context.Context, name string, err error) {
	t.Helper()
	browsertest.Screenshot(t, ctx, name+"-failed")
	text, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body.innerText`))
	t.Fatalf("%v\npage:\n%s", err, text)
}

// TestKioskDoubleTapIssuesOneTicket: two taps in quick succession on a
// service, by real mouse input and by two synchronous clicks, issue and
// print exactly one ticket each time.
func TestKioskDoubleTapIssuesOneTicket(t *testing.T) {
	f := newFake()
	v := newEnv(t, nil, Options{Printers: map[string]Printer{"k1": f}})
	ctx := browsertest.New(t, 1920, 1080)
	err := chromedp.Do(ctx,
		chromedp.Navigate(v.base+"/kiosk/?id=k1"),
		waitText("#hall-name", "测试政务服务中心"),
		serviceReady("estate"),
		chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			r, err := chromedp.Evaluate[[]float64](`(() => { const r = document.querySelector('[data-service="estate"]').getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2]; })()`)(ctx, tg)
			if err != nil {
				return err
			}
			for range 2 {
				if _, err := chromedp.MouseClickXY(r[0], r[1])(ctx, tg); err != nil {
					return err
				}
			}
			return nil
		}),
		waitText("#r-number", "A001"),
		waitText("#r-print", "请取走您的号票"),
		waitText("#r-ahead", "您前面还有 0 人在等候"),
		waitText("#r-windows", "请留意 1、2号窗口叫号"),
	)
	if err != nil {
		fail(t, ctx, "kiosk-double-tap", err)
	}
	browsertest.Screenshot(t, ctx, "kiosk-ticket-1920x1080")
	if _, n := v.issued(); n != 1 || len(f.printed()) != 1 {
		t.Fatalf("double tap: %d tickets issued, %d printed; want 1 and 1", n, len(f.printed()))
	}

	// Back to the start, choose a priority class, then two clicks in the
	// same instant.
	err = chromedp.Do(ctx,
		chromedp.Click(chromedp.ID("r-done")),
		serviceReady("social"),
		chromedp.Click(chromedp.CSS(`[data-priority="elderly"]`)),
		waitText("#prompt", "已选择「老年人」优先"),
		chromedp.Evaluate[chromedp.Void](`(() => { const b = document.querySelector('[data-service="social"]'); b.click(); b.click(); })()`),
		waitText("#r-number", "B001"),
		waitText("#r-prio", "老年人 优先"),
	)
	if err != nil {
		fail(t, ctx, "kiosk-double-click", err)
	}
	if _, n := v.issued(); n != 2 || len(f.printed()) != 2 {
		t.Fatalf("after the second double tap: %d tickets issued, %d printed; want 2 and 2", n, len(f.printed()))
	}
	tk, err := v.e.Ticket(mustID(t, v, "B001"))
	if err != nil || tk.Priority != "elderly" || tk.Channel != "kiosk" {
		t.Errorf("B001: %+v %v", tk, err)
	}
}

// mustID finds today's ticket by number through the waiting list of window 1.
func mustID(t *testing.T, v *env, number string) string {
	t.Helper()
	tok, _, err := v.e.Login(queue.LoginRequest{Staff: "w1", PIN: "1234", Window: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer v.e.Logout(tok)
	list, err := v.e.Waiting(1)
	if err != nil {
		t.Fatal(err)
	}
	for _, tk := range list {
		if tk.Number == number {
			return tk.ID
		}
	}
	t.Fatalf("%s not waiting", number)
	return ""
}

// TestKioskPaperOutBanner: the buttons go grey with a banner while the
// printer is out of paper, and come back by themselves after a reload.
func TestKioskPaperOutBanner(t *testing.T) {
	f := newFake()
	v := newEnv(t, nil, Options{Printers: map[string]Printer{"k1": f}, StatusPoll: 200e6})
	ctx := browsertest.New(t, 1920, 1080)
	disabled := `[...document.querySelectorAll("[data-service]")].every((b) => b.disabled)`
	err := chromedp.Do(ctx,
		chromedp.Navigate(v.base+"/kiosk/?id=k1"),
		serviceReady("estate"),
		chromedp.Func(func(context.Context, *chromedp.Target) error { f.set(CodePaperOut); return nil }),
		chromedp.WaitVisible(chromedp.ID("banner")),
		waitText("#banner", "打印机缺纸，暂停取号，请联系工作人员"),
		waitJS(disabled),
	)
	if err != nil {
		fail(t, ctx, "kiosk-paper-out", err)
	}
	browsertest.Screenshot(t, ctx, "kiosk-paper-out-1920x1080")
	// A tap while faulty does nothing.
	if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`document.querySelector('[data-service="estate"]').click()`)); err != nil {
		t.Fatal(err)
	}
	err = chromedp.Do(ctx,
		chromedp.Func(func(context.Context, *chromedp.Target) error { f.set(CodeReady); return nil }),
		chromedp.WaitNotVisible(chromedp.ID("banner")),
		serviceReady("estate"),
	)
	if err != nil {
		fail(t, ctx, "kiosk-paper-back", err)
	}
	if _, n := v.issued(); n != 0 {
		t.Errorf("%d tickets issued while the printer was out of paper", n)
	}
}

// TestKioskOrientations lays the demo hall's kiosk (six services, six
// priority classes) out on the kiosk screens halls buy — 1920×1080 and
// 1080×1920, the 5:4 1280×1024 and the 768×1024 portrait tablet — and a
// laptop's 1366×768: every button on screen and inside its list (none
// clipped or scrolled away), with its text inside it, large enough to touch,
// nothing wider than the screen, two or three columns; then shows a ticket
// whose print failed.
func TestKioskOrientations(t *testing.T) {
	// cols 0: any number of columns (the smaller kiosk screens).
	for _, sz := range []struct{ w, h, cols int }{{1080, 1920, 2}, {1920, 1080, 3}, {1280, 1024, 0}, {768, 1024, 2}, {1366, 768, 0}} {
		t.Run(fmt.Sprintf("%dx%d", sz.w, sz.h), func(t *testing.T) {
			f := newFake()
			f.err = errJam
			v := newEnvHall(t, hall.Demo(), nil, Options{Printers: map[string]Printer{"k1": f}})
			v.e.Issue(queue.IssueRequest{Service: "social"})
			ctx := browsertest.New(t, sz.w, sz.h)
			err := chromedp.Do(ctx,
				chromedp.EmulateViewport(int64(sz.w), int64(sz.h)), // the kiosk's whole screen
				chromedp.Navigate(v.base+"/kiosk/?id=k1"),
				serviceReady("estate"),
				waitText(`[data-service="social"] .waiting`, "1"),
				// the demo takes bookings: its 预约 class is not a walk-in's chip
				waitJS(`document.querySelectorAll(".prio-chip").length === 5 && !document.querySelector('[data-priority="appointment"]')`),
			)
			if err != nil {
				fail(t, ctx, "kiosk-layout", err)
			}
			layout, err := chromedp.Run(ctx, chromedp.Evaluate[map[string]any](`(() => {
				const bs = [...document.querySelectorAll("[data-service], .prio-chip")];
				const list = document.getElementById("services").getBoundingClientRect();
				const bad = bs.filter((b) => { const r = b.getBoundingClientRect();
					return r.top < 0 || r.left < 0 || r.bottom > innerHeight || r.right > innerWidth || b.scrollHeight > b.clientHeight + 1 || b.scrollWidth > b.clientWidth + 1 ||
						(b.dataset.service && (r.height < 150 || r.bottom > list.bottom + 1 || r.top < list.top - 1)) || r.height < 44 || r.width < 44; }).map((b) => b.textContent);
				return { cols: getComputedStyle(document.getElementById("services")).gridTemplateColumns.split(" ").length,
					overflowX: document.documentElement.scrollWidth - innerWidth, bad, buttons: bs.length, vh: innerHeight };
			})()`))
			if err != nil {
				t.Fatal(err)
			}
			if sz.cols != 0 && int(layout["cols"].(float64)) != sz.cols || layout["overflowX"].(float64) > 0 || len(layout["bad"].([]any)) != 0 || layout["buttons"].(float64) != 11 {
				t.Errorf("layout %v, want %d columns, no overflow, 11 buttons (6 services, 5 priority chips) on screen, each tall and holding its text", layout, sz.cols)
			}
			browsertest.Screenshot(t, ctx, fmt.Sprintf("kiosk-start-%dx%d", sz.w, sz.h))
			noOrphans(t, ctx, "start")
			err = chromedp.Do(ctx,
				chromedp.Click(chromedp.CSS(`[data-service="estate"]`)),
				waitText("#r-print", "号票打印失败，请记下您的号码 A001"),
			)
			if err != nil {
				fail(t, ctx, "kiosk-print-failed", err)
			}
			fits, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(() => { const r = document.getElementById("result");
				return document.documentElement.scrollHeight <= innerHeight && r.scrollHeight <= r.clientHeight ? "" : [document.documentElement.scrollHeight, innerHeight, r.scrollHeight, r.clientHeight].join(" "); })()`))
			if err != nil || fits != "" {
				t.Errorf("the ticket screen does not fit the screen (%v): %s", err, fits)
			}
			browsertest.Screenshot(t, ctx, fmt.Sprintf("kiosk-print-failed-%dx%d", sz.w, sz.h))
			noOrphans(t, ctx, "ticket")
		})
	}
}

// noOrphans: no text leaves one character alone on its last line.
func noOrphans(t *testing.T, ctx context.Context, screen string) {
	t.Helper()
	if lone, err := browsertest.Orphans(ctx); err != nil || len(lone) > 0 {
		t.Errorf("%s screen: a character alone on a line in %q (%v)", screen, lone, err)
	}
}

// TestKioskRefusalAndIdle: a refusal (cap reached) is explained in Chinese,
// and the screen returns to the start by itself after the idle timeout.
func TestKioskRefusalAndIdle(t *testing.T) {
	v := newEnv(t, nil, Options{Printers: map[string]Printer{"k1": newFake()}, IdleTimeout: 1e9})
	for range 2 {
		v.e.Issue(queue.IssueRequest{Service: "estate"})
	}
	ctx := browsertest.New(t, 1920, 1080)
	err := chromedp.Do(ctx,
		chromedp.Navigate(v.base+"/kiosk/?id=k1"),
		serviceReady("estate"),
		chromedp.Click(chromedp.CSS(`[data-service="estate"]`)),
		waitText("#r-number", "A003"),
		chromedp.WaitVisible(chromedp.ID("start")), // the idle timeout (1 s)
		waitText(`[data-service="estate"] .queue`, "今日号已取完"),
		waitJS(`document.querySelector('[data-service="estate"]').disabled`),
	)
	if err != nil {
		fail(t, ctx, "kiosk-idle", err)
	}
	// The hall's counts can lag; the engine's refusal is shown as is.
	err = chromedp.Do(ctx,
		chromedp.Evaluate[chromedp.Void](`document.querySelector('[data-service="estate"]').disabled = false`),
		chromedp.Click(chromedp.CSS(`[data-service="estate"]`)),
		waitText("#f-title", "今日号已取完"),
		waitText("#f-message", "今日「不动产登记」的号已取完，请明天再来"),
	)
	if err != nil {
		fail(t, ctx, "kiosk-cap", err)
	}
	browsertest.Screenshot(t, ctx, "kiosk-cap-reached")
}

// TestKioskStartingNotice: while halld refuses changes for its clock (here
// a clock at 1970; clock_unsynced shows the same) the kiosk says the hall is
// starting and offers nothing; a tap that races it shows the refusal; once
// the clock is right the services come back by themselves.
func TestKioskStartingNotice(t *testing.T) {
	var at atomic.Int64 // the engine's clock, Unix ns
	at.Store(fixedClock().UnixNano())
	now := func() time.Time { return time.Unix(0, at.Load()) }
	v := newEnv(t, now, Options{Printers: map[string]Printer{"k1": newFake()}, StatusPoll: 200e6})
	ctx := browsertest.New(t, 1920, 1080)
	disabled := `[...document.querySelectorAll("[data-service]")].every((b) => b.disabled)`
	err := chromedp.Do(ctx,
		chromedp.Navigate(v.base+"/kiosk/?id=k1"),
		serviceReady("estate"),
		chromedp.Func(func(context.Context, *chromedp.Target) error { at.Store(5e9); return nil }),
		chromedp.Click(chromedp.CSS(`[data-service="estate"]`)), // the page does not know yet
		waitText("#f-title", "大厅正在启动"),
		waitText("#f-message", "系统时间尚未校准"),
		chromedp.WaitVisible(chromedp.ID("starting")),
		waitText("#starting", "大厅正在启动，请稍候"),
		chromedp.Click(chromedp.ID("f-back")),
		chromedp.WaitVisible(chromedp.ID("start")),
		waitJS(disabled),
	)
	if err != nil {
		fail(t, ctx, "kiosk-starting", err)
	}
	browsertest.Screenshot(t, ctx, "kiosk-starting-1920x1080")
	err = chromedp.Do(ctx,
		chromedp.Func(func(context.Context, *chromedp.Target) error { at.Store(fixedClock().UnixNano()); return nil }),
		chromedp.WaitNotVisible(chromedp.ID("starting")),
		serviceReady("estate"),
		chromedp.Click(chromedp.CSS(`[data-service="estate"]`)),
		waitText("#r-number", "A001"),
	)
	if err != nil {
		fail(t, ctx, "kiosk-started", err)
	}
}

// TestMobilePageFollowsTicket: the phone page counts down the people ahead
// and shows the window big once a clerk calls the ticket; it never shows
// the ID number given at issue.
func TestMobilePageFollowsTicket(t *testing.T) {
	v := newEnv(t, nil, Options{Printers: map[string]Printer{"k1": newFake()}})
	if _, err := v.e.Issue(queue.IssueRequest{Service: "social", Channel: "kiosk"}); err != nil {
		t.Fatal(err)
	}
	st, m := v.do("POST", "/api/v1/kiosks/k1/tickets", `{"service":"social","id_number":"11010519491231002X"}`)
	if st != 201 {
		t.Fatalf("issue: %d %v", st, m)
	}
	id := m["ticket"].(map[string]any)["id"].(string)
	ctx := browsertest.New(t, 390, 844)
	err := chromedp.Do(ctx,
		chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile),
		chromedp.Navigate(v.base+"/t/"+id),
		waitText("#number", "B002"),
		waitText("#state", "等候中"),
		waitText("#ahead", "1 人"),
		waitText("#windows", "1、3号"),
		waitText("#hall-name", "测试政务服务中心"),
	)
	if err != nil {
		fail(t, ctx, "mobile-waiting", err)
	}
	browsertest.Screenshot(t, ctx, "mobile-waiting-390x844")
	tok, _, err := v.e.Login(queue.LoginRequest{Staff: "w3", PIN: "1234", Window: 3})
	if err != nil {
		t.Fatal(err)
	}
	a := queue.Act{Token: tok, Window: 3}
	if tk, err := v.e.CallNext(a); err != nil || tk.Number != "B001" {
		t.Fatalf("call: %+v %v", tk, err)
	}
	if err := chromedp.Do(ctx, waitText("#ahead", "0 人")); err != nil {
		fail(t, ctx, "mobile-ahead", err)
	}
	if _, err := v.e.Start(a); err != nil {
		t.Fatal(err)
	}
	if _, err := v.e.Finish(a, ""); err != nil {
		t.Fatal(err)
	}
	if tk, err := v.e.CallNext(a); err != nil || tk.Number != "B002" {
		t.Fatalf("call: %+v %v", tk, err)
	}
	err = chromedp.Do(ctx,
		chromedp.WaitVisible(chromedp.ID("call")),
		waitText("#call", "请到3号窗口办理"),
		waitText("#state", "已叫号"),
	)
	if err != nil {
		fail(t, ctx, "mobile-called", err)
	}
	browsertest.Screenshot(t, ctx, "mobile-called-390x844")
	text, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.documentElement.outerHTML + document.body.innerText`))
	if err != nil {
		t.Fatal(err)
	}
	for _, secret := range []string{"1231002X", "110105", "****"} {
		if strings.Contains(text, secret) {
			t.Errorf("the mobile page shows %q", secret)
		}
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(v.base+"/t/nosuchticket"), chromedp.WaitVisible(chromedp.ID("missing"))); err != nil {
		fail(t, ctx, "mobile-missing", err)
	}
}
