package equip

import (
	"context"
	"errors"
	"fmt"
	"log/slog"

	"halld/device/escpos"
	"halld/device/gbk"
	"halld/device/printer"
	"halld/device/printer/printertest"
	"halld/device/serialport"
	"halld/kiosk"
	"halld/queue"
)

// kioskPrinter runs one ticket printer and adapts it to what a kiosk needs.
type kioskPrinter struct {
	cfg Printer
	p   *printer.Printer
	sim *printertest.Printer
}

func newPrinter(cfg Printer, log *slog.Logger) (*kioskPrinter, error) {
	kp := &kioskPrinter{cfg: cfg}
	cs := gbk.GBK
	if cfg.GB2312 {
		cs = gbk.GB2312
	}
	pc := printer.Config{Transport: cfg.Transport, USBPath: cfg.Path, TCPAddr: cfg.Address,
		Serial: serialport.Config{Path: cfg.Path, Baud: cfg.Baud, ReadTimeout: serialReadTimeout}}
	var open printer.Opener
	if cfg.Transport == Sim {
		kp.sim = printertest.New(cs)
		open = func() (printer.Conn, error) { return kp.sim.Open() }
	} else {
		var err error
		if open, err = pc.Opener(); err != nil {
			return nil, fmt.Errorf("equip: printer %s: %w", cfg.ID, err)
		}
	}
	kp.p = printer.New(open, pc, log.With("printer", cfg.ID))
	return kp, nil
}

// run owns the printer until ctx ends and reports its condition changes.
func (kp *kioskPrinter) run(ctx context.Context, report func(queue.DeviceState)) {
	go func() {
		for {
			select {
			case <-ctx.Done():
				return
			case st := <-kp.p.Changes():
				report(kp.deviceState(st))
			}
		}
	}()
	if err := kp.p.Run(ctx); err != nil && !errors.Is(err, context.Canceled) {
		report(queue.DeviceState{ID: kp.cfg.ID, Kind: "printer", State: queue.DeviceOffline, Detail: err.Error()})
	}
}

func (kp *kioskPrinter) deviceState(st printer.State) queue.DeviceState {
	ks := kioskStatus(st.Condition)
	d := queue.DeviceState{ID: kp.cfg.ID, Kind: "printer", State: ks.Code, Detail: ks.Message}
	if ks.Code == kiosk.CodeReady {
		d.State = queue.DeviceOK
	}
	return d
}

func kioskStatus(c printer.Condition) kiosk.PrinterStatus {
	switch c {
	case printer.Ready:
		return kiosk.StatusFor(kiosk.CodeReady)
	case printer.PaperNearEnd:
		return kiosk.StatusFor(kiosk.CodePaperNearEnd)
	case printer.PaperOut:
		return kiosk.StatusFor(kiosk.CodePaperOut)
	case printer.CoverOpen:
		return kiosk.StatusFor(kiosk.CodeCoverOpen)
	case printer.DeviceError:
		return kiosk.StatusFor(kiosk.CodePrinterError)
	case printer.Offline:
		return kiosk.StatusFor(kiosk.CodeOffline)
	case printer.Unplugged:
		return kiosk.StatusFor(kiosk.CodeUnplugged)
	}
	return kiosk.StatusFor(kiosk.CodeUnknown)
}

// Print prints a job and returns once the printer acknowledged it.
func (kp *kioskPrinter) Print(ctx context.Context, job []byte) error {
	_, err := kp.p.Print(ctx, job)
	return err
}

// Status is the printer's latest condition for the kiosk.
func (kp *kioskPrinter) Status() kiosk.PrinterStatus { return kioskStatus(kp.p.State().Condition) }

// PaperWidths maps each kiosk id to its printer's roll width (mm), for
// kiosk.Options.
func (q *Equip) PaperWidths() map[string]int {
	out := map[string]int{}
	for _, kp := range q.printers {
		out[kp.cfg.Kiosk] = kp.cfg.PaperMM
	}
	return out
}

// KioskPrinters maps each kiosk id to its printer, for kiosk.Options.
func (q *Equip) KioskPrinters() map[string]kiosk.Printer {
	out := map[string]kiosk.Printer{}
	for _, kp := range q.printers {
		out[kp.cfg.Kiosk] = kp
	}
	return out
}

// simTicket is one printed ticket as the /sim/ page draws it.
type simTicket struct {
	Lines []simLine `json:"lines"`
}

type simLine struct {
	Align string    `json:"align,omitempty"`
	Spans []simSpan `json:"spans,omitempty"`
	QR    string    `json:"qr,omitempty"`
	Level string    `json:"qr_level,omitempty"` // L, M, Q or H, as the printer was told
	Cut   bool      `json:"cut,omitempty"`
}

type simSpan struct {
	Text   string `json:"text"`
	Width  int    `json:"w"`
	Height int    `json:"h"`
	Bold   bool   `json:"bold,omitempty"`
}

// simTickets renders the last n tickets a simulated printer cut.
func simTickets(docs []escpos.Document, n int) []simTicket {
	if len(docs) > n {
		docs = docs[len(docs)-n:]
	}
	out := make([]simTicket, 0, len(docs))
	for i := len(docs) - 1; i >= 0; i-- {
		var t simTicket
		for _, el := range docs[i].Elements {
			switch el := el.(type) {
			case escpos.TextLine:
				l := simLine{Align: [...]string{"left", "center", "right"}[min(int(el.Align), 2)]}
				for _, s := range el.Spans {
					l.Spans = append(l.Spans, simSpan{s.Text, max(s.Width, 1), max(s.Height, 1), s.Bold})
				}
				t.Lines = append(t.Lines, l)
			case escpos.QRCode:
				t.Lines = append(t.Lines, simLine{QR: string(el.Data), Level: el.Level.String()})
			case escpos.Cut:
				t.Lines = append(t.Lines, simLine{Cut: true})
			}
		}
		out = append(out, t)
	}
	return out
}
