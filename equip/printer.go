package equip

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"time"

	"halld/device/escpos"
	"halld/device/gbk"
	"halld/device/printer"
	"halld/device/printer/printersim"
	"halld/device/serialport"
	"halld/kiosk"
	"halld/queue"
)

// pendingBound is how long a ticket may wait for the printer's
// acknowledgement before the kiosk stops issuing (print_pending): a printer
// that prints answers GS r 1 within a second or two.
const pendingBound = 3 * time.Second

// kioskPrinter runs one ticket printer and adapts it to what a kiosk needs.
// It keeps the numbers issued but not printed, so that staff see them (the
// printer's device state, on the admin page) until the printer
// acknowledges them late or staff are told by the next state.
type kioskPrinter struct {
	cfg Printer
	p   *printer.Printer
	sim *printersim.Printer
	log *slog.Logger
	now func() time.Time

	mu        sync.Mutex
	unprinted []string      // ticket numbers, oldest first
	kick      chan struct{} // the unprinted list changed: report again
}

func newPrinter(cfg Printer, log *slog.Logger) (*kioskPrinter, error) {
	return newPrinterTimed(cfg, log, printer.Config{})
}

// newPrinterTimed is newPrinter with the driver's timeouts and intervals
// from timing (zero: the driver's defaults); tests shorten them.
func newPrinterTimed(cfg Printer, log *slog.Logger, timing printer.Config) (*kioskPrinter, error) {
	kp := &kioskPrinter{cfg: cfg, log: log.With("printer", cfg.ID), now: time.Now, kick: make(chan struct{}, 1)}
	cs := gbk.GBK
	if cfg.GB2312 {
		cs = gbk.GB2312
	}
	pc := timing
	pc.Transport, pc.USBPath, pc.TCPAddr = cfg.Transport, cfg.Path, cfg.Address
	pc.Serial = serialport.Config{Path: cfg.Path, Baud: cfg.Baud, ReadTimeout: serialReadTimeout}
	pc.OnLate = kp.printedLate
	var open printer.Opener
	if cfg.Transport == Sim {
		kp.sim = printersim.New(cs)
		open = func() (printer.Conn, error) { return kp.sim.Open() }
	} else {
		var err error
		if open, err = pc.Opener(); err != nil {
			return nil, fmt.Errorf("equip: printer %s: %w", cfg.ID, err)
		}
	}
	kp.p = printer.New(open, pc, kp.log)
	return kp, nil
}

// run owns the printer until ctx ends and reports its condition changes
// and its unprinted tickets.
func (kp *kioskPrinter) run(ctx context.Context, report func(queue.DeviceState)) {
	go func() {
		for {
			select {
			case <-ctx.Done():
				return
			case st := <-kp.p.Changes():
				report(kp.deviceState(st))
			case <-kp.kick:
				report(kp.deviceState(kp.p.State()))
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
	if u := kp.Unprinted(); len(u) > 0 {
		if d.State == queue.DeviceOK {
			d.State, d.Detail = queue.DeviceWarning, ""
		} else {
			d.Detail += "；"
		}
		if len(u) > 20 {
			u = append([]string{u[0], "…"}, u[len(u)-19:]...)
		}
		d.Detail += "未打印号票：" + strings.Join(u, "、") + "（请告知申请人号码）"
	}
	return d
}

// Unprinted returns the numbers issued on this printer that it did not
// print, oldest first.
func (kp *kioskPrinter) Unprinted() []string {
	kp.mu.Lock()
	defer kp.mu.Unlock()
	return slices.Clone(kp.unprinted)
}

func (kp *kioskPrinter) changed() {
	select {
	case kp.kick <- struct{}{}:
	default:
	}
}

// printedLate records a ticket given up on that the printer printed after
// all (its GS r 1 came late).
func (kp *kioskPrinter) printedLate(number string) {
	kp.mu.Lock()
	i := slices.Index(kp.unprinted, number)
	if i >= 0 {
		kp.unprinted = slices.Delete(kp.unprinted, i, i+1)
	}
	kp.mu.Unlock()
	kp.log.Info("ticket printed late: the printer acknowledged it after all", "ticket", number)
	if i >= 0 {
		kp.changed()
	}
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

// PrintTicket (kiosk.TicketPrinter) prints ticket number; a ticket not
// printed is kept for staff until the printer acknowledges it late.
func (kp *kioskPrinter) PrintTicket(ctx context.Context, number string, job []byte) error {
	_, err := kp.p.PrintTagged(ctx, number, job)
	if err != nil {
		kp.mu.Lock()
		kp.unprinted = append(kp.unprinted, number)
		if len(kp.unprinted) > 200 {
			kp.unprinted = kp.unprinted[len(kp.unprinted)-200:]
		}
		kp.mu.Unlock()
		kp.log.Warn("ticket issued but not printed: staff must tell the applicant the number", "ticket", number, "err", err)
		kp.changed()
	}
	return err
}

// Status is the printer's latest condition for the kiosk: a fault, or
// print_pending while a ticket waits for its acknowledgement longer than
// pendingBound or one given up on may still print (the printer's state is
// then in doubt: issuing more would pile up numbers nobody sees).
func (kp *kioskPrinter) Status() kiosk.PrinterStatus {
	st := kp.p.State()
	ks := kioskStatus(st.Condition)
	if ks.Level != kiosk.LevelFault && (st.Unacked > 0 || !st.Pending.IsZero() && kp.now().Sub(st.Pending) > pendingBound) {
		return kiosk.StatusFor(kiosk.CodePrintPending)
	}
	return ks
}

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
