package main

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"halld/device/idcard/idcardsim"
	"halld/internal/browsertest"
)

// TestKioskTicketByIDCard: a test card laid on kiosk 1's simulated reader
// from /sim/ reaches the kiosk page (masked), which takes the ticket with
// it; the same card read again for the same service is refused as a
// duplicate (one ticket per ID). The full number appears on no page.
func TestKioskTicketByIDCard(t *testing.T) {
	d := startDaemon(t)
	browser := browsertest.New(t, 1600, 1000)
	number := idcardsim.TestCard(1).Number // the demo's first test card

	kioskTab := tab(t, browser, d.base+"/kiosk/?id=1")
	if err := chromedp.Do(kioskTab, waitText("#card-note", "可将身份证放在读卡区")); err != nil {
		t.Fatalf("kiosk does not offer its reader: %v", err)
	}
	simTab := tab(t, browser, d.base+"/sim/")
	place := func(which string) {
		t.Helper()
		sel := `[data-idcard="idcard-1"][data-place="` + which + `"]`
		if err := chromedp.Do(simTab,
			waitJS(`!!document.querySelector(`+jsString(sel)+`) && !document.querySelector(`+jsString(sel)+`).disabled`),
			chromedp.Click(chromedp.CSS(sel)),
		); err != nil {
			t.Fatalf("/sim/ %s card: %v", which, err)
		}
	}

	place("new")
	if err := chromedp.Do(kioskTab,
		waitText("#card-note", "已读取身份证 **************"+number[14:]),
	); err != nil {
		t.Fatalf("card read: %v", err)
	}
	browsertest.Screenshot(t, kioskTab, "kiosk-idcard-read")
	if err := chromedp.Do(kioskTab,
		chromedp.Click(chromedp.CSS(`[data-service="social"]`)),
		waitText("#r-number", "B001"),
	); err != nil {
		t.Fatalf("ticket by card: %v", err)
	}
	browsertest.Screenshot(t, kioskTab, "kiosk-idcard-ticket")
	if err := chromedp.Do(simTab, waitText("#idcards", "**************"+number[14:])); err != nil {
		t.Fatalf("/sim/ shows the card: %v", err)
	}

	// The same card again: the page reads it, the engine refuses.
	if err := chromedp.Do(kioskTab, chromedp.Click(chromedp.ID("r-done"))); err != nil {
		t.Fatal(err)
	}
	place("same")
	if err := chromedp.Do(kioskTab,
		waitText("#card-note", "已读取身份证"),
		chromedp.Click(chromedp.CSS(`[data-service="social"]`)),
		waitText("#f-title", "您已取过号"),
		waitText("#f-message", "B001"),
	); err != nil {
		t.Fatalf("second read, same service: %v", err)
	}
	browsertest.Screenshot(t, kioskTab, "kiosk-idcard-duplicate")

	for name, ctx := range map[string]context.Context{"kiosk": kioskTab, "sim": simTab} {
		html, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.documentElement.outerHTML`))
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(html, number) || strings.Contains(html, number[6:14]) {
			t.Errorf("the %s page shows the number or its birth date", name)
		}
	}
}

// TestKioskCheckInByIDCard: an applicant booked on the phone lays the ID
// card on the kiosk's reader (/sim/) while 预约签到 is open; the booking is
// checked in and its ticket carries the appointments' class.
func TestKioskCheckInByIDCard(t *testing.T) {
	d := startDaemon(t)
	number := idcardsim.TestCard(1).Number // what /sim/'s first "new" card holds
	var slots struct {
		Days []struct {
			Date  string `json:"date"`
			Slots []struct {
				Start string `json:"start"`
				Free  int    `json:"free"`
			} `json:"slots"`
		} `json:"days"`
	}
	d.get(t, "/api/v1/booking/phone/slots?service=estate", &slots)
	if len(slots.Days) == 0 || len(slots.Days[0].Slots) == 0 {
		t.Fatalf("no slots: %+v", slots)
	}
	// The demo's 30-minute slots run around the clock: the first bookable
	// one starts within 30 minutes, inside its check-in window.
	day, slot := slots.Days[0].Date, slots.Days[0].Slots[0].Start
	st, m := d.post(t, "/api/v1/booking/phone/bookings", "",
		`{"service":"estate","date":"`+day+`","start":"`+slot+`","id_number":"`+number+`"}`)
	if st != 201 {
		t.Fatalf("booking %s %s: %d %v", day, slot, st, m)
	}

	browser := browsertest.New(t, 1600, 1000)
	kioskTab := tab(t, browser, d.base+"/kiosk/?id=1")
	if err := chromedp.Do(kioskTab,
		waitText("#card-note", "可将身份证放在读卡区"),
		waitJS(`!document.querySelector('#checkin-open').hidden`),
		chromedp.Click(chromedp.ID("checkin-open")),
		waitJS(`!document.querySelector('#checkin').hidden`),
	); err != nil {
		t.Fatalf("kiosk 预约签到: %v", err)
	}
	simTab := tab(t, browser, d.base+"/sim/")
	sel := `[data-idcard="idcard-1"][data-place="new"]`
	if err := chromedp.Do(simTab,
		waitJS(`!!document.querySelector(`+jsString(sel)+`) && !document.querySelector(`+jsString(sel)+`).disabled`),
		chromedp.Click(chromedp.CSS(sel)),
	); err != nil {
		t.Fatalf("/sim/ card: %v", err)
	}
	if err := chromedp.Do(kioskTab,
		waitText("#r-number", "A001"),
		waitText("#r-prio", "预约 优先"),
	); err != nil {
		t.Fatalf("check-in by card: %v", err)
	}
	browsertest.Screenshot(t, kioskTab, "kiosk-idcard-checkin")
	var b map[string]any
	d.get(t, "/api/v1/booking/phone/bookings/"+m["code"].(string), &b)
	if b["state"] != "checked_in" || b["ticket"] != "A001" {
		t.Errorf("booking after the card: %v", b)
	}
	html, err := chromedp.Run(kioskTab, chromedp.Evaluate[string](`document.documentElement.outerHTML`))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(html, number) || strings.Contains(html, number[6:14]) {
		t.Error("the kiosk shows the number or its birth date")
	}
}
