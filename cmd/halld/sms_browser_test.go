package main

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"halld/internal/browsertest"
)

// TestSMSNearNotice: an applicant leaves a phone at the kiosk; when two
// tickets ahead have been called the simulated modem on /sim/ shows the
// near notice, decoded from the PDUs the driver sent, the phone masked.
func TestSMSNearNotice(t *testing.T) {
	d := startDaemon(t)
	for range 4 { // four tax tickets ahead
		if st, m := d.post(t, "/api/v1/kiosks/1/tickets", "", `{"service":"tax"}`); st != 201 {
			t.Fatalf("issue: %d %v", st, m)
		}
	}
	ctx := browsertest.New(t, 1600, 1000)
	if err := chromedp.Do(ctx,
		chromedp.Navigate(d.base+"/kiosk/?id=1"),
		chromedp.WaitVisible(chromedp.CSS(`#sms-phone`)),
		chromedp.SendKeys(chromedp.CSS(`#sms-phone`), "13800138000"),
		chromedp.Click(chromedp.CSS(`[data-service="tax"]`)),
		waitText("#r-sms", "*******8000"),
		waitText("#r-number", "F005"),
	); err != nil {
		t.Fatalf("kiosk with a phone: %v", err)
	}
	browsertest.Screenshot(t, ctx, "sms-kiosk")
	_, m := d.post(t, "/api/v1/login", "", `{"staff":"w9","pin":"1234","window":9}`)
	tok := m["token"].(string)
	for i := range 2 {
		if st, m := d.post(t, "/api/v1/windows/9/call", tok, ""); st != 200 {
			t.Fatalf("call %d: %d %v", i+1, st, m)
		}
		d.post(t, "/api/v1/windows/9/start", tok, "")
		if st, m := d.post(t, "/api/v1/windows/9/finish", tok, `{"outcome":"handled"}`); st != 200 {
			t.Fatalf("finish %d: %d %v", i+1, st, m)
		}
	}
	if err := chromedp.Do(ctx,
		chromedp.Navigate(d.base+"/sim/"),
		waitText(`[data-modem-id="modem-1"] .sms .text`, "F005号"),
		waitText(`[data-modem-id="modem-1"] .sms .text`, "前面还有2位"),
		waitText(`[data-modem-id="modem-1"] .sms .meta`, "*******8000"),
	); err != nil {
		t.Fatalf("/sim/ shows no near notice: %v", err)
	}
	page, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("body")))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(page, "13800138000") {
		t.Fatal("/sim/ shows the phone in clear")
	}
	browsertest.Screenshot(t, ctx, "sms-sim")
}
