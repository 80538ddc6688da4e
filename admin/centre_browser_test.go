package admin

import (
	"testing"

	"github.com/chromedp/chromedp"

	"halld/api"
	"halld/internal/browsertest"
	"halld/queue"
)

// The link to the centre is a row of the devices tab: its state in words,
// and what it has sent and has left (figures the API adds, not events).
func TestConsoleCentreLink(t *testing.T) {
	v := newEnv(t, nil)
	v.srv.AddLiveDevices(func() []api.LiveDevice {
		return []api.LiveDevice{{
			DeviceState: queue.DeviceState{ID: "centre", Kind: "centre_link", State: "connected", Detail: "已连接中心"},
			Link:        map[string]any{"published": 120, "lag": 3},
		}}
	})
	ctx := browsertest.New(t, 1366, 768)
	noScriptErrors(t, ctx)
	step(t, ctx, "link connected",
		chromedp.Navigate(v.ts.URL+"/admin/"),
		login("admin"),
		chromedp.WaitVisible(chromedp.ID("console")),
		waitText(`tr.ok[data-device="centre"]`, "中心链路"),
		waitText(`tr.ok[data-device="centre"]`, "已连接"),
		waitText(`tr.ok[data-device="centre"]`, "已上传至第120条，待传3条"),
		waitJS(`window.halldAdmin.stream.ws?.readyState === 1`),
	)
	// A refusal arrives as a device.state event: a fault, figures kept.
	if err := v.e.ReportDevice(queue.DeviceState{ID: "centre", Kind: "centre_link", State: "refused", Detail: "中心拒绝连接：nats: Authorization Violation"}); err != nil {
		t.Fatal(err)
	}
	step(t, ctx, "link refused",
		waitText(`tr.fault[data-device="centre"]`, "被拒绝"),
		waitText(`tr.fault[data-device="centre"]`, "Authorization Violation"),
		waitText(`tr.fault[data-device="centre"]`, "待传3条"),
		waitText("#devices-summary", "共1台，1台故障"),
	)
}

// The notice line: the admin sets it on the holidays tab, sees a refusal's
// reason, and the hall (and so the big screen) has it.
func TestConsoleNotice(t *testing.T) {
	v := newEnv(t, nil)
	if _, err := v.e.SetNotice("中心下发的公告", "centre:all.notice#1"); err != nil {
		t.Fatal(err)
	}
	ctx := browsertest.New(t, 1366, 768)
	noScriptErrors(t, ctx)
	step(t, ctx, "notice shown",
		chromedp.Navigate(v.ts.URL+"/admin/"),
		login("admin"),
		chromedp.WaitVisible(chromedp.ID("console")),
		chromedp.Click(chromedp.CSS(`[data-tab="holidays"]`)),
		waitJS(`document.getElementById("notice-text").value === "中心下发的公告"`),
	)
	step(t, ctx, "notice saved",
		// typed: the value, and the input event a keyboard would fire
		waitJS(`(() => { const el = document.getElementById("notice-text"); el.value = "今日延时服务至19:00"; el.dispatchEvent(new Event("input")); return true; })()`),
		chromedp.Click(chromedp.ID("notice-save")),
		waitText("#notice-msg", "公告已更新"),
	)
	if n := v.e.Notice(); n != "今日延时服务至19:00" {
		t.Errorf("notice %q after saving", n)
	}
}
