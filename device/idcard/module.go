package idcard

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"
)

// Module errors; returned errors wrap one of them (or a frame error).
var (
	// ErrNoReply: the module did not answer a command in time.
	ErrNoReply = errors.New("idcard: no reply from the module")
	// ErrStatus: the module answered with a status that is an error.
	ErrStatus = errors.New("idcard: module reported an error")
	// ErrIO: reading or writing the line failed.
	ErrIO = errors.New("idcard: line failed")
)

// ModuleConfig tunes the host side of GA/T 467.
type ModuleConfig struct {
	// Interval is the pause between two find-card polls (0 → 300 ms).
	Interval time.Duration
	// Timeout bounds one reply (0 → 3 s: the read reply is 1295 bytes,
	// about 0.1 s at 115200 baud, plus the card's own time).
	Timeout time.Duration
	// MaxErrors is how many failed polls in a row end Run (0 → 3): one
	// garbled frame is retried, a dead line is reported.
	MaxErrors int
	// Now is the clock for timeouts; nil means time.Now.
	Now func() time.Time
}

// Module is the host side of a GA/T 467 card module on rw, for example a
// *serialport.Port. It is not safe for concurrent use.
type Module struct {
	rw  io.ReadWriter
	cfg ModuleConfig
	buf []byte // received bytes not yet parsed
	tmp []byte
}

// NewModule returns the host side of the module on rw.
func NewModule(rw io.ReadWriter, cfg ModuleConfig) *Module {
	if cfg.Interval <= 0 {
		cfg.Interval = 300 * time.Millisecond
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = 3 * time.Second
	}
	if cfg.MaxErrors <= 0 {
		cfg.MaxErrors = 3
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return &Module{rw: rw, cfg: cfg, tmp: make([]byte, 512)}
}

// Do sends a command and returns the module's reply. The reply's Data is
// valid until the next Do.
func (m *Module) Do(ctx context.Context, cmd [2]byte) (Reply, error) {
	m.buf = m.buf[:0] // an answer to an earlier command is stale
	if _, err := m.rw.Write(Request(cmd, nil)); err != nil {
		return Reply{}, fmt.Errorf("%w: write: %w", ErrIO, err)
	}
	deadline := m.cfg.Now().Add(m.cfg.Timeout)
	for {
		if k := Sync(m.buf); k > 0 {
			m.buf = append(m.buf[:0], m.buf[k:]...)
		}
		r, n, err := ParseReply(m.buf)
		switch {
		case err == nil:
			return r, nil
		case errors.Is(err, ErrCheck):
			m.buf = append(m.buf[:0], m.buf[n:]...)
			return Reply{}, fmt.Errorf("reply to %02X %02X: %w", cmd[0], cmd[1], err)
		case errors.Is(err, ErrFrame):
			// A false preamble or a mad length: drop one byte and look again.
			m.buf = append(m.buf[:0], m.buf[1:]...)
			continue
		}
		if err := ctx.Err(); err != nil {
			return Reply{}, err
		}
		if m.cfg.Now().After(deadline) {
			return Reply{}, fmt.Errorf("%w: %02X %02X within %v", ErrNoReply, cmd[0], cmd[1], m.cfg.Timeout)
		}
		k, err := m.rw.Read(m.tmp)
		m.buf = append(m.buf, m.tmp[:k]...)
		if err != nil && !isTimeout(err) {
			return Reply{}, fmt.Errorf("%w: read: %w", ErrIO, err)
		}
	}
}

// isTimeout reports a read that only timed out (serialport.ErrTimeout).
func isTimeout(err error) bool {
	var t interface{ Timeout() bool }
	return errors.As(err, &t) && t.Timeout()
}

// ReadNumber finds, selects and reads the card on the module and returns
// the number its text holds. found is false when there is no card (or it
// left during the read); err is a failure of the line or the module.
func (m *Module) ReadNumber(ctx context.Context) (number string, found bool, err error) {
	if found, err = m.find(ctx); !found || err != nil {
		return "", false, err
	}
	return m.selectAndRead(ctx)
}

func (m *Module) find(ctx context.Context) (bool, error) {
	r, err := m.Do(ctx, CmdFind)
	if err != nil {
		return false, err
	}
	switch r.Status() {
	case StatusFound:
		return true, nil
	case StatusNoCard:
		return false, nil
	}
	return false, fmt.Errorf("%w: find card: %v", ErrStatus, r.Status())
}

func (m *Module) selectAndRead(ctx context.Context) (string, bool, error) {
	r, err := m.Do(ctx, CmdSelect)
	if err != nil {
		return "", false, err
	}
	switch r.Status() {
	case StatusOK:
	case StatusSelectFailed, StatusNoCard: // taken away meanwhile
		return "", false, nil
	default:
		return "", false, fmt.Errorf("%w: select card: %v", ErrStatus, r.Status())
	}
	r, err = m.Do(ctx, CmdRead)
	if err != nil {
		return "", false, err
	}
	defer func() { clear(m.buf); clear(m.tmp) }() // the name, the address and the photo go now
	switch r.Status() {
	case StatusOK:
	case StatusReadFailed: // moved during the read: the next poll tries again
		return "", false, nil
	default:
		return "", false, fmt.Errorf("%w: read base information: %v", ErrStatus, r.Status())
	}
	n, err := NumberFromBase(r.Data)
	if err != nil {
		return "", false, err
	}
	return n, true, nil
}

// Run polls the module until ctx ends or MaxErrors polls in a row fail,
// and calls card with each card's number, once per card placed: a card
// left on the reader is not read again until the module has found no
// card. It returns ctx.Err() after cancellation and the last error
// otherwise.
func (m *Module) Run(ctx context.Context, card func(number string)) error {
	present, fails := false, 0
	t := time.NewTimer(0)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
		}
		var err error
		if present {
			present, err = m.find(ctx)
		} else {
			var n string
			n, present, err = m.ReadNumber(ctx)
			if present {
				card(n)
			}
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if err != nil {
			present = false
			if fails++; fails >= m.cfg.MaxErrors || errors.Is(err, ErrIO) {
				return err
			}
		} else {
			fails = 0
		}
		t.Reset(m.cfg.Interval)
	}
}
