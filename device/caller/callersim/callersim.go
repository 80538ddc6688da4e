// Package callersim plays window callers and evaluators on the device end of
// a line (a pseudo-terminal's master, or a pipe): it sends real key frames,
// checks the host's echo, and records the display frames the host sends.
//
// Caveat: one Fake speaks for every address on its line; it does not model
// RS-485 collisions (a real bus has one talker at a time, which the host's
// request/echo rhythm keeps).
package callersim

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
	"time"

	"halld/device/caller"
)

// ErrNoEcho is returned by Press when the host did not echo the frame.
var ErrNoEcho = errors.New("callersim: host did not echo the frame")

// Fake is the device end of one line.
type Fake struct {
	rw    io.ReadWriter
	mu    sync.Mutex
	shown map[byte]string // last display text per address
	log   []caller.Frame  // every display frame, in order
	echo  chan []byte
	moved chan struct{} // closed and replaced on every display frame
	dec   caller.Decoder
}

// New starts reading rw in a goroutine until ctx ends or rw fails.
func New(ctx context.Context, rw io.ReadWriter) *Fake {
	f := &Fake{rw: rw, shown: map[byte]string{}, echo: make(chan []byte, 16), moved: make(chan struct{})}
	go f.read(ctx)
	return f
}

func (f *Fake) read(ctx context.Context) {
	buf := make([]byte, 256)
	for ctx.Err() == nil {
		n, err := f.rw.Read(buf)
		frames := f.dec.Feed(buf[:n])
		raw := f.dec.Raw()
		for i, fr := range frames {
			if fr.Func == caller.FuncDisplay {
				f.mu.Lock()
				f.shown[fr.Addr] = string(fr.Data)
				f.log = append(f.log, fr)
				close(f.moved)
				f.moved = make(chan struct{})
				f.mu.Unlock()
				continue
			}
			select {
			case f.echo <- raw[i]:
			default:
			}
		}
		if err != nil {
			var te interface{ Timeout() bool }
			if errors.As(err, &te) && te.Timeout() {
				continue
			}
			close(f.echo)
			return
		}
	}
}

// Press sends one frame from the caller at addr and waits for its echo.
func (f *Fake) Press(ctx context.Context, addr, fn byte, data ...byte) error {
	b, err := caller.Encode(caller.Frame{Addr: addr, Func: fn, Data: data})
	if err != nil {
		return err
	}
	if d, ok := ctx.Deadline(); ok {
		if dl, ok := f.rw.(interface{ SetWriteDeadline(time.Time) error }); ok {
			dl.SetWriteDeadline(d) // a host that never reads must not hold the press forever
		}
	}
	if _, err := f.rw.Write(b); err != nil {
		return fmt.Errorf("callersim: write: %w", err)
	}
	select {
	case got, ok := <-f.echo:
		if !ok || !bytes.Equal(got, b) {
			return fmt.Errorf("%w: sent % X, got % X", ErrNoEcho, b, got)
		}
		return nil
	case <-ctx.Done():
		return fmt.Errorf("%w: %v", ErrNoEcho, ctx.Err())
	}
}

// Shown returns the text last displayed at addr ("" if none yet).
func (f *Fake) Shown(addr byte) string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.shown[addr]
}

// Displays returns every display frame received so far.
func (f *Fake) Displays() []caller.Frame {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]caller.Frame(nil), f.log...)
}

// Wait returns when addr shows text, or with ctx's error.
func (f *Fake) Wait(ctx context.Context, addr byte, text string) error {
	for {
		f.mu.Lock()
		shown, moved := f.shown[addr], f.moved
		f.mu.Unlock()
		if shown == text {
			return nil
		}
		select {
		case <-moved:
		case <-ctx.Done():
			return fmt.Errorf("callersim: caller %d shows %q, not %q: %w", addr, shown, text, ctx.Err())
		}
	}
}
