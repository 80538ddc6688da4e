package admin

import (
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"halld/internal/browsertest"
	"halld/queue"
	"halld/queue/booking"
)

// TestConsoleBookings: the 预约 tab lists today's bookings with what
// became of them (checked in with its ticket, no-show) and the blocked
// people, ID numbers masked.
func TestConsoleBookings(t *testing.T) {
	v := newEnv(t, nil) // Thursday 2025-11-20 10:00; the demo hall books from today
	b, err := booking.Open(v.e, booking.Options{Now: v.clock.now})
	if err != nil {
		t.Fatal(err)
	}
	v.srv.WithBooking(b)
	book := func(svc, date, start, id string) booking.View {
		k, err := b.Make(booking.Request{Service: svc, Date: date, Start: start, IDNumber: id, Channel: "portal"})
		if err != nil {
			t.Fatalf("book %s %s: %v", date, start, err)
		}
		return k
	}
	const a, bb, d = "11010519491231002X", "11010119900307803X", "110101199003078013"
	if !queue.ValidIDNumber(d) {
		t.Fatal("test ID invalid")
	}
	came := book("estate", "2025-11-20", "10:30", a)
	book("estate", "2025-11-20", "11:00", bb)
	for _, date := range []string{"2025-11-20", "2025-11-21", "2025-11-24"} {
		k := book("estate", date, "15:00", d)
		if _, err := b.Cancel(k.Code, "", false); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := b.CheckIn(booking.CheckInRequest{Code: came.Code}, nil); err != nil {
		t.Fatal(err)
	}
	v.clock.advance(80 * time.Minute)
	if n, err := b.Check(); n != 1 || err != nil {
		t.Fatalf("no-shows %d %v", n, err)
	}

	ctx := browsertest.New(t, 1366, 768)
	noScriptErrors(t, ctx)
	step(t, ctx, "bookings tab",
		chromedp.Navigate(v.ts.URL+"/admin/"),
		login("admin"),
		chromedp.WaitVisible(chromedp.ID("console")),
		chromedp.Click(chromedp.CSS(`[data-tab="bookings"]`)),
		waitText("#bookings-summary", "共 3 个预约：签到 1，爽约 1，取消 1，待签到 0"),
		waitText("#bookings", "10:30–11:00"),
		waitText("#bookings", "已签到"),
		waitText("#bookings", "A001"),
		waitText("#bookings", "爽约"),
		waitText("#bookings", "**************002X"),
		waitText("#booking-blocks", "当日重复预约同一事项"),
		waitText("#booking-blocks", "**************8013"),
	)
	browsertest.Screenshot(t, ctx, "admin-bookings")
	step(t, ctx, "no ID number in full",
		waitJS(`!document.body.innerText.includes("`+a+`") && !document.body.innerText.includes("`+d+`")`),
	)
}
