package button

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"periph.io/x/conn/v3/gpio"
)

// Press is one deliberate press of a button.
type Press struct {
	ID string    // Config.ID of the button
	At time.Time // when the press edge was seen
}

// Stats counts what a Button saw.
type Stats struct {
	Presses    uint64 // reported presses
	Suppressed uint64 // active edges not reported (bounce, hold, lock-out)
	// Dropped counts the suppressed edges that were a person pressing again
	// inside the lock-out (after a settled release); each is logged.
	Dropped uint64
}

// Button watches one pin. Create it with New or Open and call Run once.
type Button struct {
	cfg    Config
	pin    gpio.PinIn
	active gpio.Level
	log    *slog.Logger

	presses, suppressed, dropped atomic.Uint64
}

// New configures pin as an input with both edges and the configured pull.
// The pin may come from gpioreg, gpioioctl.Chips, or a test fake.
func New(pin gpio.PinIn, cfg Config, log *slog.Logger) (*Button, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	if pin == nil {
		return nil, fmt.Errorf("%w: button %q: nil pin", ErrNoPin, cfg.ID)
	}
	if log == nil {
		log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	pull, _ := cfg.pull() // validated above
	if err := pin.In(pull, gpio.BothEdges); err != nil {
		return nil, fmt.Errorf("%w: button %q on %s: %w", ErrPin, cfg.ID, pin, err)
	}
	return &Button{cfg: cfg, pin: pin, active: cfg.activeLevel(), log: log.With("button", cfg.ID, "pin", pin.Name())}, nil
}

// ID returns Config.ID.
func (b *Button) ID() string { return b.cfg.ID }

// Stats returns the counters so far; safe to call while Run runs.
func (b *Button) Stats() Stats {
	return Stats{Presses: b.presses.Load(), Suppressed: b.suppressed.Load(), Dropped: b.dropped.Load()}
}

// Run waits for edges until ctx is cancelled and calls press, from Run's
// goroutine, once per deliberate press. It returns ctx.Err(). press must not
// block for long: edges queue up meanwhile.
func (b *Button) Run(ctx context.Context, press func(Press)) error {
	held := b.pin.Read() == b.active
	if held {
		b.log.Warn("button active at start; ignored until released")
	}
	lo := newLockout(b.cfg.Lockout, b.cfg.Settle, held)
	for ctx.Err() == nil {
		// Finite timeout on purpose: see the package doc on -1 and 0.
		edge := b.pin.WaitForEdge(b.cfg.Poll)
		now := time.Now()
		active := b.pin.Read() == b.active
		if !edge {
			lo.idle(active, now)
			continue
		}
		ok, why := lo.edge(active, now)
		switch {
		case ok:
			b.presses.Add(1)
			b.log.Debug("press")
			press(Press{ID: b.cfg.ID, At: now})
		case why == reasonLockoutPress:
			b.suppressed.Add(1)
			n := b.dropped.Add(1)
			b.log.Info("press dropped: pressed again inside the lock-out", "lockout", b.cfg.Lockout, "dropped", n)
		case why != "":
			b.suppressed.Add(1)
			b.log.Debug("press suppressed", "reason", why)
		}
	}
	return ctx.Err()
}

// RunAll runs every button in its own goroutine until ctx is cancelled and
// returns ctx.Err(). press may be called from several goroutines at once.
func RunAll(ctx context.Context, buttons []*Button, press func(Press)) error {
	var wg sync.WaitGroup
	for _, b := range buttons {
		wg.Go(func() { _ = b.Run(ctx, press) })
	}
	wg.Wait()
	return ctx.Err()
}
