package evdev

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"time"

	"halld/device/keypad"
)

// Errors from Open and Run; returned errors wrap one of them.
var (
	ErrConfig = errors.New("evdev: invalid config")
	ErrOpen   = errors.New("evdev: cannot open input device")
	ErrGrab   = errors.New("evdev: cannot grab input device")
	ErrRead   = errors.New("evdev: read failed")
)

// Config describes one keyboard-style keypad.
type Config struct {
	Path string                  // e.g. /dev/input/by-id/usb-XXX-event-kbd
	Keys map[uint16]keypad.Level // key code → level; nil means DefaultKeys()
}

// Device is an open, grabbed input device.
type Device struct {
	f    *os.File
	path string
	keys map[uint16]keypad.Level
	size int
	log  *slog.Logger
}

// Open opens cfg.Path and grabs it exclusively. A missing device or a
// device grabbed by another process is an error (degraded mode for the
// caller), never a panic.
func Open(cfg Config, log *slog.Logger) (*Device, error) {
	if cfg.Path == "" {
		return nil, fmt.Errorf("%w: Path: empty", ErrConfig)
	}
	for code, l := range cfg.Keys {
		if !l.Valid() {
			return nil, fmt.Errorf("%w: Keys: code %d maps to invalid level %d", ErrConfig, code, int(l))
		}
	}
	f, err := OpenGrabbed(cfg.Path)
	if err != nil {
		return nil, err
	}
	return newDevice(f, cfg, log), nil
}

// OpenGrabbed opens the input device at path and grabs it exclusively, for
// readers of other keyboard-like devices (a staff card reader, an ID card
// reader that types its number). Its errors wrap ErrOpen or ErrGrab.
func OpenGrabbed(path string) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_RDONLY, 0)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrOpen, err)
	}
	if err := grab(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("%w: %s: %w", ErrGrab, path, err)
	}
	return f, nil
}

func newDevice(f *os.File, cfg Config, log *slog.Logger) *Device {
	if log == nil {
		log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	keys := cfg.Keys
	if keys == nil {
		keys = DefaultKeys()
	}
	return &Device{f: f, path: cfg.Path, keys: keys, size: NativeEventSize, log: log.With("keypad", cfg.Path)}
}

// Run reads key presses until ctx is cancelled or the device fails, calling
// press from Run's goroutine for each mapped key press. It returns ctx.Err()
// after cancellation and an error wrapping ErrRead otherwise (for example
// ENODEV when the keypad was unplugged). Call Close afterwards.
func (d *Device) Run(ctx context.Context, press func(keypad.Level)) error {
	stop := context.AfterFunc(ctx, func() {
		// Wake the pending read. An input device is pollable, so a deadline
		// works; closing is the fallback for files that are not.
		if d.f.SetReadDeadline(time.Unix(1, 0)) != nil {
			d.f.Close()
		}
	})
	defer stop()
	r, err := NewReader(d.f, d.size)
	if err != nil {
		return err
	}
	err = ReadPresses(r, d.keys, press, func(code uint16) {
		d.log.Debug("unmapped key ignored", "code", code)
	})
	if ctx.Err() != nil {
		return ctx.Err()
	}
	return fmt.Errorf("%w: %s: %w", ErrRead, d.path, err)
}

// Close releases the grab and closes the device.
func (d *Device) Close() error {
	if err := d.f.Close(); err != nil && !errors.Is(err, os.ErrClosed) {
		return fmt.Errorf("evdev: close %s: %w", d.path, err)
	}
	return nil
}
