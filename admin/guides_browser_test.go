package admin

import (
	"testing"

	"github.com/chromedp/chromedp"

	"halld/internal/browsertest"
	"halld/queue/guide"
)

// TestConsoleGuides: an admin writes a service guide; the server's
// validation answers in the form; the saved guide is what the API serves.
func TestConsoleGuides(t *testing.T) {
	v := newEnv(t, nil)
	g, err := guide.Open(v.e)
	if err != nil {
		t.Fatal(err)
	}
	v.srv.WithGuides(g)
	ctx := browsertest.New(t, 1366, 900)
	noScriptErrors(t, ctx)
	step(t, ctx, "guides tab",
		chromedp.Navigate(v.ts.URL+"/admin/"),
		login("admin"),
		chromedp.WaitVisible(chromedp.ID("console")),
		chromedp.Click(chromedp.CSS(`[data-tab="guides"]`)),
		waitText("#gd-version", "尚未发布"),
		waitJS(`document.querySelector("#gd-service").value === "estate"`),
		chromedp.SendKeys(chromedp.ID("gd-materials"), "不动产登记申请书\n申请人身份证明"),
		chromedp.SendKeys(chromedp.ID("gd-procedure"), "受理\n审核\n登簿"),
		chromedp.SendKeys(chromedp.ID("gd-time"), "法定30个工作日，承诺5个工作日"),
		chromedp.Click(chromedp.ID("gd-save")),
		waitText("#gd-msg", "请填写「收费标准」"),
		chromedp.SendKeys(chromedp.ID("gd-fees"), "住宅80元/件"),
		chromedp.SendKeys(chromedp.ID("gd-windows"), "2,1"),
		chromedp.Click(chromedp.ID("gd-save")),
		waitText("#gd-msg", "已保存（第 1 版）"),
		waitText("#gd-version", "第 1 版，admin 更新"),
	)
	browsertest.Screenshot(t, ctx, "admin-guides")
	got, _ := g.Get("estate")
	if got.Version != 1 || len(got.Materials) != 2 || len(got.Procedure) != 3 || got.Fees != "住宅80元/件" || len(got.Windows) != 2 || got.Windows[0] != 1 {
		t.Fatalf("saved %+v", got)
	}
}
