package admin

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"halld/internal/browsertest"
	"halld/queue/audit"
	"halld/queue/complaints"
)

// TestConsoleComplaintsAndAudit: the admin registers a complaint, takes it
// up and concludes it, turns a 差评 into a complaint, and finds all of it
// in the audit section, whose CSV export holds the same lines.
func TestConsoleComplaintsAndAudit(t *testing.T) {
	v := newEnv(t, nil)
	first, _ := v.hallDay() // now Tuesday 2025-11-25
	desk, err := complaints.New(v.e, complaints.Options{Now: v.clock.now})
	if err != nil {
		t.Fatal(err)
	}
	v.srv.WithComplaints(desk)
	trail := audit.New(v.e, nil, v.clock.now)
	v.srv.WithAudit(trail)

	ctx := browsertest.New(t, 1366, 768)
	noScriptErrors(t, ctx)
	download := downloads(t, ctx)
	step(t, ctx, "log in and open 投诉",
		chromedp.Navigate(v.ts.URL+"/admin/"),
		login("admin"),
		chromedp.WaitVisible(chromedp.ID("console")),
		chromedp.Click(chromedp.CSS(`[data-tab="complaints"]`)),
		chromedp.WaitVisible(chromedp.ID("tab-complaints")),
		waitText("#complaints-empty", "没有投诉"),
	)
	step(t, ctx, "register a complaint",
		chromedp.Click(chromedp.ID("cp-new")),
		chromedp.WaitVisible(chromedp.ID("complaint-form")),
		setValue("cp-window", "3"),
		setValue("cp-staff", "w3"),
		setValue("cp-summary", "办理时态度生硬，多次推诿"),
		setValue("cp-name", "张三丰"),
		setValue("cp-phone", "13812348000"),
		chromedp.Click(chromedp.ID("cp-save")),
		waitText("#cp-saved", "已登记投诉 TS20251125001，受理期限 2025-11-26，办结期限 2025-12-16"),
		waitText("#complaints", "张*丰 *******8000"),
		waitText("#complaints", "3号窗口 · 张伟（w3）"),
		waitText("#complaint-badge", "1"),
	)
	body, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body.innerText`))
	if err != nil || strings.Contains(body, "13812348000") || strings.Contains(body, "张三丰") {
		t.Errorf("the page shows the complainant in clear (%v)", err)
	}
	step(t, ctx, "take it up",
		chromedp.Click(chromedp.CSS(`[data-step="investigate"][data-id="TS20251125001"]`)),
		chromedp.WaitVisible(chromedp.ID("complaint-step")),
		setValue("cps-note", "调取窗口录像"),
		chromedp.Click(chromedp.ID("cps-save")),
		waitText("#cp-saved", "TS20251125001：调查"),
		waitJS(`!!document.querySelector('[data-step="conclude"][data-id="TS20251125001"]')`),
	)
	step(t, ctx, "a conclusion needs a finding",
		chromedp.Click(chromedp.CSS(`[data-step="conclude"][data-id="TS20251125001"]`)),
		chromedp.WaitVisible(chromedp.ID("cps-finding")),
		setValue("cps-note", "经核实属实，已约谈"),
		chromedp.Click(chromedp.ID("cps-save")),
		waitText("#cps-msg", "办结须认定「属实」或「不属实」"),
		setValue("cps-finding", "substantiated"),
		chromedp.Click(chromedp.ID("cps-save")),
		waitText("#cp-saved", "TS20251125001：办结，属实"),
		waitText("#complaints-empty", "没有投诉"), // only the open ones are listed
	)
	step(t, ctx, "turn a 差评 into a complaint",
		chromedp.Click(chromedp.CSS(`[data-tab="followups"]`)),
		chromedp.Click(chromedp.CSS(`[data-complain="`+first+`"]`)),
		chromedp.WaitVisible(chromedp.ID("complaint-form")),
		waitText("#cp-from", "来自差评回访 A001"),
		setValue("cp-summary", "回访时申请人要求投诉"),
		chromedp.Click(chromedp.ID("cp-save")),
		waitText("#cp-saved", "已登记投诉 TS20251125002"),
		waitText("#complaints", "3号窗口 · 张伟（w3） · 不动产登记"),
	)

	if err := trail.Flush(); err != nil {
		t.Fatal(err)
	}
	step(t, ctx, "the audit section shows the actions",
		chromedp.Click(chromedp.CSS(`[data-tab="audit"]`)),
		chromedp.WaitVisible(chromedp.ID("tab-audit")),
		waitText("#audit-rows", "登录"),
		waitText("#audit-rows", "登记投诉"),
		waitText("#audit-rows", "处理投诉"),
		waitText("#audit-rows", "TS20251125002"),
		waitText("#audit-rows", "叫号"), // the window's, from the log
		waitText("#audit-rows", "127.0.0.1"),
	)
	rows, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("audit-rows").innerText`))
	if err != nil || strings.Contains(rows, "张三丰") || strings.Contains(rows, "推诿") {
		t.Errorf("personal data or free text in the audit rows (%v):\n%s", err, rows)
	}
	file := string(download(chromedp.Click(chromedp.ID("audit-csv"))))
	if !strings.HasPrefix(file, "\ufeff序号,时间,工号") || strings.Count(file, "登记投诉") != 2 || !strings.Contains(file, ",处理投诉,TS20251125001,") {
		t.Errorf("CSV:\n%s", file)
	}
}
