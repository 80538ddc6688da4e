package equip

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"halld/device/button"
	"halld/device/keypad"
	"halld/device/keypad/evdev"
	"halld/device/keypad/evdev/evdevsim"
	"halld/device/keypad/gpiokey"
	"halld/device/keypad/serialkey"
	"halld/device/serialport"
	"halld/queue"
)

// evalKeypad is a window's evaluation keypad behind a one-press gate.
type evalKeypad struct {
	cfg  Keypad
	gate *keypad.Gate
	// open opens the keypad's line and returns what reads its presses
	// until the line fails; it runs under supervise, again after failures.
	open func() (func(ctx context.Context, press func(keypad.Level)) error, error)

	simMu     sync.Mutex
	sim       *evdevsim.Keyboard // for "sim": a USB keypad's event bytes
	simPulled bool               // its cable is out (/sim/)
	simCut    chan struct{}      // closed when the cable is pulled
}

// errSimPulled is the failure of a simulated keypad whose cable was pulled.
var errSimPulled = errors.New("simulated keypad: cable pulled")

type keypadRun = func(ctx context.Context, press func(keypad.Level)) error

func (q *Equip) newKeypad(ctx context.Context, cfg Keypad) *evalKeypad {
	k := &evalKeypad{cfg: cfg}
	k.gate = keypad.NewGate(keypad.GateConfig{Deliver: func(r keypad.Result) { q.evaluated(k, r) }, Log: q.log.With("keypad", cfg.ID)})
	switch cfg.Transport {
	case Tablet, CallerKeys:
		// A window tablet (/pad/): presses come over HTTP (Take); an
		// evaluator on a caller's line: from that line (caller.go).
		k.open = func() (keypadRun, error) {
			return func(ctx context.Context, _ func(keypad.Level)) error { <-ctx.Done(); return ctx.Err() }, nil
		}
	case Sim:
		// The simulated keypad is a USB keyboard keypad: its presses are
		// input_event records read by the real evdev decoder. One reader
		// lives as long as the hall; a session passes its presses on until
		// the cable is pulled (/sim/).
		pr, pw := io.Pipe()
		k.sim = &evdevsim.Keyboard{W: pw, Size: evdev.NativeEventSize}
		k.simCut = make(chan struct{})
		presses := make(chan keypad.Level, 16)
		go func() { <-ctx.Done(); pr.CloseWithError(ctx.Err()) }()
		go func() {
			r, err := evdev.NewReader(pr, evdev.NativeEventSize)
			if err == nil {
				evdev.ReadPresses(r, evdev.DefaultKeys(), func(l keypad.Level) { presses <- l }, nil)
			}
		}()
		k.open = func() (keypadRun, error) {
			k.simMu.Lock()
			cut, pulled := k.simCut, k.simPulled
			k.simMu.Unlock()
			if pulled {
				return nil, errSimPulled
			}
			return func(ctx context.Context, press func(keypad.Level)) error {
				for {
					select {
					case <-ctx.Done():
						return ctx.Err()
					case <-cut:
						return errSimPulled
					case l := <-presses:
						press(l)
					}
				}
			}, nil
		}
	case "evdev":
		k.open = func() (keypadRun, error) {
			d, err := evdev.Open(evdev.Config{Path: cfg.Path}, q.log)
			if err != nil {
				return nil, err
			}
			return d.Run, nil
		}
	case "serial":
		fc, _ := cfg.Frame.config() // checked by Validate
		k.open = func() (keypadRun, error) {
			sk, err := serialkey.Open(serialport.Config{Path: cfg.Path, Baud: cfg.Baud, ReadTimeout: serialReadTimeout}, fc, q.log)
			if err != nil {
				return nil, err
			}
			return func(ctx context.Context, press func(keypad.Level)) error {
				defer sk.Close()
				return sk.Run(ctx, press)
			}, nil
		}
	case "gpio":
		pins := map[keypad.Level]string{}
		for lv, pin := range cfg.Pins {
			pins[keypad.Level(lv[0]-'0')] = pin
		}
		k.open = func() (keypadRun, error) {
			kp, err := gpiokey.Open(gpiokey.Config{Pins: pins, Button: button.Config{}}, q.log)
			if err != nil {
				return nil, err
			}
			return kp.Run, nil
		}
	}
	return k
}

// startKeypads runs every keypad's line under supervise: one that cannot
// be opened or fails is reported offline (its window's evaluations then
// stay 未评价) and tried again with a growing backoff until it is back.
func (q *Equip) startKeypads(ctx context.Context) {
	for _, kc := range q.cfg.Keypads {
		if kc.Transport == Agent {
			continue // a board's: its agent drives it
		}
		k := q.newKeypad(ctx, kc)
		q.keypads = append(q.keypads, k)
		go q.superviseLine(ctx, kc.ID, "keypad", "评价器", func(ctx context.Context, up func()) error {
			run, err := k.open()
			if err != nil {
				return err
			}
			up()
			return run(ctx, k.gate.Press)
		})
	}
}

// arm readies the keypads of window n for the service of ticket id: one
// press, then it disarms; a press before or after counts for nothing. age
// is how long ago the service finished (a link catching up replays old
// events): the keypad waits only what is left of its timeout.
func (q *Equip) arm(n int, ticket string, age time.Duration) {
	for _, k := range q.keypads {
		if wait := time.Duration(k.cfg.TimeoutS)*time.Second - max(age, 0); k.cfg.Window == n && wait > 0 {
			k.gate.Arm(ticket, wait)
		}
	}
	if q.afterArm != nil {
		q.afterArm(n, ticket)
	}
}

// evaluated records what a keypad's gate let through.
func (q *Equip) evaluated(k *evalKeypad, r keypad.Result) {
	if r.Outcome != keypad.Answered {
		q.log.Info("no evaluation", "ticket", r.Ref, "outcome", r.Outcome.String())
		return
	}
	if err := q.record(k, r, nil); err != nil {
		q.log.Warn("evaluation not recorded", "keypad", k.cfg.ID, "ticket", r.Ref, "err", err)
	}
}

// record passes an answered arming to the hub and returns its verdict: nil
// once committed (on a board: once in the outbox).
func (q *Equip) record(k *evalKeypad, r keypad.Result, tags []string) error {
	channel := "keypad"
	if k.cfg.Transport == Tablet {
		channel = "tablet"
	}
	var err error
	if number, isCase := strings.CutPrefix(r.Ref, "case:"); isCase {
		_, err = q.e.EvaluateCase(number, queue.EvaluateRequest{Level: int(r.Level), Tags: tags, Channel: channel, Device: k.cfg.ID})
	} else {
		_, err = q.e.Evaluate(queue.EvaluateRequest{Ticket: r.Ref, Level: int(r.Level), Tags: tags, Channel: channel, Device: k.cfg.ID})
	}
	return err
}

// movedOn ends the pending evaluation at window n: the window called or
// started someone else (or closed), so a press now would rate the wrong
// service. (A case accepted at the finish is not moving on: its
// case.created follows the ticket.finished that armed the keypad.)
func (q *Equip) movedOn(n int) {
	for _, k := range q.keypads {
		if k.cfg.Window == n && k.gate.Disarm() {
			q.log.Info("evaluation ended: the window moved on", "keypad", k.cfg.ID, "window", n)
		}
	}
}

// rated ends a pending evaluation of ref wherever it waits: the service
// was rated by another channel (the phone, another keypad).
func (q *Equip) rated(ref string) {
	for _, k := range q.keypads {
		k.gate.DisarmRef(ref)
	}
}

// disarmFor applies an event's effect on pending evaluations.
func (q *Equip) disarmFor(typ string, d queue.EventData) {
	switch typ {
	case queue.EvCalled, queue.EvRecalled, queue.EvStarted, queue.EvLogout:
		if d.Window != nil {
			q.movedOn(d.Window.Number)
		}
	case queue.EvEvaluated:
		if d.Ticket != nil {
			q.rated(d.Ticket.ID)
		}
	case queue.EvCaseEvaluated:
		if d.Case != nil {
			q.rated(queue.CaseNode(d.Case.Number))
		}
	case queue.EvDayClosed:
		for _, k := range q.keypads {
			k.gate.Disarm()
		}
	}
}

// pressSimKeypad presses a level on a simulated keypad; with its cable
// pulled the press goes nowhere, as on a real one.
func (q *Equip) pressSimKeypad(id string, level int) error {
	if level < 1 || level > 5 {
		return fmt.Errorf("level %d is not 1…5", level)
	}
	for _, k := range q.keypads {
		if k.cfg.ID == id && k.sim != nil {
			k.simMu.Lock()
			defer k.simMu.Unlock()
			if k.simPulled {
				return nil
			}
			return k.sim.Tap(uint16(evdev.Key1 + level - 1))
		}
	}
	return fmt.Errorf("no simulated keypad %q", id)
}

// pullSimKeypad pulls or replugs a simulated keypad's cable.
func (q *Equip) pullSimKeypad(id string, pulled bool) bool {
	for _, k := range q.keypads {
		if k.cfg.ID == id && k.sim != nil {
			k.simMu.Lock()
			defer k.simMu.Unlock()
			if pulled && !k.simPulled {
				close(k.simCut)
			} else if !pulled && k.simPulled {
				k.simCut = make(chan struct{})
			}
			k.simPulled = pulled
			return true
		}
	}
	return false
}
