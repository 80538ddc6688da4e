package idcard

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	"halld/device/keypad/evdev"
)

// Key codes (linux/input-event-codes.h) of what a keyboard-mode reader
// types: the digit row, the keypad digits, X and Enter.
var keyChars = map[uint16]byte{
	11: '0', 2: '1', 3: '2', 4: '3', 5: '4', 6: '5', 7: '6', 8: '7', 9: '8', 10: '9',
	82: '0', 79: '1', 80: '2', 81: '3', 75: '4', 76: '5', 77: '6', 71: '7', 72: '8', 73: '9',
	45: 'X',
}

// Enter keys end a number.
const (
	keyEnter   = 28
	keyKPEnter = 96
)

// ReadKeys reads key presses from r, as a keyboard-mode ("免驱") reader
// types a card's number followed by Enter, and calls card with what was
// typed before each Enter. Shift and other keys are ignored (the reader's
// X may come shifted or not); a run longer than a number is dropped. It
// returns the error that ended the stream.
func ReadKeys(r *evdev.Reader, card func(number string)) error {
	var typed []byte
	for {
		e, err := r.Next()
		if err != nil {
			return err
		}
		if e.Type != evdev.EvKey || e.Value != evdev.ValuePress {
			continue
		}
		if e.Code == keyEnter || e.Code == keyKPEnter {
			if len(typed) > 0 && len(typed) <= maxLine {
				card(string(typed))
			}
			clear(typed)
			typed = typed[:0]
			continue
		}
		if c, ok := keyChars[e.Code]; ok && len(typed) <= maxLine {
			typed = append(typed, c)
		}
	}
}

// Keyboard is a keyboard-mode reader's input device, grabbed so that the
// number never reaches the kiosk's browser or console as keystrokes.
type Keyboard struct {
	f    *os.File
	path string
}

// OpenKeyboard opens and grabs the input device at path (e.g.
// /dev/input/by-id/usb-…-event-kbd). Errors wrap evdev.ErrOpen or
// evdev.ErrGrab.
func OpenKeyboard(path string) (*Keyboard, error) {
	f, err := evdev.OpenGrabbed(path)
	if err != nil {
		return nil, err
	}
	return &Keyboard{f: f, path: path}, nil
}

// Run reads numbers until ctx ends or the device fails (unplugged); see
// ReadKeys. Call Close afterwards.
func (k *Keyboard) Run(ctx context.Context, card func(number string)) error {
	stop := context.AfterFunc(ctx, func() {
		if k.f.SetReadDeadline(time.Unix(1, 0)) != nil {
			k.f.Close()
		}
	})
	defer stop()
	r, err := evdev.NewReader(k.f, evdev.NativeEventSize)
	if err != nil {
		return err
	}
	err = ReadKeys(r, card)
	if ctx.Err() != nil {
		return ctx.Err()
	}
	return fmt.Errorf("%w: %s: %w", ErrIO, k.path, err)
}

// Close releases the grab.
func (k *Keyboard) Close() error {
	if err := k.f.Close(); err != nil && !errors.Is(err, os.ErrClosed) {
		return fmt.Errorf("idcard: close %s: %w", k.path, err)
	}
	return nil
}
