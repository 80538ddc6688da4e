package screen

import (
	"context"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"halld/display/voice"
)

// fakeSpeech replaces the browser's speech synthesis (headless Chromium has
// no voices) by one that records what it is asked to say. window.__voices
// is what getVoices answers.
const fakeSpeech = `
window.__spoken = [];
window.__voices = [{ name: "本地普通话", lang: "zh-CN", localService: true, voiceURI: "fake", default: true }];
window.SpeechSynthesisUtterance = class { constructor(text) { this.text = text; } };
Object.defineProperty(window, "speechSynthesis", { configurable: true, value: {
	getVoices: () => window.__voices,
	speak(u) {
		window.__spoken.push({ text: u.text, lang: u.lang });
		setTimeout(() => { u.onstart && u.onstart(); setTimeout(() => u.onend && u.onend(), 50); }, 0);
	},
	cancel() {},
}});`

// screenSpeechFallback: when the WAV cannot be had (this hall's pack
// has no letter A), the call is spoken by the browser, but only with a
// local zh-CN voice.
func screenSpeechFallback(t *testing.T, browser context.Context) {
	opt := quickOptions(t)
	opt.Pack = tonePackLetters(t, voice.Format{SampleRate: 16000, Channels: 1}, 40*time.Millisecond, "B")
	h := newHall(t, opt)
	ctx := newTab(t, browser)
	if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: fakeSpeech}); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx,
		chromedp.Navigate(h.ts.URL+"/screen/"),
		chromedp.Poll[chromedp.Void](`window.halldScreen && halldScreen.ready && halldScreen.state.connected`),
	); err != nil {
		t.Fatal(err)
	}

	v := h.call(t, "estate", 3)
	a, err := played(ctx, v.Number, 3, "call")
	if err != nil {
		t.Fatal(err)
	}
	if a.Via != "speech" || !a.Ended || a.Error != "HTTP 500" {
		t.Errorf("fallback entry %+v, want spoken after HTTP 500", a)
	}
	type spoken struct{ Text, Lang string }
	said, err := chromedp.Run(ctx, chromedp.Evaluate[[]spoken](`window.__spoken`))
	if err != nil {
		t.Fatal(err)
	}
	if want := "请A零零一号，到3号窗口办理"; len(said) != 1 || said[0].Text != want || said[0].Lang != "zh-CN" {
		t.Errorf("spoke %+v, want %q (said once, as the hall's timing) in zh-CN", said, want)
	}

	// A network voice is no fallback: a hall has no Internet.
	if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`window.__voices[0].localService = false`)); err != nil {
		t.Fatal(err)
	}
	v = h.call(t, "estate", 4)
	if a, err = played(ctx, v.Number, 4, "call"); err != nil {
		t.Fatal(err)
	}
	if a.Via != "" || a.Ended || a.Start != nil {
		t.Errorf("entry %+v: spoken with a network voice", a)
	}
	if said, _ = chromedp.Run(ctx, chromedp.Evaluate[[]spoken](`window.__spoken`)); len(said) != 1 {
		t.Errorf("spoke %+v, want nothing more", said)
	}
	// A letter the pack has still plays as a WAV.
	v = h.call(t, "social", 5)
	if a, err = played(ctx, v.Number, 5, "call"); err != nil {
		t.Fatal(err)
	}
	checkPlayed(t, h, a)
}
