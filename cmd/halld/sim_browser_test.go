package main

import (
	"testing"

	"github.com/chromedp/chromedp"

	"halld/internal/browsertest"
)

// TestSimulatedDevicesPage: a dispenser button pressed on /sim/ prints a
// ticket on the simulated printer, and a call shows on the window's LED
// bar, both decoded from the bytes the drivers sent.
func TestSimulatedDevicesPage(t *testing.T) {
	d := startDaemon(t)
	ctx := browsertest.New(t, 1600, 1000)
	if err := chromedp.Do(ctx,
		chromedp.Navigate(d.base+"/sim/"),
		chromedp.WaitVisible(chromedp.CSS(`[data-button="button-social"]`)),
		chromedp.Click(chromedp.CSS(`[data-button="button-social"]`)),
		waitText(".ticket", "B001"),
	); err != nil {
		t.Fatalf("button → printed ticket: %v", err)
	}
	_, m := d.post(t, "/api/v1/login", "", `{"staff":"w5","pin":"1234","window":5}`)
	if st, _ := d.post(t, "/api/v1/windows/5/call", m["token"].(string), ""); st != 200 {
		t.Fatalf("call at window 5: %d", st)
	}
	if err := chromedp.Do(ctx, waitText(`[data-address="5"] .led`, "B001")); err != nil {
		t.Fatalf("window 5's LED bar: %v", err)
	}
	browsertest.Screenshot(t, ctx, "sim-devices")
}
