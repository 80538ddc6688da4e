package screen

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"halld/api"
	"halld/display/voice"
	"halld/internal/browsertest"
	"halld/queue"
	"halld/queue/hall"
	"halld/queue/queuetest"
)

// hallEnv is the demo hall served by the api package with the screen
// mounted, as halld serves it.
type hallEnv struct {
	e      *queue.Engine
	ts     *httptest.Server
	pack   *voice.Pack
	timing voice.Timing
	tokens map[int]string

	mu   sync.Mutex
	wavs []string // voice URLs requested, in order
}

func newHall(t *testing.T, opt Options) *hallEnv {
	t.Helper()
	return newHallClock(t, opt, nil)
}

// newHallClock is newHall with the engine on another clock.
func newHallClock(t *testing.T, opt Options, now func() time.Time) *hallEnv {
	t.Helper()
	e := queuetest.Open(t, hall.Demo(), queue.Options{Now: now})
	if opt.Location == nil {
		opt.Location = e.Hall().Location
	}
	scr, err := New(opt)
	if err != nil {
		t.Fatal(err)
	}
	srv := api.New(e, nil)
	scr.Register(srv)
	h := &hallEnv{e: e, pack: scr.pack, timing: scr.timing, tokens: map[int]string{}}
	h.ts = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/api/v1/voice/call.wav" {
			h.mu.Lock()
			h.wavs = append(h.wavs, r.URL.RequestURI())
			h.mu.Unlock()
		}
		srv.ServeHTTP(w, r)
	}))
	t.Cleanup(func() {
		srv.CloseStreams()
		h.ts.Close()
		e.Close()
	})
	return h
}

// call issues a ticket of service and calls it at window, logging the
// window's clerk (w<n>, the A post) in first.
func (h *hallEnv) call(t *testing.T, service string, window int) queue.TicketView {
	t.Helper()
	if _, err := h.e.Issue(queue.IssueRequest{Service: service, Channel: "kiosk"}); err != nil {
		t.Fatal(err)
	}
	tok, ok := h.tokens[window]
	if !ok {
		var err error
		tok, _, err = h.e.Login(queue.LoginRequest{Staff: fmt.Sprintf("w%d", window), PIN: "1234", Window: window})
		if err != nil {
			t.Fatal(err)
		}
		h.tokens[window] = tok
	}
	v, err := h.e.CallNext(queue.Act{Token: tok, Window: window})
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func queueAct(h *hallEnv, window int) queue.Act {
	return queue.Act{Token: h.tokens[window], Window: window}
}

// seconds is how long the screen's WAV for this call plays.
func (h *hallEnv) seconds(t *testing.T, number string, window int) float64 {
	t.Helper()
	pcm, err := h.pack.CallPCM(number, window, h.timing)
	if err != nil {
		t.Fatal(err)
	}
	return h.pack.Format().Duration(len(pcm)).Seconds()
}

func (h *hallEnv) requested() []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]string(nil), h.wavs...)
}

// announcement is an entry of halldScreen.log.
type announcement struct {
	URL      string   `json:"url"`
	Number   string   `json:"number"`
	Window   int      `json:"window"`
	Kind     string   `json:"kind"`
	Start    *float64 `json:"start"`
	Duration *float64 `json:"duration"`
	End      *float64 `json:"end"`
	Ended    bool     `json:"ended"`
	Via      string   `json:"via"`
	Error    string   `json:"error"`
	Done     bool     `json:"done"`
}

// TestScreenBrowser runs the screen in one headless Chromium, each scenario
// in its own window, four at a time: they mostly wait for sound to play,
// so running them side by side keeps the package fast.
func TestScreenBrowser(t *testing.T) {
	browser := browsertest.New(t, 1920, 1080)
	scenarios := []struct {
		name string
		run  func(*testing.T, context.Context)
	}{
		{"CallAnnounced", screenCallAnnounced},
		{"QueuesAnnouncements", screenQueuesAnnouncements},
		{"WindowsFilter", screenWindowsFilter},
		{"Reconnect", screenReconnect},
		{"StaleCalls", screenStaleCalls},
		{"SpeechFallback", screenSpeechFallback},
		{"Screenshot", screenScreenshot},
		{"Cases", screenCases},
		{"CasesWindows", screenCasesWindows},
		{"SlowAudio", screenSlowAudio},
		{"CasesWhole", screenCasesWhole},
		{"DeviceNotice", screenDeviceNotice},
		{"RecentKept", screenRecentKept},
	}
	var wg sync.WaitGroup
	// Four windows at a time: more at once (there are a dozen) starve a
	// loaded 2-core machine, and every page then misses its waits.
	slots := make(chan struct{}, 4)
	for _, sc := range scenarios {
		// t.Run from several goroutines runs the subtests concurrently
		// (t.Parallel would hold them to -parallel, the number of CPUs).
		wg.Go(func() {
			slots <- struct{}{}
			defer func() { <-slots }()
			t.Run(sc.name, func(t *testing.T) { sc.run(t, browser) })
		})
	}
	wg.Wait()
}

// newTab opens a window of the browser for one scenario.
func newTab(t *testing.T, browser context.Context) context.Context {
	t.Helper()
	ctx, cancel := chromedp.NewContext(browser)
	t.Cleanup(cancel)
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1920, 1080)); err != nil {
		t.Fatal(err)
	}
	return ctx
}

// openScreen opens /screen/<query> at 1920×1080 in a new window and waits
// for its first state.
func openScreen(t *testing.T, browser context.Context, h *hallEnv, query string) context.Context {
	t.Helper()
	ctx := newTab(t, browser)
	if err := chromedp.Do(ctx,
		chromedp.Navigate(h.ts.URL+"/screen/"+query),
		chromedp.Poll[chromedp.Void](`window.halldScreen && halldScreen.ready && halldScreen.state.connected`),
	); err != nil {
		t.Fatal(err)
	}
	return ctx
}

func jsString(s string) string { b, _ := json.Marshal(s); return string(b) }

// waitText waits until the element's text is want.
func waitText(sel, want string, timeout time.Duration) chromedp.Action[chromedp.Void] {
	return chromedp.Poll[chromedp.Void](
		`(document.querySelector(`+jsString(sel)+`)?.textContent || "").trim() === `+jsString(want),
		chromedp.WithPollingTimeout(timeout))
}

// played waits until the announcement of number at window has had its turn
// (played, spoken or failed) and returns its log entry.
func played(ctx context.Context, number string, window int, kind string) (announcement, error) {
	return chromedp.Run(ctx, chromedp.Poll[announcement](fmt.Sprintf(
		`halldScreen.log.find((e) => e.number === %s && e.window === %d && e.kind === %s && e.done) || false`,
		jsString(number), window, jsString(kind)), chromedp.WithPollingTimeout(30*time.Second)))
}

func screenLog(t *testing.T, ctx context.Context) []announcement {
	t.Helper()
	log, err := chromedp.Run(ctx, chromedp.Evaluate[[]announcement](`halldScreen.log`))
	if err != nil {
		t.Fatal(err)
	}
	return log
}

// checkPlayed: the WAV was played to its end by the audio element, whose
// duration is the one the voice package renders.
func checkPlayed(t *testing.T, h *hallEnv, a announcement) {
	t.Helper()
	if !a.Ended || a.Via != "wav" || a.Error != "" || a.Start == nil || a.End == nil || a.Duration == nil {
		t.Fatalf("announcement not played to the end: %+v", a)
	}
	want := h.seconds(t, a.Number, a.Window)
	if d := math.Abs(*a.Duration - want); d > 0.05 {
		t.Errorf("%s: audio duration %.3f s, the voice package renders %.3f s", a.Number, *a.Duration, want)
	}
	// Played, not skipped: it took about as long as it lasts.
	if took := (*a.End - *a.Start) / 1000; took < want-0.25 {
		t.Errorf("%s: played in %.3f s, it lasts %.3f s", a.Number, took, want)
	}
	if want := fmt.Sprintf("/api/v1/voice/call.wav?number=%s&window=%d", a.Number, a.Window); a.URL != want {
		t.Errorf("url %s, want %s", a.URL, want)
	}
}

// quickOptions keep the browser tests short: a hall pack of 40 ms tones,
// said once (about 0.8 s a call).
func quickOptions(t *testing.T) Options {
	return Options{
		Pack:   tonePack(t, voice.Format{SampleRate: 16000, Channels: 1}, 40*time.Millisecond),
		Timing: voice.Timing{ClipGap: 20 * time.Millisecond, ChimeGap: 100 * time.Millisecond, Repeats: 1},
	}
}
