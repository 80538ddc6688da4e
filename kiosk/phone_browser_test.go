package kiosk

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"halld/internal/browsertest"
	"halld/queue"
)

// TestMobilePageRatedTicket: on a phone in another time zone, the page of
// a ticket already rated says "更新于" in the hall's time and does not
// invite another rating.
func TestMobilePageRatedTicket(t *testing.T) {
	v := newEnv(t, nil, Options{Printers: map[string]Printer{"k1": newFake()}})
	tk, err := v.e.Issue(queue.IssueRequest{Service: "social", Channel: "kiosk"})
	if err != nil {
		t.Fatal(err)
	}
	tok, _, err := v.e.Login(queue.LoginRequest{Staff: "w3", PIN: "1234", Window: 3})
	if err != nil {
		t.Fatal(err)
	}
	a := queue.Act{Token: tok, Window: 3}
	for _, step := range []func() (queue.TicketView, error){
		func() (queue.TicketView, error) { return v.e.CallNext(a) },
		func() (queue.TicketView, error) { return v.e.Start(a) },
		func() (queue.TicketView, error) { return v.e.Finish(a, "") },
		func() (queue.TicketView, error) {
			return v.e.Evaluate(queue.EvaluateRequest{Ticket: tk.ID, Level: 5, Channel: "keypad"})
		},
	} {
		if _, err := step(); err != nil {
			t.Fatal(err)
		}
	}
	ctx := browsertest.New(t, 390, 844)
	if _, err := chromedp.Call(ctx, emulation.SetTimezoneOverride, emulation.SetTimezoneOverrideParams{TimezoneID: "America/New_York"}); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx,
		chromedp.Navigate(v.base+"/t/"+tk.ID+"?k=printed-key"),
		waitText("#state", "已办结"),
		waitText("#updated", "更新于"),
	); err != nil {
		fail(t, ctx, "mobile-rated", err)
	}
	browsertest.Screenshot(t, ctx, "mobile-rated-390x844")
	noOrphans(t, ctx, "phone")
	type page struct {
		Note, Updated string
		RateShown     bool
	}
	p, err := chromedp.Run(ctx, chromedp.Evaluate[page](`({note: document.getElementById("note").textContent,
		updated: document.getElementById("updated").textContent, rateShown: !document.getElementById("rate").hidden})`))
	if err != nil {
		t.Fatal(err)
	}
	if p.RateShown || strings.Contains(p.Note, "评价。") || !strings.Contains(p.Note, "您已评价") {
		t.Errorf("a rated ticket's page: note %q, rating form shown %v", p.Note, p.RateShown)
	}
	loc := v.e.Hall().Location
	ok := false
	for at := time.Now().Add(-3 * time.Second); at.Before(time.Now().Add(2 * time.Second)); at = at.Add(time.Second) {
		ok = ok || strings.HasSuffix(p.Updated, at.In(loc).Format("15:04:05"))
	}
	if !ok {
		t.Errorf("%q, want the hall's time %s", p.Updated, time.Now().In(loc).Format("15:04:05"))
	}
}
