package main

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"halld/internal/browsertest"
)

// TestEvaluationPad: the tablet at window 1 lights up when the window
// finishes a service, takes a 差评 with its reasons, and the 差评 opens a
// follow-up; the pad refuses a press when nothing awaits evaluation.
func TestEvaluationPad(t *testing.T) {
	d := startDaemon(t)
	if st, _ := d.post(t, "/api/v1/keypads/pad-1/press", "", `{"level":5}`); st != 409 {
		t.Fatalf("a press with nothing to rate answered %d, want 409", st)
	}
	ctx := browsertest.New(t, 1280, 800)
	if err := chromedp.Do(ctx, chromedp.Navigate(d.base+"/kiosk/pad.html?keypad=pad-1"), waitText("#idle", "欢迎")); err != nil {
		t.Fatal(err)
	}
	_, tk := d.post(t, "/api/v1/tickets", "", `{"service":"estate"}`)
	_, m := d.post(t, "/api/v1/login", "", `{"staff":"w1","pin":"1234","window":1}`)
	clerk := m["token"].(string)
	for _, verb := range []string{"call", "start", "finish"} {
		if st, _ := d.post(t, "/api/v1/windows/1/"+verb, clerk, ""); st != 200 {
			t.Fatalf("%s: %d", verb, st)
		}
	}
	if err := chromedp.Do(ctx,
		waitText("#ask", "A001"),
		chromedp.Click(chromedp.CSS(`[data-level="2"]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-tag="态度不好"]`)),
		chromedp.Click(chromedp.CSS(`[data-tag="态度不好"]`)),
		chromedp.Click(chromedp.ID("send")),
		waitText("#thanks", "不满意"),
	); err != nil {
		t.Fatalf("pad: %v", err)
	}
	browsertest.Screenshot(t, ctx, "evaluation-pad")
	var v struct{ Evaluated bool }
	d.get(t, "/api/v1/tickets/"+tk["id"].(string), &v)
	if !v.Evaluated {
		t.Error("the ticket is not marked evaluated")
	}
	_, a := d.post(t, "/api/v1/login", "", `{"staff":"admin","pin":"1234"}`)
	req := d.base + "/api/v1/followups"
	var list []struct {
		Number string
		Tags   []string
	}
	getAuth(t, req, a["token"].(string), &list)
	if len(list) != 1 || list[0].Number != "A001" || len(list[0].Tags) != 1 || list[0].Tags[0] != "态度不好" {
		t.Errorf("follow-ups %+v", list)
	}
	if st, _ := d.post(t, "/api/v1/keypads/pad-1/press", "", `{"level":5}`); st != 409 {
		t.Errorf("a second press answered %d, want 409", st)
	}
}

// TestCaseLookupPage: an applicant looks a case up by its number on the
// phone and sees its progress, masked.
func TestCaseLookupPage(t *testing.T) {
	d := startDaemon(t)
	_, a := d.post(t, "/api/v1/login", "", `{"staff":"admin","pin":"1234"}`)
	st, c := d.post(t, "/api/v1/cases", a["token"].(string), `{"service":"fund","applicant":{"name":"李小龙","phone":"13900001111"},"type":"promised","promised_days":3}`)
	if st != 201 {
		t.Fatalf("case: %d %v", st, c)
	}
	ctx := browsertest.New(t, 390, 844)
	if err := chromedp.Do(ctx,
		chromedp.Navigate(d.base+"/case/"),
		chromedp.SendKeys(chromedp.ID("number"), "NOPE-404"+"\r"),
		waitText("#error", "没有找到"),
		chromedp.Navigate(d.base+"/case/?n="+c["number"].(string)),
		waitText("#r-applicant", "李*龙"),
		waitText("#r-state", "已受理"),
		waitText("#r-remaining", "3 个工作日"),
	); err != nil {
		t.Fatal(err)
	}
	body, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body.innerText`))
	if strings.Contains(body, "李小龙") || strings.Contains(body, "13900001111") {
		t.Error("the lookup page shows personal data")
	}
	browsertest.Screenshot(t, ctx, "case-lookup-phone")
}

// TestPhoneEvaluation: the applicant scans the printed QR code (its URL is
// read back from the simulated printer's bytes), follows the ticket and
// rates the service on the phone; the key in the QR is what allows it.
func TestPhoneEvaluation(t *testing.T) {
	d := startDaemon(t)
	st, issued := d.post(t, "/api/v1/kiosks/1/tickets", "", `{"service":"fund"}`)
	if st != 201 {
		t.Fatalf("kiosk: %d %v", st, issued)
	}
	var sim struct {
		Printers []struct {
			Tickets []struct {
				Lines []struct{ QR string }
			}
		}
	}
	d.get(t, "/sim/state.json", &sim)
	qr := ""
	for _, l := range sim.Printers[0].Tickets[0].Lines {
		if l.QR != "" {
			qr = l.QR
		}
	}
	if !strings.Contains(qr, "?k=") {
		t.Fatalf("printed QR %q carries no key", qr)
	}
	id := issued["ticket"].(map[string]any)["id"].(string)
	if st, _ := d.post(t, "/api/v1/tickets/"+id+"/evaluation", "", `{"key":"guess","level":1}`); st != 403 {
		t.Errorf("a guessed key answered %d", st)
	}
	_, m := d.post(t, "/api/v1/login", "", `{"staff":"w7","pin":"1234","window":7}`)
	for _, verb := range []string{"call", "start", "finish"} {
		if st, _ := d.post(t, "/api/v1/windows/7/"+verb, m["token"].(string), ""); st != 200 {
			t.Fatalf("%s: %d", verb, st)
		}
	}
	ctx := browsertest.New(t, 390, 844)
	if err := chromedp.Do(ctx,
		chromedp.Navigate(qr),
		waitText("#rate", "请对本次服务进行评价"),
		chromedp.Click(chromedp.CSS(`[data-level="4"]`)),
		waitText("#rate-msg", "感谢您的评价"),
		waitJS(`document.querySelector("#rate .rate-q").hidden && !document.getElementById("note").textContent.includes("欢迎")`), // answered: no question left
	); err != nil {
		t.Fatal(err)
	}
	browsertest.Screenshot(t, ctx, "phone-evaluation")
	var v struct{ Evaluated bool }
	d.get(t, "/api/v1/tickets/"+id, &v)
	if !v.Evaluated {
		t.Error("not evaluated")
	}
	key := qr[strings.Index(qr, "?k=")+3:]
	if st, _ := d.post(t, "/api/v1/tickets/"+id+"/evaluation", "", `{"key":"`+key+`","level":1}`); st != 409 {
		t.Errorf("a second evaluation answered %d, want 409", st)
	}
}
