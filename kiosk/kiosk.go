package kiosk

import (
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"sort"
	"time"

	"halld/device/escpos"
	"halld/kiosk/cardslot"
	"halld/queue"
)

// ErrConfig is wrapped by New's errors about its Options.
var ErrConfig = errors.New("kiosk: invalid options")

// Options configure the kiosks of one hall.
type Options struct {
	// Printers maps each kiosk id (as in /kiosk/?id=…) to its printer. A
	// nil Printer is a kiosk without one: tickets are shown on screen only.
	Printers map[string]Printer
	// PublicURL is how applicants' phones reach halld, e.g.
	// "http://192.168.1.10:8080"; printed in the QR code. Required; ASCII.
	PublicURL string
	// PaperWidth is the roll width in mm, 58 or 80 (0 → 80).
	PaperWidth int
	// PaperWidths overrides PaperWidth for some kiosks (by id), when their
	// printers take another roll.
	PaperWidths map[string]int
	// IdleTimeout sends the screen back to the start after this long
	// without a touch (0 → 30 s).
	IdleTimeout time.Duration
	// StatusPoll is how often the screen reloads the kiosk state to see
	// the printer recover (0 → 3 s).
	StatusPoll time.Duration
	// PrintTimeout bounds one print, acknowledgement included (0 → 30 s).
	PrintTimeout time.Duration
	// Cards holds the ID cards read at the kiosks (nil: no card readers).
	Cards *cardslot.Slots
	// Logger receives kiosk logs; nil discards them.
	Logger *slog.Logger
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Notices takes the phone an applicant may leave for the SMS notices;
	// nil (or not Enabled) hides the field.
	Notices Notices
}

// Kiosk serves the kiosks, the ticket printing and the mobile ticket page
// of one hall. Create it with New and mount it with Register.
type Kiosk struct {
	e       *queue.Engine
	opt     Options
	layout  TicketLayout            // PaperWidth
	layouts map[string]TicketLayout // PaperWidths
	ids     []string
	log     *slog.Logger
	now     func() time.Time
}

// New checks opt and returns the kiosks of e's hall.
func New(e *queue.Engine, opt Options) (*Kiosk, error) {
	u, err := url.Parse(opt.PublicURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
		return nil, fmt.Errorf("%w: PublicURL %q must be an absolute http(s) URL without query", ErrConfig, opt.PublicURL)
	}
	for _, r := range opt.PublicURL {
		if r < 0x21 || r > 0x7E {
			return nil, fmt.Errorf("%w: PublicURL %q must be printable ASCII (it goes into the QR code)", ErrConfig, opt.PublicURL)
		}
	}
	if opt.PaperWidth == 0 {
		opt.PaperWidth = 80
	}
	paper, err := escpos.PaperByWidth(opt.PaperWidth)
	if err != nil {
		return nil, fmt.Errorf("%w: PaperWidth %d: must be 58 or 80", ErrConfig, opt.PaperWidth)
	}
	if len(opt.Printers) == 0 {
		return nil, fmt.Errorf("%w: no kiosks in Printers", ErrConfig)
	}
	k := &Kiosk{e: e, opt: opt, log: opt.Logger, now: opt.Now,
		layout: TicketLayout{Hall: e.Hall(), PublicURL: opt.PublicURL, Paper: paper}}
	for id := range opt.Printers {
		if !validID(id) {
			return nil, fmt.Errorf("%w: kiosk id %q: use 1–32 letters, digits, '-' or '_'", ErrConfig, id)
		}
		k.ids = append(k.ids, id)
	}
	k.layouts = map[string]TicketLayout{}
	for id, mm := range opt.PaperWidths {
		p, err := escpos.PaperByWidth(mm)
		if err != nil {
			return nil, fmt.Errorf("%w: PaperWidths[%s] %d: must be 58 or 80", ErrConfig, id, mm)
		}
		l := k.layout
		l.Paper = p
		k.layouts[id] = l
	}
	sort.Strings(k.ids)
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	def(&k.opt.IdleTimeout, 30*time.Second)
	def(&k.opt.StatusPoll, 3*time.Second)
	def(&k.opt.PrintTimeout, 30*time.Second)
	if k.log == nil {
		k.log = slog.New(slog.DiscardHandler)
	}
	if k.now == nil {
		k.now = time.Now
	}
	return k, nil
}

// Cards returns the kiosks' card slots (nil without card readers), for
// other handlers acting on a card read at a kiosk (appointment check-in).
func (k *Kiosk) Cards() *cardslot.Slots { return k.opt.Cards }

// IDs lists the configured kiosk ids, sorted.
func (k *Kiosk) IDs() []string { return append([]string(nil), k.ids...) }

// Layout returns the ticket layout kiosk id prints with.
func (k *Kiosk) Layout(id string) TicketLayout {
	if l, ok := k.layouts[id]; ok {
		return l
	}
	return k.layout
}

func validID(s string) bool {
	if len(s) == 0 || len(s) > 32 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return false
		}
	}
	return true
}

// status is the printer status of kiosk id.
func (k *Kiosk) status(id string) PrinterStatus {
	p := k.opt.Printers[id]
	if p == nil {
		return StatusFor(CodeNoPrinter)
	}
	return p.Status()
}
