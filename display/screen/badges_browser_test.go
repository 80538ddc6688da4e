package screen

import (
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"halld/internal/browsertest"
	"halld/queue"
)

// TestScreenBadgesCoverNothing: the screen's own badges (link lost, sound
// blocked) and a device notice, all shown at once, lie inside the screen,
// whole, and over no content — header, calls, windows, waiting counts,
// cases or the scrolling notice — on a landscape and a portrait screen.
// They used to sit over the header.
func TestScreenBadgesCoverNothing(t *testing.T) {
	for _, sz := range []struct{ w, h int }{{1920, 1080}, {1080, 1920}} {
		t.Run(fmt.Sprintf("%dx%d", sz.w, sz.h), func(t *testing.T) {
			h := newHall(t, quickOptions(t))
			if err := h.e.ReportDevice(queue.DeviceState{ID: "printer-1", Kind: "printer", State: "paper_out"}); err != nil {
				t.Fatal(err)
			}
			h.call(t, "estate", 1)
			browser := browsertest.New(t, sz.w, sz.h)
			ctx, cancel := chromedp.NewContext(browser)
			defer cancel()
			if err := chromedp.Do(ctx,
				chromedp.EmulateViewport(int64(sz.w), int64(sz.h)),
				chromedp.Navigate(h.ts.URL+"/screen/?notice="+"欢迎来到政务服务中心，请按叫号顺序办理"),
				chromedp.Poll[chromedp.Void](`window.halldScreen && halldScreen.ready && halldScreen.state.connected`),
				waitText("#latest-number", "A001", 10*time.Second),
				chromedp.Poll[chromedp.Void](`!document.getElementById("alerts").hidden`, chromedp.WithPollingTimeout(10*time.Second)),
				// What screen.js does when the stream drops and when the
				// browser blocks sound: the layout is what is tested here.
				chromedp.Evaluate[chromedp.Void](`document.getElementById("offline").hidden = false; document.getElementById("sound-off").hidden = false`),
			); err != nil {
				t.Fatal(err)
			}
			browsertest.Screenshot(t, ctx, fmt.Sprintf("screen-badges-%dx%d", sz.w, sz.h))
			over, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`(() => {
				const out = [];
				const content = [...document.querySelectorAll("header h1, header .when, section, #latest-number, #windows li, .notice-scroll")];
				for (const id of ["offline", "sound-off", "alerts"]) {
					const el = document.getElementById(id), a = el.getBoundingClientRect();
					if (el.hidden || a.width === 0 || a.height === 0) { out.push(id + " not shown"); continue; }
					if (a.left < 0 || a.top < 0 || a.right > innerWidth + 0.5 || a.bottom > innerHeight + 0.5) out.push(id + " outside the screen");
					if (el.scrollWidth > el.clientWidth + 1) out.push(id + " cut");
					for (const e of content) {
						const r = e.getBoundingClientRect();
						if (r.left < a.right - 0.5 && a.left < r.right - 0.5 && r.top < a.bottom - 0.5 && a.top < r.bottom - 0.5) out.push(id + " over " + (e.id || e.className || e.tagName));
					}
				}
				if (document.documentElement.scrollWidth > innerWidth) out.push("page wider than the screen");
				return out;
			})()`))
			if err != nil || len(over) > 0 {
				t.Errorf("badges: %v (%v)", over, err)
			}
		})
	}
}
