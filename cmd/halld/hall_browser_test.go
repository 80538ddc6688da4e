package main

import (
	"context"
	"io"
	"math"
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"halld/display/voice"
	"halld/internal/browsertest"
)

// tab opens another tab of the same browser at url.
func tab(t *testing.T, browser context.Context, url string) context.Context {
	t.Helper()
	ctx, cancel := chromedp.NewContext(browser)
	t.Cleanup(cancel)
	if err := chromedp.Do(ctx, chromedp.Navigate(url)); err != nil {
		t.Fatalf("open %s: %v", url, err)
	}
	return ctx
}

// TestWholeHall runs the README's demo as a person would: take a ticket on
// the kiosk, call it from a window terminal, see and hear it on the big
// screen, follow it on the phone page; then a screen that loses its
// connection while a call is made still shows and announces it.
func TestWholeHall(t *testing.T) {
	d := startDaemon(t)
	browser := browsertest.New(t, 1920, 1080)

	screen := tab(t, browser, d.base+"/screen/")
	if err := chromedp.Do(screen, waitJS(`window.halldScreen && window.halldScreen.ready`)); err != nil {
		t.Fatalf("screen not ready: %v", err)
	}

	// 1. The kiosk issues A001 and the simulated printer prints it.
	kioskTab := tab(t, browser, d.base+"/kiosk/?id=1")
	if err := chromedp.Do(kioskTab,
		chromedp.WaitVisible(chromedp.CSS(`[data-service="estate"]`)),
		chromedp.Click(chromedp.CSS(`[data-service="estate"]`)),
		chromedp.WaitVisible(chromedp.ID("r-number")),
		waitText("#r-number", "A001"),
		waitText("#r-print", "取"),
	); err != nil {
		t.Fatalf("kiosk: %v", err)
	}
	browsertest.Screenshot(t, kioskTab, "hall-kiosk")
	var sim struct {
		Printers []struct{ Tickets []any }
	}
	d.get(t, "/sim/state.json", &sim)
	if len(sim.Printers) != 1 || len(sim.Printers[0].Tickets) != 1 {
		t.Fatalf("the simulated printer holds %+v, want one ticket", sim.Printers)
	}
	ticketID := ""
	{
		var list []struct{ ID, Number string }
		_, m := d.post(t, "/api/v1/login", "", `{"staff":"admin","pin":"1234"}`)
		d.getAuth(t, "/api/v1/windows/3/waiting", m["token"].(string), &list)
		if len(list) != 1 || list[0].Number != "A001" {
			t.Fatalf("waiting at window 3: %+v", list)
		}
		ticketID = list[0].ID
	}

	// 2. The phone page of that ticket.
	phone := tab(t, browser, d.base+"/t/"+ticketID)
	if err := chromedp.Do(phone, waitText("#number", "A001")); err != nil {
		t.Fatalf("phone page: %v", err)
	}

	// 3. A clerk logs in at window 3 and calls with the keyboard.
	term := tab(t, browser, d.base+"/terminal/?window=3")
	if err := chromedp.Do(term,
		chromedp.WaitVisible(chromedp.ID("staff")),
		chromedp.SendKeys(chromedp.ID("staff"), "w3"),
		chromedp.SendKeys(chromedp.ID("pin"), "1234"+kb.Enter),
		chromedp.WaitVisible(chromedp.ID("desk")),
		waitText("#waiting", "A001"),
		chromedp.KeyEvent("n"),
		waitText("#cur-number", "A001"),
	); err != nil {
		t.Fatalf("terminal: %v", err)
	}

	// 4. The big screen shows it within a second and plays its announcement.
	if err := chromedp.Do(screen, waitJSWithin(`document.getElementById("latest-number").textContent.includes("A001")`, 1000)); err != nil {
		t.Fatalf("the call did not reach the screen within 1 s: %v", err)
	}
	if err := chromedp.Do(screen, waitJS(`halldScreen.log.some(e => e.number === "A001" && e.ended)`)); err != nil {
		t.Fatalf("announcement not played: %v", err)
	}
	played, err := chromedp.Run(screen, chromedp.Evaluate[map[string]any](`halldScreen.log.find(e => e.number === "A001")`))
	if err != nil {
		t.Fatal(err)
	}
	wav := fetch(t, d.base+played["url"].(string))
	f, pcm, err := voice.ReadWAV(wav)
	if err != nil {
		t.Fatalf("the announcement is not a valid WAV: %v", err)
	}
	pack, err := voice.DefaultPack()
	if err != nil {
		t.Fatal(err)
	}
	if f != pack.Format() {
		t.Errorf("announcement format %+v, want the pack's %+v", f, pack.Format())
	}
	want := f.Duration(len(pcm)).Seconds()
	if got := played["duration"].(float64); math.Abs(got-want) > 0.05 {
		t.Errorf("the screen played %.3f s, the WAV lasts %.3f s", got, want)
	}
	browsertest.Screenshot(t, screen, "hall-screen")

	// 5. The phone shows the window.
	if err := chromedp.Do(phone, waitText("#call", "3号窗口")); err != nil {
		t.Fatalf("phone page after the call: %v", err)
	}
	browsertest.Screenshot(t, phone, "hall-phone")

	// 6. The screen loses its connection; a call is made meanwhile; it is
	// shown and announced after the reconnect.
	d.post(t, "/api/v1/tickets", "", `{"service":"estate"}`)
	if err := chromedp.Do(screen, chromedp.Evaluate[chromedp.Void](`halldScreen.stream.drop()`)); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(term,
		chromedp.KeyEvent("x"), // A001 did not come
		waitText("#cur-number", "—"),
		chromedp.KeyEvent("n"),
		waitText("#cur-number", "A002"),
	); err != nil {
		t.Fatalf("terminal, second call: %v", err)
	}
	if err := chromedp.Do(screen,
		waitText("#latest-number", "A002"),
		waitJS(`halldScreen.log.some(e => e.number === "A002" && e.ended)`),
	); err != nil {
		t.Fatalf("the call made during the blip: %v", err)
	}

	// 7. The kiosk's printer runs out of paper: the big screen shows a
	// device alert, and the kiosk stops offering tickets.
	if st, _, err := post(d.base, "/sim/printers/printer-1", "", `{"paper":"out"}`); err != nil && st != 204 {
		t.Fatalf("paper out: %d %v", st, err)
	}
	if err := chromedp.Do(screen, waitText("#alerts", "取号机暂停出票")); err != nil {
		t.Fatalf("no device alert on the screen: %v", err)
	}
	// By now the kiosk may have gone back to its start screen by itself
	// (its idle timeout, 30 s, is shorter than this test on a loaded
	// machine): press 完成 only if the ticket is still shown.
	if err := chromedp.Do(kioskTab,
		chromedp.Evaluate[chromedp.Void](`document.getElementById("result").hidden || document.getElementById("r-done").click()`),
		waitText("#banner", "缺纸"),
		waitJS(`!document.getElementById("start").hidden && [...document.querySelectorAll("[data-service]")].every(b => b.disabled)`),
	); err != nil {
		t.Fatalf("the kiosk still offers tickets: %v", err)
	}
	browsertest.Screenshot(t, screen, "hall-screen-alert")
}

func waitJS(expr string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := chromedp.Poll[bool](expr)(ctx, t)
		return err
	})
}

func waitJSWithin(expr string, ms int) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := chromedp.Poll[bool](expr, chromedp.WithPollingTimeout(timeMS(ms)))(ctx, t)
		return err
	})
}

func fetch(t *testing.T, url string) []byte {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "audio/wav") {
		t.Fatalf("GET %s: %d %s", url, resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	b, _ := io.ReadAll(resp.Body)
	return b
}
