package admin

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"halld/internal/browsertest"
	"halld/queue/sms"
)

// refusingSender refuses every message, as a modem answering +CMS ERROR.
type refusingSender struct{}

func (refusingSender) Send(context.Context, string, string) error {
	return errors.New("gsm: AT+CMGS=19: +CMS ERROR: 500")
}

// TestSMSTab: the admin sees the SMS queue with a given-up message and its
// error, phones masked, and queues a test message.
func TestSMSTab(t *testing.T) {
	v := newEnv(t, nil)
	cfg := sms.Config{Enabled: true, MaxAttempts: 1}
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	o, err := sms.Open(v.e, cfg, sms.Options{Sender: "modem", Now: v.clock.now})
	if err != nil {
		t.Fatal(err)
	}
	v.srv.WithSMS(o)
	if _, err := o.Enqueue(sms.Request{Phone: "13800138000", Text: "【示范区】您的办件已办结", Kind: sms.KindCaseDone, Ref: "SP-1"}); err != nil {
		t.Fatal(err)
	}
	o.Flush(context.Background(), refusingSender{})

	ctx := browsertest.New(t, 1366, 768)
	noScriptErrors(t, ctx)
	step(t, ctx, "the 短信 tab",
		chromedp.Navigate(v.ts.URL+"/admin/#sms"),
		login("admin"),
		chromedp.Click(chromedp.CSS(`[data-tab="sms"]`)),
		waitText("#sms-summary", "通道：短信猫"),
		waitText("#sms-summary", "失败 1"),
		waitText("#sms-list", "*******8000"),
		waitText("#sms-list", "+CMS ERROR: 500"),
		waitText("#sms-list", "办结领取"),
	)
	step(t, ctx, "a test message",
		chromedp.SendKeys(chromedp.ID("sms-phone"), "13900001111"),
		chromedp.Click(chromedp.CSS(`#sms-form button[type="submit"]`)),
		waitText("#sms-msg", "测试短信已加入队列"),
		waitText("#sms-list", "*******1111"),
		waitText("#sms-summary", "待发送 1"),
	)
	browsertest.Screenshot(t, ctx, "admin-sms")
	page, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body.innerText`))
	if strings.Contains(page, "13800138000") || strings.Contains(page, "13900001111") {
		t.Fatal("the console shows a phone in clear")
	}
}
