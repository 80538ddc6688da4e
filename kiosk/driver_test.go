package kiosk

import (
	"context"
	"strings"
	"testing"
	"time"

	"halld/device/escpos"
	"halld/device/printer"
	"halld/device/printer/printersim"
)

// driverPrinter adapts the printer driver to Printer, the way the daemon
// wires it (package kiosk does not import the driver).
type driverPrinter struct{ p *printer.Printer }

func (d driverPrinter) Print(ctx context.Context, job []byte) error {
	_, err := d.p.Print(ctx, job)
	return err
}

func (d driverPrinter) Status() PrinterStatus {
	switch d.p.State().Condition {
	case printer.Ready:
		return StatusFor(CodeReady)
	case printer.PaperNearEnd:
		return StatusFor(CodePaperNearEnd)
	case printer.PaperOut:
		return StatusFor(CodePaperOut)
	case printer.CoverOpen:
		return StatusFor(CodeCoverOpen)
	case printer.DeviceError:
		return StatusFor(CodePrinterError)
	case printer.Offline:
		return StatusFor(CodeOffline)
	case printer.Unplugged:
		return StatusFor(CodeUnplugged)
	}
	return StatusFor(CodeUnknown)
}

// waitCondition reads the driver's changes until it reports c.
func waitCondition(t *testing.T, p *printer.Printer, c printer.Condition) {
	t.Helper()
	if p.State().Condition == c {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	for {
		select {
		case s := <-p.Changes():
			if s.Condition == c {
				return
			}
		case <-ctx.Done():
			t.Fatalf("printer never became %v (now %v)", c, p.State().Condition)
		}
	}
}

// TestThroughPrinterDriver issues through the real driver and a simulated
// printer that decodes the bytes it receives: the printed ticket reads back
// right, paper out stops issuing before anything is issued, and reloading
// paper brings the kiosk back.
func TestThroughPrinterDriver(t *testing.T) {
	sim := printersim.New(0) // gbk.GBK
	open := func() (printer.Conn, error) { return sim.Open() }
	drv := printer.New(open, printer.Config{PollInterval: 20 * time.Millisecond, AckTimeout: 5 * time.Second}, nil)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- drv.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		<-done
	})
	waitCondition(t, drv, printer.Ready)

	v := newEnv(t, fixedClock, Options{Printers: map[string]Printer{"k1": driverPrinter{drv}}, PaperWidth: 58, PublicURL: "http://10.0.0.2"})
	st, m := v.do("POST", "/api/v1/kiosks/k1/tickets", `{"service":"social","priority":"green"}`)
	if st != 201 || m["printed"] != true {
		t.Fatalf("issue: %d %v", st, m)
	}
	id := m["ticket"].(map[string]any)["id"].(string)
	tickets := sim.Tickets()
	if len(tickets) != 1 {
		t.Fatalf("the printer cut %d tickets", len(tickets))
	}
	doc := tickets[0]
	text := strings.Join(doc.Lines(), "\n")
	for _, want := range []string{"测试政务服务中心", "社保医保", "人力资源和社会保障局", "B001", "【绿色通道 优先】",
		"您前面还有 0 人在等候", "请留意 1、3号窗口叫号", "取号时间：2026-11-23 10:00:00", "过号无效，请重新取号", "当日有效"} {
		if !strings.Contains(text, want) {
			t.Errorf("printed ticket lacks %q:\n%s", want, text)
		}
	}
	var qr string
	for _, e := range doc.Elements {
		if q, ok := e.(escpos.QRCode); ok {
			qr = string(q.Data)
		}
	}
	if qr != "http://10.0.0.2/t/"+id+"?k="+v.k.e.TicketKey(id) {
		t.Errorf("QR %q", qr)
	}
	t.Logf("printed ticket:\n%s", doc.Render(escpos.Paper58))

	sim.Set(printersim.State{Paper: printersim.PaperOut})
	waitCondition(t, drv, printer.PaperOut)
	seq0, n0 := v.issued()
	st, m = v.do("POST", "/api/v1/kiosks/k1/tickets", `{"service":"social"}`)
	if st != 409 || errCode(m) != "paper_out" || errMessage(m) != "打印机缺纸，暂停取号，请联系工作人员" {
		t.Fatalf("paper out: %d %v", st, m)
	}
	if seq, n := v.issued(); seq != seq0 || n != n0 {
		t.Errorf("paper out issued something: seq %d→%d, issued %d→%d", seq0, seq, n0, n)
	}

	sim.Set(printersim.State{Paper: printersim.PaperNearEnd})
	waitCondition(t, drv, printer.PaperNearEnd)
	st, m = v.do("POST", "/api/v1/kiosks/k1/tickets", `{"service":"social"}`)
	if st != 201 || m["printed"] != true || m["ticket"].(map[string]any)["number"] != "B002" {
		t.Fatalf("after reloading: %d %v", st, m)
	}
	if _, m = v.do("GET", "/api/v1/kiosks/k1", ""); m["printer"].(map[string]any)["code"] != CodePaperNearEnd {
		t.Errorf("state %v", m)
	}
	if len(sim.Tickets()) != 2 {
		t.Errorf("%d tickets cut, want 2", len(sim.Tickets()))
	}
}
