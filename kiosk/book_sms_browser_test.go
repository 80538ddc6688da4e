package kiosk

import (
	"net/http/httptest"
	"testing"

	"github.com/chromedp/chromedp"

	"halld/api"
	"halld/internal/browsertest"
	"halld/queue"
	"halld/queue/booking"
	"halld/queue/hall"
	"halld/queue/queuetest"
	"halld/queue/sms"
)

// TestPhonePageReminder: with SMS on, the phone page takes an optional
// phone; a bad one is refused with the message and nothing booked; a
// good one books and says when the reminder goes, to the masked number.
func TestPhonePageReminder(t *testing.T) {
	e := queuetest.Open(t, hall.Demo(), queue.Options{Now: fixedClock}) // Monday 10:00
	b, err := booking.Open(e, booking.Options{Now: fixedClock})
	if err != nil {
		t.Fatal(err)
	}
	cfg := sms.Config{Enabled: true, ReminderMinutes: 60}
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	o, err := sms.Open(e, cfg, sms.Options{Now: fixedClock})
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
	s.WithSMS(o)
	k.RegisterBooking(s, b)
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)

	ctx := browsertest.New(t, 412, 915)
	err = chromedp.Do(ctx,
		chromedp.Navigate(srv.URL+"/book/"),
		waitJS(`!document.querySelector('#b-phone-row').hidden`),
		waitJS(`!!document.querySelector('[data-start="15:00"]')`),
		chromedp.Click(chromedp.CSS(`[data-start="15:00"]`)),
		chromedp.SendKeys(chromedp.ID("b-id"), "11010519491231002X"),
		chromedp.SendKeys(chromedp.ID("b-phone"), "1380013800"),
		chromedp.Click(chromedp.ID("b-go")),
		waitText("#b-msg", "手机号码"),
		chromedp.SetValue(chromedp.ID("b-phone"), "13800138000"),
		chromedp.Click(chromedp.ID("b-go")),
		waitText("#d-when", "2026-11-23 15:00–15:30"),
		waitText("#d-sms", "将于 2026-11-23 14:00 向 *******8000 发送短信提醒"),
	)
	if err != nil {
		fail(t, ctx, "book-sms", err)
	}
	browsertest.Screenshot(t, ctx, "book-sms-412x915")
	st := o.Status(0)
	if st.Queued != 1 || st.Messages[0].Kind != sms.KindReminder || st.Messages[0].To != "*******8000" {
		t.Fatalf("outbox %+v", st)
	}
	// The refused attempt booked nothing: one booking per person a day
	// would have refused the second.
}
