package kiosk

import (
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"halld/api"
	"halld/device/escpos"
	"halld/internal/browsertest"
	"halld/queue"
	"halld/queue/guide"
	"halld/queue/hall"
	"halld/queue/queuetest"
)

// TestKioskGuideBrowsePrintAndPhone: the kiosk lists the guides, shows
// one, prints it on its printer; the phone page behind a ticket of that
// service shows it too.
func TestKioskGuideBrowsePrintAndPhone(t *testing.T) {
	e := queuetest.Open(t, hall.Demo(), queue.Options{Now: fixedClock})
	g, err := guide.Open(e)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := g.Set("admin", "estate", fixedGuide().Guide); err != nil {
		t.Fatal(err)
	}
	f := newFake()
	k, err := New(e, Options{Printers: map[string]Printer{"k1": f}, PublicURL: "http://hall.local:8080", Now: fixedClock})
	if err != nil {
		t.Fatal(err)
	}
	s := api.New(e, nil)
	k.Register(s)
	s.WithGuides(g)
	k.RegisterGuides(s, g)
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)

	ctx := browsertest.New(t, 1366, 768)
	err = chromedp.Do(ctx,
		chromedp.Navigate(srv.URL+"/kiosk/?id=k1"),
		waitJS(`!document.querySelector('#guide-open').hidden`),
		serviceReady("estate"),
	)
	if err != nil {
		fail(t, ctx, "kiosk-guide-start", err)
	}
	browsertest.Screenshot(t, ctx, "kiosk-start-guides-1366x768")
	err = chromedp.Do(ctx,
		chromedp.Click(chromedp.ID("guide-open")),
		waitJS(`!!document.querySelector('[data-guide="estate"]')`),
		chromedp.Click(chromedp.CSS(`[data-guide="estate"]`)),
		waitText("#g-view", "不动产权属证书"),
		waitText("#g-view", "住宅80元/件"),
		chromedp.Click(chromedp.ID("g-print")),
		waitText("#g-msg", "已打印，请取走"),
	)
	if err != nil {
		fail(t, ctx, "kiosk-guide", err)
	}
	browsertest.Screenshot(t, ctx, "kiosk-guide-1366x768")
	jobs := f.printed()
	if len(jobs) != 1 || !strings.Contains(escpos.Decode(0, jobs[0]).Render(escpos.Paper80), "办事指南（一次性告知）") {
		t.Fatalf("%d jobs printed", len(jobs))
	}

	tk, err := e.Issue(queue.IssueRequest{Service: "estate", Channel: "kiosk"})
	if err != nil {
		t.Fatal(err)
	}
	pctx := browsertest.New(t, 412, 915)
	err = chromedp.Do(pctx,
		chromedp.Navigate(srv.URL+"/t/"+tk.ID),
		waitText("#number", tk.Number),
		waitText("#guide", "申请材料"),
		waitText("#guide", "法定30个工作日"),
	)
	if err != nil {
		fail(t, pctx, "phone-guide", err)
	}
	// A service without a guide shows none.
	other, _ := e.Issue(queue.IssueRequest{Service: "social", Channel: "kiosk"})
	err = chromedp.Do(pctx,
		chromedp.Navigate(srv.URL+"/t/"+other.ID),
		waitText("#number", other.Number),
		waitJS(`document.body.dataset.guide === "none"`),
	)
	if err != nil {
		fail(t, pctx, "phone-no-guide", err)
	}
	if hidden, _ := chromedp.Run(pctx, chromedp.Evaluate[bool](`document.querySelector('#guide').hidden`)); !hidden {
		t.Error("a service without a guide shows one")
	}
}
