package main

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"halld/internal/browsertest"
)

// TestTerminalAcceptCase: the clerk ends a service as a case from the
// keyboard alone — A opens the form, Esc closes it untouched, Tab moves
// through the fields and Enter submits — and the case is on the board
// with its applicant masked.
func TestTerminalAcceptCase(t *testing.T) {
	d := startDaemon(t)
	d.post(t, "/api/v1/tickets", "", `{"service":"estate","channel":"kiosk"}`)
	ctx := browsertest.New(t, 1366, 768)
	open := chromedp.Poll[chromedp.Void](`document.getElementById("accept").open && document.activeElement.id === "acc-name"`)
	err := chromedp.Do(ctx,
		terminalLogin(d.base, 3, "w3"),
		waitText("#win-title", "3号窗口"),
		chromedp.KeyEvent("n"),
		waitText("#cur-number", "A001"),
		chromedp.KeyEvent("s"),
		waitText("#cur-info", "办理中"),
		chromedp.KeyEvent("a"),
		open,
		chromedp.KeyEvent(kb.Escape), // cancel: nothing happens
		chromedp.Poll[chromedp.Void](`!document.getElementById("accept").open`),
		waitText("#cur-info", "办理中"),
		chromedp.KeyEvent("a"),
		open,
		chromedp.KeyEvent("张三丰"+kb.Tab+kb.Tab+"13812345678"+kb.Tab), // name, (company), phone
		chromedp.Poll[chromedp.Void](`document.activeElement.id === "acc-type"`),
		chromedp.KeyEvent(kb.Tab+"5"+kb.Tab+" "), // 承诺件 (the default), 5 working days, 急办
		chromedp.Poll[chromedp.Void](`document.getElementById("acc-urgent").checked`),
	)
	if err != nil {
		browsertest.Screenshot(t, ctx, "terminal-accept-failed")
		t.Fatal(err)
	}
	browsertest.Screenshot(t, ctx, "terminal-accept-form")
	if err := chromedp.Do(ctx,
		chromedp.KeyEvent(kb.Enter),
		waitText("#message", "已受理，受理编号 "),
		waitText("#cur-number", "—"),
	); err != nil {
		browsertest.Screenshot(t, ctx, "terminal-accept-failed")
		t.Fatal(err)
	}
	msg, err := chromedp.Run(ctx, chromedp.Text(chromedp.ID("message")))
	if err != nil {
		t.Fatal(err)
	}
	_, number, _ := strings.Cut(msg, "受理编号 ")
	var board struct {
		Cases []struct {
			Number, Service, Applicant, Type, State string
			Window                                  int
			PromisedDays                            int `json:"promised_days"`
			Urgent                                  bool
		}
		AcceptedToday int `json:"accepted_today"`
	}
	d.get(t, "/api/v1/cases?state=open", &board)
	if len(board.Cases) != 1 || board.AcceptedToday != 1 {
		t.Fatalf("board %+v, want the one case", board)
	}
	c := board.Cases[0]
	if c.Number != number || c.Service != "estate" || c.Applicant != "张*丰" || c.Type != "promised" || c.PromisedDays != 5 ||
		!c.Urgent || c.Window != 3 || c.State != "accepted" {
		t.Errorf("case %+v, shown as %q", c, msg)
	}
}
