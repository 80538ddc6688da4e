package equip

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"halld/device/audio"
	"halld/device/button"
	"halld/kiosk"
	"halld/queue"
)

// Hub is what the devices need of the hall's queue: on the hub board the
// engine itself (Start), on a satellite board the agent's link to the hub
// (StartLinked).
type Hub interface {
	HallView() (queue.HallView, error)
	Subscribe(since uint64) Events
	ReportDevice(queue.DeviceState) error
	Evaluate(queue.EvaluateRequest) (queue.TicketView, error)
	EvaluateCase(number string, r queue.EvaluateRequest) (queue.CaseView, error)
	Ticket(id string) (queue.TicketView, error)
}

// Events is a stream of committed events, as *queue.Subscription is.
type Events interface {
	Next(ctx context.Context) (queue.Event, error)
	Close()
}

// EvResync is a link's own event, not the engine's: its Data is a
// queue.HallView to show as a whole (the link was cut off too long to
// replay what it missed, or has just started).
const EvResync = "equip.resync"

// engineHub is the engine seen as a Hub.
type engineHub struct{ *queue.Engine }

func (h engineHub) Subscribe(since uint64) Events { return h.Engine.Subscribe(since) }

// Stale events (a link replaying what it missed) still update the LED
// boards but are not announced: a call older than this is history.
const announceWithin = 30 * time.Second

// Equip runs the devices of one hall (or board).
type Equip struct {
	e   Hub
	log *slog.Logger
	now func() time.Time

	cfg      Config
	places   map[string]string // device id → location
	leds     []*ledBus
	printers []*kioskPrinter
	speakers []*speaker
	keypads  []*evalKeypad
	modems   []*gsmModem
	callers  []*callerBus // window callers' lines (caller.go)

	mu         sync.Mutex
	afterPress func(Button, kiosk.Issued, error)                         // tests: a press is done
	player     audio.Player                                              // tests: nil = aplay
	afterArm   func(window int, ticket string)                           // tests: keypads were armed
	afterEvent func(seq uint64)                                          // tests: an event was handled
	openButton func(button.Config, *slog.Logger) (*button.Button, error) // button.Open; tests fake a GPIO line

	recent      []call // latest calls, for hall boards
	buttons     []*dispenser
	cardReaders []*cardReader       // 考勤 staff-card readers (cardreader.go)
	idReaders   []*idReader         // ID card readers of the kiosks (idcard.go)
	simCards    int                 // test cards laid on simulated readers so far
	afterCard   func(reader string) // tests: a card read reached the desk
}

// Start opens every device of cfg (which must be validated) and drives
// them from e's events until ctx ends. Devices that cannot be opened run
// degraded and are retried; Start fails only on a bad protocol setup.
func Start(ctx context.Context, e *queue.Engine, cfg Config, log *slog.Logger) (*Equip, error) {
	return start(ctx, engineHub{e}, cfg, log, nil, nil)
}

// StartLinked is Start on a satellite board: hub is its link to the hall's
// queue. The hub may be unreachable: the devices start all the same and
// catch up when the link's events arrive.
func StartLinked(ctx context.Context, hub Hub, cfg Config, log *slog.Logger) (*Equip, error) {
	return start(ctx, hub, cfg, log, nil, nil)
}

// start is Start with a hook that runs before the devices start (tests set
// up simulated faults there).
func start(ctx context.Context, e Hub, cfg Config, log *slog.Logger, player audio.Player, before func(*Equip)) (*Equip, error) {
	// before runs ahead of every goroutine, so tests set hooks there.
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	q := &Equip{e: e, log: log, cfg: cfg, places: cfg.Locations(), player: player, now: time.Now, openButton: button.Open}
	if c, ok := e.(interface{ Now() time.Time }); ok {
		q.now = c.Now // a link's estimate of the hub's clock, which stamps the events
	}
	for _, bc := range cfg.LEDBuses {
		b, err := newLEDBus(bc, log)
		if err != nil {
			return nil, err
		}
		q.leds = append(q.leds, b)
	}
	for _, pc := range cfg.Printers {
		if pc.Transport == Agent {
			continue // the hub's wiring prints through the board's agent
		}
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
	for _, mc := range cfg.Modems {
		q.modems = append(q.modems, newModem(mc, log))
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
	for _, g := range q.modems {
		go g.run(ctx, q.report)
	}
	q.startKeypads(ctx)
	q.startCallers(ctx)
	hv, err := e.HallView()
	if err != nil {
		if _, local := e.(engineHub); local {
			return nil, fmt.Errorf("equip: %w", err)
		}
		q.log.Warn("equip: hub unreachable, devices wait for it", "err", err)
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
		q.handle(ev)
		if q.afterEvent != nil {
			q.afterEvent(ev.Seq)
		}
	}
}

// handle drives the devices from one event.
func (q *Equip) handle(ev queue.Event) {
	if ev.Type == EvResync {
		var hv queue.HallView
		if json.Unmarshal(ev.Data, &hv) == nil {
			for _, w := range hv.Windows {
				q.showWindow(w, false)
			}
		}
		return
	}
	d, err := ev.Decode()
	if err != nil {
		return
	}
	age := q.now().Sub(ev.At)
	q.disarmFor(ev.Type, d)
	if ev.Type == queue.EvFinished && d.Ticket != nil && d.Window != nil {
		q.arm(d.Window.Number, d.Ticket.ID, age)
	}
	// 办结 of a case: the applicant collects the result at a window.
	if ev.Type == queue.EvCaseUpdated && d.Case != nil && d.Case.State == queue.CasePickedUp && d.Case.Window > 0 {
		q.arm(d.Case.Window, queue.CaseNode(d.Case.Number), age)
	}
	isCall := ev.Type == queue.EvCalled || ev.Type == queue.EvRecalled
	if d.Window != nil {
		q.showWindow(*d.Window, isCall)
		q.showCallers(*d.Window)
	}
	if isCall && d.Ticket != nil && d.Window != nil {
		q.mu.Lock()
		q.recent = append(q.recent, call{Number: d.Ticket.Number, Window: d.Window.Number})
		if len(q.recent) > 16 {
			q.recent = q.recent[len(q.recent)-16:]
		}
		q.mu.Unlock()
		q.showHall(true)
		if age > announceWithin {
			return
		}
		for _, sp := range q.speakers {
			sp.announce(d.Ticket.Number, d.Window.Number, q.log, q.report)
		}
	}
}

// report passes a device's health to the engine (and so to every screen),
// with where the device is.
func (q *Equip) report(d queue.DeviceState) {
	if d.Location == "" {
		d.Location = q.places[d.ID]
	}
	if err := q.e.ReportDevice(d); err != nil && !errors.Is(err, queue.ErrClosed) {
		q.log.Warn("equip: device state not recorded", "device", d.ID, "err", err)
	}
}
