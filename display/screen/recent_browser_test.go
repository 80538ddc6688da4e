package screen

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"halld/queue"
)

// screenRecentKept: a screen that starts (or reloads) after calls were
// finished still lists them under 最近叫号, latest first, from the event
// log; a live call goes in front.
func screenRecentKept(t *testing.T, browser context.Context) {
	h := newHall(t, quickOptions(t))
	var numbers []string
	for _, w := range []int{3, 4, 3} {
		v := h.call(t, "estate", w)
		numbers = append(numbers, v.Number)
		if _, err := h.e.Start(queueAct(h, w)); err != nil {
			t.Fatal(err)
		}
		if _, err := h.e.Finish(queueAct(h, w), queue.OutcomeHandled); err != nil {
			t.Fatal(err)
		}
	}
	numbers = append(numbers, h.call(t, "social", 5).Number) // still at window 5
	ctx := openScreen(t, browser, h, "")
	want := strings.Join([]string{numbers[3] + "5号窗口", numbers[2] + "3号窗口", numbers[1] + "4号窗口", numbers[0] + "3号窗口"}, "|")
	read := `[...document.querySelectorAll("#recent li")].map((li) => li.textContent).join("|")`
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](read+` === `+jsString(want), chromedp.WithPollingTimeout(5*time.Second))); err != nil {
		got, _ := chromedp.Run(ctx, chromedp.Evaluate[string](read))
		t.Fatalf("最近叫号 %q, want %q", got, want)
	}
	live := h.call(t, "estate", 4)
	want = live.Number + "4号窗口|" + want
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](read+` === `+jsString(want), chromedp.WithPollingTimeout(5*time.Second))); err != nil {
		got, _ := chromedp.Run(ctx, chromedp.Evaluate[string](read))
		t.Fatalf("after a live call 最近叫号 %q, want %q", got, want)
	}
}
