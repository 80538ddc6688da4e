package cardreader

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"time"

	"halld/device/keypad/evdev"
)

// ErrConfig is returned by Open for a bad Config.
var ErrConfig = errors.New("cardreader: invalid config")

// Config describes one reader.
type Config struct {
	Path   string        // e.g. /dev/input/by-id/usb-XXXX-event-kbd
	MinLen int           // shortest number accepted (default 4)
	MaxLen int           // longest number accepted (default 32)
	Gap    time.Duration // longest pause inside one swipe (default 500 ms)
}

func (c *Config) defaults() {
	if c.MinLen == 0 {
		c.MinLen = 4
	}
	if c.MaxLen == 0 {
		c.MaxLen = 32
	}
	if c.Gap == 0 {
		c.Gap = 500 * time.Millisecond
	}
}

// Reader is an open, grabbed card reader.
type Reader struct {
	f   *os.File
	cfg Config
	log *slog.Logger
}

// Open opens and grabs cfg.Path. A missing reader is an error (degraded
// mode for the caller), never a panic.
func Open(cfg Config, log *slog.Logger) (*Reader, error) {
	if cfg.Path == "" {
		return nil, fmt.Errorf("%w: Path: empty", ErrConfig)
	}
	if cfg.MinLen < 0 || cfg.MaxLen < 0 || cfg.Gap < 0 || (cfg.MaxLen > 0 && cfg.MinLen > cfg.MaxLen) {
		return nil, fmt.Errorf("%w: MinLen, MaxLen and Gap must not be negative, MinLen not above MaxLen", ErrConfig)
	}
	cfg.defaults()
	f, err := evdev.OpenGrabbed(cfg.Path)
	if err != nil {
		return nil, err
	}
	return newReader(f, cfg, log), nil
}

func newReader(f *os.File, cfg Config, log *slog.Logger) *Reader {
	cfg.defaults()
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Reader{f: f, cfg: cfg, log: log.With("card_reader", cfg.Path)}
}

// Run reads swipes until ctx ends or the reader fails, calling card from
// Run's goroutine for each number. It returns ctx.Err() after cancellation
// and an error wrapping evdev.ErrRead otherwise (the reader was unplugged).
func (r *Reader) Run(ctx context.Context, card func(string)) error {
	stop := context.AfterFunc(ctx, func() {
		if r.f.SetReadDeadline(time.Unix(1, 0)) != nil {
			r.f.Close()
		}
	})
	defer stop()
	er, err := evdev.NewReader(r.f, evdev.NativeEventSize)
	if err != nil {
		return err
	}
	err = ReadCards(er, r.cfg, card, func(n int) { r.log.Debug("card line dropped", "chars", n) })
	if ctx.Err() != nil {
		return ctx.Err()
	}
	return fmt.Errorf("%w: %s: %w", evdev.ErrRead, r.cfg.Path, err)
}

// Close releases the grab and closes the device.
func (r *Reader) Close() error {
	if err := r.f.Close(); err != nil && !errors.Is(err, os.ErrClosed) {
		return fmt.Errorf("cardreader: close %s: %w", r.cfg.Path, err)
	}
	return nil
}
