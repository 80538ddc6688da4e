package equip

import (
	"context"
	"errors"
	"fmt"
	"net"
	"time"

	"halld/device/idcard"
	"halld/device/idcard/idcardsim"
	"halld/device/serialport"
	"halld/kiosk/cardslot"
	"halld/queue"
)

// IDCard is an ID card reader (身份证阅读器) at a kiosk: each card read
// there is offered to that kiosk's page for a ticket (one per ID) or an
// appointment's check-in.
type IDCard struct {
	ID    string `toml:"id" json:"id"`
	Kiosk string `toml:"kiosk" json:"kiosk"` // the kiosk id (as in /kiosk/?id=…) it serves
	// Kind: "gat467" (the readers' host protocol on a serial port),
	// "serial" (a reader sending the number as a text line), "keyboard"
	// (a USB reader typing it: an input device), "helper" (a program
	// wrapping a vendor SDK, one JSON line per card) or "sim".
	Kind       string   `toml:"kind" json:"kind"`
	Path       string   `toml:"path" json:"-"`        // gat467, serial: the port; keyboard: /dev/input/by-id/…-event-kbd
	Baud       int      `toml:"baud" json:"-"`        // gat467 (115200), serial (9600)
	Command    []string `toml:"command" json:"-"`     // helper: program and arguments
	IntervalMS int      `toml:"interval_ms" json:"-"` // gat467: pause between polls (300)
	Location   string   `toml:"location" json:"location"`
}

// Kinds of ID card reader.
const (
	CardGAT467   = "gat467"
	CardSerial   = "serial"
	CardKeyboard = "keyboard"
	CardHelper   = "helper"
)

func (c *Config) validateIDCards(hub bool, kiosks map[string]bool, seen func(id, field string) error) error {
	for i := range c.IDCards {
		r := &c.IDCards[i]
		f := fmt.Sprintf("devices.idcard[%d]", i)
		if err := seen(r.ID, f); err != nil {
			return err
		}
		switch {
		case !hub:
			return fmt.Errorf("%w: %s: ID card readers are wired to the hub (a satellite board cannot hand cards to a kiosk yet)", ErrConfig, f)
		case r.Kiosk == "":
			return fmt.Errorf("%w: %s.kiosk: missing (the kiosk whose applicants use it)", ErrConfig, f)
		case len(kiosks) > 0 && !kiosks[r.Kiosk]:
			return fmt.Errorf("%w: %s.kiosk: %q has no printer in devices.printer", ErrConfig, f, r.Kiosk)
		case len(kiosks) == 0 && r.Kiosk != "1":
			return fmt.Errorf("%w: %s.kiosk: %q: without printers the hall has one kiosk, \"1\"", ErrConfig, f, r.Kiosk)
		case r.IntervalMS != 0 && (r.IntervalMS < 50 || r.IntervalMS > 5000):
			return fmt.Errorf("%w: %s.interval_ms: %d is outside 50…5000", ErrConfig, f, r.IntervalMS)
		}
		switch r.Kind {
		case Sim:
		case CardGAT467, CardSerial:
			if r.Path == "" {
				return fmt.Errorf("%w: %s.path: missing (the serial port, e.g. /dev/halld/idcard0)", ErrConfig, f)
			}
			if r.Baud == 0 {
				r.Baud = map[string]int{CardGAT467: 115200, CardSerial: 9600}[r.Kind]
			}
			if err := (serialport.Config{Path: r.Path, Baud: r.Baud, ReadTimeout: serialReadTimeout}).Validate(); err != nil {
				return fmt.Errorf("%w: %s.baud: %d is not a serial rate", ErrConfig, f, r.Baud)
			}
		case CardKeyboard:
			if r.Path == "" {
				return fmt.Errorf("%w: %s.path: missing (/dev/input/by-id/…-event-kbd)", ErrConfig, f)
			}
		case CardHelper:
			if len(r.Command) == 0 || r.Command[0] == "" {
				return fmt.Errorf("%w: %s.command: missing (the helper program and its arguments)", ErrConfig, f)
			}
		default:
			return fmt.Errorf("%w: %s.kind: %q must be gat467, serial, keyboard, helper or sim", ErrConfig, f, r.Kind)
		}
		if r.IntervalMS == 0 {
			r.IntervalMS = 300
		}
		if err := location(f, &r.Location, kioskPlace(r.Kiosk)); err != nil {
			return err
		}
	}
	return nil
}

// CardDesk takes the numbers the readers read; *cardslot.Slots is one.
type CardDesk interface {
	AddReader(kiosk string)
	Put(kiosk, number string) (cardslot.Card, error)
}

// idReader is one configured reader with, for "sim", its simulated
// card module.
type idReader struct {
	cfg  IDCard
	sim  *idcardsim.Module
	last idcardsim.Card // the card /sim/ laid last (under Equip.mu)
}

// cardRun reads cards until the line fails; it runs under supervise and
// calls up once the line works.
type cardRun = func(ctx context.Context, up func(), card func(number string)) error

// upFirst is a reader's Run as a cardRun: its line works once open.
func upFirst(run func(ctx context.Context, card func(number string)) error) cardRun {
	return func(ctx context.Context, up func(), card func(string)) error {
		up()
		return run(ctx, card)
	}
}

// StartIDCards runs the ID card readers, each under supervise (a reader
// that is missing or fails is reported offline, its kiosk takes tickets
// without cards, and it is tried again with a growing backoff; a helper
// program that exits is restarted the same way). Every read goes to
// desk, for the reader's kiosk.
func (q *Equip) StartIDCards(ctx context.Context, desk CardDesk) {
	for _, rc := range q.cfg.IDCards {
		r := &idReader{cfg: rc}
		desk.AddReader(rc.Kiosk)
		open := q.cardOpener(ctx, r)
		q.mu.Lock()
		q.idReaders = append(q.idReaders, r)
		q.mu.Unlock()
		go q.superviseLine(ctx, rc.ID, "idcard", "身份证阅读器", func(ctx context.Context, up func()) error {
			run, closeLine, err := open()
			if err != nil {
				return err
			}
			defer closeLine()
			return run(ctx, up, func(number string) { q.cardRead(desk, rc, number) })
		})
	}
}

// cardOpener returns how to open r's line.
func (q *Equip) cardOpener(ctx context.Context, r *idReader) func() (cardRun, func(), error) {
	rc := r.cfg
	log := q.log.With("device", rc.ID)
	bad := func(err error) { log.Warn("id card reader: input dropped", "err", err) }
	module := func(rw interface {
		Read([]byte) (int, error)
		Write([]byte) (int, error)
	}) cardRun {
		return upFirst(idcard.NewModule(rw, idcard.ModuleConfig{Interval: time.Duration(rc.IntervalMS) * time.Millisecond}).Run)
	}
	noClose := func() {}
	switch rc.Kind {
	case Sim:
		// The simulated module answers GA/T 467 frames in memory; the
		// real host code polls it as it would a serial port.
		r.sim = idcardsim.New()
		return func() (cardRun, func(), error) {
			host, dev := net.Pipe()
			go r.sim.Serve(dev)
			return module(host), func() { host.Close(); dev.Close() }, nil
		}
	case CardGAT467, CardSerial:
		return func() (cardRun, func(), error) {
			p, err := serialport.Open(serialport.Config{Path: rc.Path, Baud: rc.Baud, ReadTimeout: serialReadTimeout})
			if err != nil {
				return nil, nil, err
			}
			closeLine := func() { p.Close() }
			if rc.Kind == CardSerial {
				return upFirst(idcard.Lines{R: p, Bad: bad}.Run), closeLine, nil
			}
			return module(p), closeLine, nil
		}
	case CardKeyboard:
		return func() (cardRun, func(), error) {
			k, err := idcard.OpenKeyboard(rc.Path)
			if err != nil {
				return nil, nil, err
			}
			return upFirst(k.Run), func() { k.Close() }, nil
		}
	case CardHelper:
		// The helper counts as up only once it has stayed: one that exits
		// at once is restarted with a growing backoff.
		return func() (cardRun, func(), error) {
			return func(ctx context.Context, up func(), card func(string)) error {
				return idcard.Helper{Command: rc.Command, Bad: bad, Up: up}.Run(ctx, card)
			}, noClose, nil
		}
	}
	return func() (cardRun, func(), error) { return nil, nil, fmt.Errorf("unknown kind %q", rc.Kind) }
}

// cardRead hands a read to the desk. Logs carry the masked number only,
// and for a bad read not even the reason's details (they would show
// parts of the number).
func (q *Equip) cardRead(desk CardDesk, rc IDCard, number string) {
	if _, err := desk.Put(rc.Kiosk, number); err != nil {
		q.log.Warn("id card read is not a valid number", "device", rc.ID, "kiosk", rc.Kiosk, "bad", errors.Is(err, cardslot.ErrBadNumber))
		return
	}
	q.log.Info("id card read", "device", rc.ID, "kiosk", rc.Kiosk, "number", queue.MaskID(number))
	if q.afterCard != nil {
		q.afterCard(rc.ID)
	}
}

// simIDCard is a simulated reader as /sim/ shows it: masked numbers only.
type simIDCard struct {
	ID      string `json:"id"`
	Kiosk   string `json:"kiosk"`
	Present bool   `json:"present"` // a card lies on it
	Masked  string `json:"masked"`  // the last card laid on it
}

// simCards lists the simulated readers.
func (q *Equip) simIDCards() []simIDCard {
	q.mu.Lock()
	defer q.mu.Unlock()
	var out []simIDCard
	for _, r := range q.idReaders {
		if r.sim != nil {
			out = append(out, simIDCard{ID: r.cfg.ID, Kiosk: r.cfg.Kiosk, Present: r.sim.Present(), Masked: queue.MaskID(r.last.Number)})
		}
	}
	return out
}

// placeSimCard acts on a simulated reader (/sim/): place "new" lays a
// card with a fresh valid test number, "same" lays the last card again
// (taken off and put back), "none" takes the card away.
func (q *Equip) placeSimCard(id, place string) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	for _, r := range q.idReaders {
		if r.cfg.ID != id || r.sim == nil {
			continue
		}
		switch place {
		case "new":
			q.simCards++
			r.last = idcardsim.TestCard(q.simCards)
			r.sim.Place(r.last)
		case "same":
			if r.last.Number == "" {
				return fmt.Errorf("no card was laid on %q yet", id)
			}
			r.sim.Place(r.last)
		case "none":
			r.sim.Remove()
		default:
			return fmt.Errorf("place %q must be new, same or none", place)
		}
		return nil
	}
	return fmt.Errorf("no simulated ID card reader %q", id)
}
