package admin

import (
	"fmt"
	"testing"

	"github.com/chromedp/chromedp"

	"halld/internal/browsertest"
	"halld/queue"
	"halld/queue/hall"
)

// withSupervisor is the demo hall plus a supervisor (值班长) "sup", PIN 1234.
func withSupervisor(t *testing.T) *hall.Hall {
	extra := fmt.Sprintf("\n[[staff]]\nid = \"sup\"\nname = \"郑值班\"\nrole = \"supervisor\"\npin_hash = %q\n",
		hall.Demo().StaffByID("admin").PINHash)
	h, err := hall.Parse(append(hall.DemoTOML(), extra...), "demo-with-supervisor.toml")
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// TestConsoleRoles: a wrong PIN and a clerk are refused with a clear
// message; a supervisor works without the admins' tabs and sees the
// holiday problem through the cases' provisional deadlines.
func TestConsoleRoles(t *testing.T) {
	v := newEnv(t, withSupervisor(t))
	// Thirty working days from 2025-11-20 end in 2026, whose table is missing.
	if _, err := v.e.CreateCase("admin", queue.CaseRequest{Number: "SP-20251120-09", Service: "tax",
		Type: queue.CasePromised, PromisedDays: 30, Applicant: queue.Applicant{Name: "李四"}}); err != nil {
		t.Fatal(err)
	}
	ctx := browsertest.New(t, 1366, 768)
	noScriptErrors(t, ctx)
	step(t, ctx, "wrong PIN",
		chromedp.Navigate(v.ts.URL+"/admin/"),
		chromedp.WaitVisible(chromedp.ID("staff")),
		chromedp.SendKeys(chromedp.ID("staff"), "sup"),
		chromedp.SendKeys(chromedp.ID("pin"), "9999"),
		chromedp.Click(chromedp.ID("login-btn")),
		waitText("#login-error", "工号或密码错误"),
	)
	step(t, ctx, "a clerk is refused",
		setValue("pin", ""),
		login("w3"),
		waitText("#login-error", "此页面仅供值班长和管理员使用"),
		chromedp.WaitVisible(chromedp.CSS(`#login-error a[href="/terminal/"]`)),
		chromedp.WaitNotVisible(chromedp.ID("console")),
	)
	browsertest.Screenshot(t, ctx, "admin-clerk-refused")
	if tok, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`sessionStorage.getItem("halld.admin.token") || ""`)); tok != "" {
		t.Errorf("a clerk's token was kept: %q", tok)
	}

	step(t, ctx, "a supervisor",
		setValue("pin", ""),
		login("sup"),
		chromedp.WaitVisible(chromedp.ID("console")),
		waitText("#me", "郑值班（值班长）"),
		chromedp.WaitNotVisible(chromedp.CSS(`[data-tab="tokens"]`)),
		chromedp.WaitNotVisible(chromedp.CSS(`[data-tab="backup"]`)),
		chromedp.Click(chromedp.CSS(`[data-tab="holidays"]`)),
		waitText("#holiday-years", "已导入：2025年"), // supervisors see the status…
		waitText("#holiday-warning", "尚未导入明年的节假日安排"),
		chromedp.WaitNotVisible(chromedp.ID("holiday-form")), // …but cannot upload
		chromedp.Click(chromedp.CSS(`[data-tab="cases"]`)),
		waitText(`[data-case="SP-20251120-09"]`, "（临时）"),
		chromedp.Click(chromedp.CSS(`[data-tab="stats"]`)),
		waitText("#stats-msg", "2025年11月1日至2025年11月20日"),
	)
	browsertest.Screenshot(t, ctx, "admin-supervisor")
	step(t, ctx, "an admin's tab by address falls back",
		chromedp.Navigate(v.ts.URL+"/admin/#tokens"),
		chromedp.WaitVisible(chromedp.ID("tab-devices")),
		chromedp.WaitNotVisible(chromedp.ID("tab-tokens")),
	)
}
