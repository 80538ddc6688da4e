package kiosk

import (
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"halld/api"
	"halld/internal/browsertest"
	"halld/queue"
	"halld/queue/booking"
	"halld/queue/hall"
	"halld/queue/queuetest"
)

// TestBookOnThePhoneCheckInAtTheKiosk: an applicant books a slot on
// /book/, checks in at the kiosk with the code, gets a printed ticket of
// the appointment class, and is called ahead of a walk-in who came first.
func TestBookOnThePhoneCheckInAtTheKiosk(t *testing.T) {
	var mu sync.Mutex
	now := fixedClock() // Monday 10:00; the demo hall books from today
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	e := queuetest.Open(t, hall.Demo(), queue.Options{Now: clock})
	f := newFake()
	k, err := New(e, Options{Printers: map[string]Printer{"k1": f}, PublicURL: "http://hall.local:8080", Now: clock})
	if err != nil {
		t.Fatal(err)
	}
	b, err := booking.Open(e, booking.Options{Now: clock})
	if err != nil {
		t.Fatal(err)
	}
	s := api.New(e, nil)
	k.Register(s)
	s.WithBooking(b)
	k.RegisterBooking(s, b)
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)

	ctx := browsertest.New(t, 412, 915)
	err = chromedp.Do(ctx,
		chromedp.Navigate(srv.URL+"/book/"),
		waitJS(`document.querySelector('#b-service').value === "estate"`),
		waitJS(`!!document.querySelector('[data-start="10:30"]')`),
		chromedp.Click(chromedp.CSS(`[data-start="10:30"]`)),
		chromedp.SendKeys(chromedp.ID("b-id"), "11010519491231002x"),
		chromedp.Click(chromedp.ID("b-go")),
		waitJS(`document.querySelector('#d-code').textContent.length === 8`),
		waitText("#d-when", "2026-11-23 10:30–11:00"),
		waitText("#d-note", "10:00–10:45"),
	)
	if err != nil {
		fail(t, ctx, "book-phone", err)
	}
	browsertest.Screenshot(t, ctx, "book-phone-412x915")
	code, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('#d-code').textContent`))
	if err != nil {
		t.Fatal(err)
	}

	// A walk-in takes a ticket first.
	walkIn, err := e.Issue(queue.IssueRequest{Service: "estate", Channel: "kiosk"})
	if err != nil {
		t.Fatal(err)
	}

	kctx := browsertest.New(t, 1920, 1080)
	err = chromedp.Do(kctx,
		chromedp.Navigate(srv.URL+"/kiosk/?id=k1"),
		waitJS(`!document.querySelector('#checkin-open').hidden`),
		chromedp.Click(chromedp.ID("checkin-open")),
		waitJS(`!document.querySelector('#checkin').hidden`),
		chromedp.Click(chromedp.CSS(`[data-key="`+code[:1]+`"]`)), // the on-screen keys
		chromedp.SendKeys(chromedp.ID("ci-code"), code[1:]),
		chromedp.Click(chromedp.ID("ci-go")),
		waitText("#r-number", "A002"),
		waitText("#r-prio", "预约 优先"),
		waitText("#r-print", "请取走您的号票"),
	)
	if err != nil {
		fail(t, kctx, "kiosk-checkin", err)
	}
	browsertest.Screenshot(t, kctx, "kiosk-checkin-1920x1080")
	if n := len(f.printed()); n != 1 {
		t.Fatalf("%d tickets printed, want 1", n)
	}

	// At the slot's time the window calls the appointment before the
	// walk-in who came first.
	mu.Lock()
	now = now.Add(30 * time.Minute)
	mu.Unlock()
	tok, _, err := e.Login(queue.LoginRequest{Staff: "w1", PIN: "1234", Window: 1})
	if err != nil {
		t.Fatal(err)
	}
	first, err := e.CallNext(queue.Act{Token: tok, Window: 1})
	if err != nil || first.Number != "A002" || walkIn.Number != "A001" {
		t.Fatalf("first call %s (%v), walk-in %s", first.Number, err, walkIn.Number)
	}
	got, _ := b.Lookup(code)
	if got.State != booking.CheckedIn || got.Ticket != "A002" {
		t.Fatalf("booking %+v", got)
	}

	// The same code again: refused, nothing printed.
	err = chromedp.Do(kctx,
		chromedp.Click(chromedp.ID("r-done")),
		chromedp.Click(chromedp.ID("checkin-open")),
		chromedp.SendKeys(chromedp.ID("ci-code"), code),
		chromedp.Click(chromedp.ID("ci-go")),
		waitText("#f-title", "已经签到"),
	)
	if err != nil {
		fail(t, kctx, "kiosk-checkin-twice", err)
	}
	if n := len(f.printed()); n != 1 {
		t.Fatalf("%d tickets printed after a second check-in, want 1", n)
	}
}

// TestPhonePageCancels: the phone page cancels a booking with its code
// and the ID number.
func TestPhonePageCancels(t *testing.T) {
	e := queuetest.Open(t, hall.Demo(), queue.Options{Now: fixedClock})
	b, err := booking.Open(e, booking.Options{Now: fixedClock})
	if err != nil {
		t.Fatal(err)
	}
	k, err := New(e, Options{Printers: map[string]Printer{"k1": newFake()}, PublicURL: "http://hall.local:8080", Now: fixedClock})
	if err != nil {
		t.Fatal(err)
	}
	s := api.New(e, nil)
	k.Register(s)
	s.WithBooking(b)
	k.RegisterBooking(s, b)
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	v, err := b.Make(booking.Request{Service: "social", Date: "2026-11-23", Start: "15:00", IDNumber: "11010519491231002X", Channel: "portal"})
	if err != nil {
		t.Fatal(err)
	}
	ctx := browsertest.New(t, 412, 915)
	err = chromedp.Do(ctx,
		chromedp.Navigate(srv.URL+"/book/"),
		waitJS(`!!document.querySelector('[data-start]')`),
		chromedp.SendKeys(chromedp.ID("c-code"), v.Code),
		chromedp.SendKeys(chromedp.ID("c-id"), "11010119900307803X"), // valid, not the booking's
		chromedp.Click(chromedp.ID("c-go")),
		waitText("#c-msg", "没有"),
		chromedp.SetValue(chromedp.ID("c-id"), "11010519491231002X"),
		chromedp.Click(chromedp.ID("c-go")),
		waitText("#c-msg", "已取消 2026-11-23 15:00 的「社保医保」预约"),
	)
	if err != nil {
		fail(t, ctx, "book-cancel", err)
	}
	if got, _ := b.Lookup(v.Code); got.State != booking.Cancelled {
		t.Fatalf("state %s", got.State)
	}
}
