package screen

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// screenStaleCalls: whether a call is recent enough to say is judged on
// halld's clock, not the screen computer's. halld runs 10 minutes behind
// the browser here: its calls are announced while the screen is told
// halld's time; once the screen is told a time 10 minutes later (after a
// reconnect), the same kind of call is shown but not said.
func screenStaleCalls(t *testing.T, browser context.Context) {
	behind := func() time.Time { return time.Now().Add(-10 * time.Minute) }
	var sameClock atomic.Bool // the screen is given the engine's clock
	opt := quickOptions(t)
	opt.Now = func() time.Time {
		if sameClock.Load() {
			return behind()
		}
		return time.Now() // the engine's calls now look 10 minutes old
	}
	sameClock.Store(true)
	h := newHallClock(t, opt, behind)
	ctx := openScreen(t, browser, h, "")
	if err := chromedp.Do(ctx, chromedp.Poll[chromedp.Void](`Math.abs(halldScreen.state.clock.offset + 600000) < 5000`, chromedp.WithPollingTimeout(5*time.Second))); err != nil {
		t.Fatalf("the screen did not set its clock 10 minutes back: %v", err)
	}

	v := h.call(t, "estate", 3)
	a, err := played(ctx, v.Number, 3, "call")
	if err != nil {
		t.Fatal(err)
	}
	checkPlayed(t, h, a)

	sameClock.Store(false)
	if err := chromedp.Do(ctx,
		chromedp.Evaluate[chromedp.Void](`halldScreen.stream.drop()`),
		chromedp.Poll[chromedp.Void](`halldScreen.state.connects >= 2`, chromedp.WithPollingTimeout(15*time.Second)),
	); err != nil {
		t.Fatal(err)
	}
	// The config is reread on reconnect; wait until the new offset is in.
	if err := chromedp.Do(ctx, chromedp.Poll[chromedp.Void](`Math.abs(halldScreen.state.clock.offset) < 5000`, chromedp.WithPollingTimeout(5*time.Second))); err != nil {
		t.Fatal(err)
	}
	old := h.call(t, "social", 5)
	next := h.call(t, "estate", 4)
	if _, err := h.e.Recall(queueAct(h, 3)); err != nil {
		t.Fatal(err)
	}
	// Events come in order: once the recall at window 3 is in the recent
	// list, the calls before it have been handled.
	if err := chromedp.Do(ctx,
		waitText("#recent li:nth-child(1) b", v.Number, 5*time.Second),
		waitText("#recent li:nth-child(2) b", next.Number, time.Second),
		waitText("#recent li:nth-child(3) b", old.Number, time.Second),
	); err != nil {
		t.Fatal(err)
	}
	if log := screenLog(t, ctx); len(log) != 1 {
		t.Errorf("announcements %+v: calls 10 minutes old were said", log)
	}
}
