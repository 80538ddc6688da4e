package screen

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"halld/internal/browsertest"
	"halld/queue"
)

// screenDeviceNotice: a device out of service shows applicants a plain
// notice in the footer — no device id, no fault — that covers no content;
// it goes when the device is back.
func screenDeviceNotice(t *testing.T, browser context.Context) {
	h := newHall(t, quickOptions(t))
	report := func(id, kind, state, detail string) {
		t.Helper()
		if err := h.e.ReportDevice(queue.DeviceState{ID: id, Kind: kind, State: state, Detail: detail}); err != nil {
			t.Fatal(err)
		}
	}
	report("printer-1", "printer", "paper_out", "打印机缺纸")
	report("centre", "centre_link", "refused", "中心拒绝连接") // staff's business: never on the public screen
	ctx := openScreen(t, browser, h, "")
	report("speaker-0", "speaker", queue.DeviceOffline, "音箱无响应")
	const want = "取号机暂停出票，语音播报暂停，请留意屏幕，如需帮助请咨询工作人员"
	if err := chromedp.Do(ctx, waitText("#alerts", want, 5*time.Second)); err != nil {
		text, _ := chromedp.Run(ctx, chromedp.Text(chromedp.ID("alerts")))
		t.Fatalf("alerts %q, want %q: %v", text, want, err)
	}
	browsertest.Screenshot(t, ctx, "screen-device-notice")
	// Nothing of the notice lies over another part of the screen, and the
	// notice is whole.
	over, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`(() => {
		const a = document.getElementById("alerts").getBoundingClientRect();
		const hits = [...document.querySelectorAll("header, section, .notice-scroll")].filter((e) => {
			const r = e.getBoundingClientRect();
			return r.left < a.right && a.left < r.right && r.top < a.bottom && a.top < r.bottom;
		}).map((e) => e.className || e.id);
		const el = document.getElementById("alerts");
		if (el.scrollWidth > el.clientWidth + 1 || a.bottom > innerHeight || a.right > innerWidth) hits.push("cut");
		return hits;
	})()`))
	if err != nil || len(over) > 0 {
		t.Errorf("the device notice overlaps %v (%v)", over, err)
	}
	page, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body.innerText`))
	if err != nil {
		t.Fatal(err)
	}
	for _, staffOnly := range []string{"printer-1", "speaker-0", "打印机缺纸", "音箱无响应", "paper_out", "中心拒绝连接", "维护"} {
		if strings.Contains(page, staffOnly) {
			t.Errorf("the public screen shows %q", staffOnly)
		}
	}
	report("printer-1", "printer", queue.DeviceOK, "")
	report("speaker-0", "speaker", queue.DeviceOK, "")
	if err := chromedp.Do(ctx, chromedp.Poll[chromedp.Void](`document.getElementById("alerts").hidden`, chromedp.WithPollingTimeout(5*time.Second))); err != nil {
		t.Errorf("the notice stays after the devices are back: %v", err)
	}
	// The same faults read the same whichever was reported first (at start
	// the device list and the event stream race).
	report("speaker-0", "speaker", queue.DeviceOffline, "音箱无响应")
	if err := chromedp.Do(ctx, waitText("#alerts", "语音播报暂停，请留意屏幕，如需帮助请咨询工作人员", 5*time.Second)); err != nil {
		t.Fatalf("speaker notice: %v", err)
	}
	report("printer-1", "printer", "paper_out", "打印机缺纸")
	if err := chromedp.Do(ctx, waitText("#alerts", want, 5*time.Second)); err != nil {
		text, _ := chromedp.Run(ctx, chromedp.Text(chromedp.ID("alerts")))
		t.Errorf("alerts %q after the speaker then the printer, want %q: %v", text, want, err)
	}
}
