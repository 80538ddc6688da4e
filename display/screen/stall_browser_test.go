package screen

import (
	"context"
	"testing"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// fakeAudio replaces the page's audio element by one that plays as on a
// busy machine: its device opens 3 s late, then it plays at a fifth of the
// speed, so a 0.8 s WAV ends 7 s after its metadata. window.__audio lists
// how each new element behaves, in order: "slow" plays so to its end,
// "stuck" starts and then never progresses (a hung audio device).
const fakeAudio = `
window.__audio = [];
window.Audio = class {
	constructor() { this.duration = NaN; this.currentTime = 0; this.error = null; this.mode = window.__audio.shift() || "slow"; }
	removeAttribute() {}
	pause() { clearInterval(this.tick); clearTimeout(this.open); }
	play() {
		setTimeout(() => { this.duration = 0.8; this.onloadedmetadata && this.onloadedmetadata(); }, 0);
		this.open = setTimeout(() => {
			this.onplaying && this.onplaying();
			if (this.mode === "stuck") return;
			this.tick = setInterval(() => {
				this.currentTime += 0.05;
				this.ontimeupdate && this.ontimeupdate();
				if (this.currentTime >= this.duration - 1e-9) { clearInterval(this.tick); this.onended && this.onended(); }
			}, 250);
		}, 3000);
		return Promise.resolve();
	}
};`

// screenSlowAudio: on a loaded machine an announcement that starts late
// and plays slowly is still heard to its end (the guard watches progress,
// not the clock); one that stops progressing is given up, so the queue
// goes on.
func screenSlowAudio(t *testing.T, browser context.Context) {
	h := newHall(t, quickOptions(t))
	ctx := newTab(t, browser)
	if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: fakeAudio}); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx,
		chromedp.Navigate(h.ts.URL+"/screen/"),
		chromedp.Poll[chromedp.Void](`window.halldScreen && halldScreen.ready && halldScreen.state.connected`),
		chromedp.Evaluate[chromedp.Void](`window.__audio.push("slow", "stuck")`),
	); err != nil {
		t.Fatal(err)
	}
	slow := h.call(t, "estate", 3)
	stuck := h.call(t, "estate", 4)
	a, err := played(ctx, slow.Number, 3, "call")
	if err != nil {
		t.Fatal(err)
	}
	if !a.Ended || a.Via != "wav" || a.Error != "" {
		t.Errorf("a slow announcement was not played to its end: %+v", a)
	}
	if a, err = played(ctx, stuck.Number, 4, "call"); err != nil {
		t.Fatal(err)
	}
	if a.Ended || a.Error != "audio stalled" || a.Start == nil {
		t.Errorf("a stuck announcement %+v, want given up as stalled", a)
	}
}
