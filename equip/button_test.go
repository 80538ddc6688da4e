package equip

import (
	"context"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"periph.io/x/conn/v3/gpio"
	"periph.io/x/conn/v3/gpio/gpiotest"

	"halld/device/button"
	"halld/kiosk"
	"halld/queue"
	"halld/queue/hall"
)

// TestSimButtonIssuesAndPrints presses a simulated dispenser button: the
// real button driver debounces the edges and the kiosk's printer prints.
func TestSimButtonIssuesAndPrints(t *testing.T) {
	e := newEngine(t)
	cfg := Config{
		Printers: []Printer{{ID: "p1", Kiosk: "1", Transport: Sim}},
		Buttons:  []Button{{ID: "btn-tax", Service: "tax", Kiosk: "1", Transport: Sim}},
	}
	if err := cfg.Validate(hall.Demo()); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	q, err := Start(ctx, e, cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	k, err := kiosk.New(e, kiosk.Options{Printers: q.KioskPrinters(), PublicURL: "http://hall.local"})
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan kiosk.Issued, 1)
	q.afterPress = func(_ Button, ans kiosk.Issued, err error) {
		if err != nil {
			t.Error(err)
		}
		done <- ans
	}
	q.StartButtons(ctx, k)
	if !q.pressSim("btn-tax") {
		t.Fatal("no simulated button btn-tax")
	}
	var ans kiosk.Issued
	select {
	case ans = <-done:
	case <-ctx.Done():
		t.Fatal("the press issued nothing")
	}
	if tk := ans.Ticket; tk.Channel != "button" || tk.Service != "tax" || tk.Number != "F001" || !ans.Printed {
		t.Fatalf("button ticket %+v printed %v", tk, ans.Printed)
	}
	if got := q.simState().Printers[0].Tickets; len(got) != 1 {
		t.Fatalf("the printer cut %d tickets, want 1", len(got))
	}
}

// TestGPIOButtonLineRetried: a dispenser button whose GPIO line cannot be
// opened (here a periph gpiotest pin refusing edge detection) is reported
// offline, retried, reported ok once it opens, and then issues.
func TestGPIOButtonLineRetried(t *testing.T) {
	e := newEngine(t)
	cfg := Config{
		Printers: []Printer{{ID: "p1", Kiosk: "1", Transport: Sim}},
		Buttons:  []Button{{ID: "btn-tax", Service: "tax", Kiosk: "1", Transport: "gpio", Pin: "GPIO17"}},
	}
	if err := cfg.Validate(hall.Demo()); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	sub := e.Subscribe(0)
	defer sub.Close()
	pin := &gpiotest.Pin{N: "GPIO17"} // no EdgesChan: In(BothEdges) fails, as a busy line would
	var mu sync.Mutex
	tries := 0
	q, err := start(ctx, engineHub{e}, cfg, nil, nil, func(q *Equip) {
		q.openButton = func(c button.Config, log *slog.Logger) (*button.Button, error) {
			mu.Lock()
			defer mu.Unlock()
			if tries++; tries == 2 {
				pin.EdgesChan = make(chan gpio.Level, 16) // the line is free now
			}
			return button.New(pin, c, log)
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	k, err := kiosk.New(e, kiosk.Options{Printers: q.KioskPrinters(), PublicURL: "http://hall.local"})
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan kiosk.Issued, 1)
	q.afterPress = func(_ Button, ans kiosk.Issued, err error) { done <- ans }
	q.StartButtons(ctx, k)
	var states []string
	for len(states) < 2 {
		ev, err := sub.Next(ctx)
		if err != nil {
			t.Fatalf("button states %v: %v", states, err)
		}
		if d, _ := ev.Decode(); ev.Type == queue.EvDevice && d.Device.ID == "btn-tax" {
			states = append(states, d.Device.State+" "+d.Device.Detail)
		}
	}
	if !strings.HasPrefix(states[0], "offline 取号按键无法打开") || states[1] != "ok " {
		t.Fatalf("button states %q", states)
	}
	mu.Lock()
	ch := pin.EdgesChan
	mu.Unlock()
	ch <- gpio.Low
	ch <- gpio.High
	select {
	case ans := <-done:
		if ans.Ticket.Number != "F001" || !ans.Printed {
			t.Fatalf("%+v", ans)
		}
	case <-ctx.Done():
		t.Fatal("the press after the line came back issued nothing")
	}
}
