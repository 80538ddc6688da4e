package equip

import (
	"context"
	"testing"
	"time"

	"halld/kiosk"
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
