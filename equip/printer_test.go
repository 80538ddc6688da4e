package equip

import (
	"context"
	"strings"
	"testing"
	"time"

	"halld/device/escpos"
	"halld/kiosk"
	"halld/queue"
	"halld/queue/hall"
)

func TestSimPrinterPrintsAndReportsFaults(t *testing.T) {
	e := newEngine(t)
	cfg := Config{Printers: []Printer{{ID: "printer-1", Kiosk: "1", Transport: Sim}}}
	if err := cfg.Validate(hall.Demo()); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	q, err := Start(ctx, e, cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	p := q.KioskPrinters()["1"]
	job, err := escpos.NewBuilder(escpos.Options{}).Init().Chinese(true).Text("A001").LF().Cut(0).Bytes()
	if err != nil {
		t.Fatal(err)
	}
	pctx, pcancel := context.WithTimeout(ctx, 10*time.Second)
	defer pcancel()
	if err := p.Print(pctx, job); err != nil {
		t.Fatalf("print on a healthy simulated printer: %v", err)
	}
	st := q.simState()
	if len(st.Printers) != 1 || len(st.Printers[0].Tickets) != 1 {
		t.Fatalf("sim state %+v", st)
	}
	if got := st.Printers[0].Tickets[0].Lines[0].Spans[0].Text; got != "A001" {
		t.Errorf("decoded ticket starts with %q", got)
	}

	// Paper out: the kiosk sees a fault, and the engine records it.
	sub := e.Subscribe(e.Stats().Seq)
	defer sub.Close()
	q.setFault("printer-1", simFault{Paper: "out"})
	for {
		ev, err := sub.Next(pctx)
		if err != nil {
			t.Fatalf("no paper-out event: %v", err)
		}
		if d, _ := ev.Decode(); ev.Type == queue.EvDevice && d.Device.State == kiosk.CodePaperOut {
			if !strings.Contains(d.Device.Detail, "缺纸") {
				t.Errorf("detail %q", d.Device.Detail)
			}
			break
		}
	}
	if s := p.Status(); s.Level != kiosk.LevelFault || s.Code != kiosk.CodePaperOut {
		t.Errorf("kiosk status %+v", s)
	}
}
