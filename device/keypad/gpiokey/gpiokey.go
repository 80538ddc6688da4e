// Package gpiokey reads a home-made evaluation keypad: one push button per
// level on its own GPIO pin. Each button goes through package button, so it
// gets the same lock-out debounce as the ticket dispenser buttons: a
// bouncing or held key is one press.
//
// Caveats: the lock-out is per button, so two different keys pressed
// quickly are two presses; keypad.Gate keeps only the first. Open uses
// periph's host drivers and gpioreg (see package button for the gpioioctl
// timeout note); New takes pins from anywhere, including test fakes.
package gpiokey

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"slices"
	"strconv"
	"sync"

	"periph.io/x/conn/v3/gpio"

	"halld/device/button"
	"halld/device/keypad"
)

// ErrConfig is wrapped by configuration errors; pin errors wrap
// button.ErrNoPin or button.ErrPin.
var ErrConfig = errors.New("gpiokey: invalid config")

// Config names the pins and the debounce settings.
type Config struct {
	Pins   map[keypad.Level]string // level → gpioreg pin name
	Button button.Config           // ActiveHigh, Pull, Lockout, Settle, Poll for every key; ID and Pin are ignored
}

// Keypad is a set of level buttons.
type Keypad struct {
	buttons []*button.Button
	levels  map[string]keypad.Level // button ID → level
}

// Open looks up every pin with button.Open. A missing pin fails the whole
// keypad with an error naming it.
func Open(cfg Config, log *slog.Logger) (*Keypad, error) {
	if err := checkLevels(slices.Collect(maps.Keys(cfg.Pins))); err != nil {
		return nil, err
	}
	k := &Keypad{levels: map[string]keypad.Level{}}
	for _, l := range sortedLevels(cfg.Pins) {
		bc := cfg.Button
		bc.ID, bc.Pin = buttonID(l), cfg.Pins[l]
		b, err := button.Open(bc, log)
		if err != nil {
			return nil, fmt.Errorf("gpiokey: level %d (%s): %w", int(l), l, err)
		}
		k.add(b, l)
	}
	return k, nil
}

// New uses the given pins, one per level.
func New(pins map[keypad.Level]gpio.PinIn, tmpl button.Config, log *slog.Logger) (*Keypad, error) {
	if err := checkLevels(slices.Collect(maps.Keys(pins))); err != nil {
		return nil, err
	}
	k := &Keypad{levels: map[string]keypad.Level{}}
	for _, l := range sortedLevels(pins) {
		bc := tmpl
		bc.ID = buttonID(l)
		b, err := button.New(pins[l], bc, log)
		if err != nil {
			return nil, fmt.Errorf("gpiokey: level %d (%s): %w", int(l), l, err)
		}
		k.add(b, l)
	}
	return k, nil
}

func (k *Keypad) add(b *button.Button, l keypad.Level) {
	k.buttons = append(k.buttons, b)
	k.levels[b.ID()] = l
}

// Run watches all keys until ctx is cancelled and returns ctx.Err(). press is
// called for one key at a time.
func (k *Keypad) Run(ctx context.Context, press func(keypad.Level)) error {
	var mu sync.Mutex
	return button.RunAll(ctx, k.buttons, func(p button.Press) {
		mu.Lock()
		defer mu.Unlock()
		press(k.levels[p.ID])
	})
}

func buttonID(l keypad.Level) string { return "level-" + strconv.Itoa(int(l)) }

func checkLevels(ls []keypad.Level) error {
	if len(ls) == 0 {
		return fmt.Errorf("%w: no pins", ErrConfig)
	}
	for _, l := range ls {
		if !l.Valid() {
			return fmt.Errorf("%w: level %d is not 1..5", ErrConfig, int(l))
		}
	}
	return nil
}

func sortedLevels[V any](m map[keypad.Level]V) []keypad.Level {
	return slices.Sorted(maps.Keys(m))
}
