package serialkey

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"time"

	"halld/device/keypad"
	"halld/device/serialport"
)

// ErrIO wraps a failure of the line; the caller may reopen it and Run again.
var ErrIO = errors.New("serialkey: line failed")

// Keypad reads one keypad (or one address on a shared line).
type Keypad struct {
	rw     io.ReadWriter
	closer io.Closer
	cfg    Config
	dec    *Decoder
	log    *slog.Logger
	now    func() time.Time
}

// New reads frames from rw. rw.Read must return from time to time when
// nothing arrives, with an error whose Timeout() is true (serialport.Port
// does, after its ReadTimeout): that is when Run checks its context and
// sends polls.
func New(rw io.ReadWriter, cfg Config, log *slog.Logger) (*Keypad, error) {
	dec, err := NewDecoder(cfg)
	if err != nil {
		return nil, err
	}
	if log == nil {
		log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	return &Keypad{rw: rw, cfg: cfg, dec: dec, log: log, now: time.Now}, nil
}

// Open opens the serial line described by line and reads frames from it. A
// missing port is an error (degraded mode), never a panic.
func Open(line serialport.Config, cfg Config, log *slog.Logger) (*Keypad, error) {
	if _, err := cfg.layout(); err != nil {
		return nil, err
	}
	p, err := serialport.Open(line)
	if err != nil {
		return nil, fmt.Errorf("serialkey: %w", err)
	}
	k, err := New(p, cfg, log)
	if err != nil {
		p.Close()
		return nil, err
	}
	k.closer = p
	k.log = k.log.With("port", line.Path)
	return k, nil
}

// Stats returns the decoder's counters. Call it from the goroutine that
// runs Run, or after Run returned.
func (k *Keypad) Stats() DecoderStats { return k.dec.Stats() }

// Run reads until ctx is cancelled or the line fails and calls press, from
// Run's goroutine, for every frame with a known key. It returns ctx.Err()
// after cancellation and an error wrapping ErrIO otherwise.
func (k *Keypad) Run(ctx context.Context, press func(keypad.Level)) error {
	buf := make([]byte, 256)
	var lastPoll time.Time
	for ctx.Err() == nil {
		if len(k.cfg.Poll) > 0 {
			if now := k.now(); lastPoll.IsZero() || now.Sub(lastPoll) >= k.cfg.PollEvery {
				if _, err := k.rw.Write(k.cfg.Poll); err != nil {
					return fmt.Errorf("%w: poll: %w", ErrIO, err)
				}
				lastPoll = now
			}
		}
		n, err := k.rw.Read(buf)
		for _, key := range k.dec.Feed(buf[:n]) {
			if !key.Known {
				k.log.Warn("unknown key code ignored", "addr", key.Addr, "code", key.Code)
				continue
			}
			k.log.Debug("key", "addr", key.Addr, "code", key.Code, "level", int(key.Level))
			press(key.Level)
		}
		if err != nil && !isTimeout(err) {
			if ctx.Err() != nil {
				break
			}
			return fmt.Errorf("%w: %w", ErrIO, err)
		}
	}
	return ctx.Err()
}

// Close closes the line if Open opened it.
func (k *Keypad) Close() error {
	if k.closer == nil {
		return nil
	}
	return k.closer.Close()
}

func isTimeout(err error) bool {
	var t interface{ Timeout() bool }
	return errors.As(err, &t) && t.Timeout()
}
