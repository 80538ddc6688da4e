package caller

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"sync"

	"halld/device/serialport"
)

// ErrIO wraps a failure of the line; the caller may reopen it and Run again.
var ErrIO = errors.New("caller: line failed")

// Bus is one RS-485 line with callers and evaluators on it.
type Bus struct {
	rw     io.ReadWriter
	closer io.Closer
	log    *slog.Logger
	wmu    sync.Mutex // one frame on the wire at a time
	dec    Decoder
}

// New runs the protocol over rw. rw.Read may return timeout errors
// (Timeout() true) when the line is quiet; Run then checks its context.
func New(rw io.ReadWriter, log *slog.Logger) *Bus {
	if log == nil {
		log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	b := &Bus{rw: rw, log: log}
	if c, ok := rw.(io.Closer); ok {
		b.closer = c
	}
	return b
}

// Open opens the serial line (9600 8N1 for the default protocol: the baud
// is the config's). A missing port is an error, never a panic.
func Open(line serialport.Config, log *slog.Logger) (*Bus, error) {
	p, err := serialport.Open(line)
	if err != nil {
		return nil, fmt.Errorf("caller: %w", err)
	}
	b := New(p, log)
	b.log = b.log.With("port", line.Path)
	return b, nil
}

// Close closes the line; a Run in progress returns.
func (b *Bus) Close() error {
	if b.closer == nil {
		return nil
	}
	return b.closer.Close()
}

// Stats returns the decoder's counters. Only meaningful after Run returned
// or from Run's handler.
func (b *Bus) Stats() DecoderStats { return b.dec.Stats() }

// Run reads frames until ctx ends or the line fails, echoes each one as its
// acknowledgement and then hands it to handle (in the reading goroutine: a
// slow handler delays the next echo).
func (b *Bus) Run(ctx context.Context, handle func(Frame)) error {
	stop := context.AfterFunc(ctx, func() { b.Close() })
	defer stop()
	buf := make([]byte, 256)
	for {
		n, err := b.rw.Read(buf)
		if n > 0 {
			frames := b.dec.Feed(buf[:n])
			raw := b.dec.Raw()
			for i, f := range frames {
				if err := b.write(raw[i]); err != nil {
					return err
				}
				handle(f)
			}
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if err != nil {
			var te interface{ Timeout() bool }
			if errors.As(err, &te) && te.Timeout() {
				continue
			}
			return fmt.Errorf("%w: %v", ErrIO, err)
		}
	}
}

// Show puts text (three display characters) on the caller at addr.
func (b *Bus) Show(addr byte, text string) error {
	f, err := Display(addr, text)
	if err != nil {
		return err
	}
	return b.write(f)
}

func (b *Bus) write(p []byte) error {
	b.wmu.Lock()
	defer b.wmu.Unlock()
	if _, err := b.rw.Write(p); err != nil {
		return fmt.Errorf("%w: %v", ErrIO, err)
	}
	return nil
}
