package equip

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"

	"halld/device/audio"
	"halld/kiosk"
	"halld/queue"
)

// Equip runs the devices of one hall (or board).
type Equip struct {
	e   *queue.Engine
	log *slog.Logger

	cfg      Config
	leds     []*ledBus
	printers []*kioskPrinter
	speakers []*speaker
	keypads  []*evalKeypad

	mu         sync.Mutex
	afterPress func(Button, kiosk.Issued, error) // tests: a press is done
	player     audio.Player                      // tests: nil = aplay
	afterArm   func(window int, ticket string)   // tests: keypads were armed

	recent  []call // latest calls, for hall boards
	buttons []*dispenser
}

// Start opens every device of cfg (which must be validated) and drives
// them from e's events until ctx ends. Devices that cannot be opened run
// degraded and are retried; Start fails only on a bad protocol setup.
func Start(ctx context.Context, e *queue.Engine, cfg Config, log *slog.Logger) (*Equip, error) {
	return start(ctx, e, cfg, log, nil, nil)
}

// start is Start with a hook that runs before the devices start (tests set
// up simulated faults there).
func start(ctx context.Context, e *queue.Engine, cfg Config, log *slog.Logger, player audio.Player, before func(*Equip)) (*Equip, error) {
	// before runs ahead of every goroutine, so tests set hooks there.
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	q := &Equip{e: e, log: log, cfg: cfg, player: player}
	for _, bc := range cfg.LEDBuses {
		b, err := newLEDBus(bc, log)
		if err != nil {
			return nil, err
		}
		q.leds = append(q.leds, b)
	}
	for _, pc := range cfg.Printers {
		kp, err := newPrinter(pc, log)
		if err != nil {
			return nil, err
		}
		q.printers = append(q.printers, kp)
	}
	for _, sc := range cfg.Speakers {
		sp, err := newSpeaker(sc, q.player, log)
		if err != nil {
			return nil, err
		}
		q.speakers = append(q.speakers, sp)
	}
	if before != nil {
		before(q)
	}
	for _, b := range q.leds {
		go b.run(ctx, q.report)
	}
	for _, kp := range q.printers {
		go kp.run(ctx, q.report)
	}
	for _, sp := range q.speakers {
		go sp.run(ctx, q.report)
	}
	q.startKeypads(ctx)
	hv, err := e.HallView()
	if err != nil {
		return nil, fmt.Errorf("equip: %w", err)
	}
	for _, w := range hv.Windows {
		q.showWindow(w, false)
	}
	q.showHall(false)
	go q.follow(ctx, hv.Seq)
	return q, nil
}

// follow drives the devices from the event stream.
func (q *Equip) follow(ctx context.Context, since uint64) {
	sub := q.e.Subscribe(since)
	defer sub.Close()
	for {
		ev, err := sub.Next(ctx)
		if err != nil {
			if !errors.Is(err, context.Canceled) && !errors.Is(err, queue.ErrClosed) {
				q.log.Error("equip: event stream ended", "err", err)
			}
			return
		}
		d, err := ev.Decode()
		if err != nil {
			continue
		}
		if ev.Type == queue.EvFinished && d.Ticket != nil && d.Window != nil {
			q.arm(d.Window.Number, d.Ticket.ID)
		}
		// 办结 of a case: the applicant collects the result at a window.
		if ev.Type == queue.EvCaseUpdated && d.Case != nil && d.Case.State == queue.CasePickedUp && d.Case.Window > 0 {
			q.arm(d.Case.Window, queue.CaseNode(d.Case.Number))
		}
		isCall := ev.Type == queue.EvCalled || ev.Type == queue.EvRecalled
		if d.Window != nil {
			q.showWindow(*d.Window, isCall)
		}
		if isCall && d.Ticket != nil && d.Window != nil {
			q.mu.Lock()
			q.recent = append(q.recent, call{Number: d.Ticket.Number, Window: d.Window.Number})
			if len(q.recent) > 16 {
				q.recent = q.recent[len(q.recent)-16:]
			}
			q.mu.Unlock()
			q.showHall(true)
			for _, sp := range q.speakers {
				sp.announce(d.Ticket.Number, d.Window.Number)
			}
		}
	}
}

// report passes a device's health to the engine (and so to every screen).
func (q *Equip) report(d queue.DeviceState) {
	if err := q.e.ReportDevice(d); err != nil && !errors.Is(err, queue.ErrClosed) {
		q.log.Warn("equip: device state not recorded", "device", d.ID, "err", err)
	}
}
