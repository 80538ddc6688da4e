package equip

import (
	"context"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"halld/device/escpos"
	"halld/device/printer"
	"halld/device/printer/printersim"
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

// TestPrinterWithholdsAckThenRunsOut is issue 16's second case on the
// simulated printer's real bytes: it reads ready but withholds the GS r 1
// of F001, then runs out of paper. The kiosk stops offering tickets once
// the job waits past pendingBound; F001 is reported unprinted on the
// printer's device state (not only logged); when paper is reloaded the
// held ticket prints, its late acknowledgement is reconciled and the state
// clears. Nothing is printed twice.
func TestPrinterWithholdsAckThenRunsOut(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		kp, err := newPrinterTimed(Printer{ID: "printer-1", Kiosk: "1", Transport: Sim}, slog.New(slog.DiscardHandler),
			printer.Config{StatusTimeout: 500 * time.Millisecond, AckTimeout: 20 * time.Second, PollInterval: 2 * time.Second, ReopenInterval: 3 * time.Second})
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithCancel(context.Background())
		defer func() { cancel(); synctest.Wait() }()
		var mu sync.Mutex
		var states []queue.DeviceState
		go kp.run(ctx, func(d queue.DeviceState) { mu.Lock(); states = append(states, d); mu.Unlock() })
		last := func() queue.DeviceState {
			synctest.Wait()
			mu.Lock()
			defer mu.Unlock()
			if len(states) == 0 {
				return queue.DeviceState{}
			}
			return states[len(states)-1]
		}
		time.Sleep(time.Second)
		if s := kp.Status(); s.Code != kiosk.CodeReady {
			t.Fatalf("start: %+v", s)
		}
		job := func(n string) []byte {
			b, err := escpos.NewBuilder(escpos.Options{}).Init().Text(n).LF().Cut(0).Bytes()
			if err != nil {
				t.Fatal(err)
			}
			return b
		}
		kp.sim.Set(printersim.State{Stalled: true})
		done := make(chan error)
		go func() { done <- kp.PrintTicket(ctx, "F001", job("F001")) }()
		time.Sleep(pendingBound + time.Second)
		if s := kp.Status(); s.Level != kiosk.LevelFault || s.Code != kiosk.CodePrintPending {
			t.Errorf("while F001 waits: %+v", s)
		}
		kp.sim.Set(printersim.State{Stalled: true, Paper: printersim.PaperOut})
		if err := <-done; err == nil {
			t.Fatal("F001 reported printed")
		}
		if d := last(); d.State != kiosk.CodePaperOut || !strings.Contains(d.Detail, "未打印号票：F001") {
			t.Errorf("device state %+v", d)
		}
		if s := kp.Status(); s.Code != kiosk.CodePaperOut {
			t.Errorf("kiosk status %+v", s)
		}
		kp.sim.Set(printersim.State{}) // reloaded and unstuck: the held F001 prints
		time.Sleep(5 * time.Second)
		if u := kp.Unprinted(); len(u) != 0 {
			t.Errorf("still unprinted after the late acknowledgement: %v", u)
		}
		if d := last(); d.State != queue.DeviceOK || d.Detail != "打印机正常" {
			t.Errorf("device state after reload %+v", d)
		}
		if s := kp.Status(); s.Code != kiosk.CodeReady {
			t.Errorf("kiosk status after reload %+v", s)
		}
		if err := kp.PrintTicket(ctx, "F002", job("F002")); err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, tk := range kp.sim.Tickets() {
			got = append(got, tk.Lines()[0])
		}
		if !slices.Equal(got, []string{"F001", "F002"}) {
			t.Errorf("printed %v", got)
		}
	})
}
