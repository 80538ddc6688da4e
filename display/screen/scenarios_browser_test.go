package screen

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"halld/display/voice"
	"halld/internal/browsertest"
	"halld/queue"
)

// screenCallAnnounced: a call made through the engine is the latest call
// within a second, and its announcement (default pack) is fetched and played
// to the end. Loading the page announces nothing.
func screenCallAnnounced(t *testing.T, browser context.Context) {
	tm := voice.DefaultTiming
	tm.Repeats = 1 // the real voice, said once to keep the test short
	h := newHall(t, Options{Timing: tm, Notice: "测试公告：请保管好随身物品"})
	h.call(t, "social", 5) // already called when the screen starts
	ctx := openScreen(t, browser, h, "")
	if err := chromedp.Do(ctx, waitText("#latest-number", "B001", time.Second)); err != nil {
		t.Fatalf("the current call is not shown at start: %v", err)
	}

	v := h.call(t, "estate", 3)
	if err := chromedp.Do(ctx,
		waitText("#latest-number", v.Number, time.Second),
		waitText("#latest-window", "请到3号窗口", time.Second),
		waitText(`#windows li[data-window="3"] .w-state`, "已叫号", time.Second),
	); err != nil {
		t.Fatalf("call %s not shown within a second: %v", v.Number, err)
	}
	a, err := played(ctx, v.Number, 3, "call")
	if err != nil {
		t.Fatal(err)
	}
	checkPlayed(t, h, a)
	if log := screenLog(t, ctx); len(log) != 1 {
		t.Errorf("announcements %+v, want only %s (the page load says nothing)", log, v.Number)
	}
	if got := h.requested(); len(got) != 1 || !strings.Contains(got[0], "number="+v.Number) {
		t.Errorf("voice requests %v", got)
	}
	if err := chromedp.Do(ctx,
		waitText(`#recent li:first-child b`, v.Number, time.Second),
		waitText(`#notice`, "测试公告：请保管好随身物品", time.Second),
	); err != nil {
		t.Error(err)
	}
	// A notice set by the admin or the hall's centre replaces the
	// configured one at once; clearing it brings the configured one back.
	if _, err := h.e.SetNotice("今日延时服务至19:00", "admin"); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, waitText(`#notice`, "今日延时服务至19:00", time.Second)); err != nil {
		t.Errorf("the set notice is not shown: %v", err)
	}
	if _, err := h.e.SetNotice("", "admin"); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, waitText(`#notice`, "测试公告：请保管好随身物品", time.Second)); err != nil {
		t.Errorf("the configured notice is not back: %v", err)
	}
}

// screenQueuesAnnouncements: calls in quick succession and a recall play
// one after the other, in order, never overlapping.
func screenQueuesAnnouncements(t *testing.T, browser context.Context) {
	h := newHall(t, quickOptions(t))
	ctx := openScreen(t, browser, h, "")
	a1 := h.call(t, "estate", 3)
	a2 := h.call(t, "estate", 4)
	if _, err := h.e.Recall(queueAct(h, 3)); err != nil {
		t.Fatal(err)
	}
	var got []announcement
	for _, c := range []struct {
		number string
		window int
		kind   string
	}{{a1.Number, 3, "call"}, {a2.Number, 4, "call"}, {a1.Number, 3, "recall"}} {
		a, err := played(ctx, c.number, c.window, c.kind)
		if err != nil {
			t.Fatal(err)
		}
		checkPlayed(t, h, a)
		got = append(got, a)
	}
	for i := 1; i < len(got); i++ {
		if *got[i].Start < *got[i-1].End {
			t.Errorf("%s (%s) started at %.1f ms, before %s ended at %.1f ms",
				got[i].Number, got[i].Kind, *got[i].Start, got[i-1].Number, *got[i-1].End)
		}
	}
	if err := chromedp.Do(ctx, waitText("#latest-number", a1.Number, time.Second)); err != nil {
		t.Errorf("the recalled ticket is not the latest call: %v", err)
	}
}

// screenWindowsFilter: a screen for window 3 neither shows nor says a
// call at window 5.
func screenWindowsFilter(t *testing.T, browser context.Context) {
	h := newHall(t, quickOptions(t))
	ctx := openScreen(t, browser, h, "?windows=3&notice="+url.QueryEscape("本窗口今日办理不动产登记"))
	if err := chromedp.Do(ctx, waitText("#notice", "本窗口今日办理不动产登记", time.Second)); err != nil {
		t.Errorf("?notice= not shown: %v", err)
	}
	other := h.call(t, "social", 5)
	mine := h.call(t, "estate", 3)
	// Events come in order: once window 3's call is announced, window 5's
	// has been seen and ignored.
	a, err := played(ctx, mine.Number, 3, "call")
	if err != nil {
		t.Fatal(err)
	}
	checkPlayed(t, h, a)
	for _, e := range screenLog(t, ctx) {
		if e.Window == 5 {
			t.Errorf("window 5's call announced: %+v", e)
		}
	}
	text, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body.innerText`))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(text, other.Number) {
		t.Errorf("window 5's %s is shown:\n%s", other.Number, text)
	}
	n, err := chromedp.Run(ctx, chromedp.Evaluate[[]int](`[...document.querySelectorAll("#windows li")].map((li) => +li.dataset.window)`))
	if err != nil || len(n) != 1 || n[0] != 3 {
		t.Errorf("windows shown %v (%v), want [3]", n, err)
	}
	svc, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll("#waiting li")].map((li) => li.dataset.service)`))
	if err != nil || len(svc) != 1 || svc[0] != "estate" {
		t.Errorf("services shown %v (%v), want [estate]", svc, err)
	}
	for _, u := range h.requested() {
		if strings.Contains(u, "window=5") {
			t.Errorf("window 5's voice fetched: %s", u)
		}
	}
}

// screenReconnect: a call made while the screen is disconnected is shown
// and announced once it is back.
func screenReconnect(t *testing.T, browser context.Context) {
	h := newHall(t, quickOptions(t))
	ctx := openScreen(t, browser, h, "?services=estate")
	if err := chromedp.Do(ctx,
		chromedp.Evaluate[chromedp.Void](`halldScreen.stream.drop()`),
		chromedp.Poll[chromedp.Void](`!halldScreen.state.connected`, chromedp.WithPollingTimeout(5*time.Second)),
	); err != nil {
		t.Fatal(err)
	}
	v := h.call(t, "estate", 3)
	if err := chromedp.Do(ctx,
		chromedp.Poll[chromedp.Void](`halldScreen.state.connects >= 2`, chromedp.WithPollingTimeout(15*time.Second)),
		waitText("#latest-number", v.Number, 5*time.Second),
		waitText(`#waiting li[data-service="estate"] b`, "0", 5*time.Second),
	); err != nil {
		t.Fatalf("not shown after the reconnect: %v", err)
	}
	a, err := played(ctx, v.Number, 3, "call")
	if err != nil {
		t.Fatal(err)
	}
	checkPlayed(t, h, a)
}

// screenScreenshot saves the whole hall at 1920×1080 with windows in
// every state, for a person to look at.
func screenScreenshot(t *testing.T, browser context.Context) {
	h := newHall(t, Options{Pack: quickOptions(t).Pack})
	for _, c := range []struct {
		svc string
		win int
	}{{"estate", 1}, {"social", 2}, {"estate", 3}, {"social", 5}, {"business", 6}, {"tax", 9}} {
		h.call(t, c.svc, c.win)
	}
	for _, w := range []int{1, 5} {
		if _, err := h.e.Start(queue.Act{Token: h.tokens[w], Window: w}); err != nil {
			t.Fatal(err)
		}
	}
	for _, svc := range []string{"estate", "estate", "social", "fund", "tax", "business", "exit"} {
		if _, err := h.e.Issue(queue.IssueRequest{Service: svc, Channel: "kiosk"}); err != nil {
			t.Fatal(err)
		}
	}
	tok, _, err := h.e.Login(queue.LoginRequest{Staff: "w7", PIN: "1234", Window: 7})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.e.Pause(queue.Act{Token: tok, Window: 7}, "午休"); err != nil {
		t.Fatal(err)
	}
	ctx := openScreen(t, browser, h, "")
	v := h.call(t, "estate", 4) // issues one and calls the oldest: 2 still wait
	if _, err := h.e.Issue(queue.IssueRequest{Service: "estate", Channel: "kiosk"}); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx,
		waitText("#latest-number", v.Number, time.Second),
		waitText(`#windows li[data-window="7"] .w-reason`, "午休", time.Second),
		waitText(`#windows li[data-window="8"] .w-state`, "未开放", time.Second),
		waitText(`#windows li[data-window="1"] .w-state`, "办理中", time.Second),
		waitText(`#waiting li[data-service="estate"] b`, "3", 2*time.Second),
	); err != nil {
		browsertest.Screenshot(t, ctx, "screen-failed")
		text, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body.innerText`))
		t.Fatalf("%v\npage:\n%s", err, text)
	}
	// The clock is the hall's (Asia/Shanghai), whatever the browser's zone.
	loc := h.e.Hall().Location
	t0 := time.Now()
	clock, err := chromedp.Run(ctx, chromedp.Text(chromedp.ID("clock")))
	if err != nil {
		t.Fatal(err)
	}
	ok := false
	for at := t0.Add(-2 * time.Second); at.Before(time.Now().Add(2 * time.Second)); at = at.Add(time.Second) {
		ok = ok || clock == at.In(loc).Format("15:04:05")
	}
	if !ok {
		t.Errorf("clock shows %s, hall time is %s", clock, t0.In(loc).Format("15:04:05"))
	}
	// Every text must be whole on the screen: not wider than its box, and
	// inside the panel or card that would clip it.
	clipped, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll(
		".top h1, .when span, .latest h2, #latest-number, #latest-window, #recent li, #windows li > div, #waiting li, .waiting h2")]
		.filter((e) => {
			const r = e.getBoundingClientRect(), box = e.parentElement.closest("li, section, header").getBoundingClientRect();
			return e.scrollWidth > e.clientWidth + 1 || r.left < box.left - 1 || r.right > box.right + 1 ||
				r.top < box.top - 1 || r.bottom > box.bottom + 1 || r.bottom > 1080;
		}).map((e) => e.className + " " + e.textContent)`))
	if err != nil || len(clipped) > 0 {
		t.Errorf("clipped text %q (%v)", clipped, err)
	}
	browsertest.Screenshot(t, ctx, "screen-1920x1080")
	if lone, err := browsertest.Orphans(ctx); err != nil || len(lone) > 0 {
		t.Errorf("a character alone on a line in %q (%v)", lone, err)
	}
}
