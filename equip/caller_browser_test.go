package equip

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"halld/internal/browsertest"
	"halld/queue"
	"halld/queue/hall"
)

// TestSimCallerPage: on /sim/, a person clicks the simulated caller's
// digit keys and 确认 to log in, 呼叫 to call a ticket, and reads the
// ticket's three digits on its display.
func TestSimCallerPage(t *testing.T) {
	e := newEngine(t)
	cfg := Config{Callers: []Caller{{ID: "caller-3", Window: 3, Transport: Sim, Path: "l", Address: 3, StaffPrefix: "w"}}}
	if err := cfg.Validate(hall.Demo()); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	q, err := start(ctx, engineHub{e}, cfg, nil, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	q.RegisterSim(mux)
	mux.Handle("GET /assets/", http.StripPrefix("/assets/", http.FileServer(http.Dir("../api/assets"))))
	ts := httptest.NewServer(mux)
	defer ts.Close()
	v, err := e.Issue(queue.IssueRequest{Service: "estate"})
	if err != nil {
		t.Fatal(err)
	}

	bctx := browsertest.New(t, 1280, 900)
	display := func(want string) chromedp.Action[chromedp.Void] {
		return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := chromedp.Poll[bool](`(document.querySelector('.caller [data-display]')?.textContent || "").replaceAll("\u00a0", " ") === `+strconv.Quote(want))(ctx, tg)
			return err
		})
	}
	key := func(attr string) chromedp.Action[chromedp.Void] {
		return chromedp.Click(chromedp.CSS(`.caller button[` + attr + `]`))
	}
	steps := []chromedp.Action[chromedp.Void]{
		chromedp.Navigate(ts.URL + "/sim/"),
		display(showLogin),
		key(`data-digit="3"`), key(`data-key="confirm"`),
		display(showPIN),
		key(`data-digit="1"`), key(`data-digit="2"`), key(`data-digit="3"`), key(`data-digit="4"`), key(`data-key="confirm"`),
		display(showIdle),
		key(`data-key="call"`),
		display(ticketDigits(v.Number)),
	}
	if err := chromedp.Do(bctx, steps...); err != nil {
		browsertest.Screenshot(t, bctx, "sim-caller-failed")
		text, _ := chromedp.Run(bctx, chromedp.Evaluate[string](`document.body.innerText`))
		t.Fatalf("%v\npage: %s", err, text)
	}
	browsertest.Screenshot(t, bctx, "sim-caller")
}
