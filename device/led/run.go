package led

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"
)

// job is one frame picked for sending.
type job struct {
	bd    *board
	lines []string
	frame []byte
}

// pickLocked chooses the next frame: highest priority, then oldest, among
// boards not waiting out a backoff. With nothing ready it returns the
// earliest retry time (zero if none).
func (b *Bus) pickLocked(now time.Time) (job, bool, time.Time) {
	var best *board
	var retry time.Time
	for _, a := range b.addrs {
		bd := b.boards[a]
		if !bd.pending() {
			continue
		}
		if bd.retryAt.After(now) {
			if retry.IsZero() || bd.retryAt.Before(retry) {
				retry = bd.retryAt
			}
			continue
		}
		if best == nil || bd.prio > best.prio || (bd.prio == best.prio && bd.seq < best.seq) {
			best = bd
		}
	}
	if best == nil {
		return job{}, false, retry
	}
	return job{bd: best, lines: best.want, frame: best.wantFrame}, true, time.Time{}
}

// Run owns rw until ctx ends or the line fails. It returns ctx.Err() or an
// error wrapping ErrIO; board state survives, so Run may be called again
// with a reopened line. rw.Read should return now and then (a read timeout,
// reported as an error with a Timeout() bool method returning true, is
// treated as "no data"); after Run returns, one Read may still be pending
// until it returns or rw is closed.
func (b *Bus) Run(ctx context.Context, rw io.ReadWriter) error {
	b.mu.Lock()
	if b.running {
		b.mu.Unlock()
		return ErrRunning
	}
	b.running = true
	b.mu.Unlock()
	defer func() {
		b.mu.Lock()
		b.running = false
		b.mu.Unlock()
	}()

	done := make(chan struct{})
	defer close(done)
	rx := make(chan []byte, 16)
	rerr := make(chan error, 1)
	go readLoop(rw, rx, rerr, done)

	var nextAt time.Time
	for {
		// Keep the gap and the line rate before choosing, so that a call
		// arriving meanwhile still goes first.
		if err := b.sleepUntil(ctx, nextAt, nil, rerr); err != nil {
			return err
		}
		b.mu.Lock()
		j, ok, retry := b.pickLocked(time.Now())
		b.mu.Unlock()
		if !ok {
			if err := b.sleepUntil(ctx, retry, b.wake, rerr); err != nil {
				return err
			}
			continue
		}
		drain(rx)
		start := time.Now()
		if _, err := rw.Write(j.frame); err != nil {
			b.finish(j, fmt.Errorf("write: %w", err))
			return fmt.Errorf("%w: write to board %d: %w", ErrIO, j.bd.addr, err)
		}
		onWire := start.Add(b.cfg.lineTime(len(j.frame)))
		var result error
		if r, ok := j.bd.proto.(Replier); ok {
			var fatal error
			result, fatal = b.await(ctx, r, j.bd.addr, onWire.Add(b.cfg.ReplyTimeout), rx, rerr)
			if fatal != nil {
				return fatal
			}
		}
		nextAt = onWire
		if now := time.Now(); now.After(nextAt) {
			nextAt = now
		}
		nextAt = nextAt.Add(b.cfg.Gap)
		b.finish(j, result)
	}
}

// sleepUntil waits until t (zero: forever), a wake-up, ctx's end or a read
// failure.
func (b *Bus) sleepUntil(ctx context.Context, t time.Time, wake <-chan struct{}, rerr <-chan error) error {
	var timeout <-chan time.Time
	if !t.IsZero() {
		d := time.Until(t)
		if d <= 0 {
			return nil
		}
		tm := time.NewTimer(d)
		defer tm.Stop()
		timeout = tm.C
	} else if wake == nil {
		return nil
	}
	select {
	case <-ctx.Done():
		return ctx.Err()
	case err := <-rerr:
		return fmt.Errorf("%w: read: %w", ErrIO, err)
	case <-wake:
	case <-timeout:
	}
	return nil
}

// await collects reply bytes until r is satisfied or the deadline passes.
// result is the transaction's outcome; fatal ends Run.
func (b *Bus) await(ctx context.Context, r Replier, addr uint16, deadline time.Time, rx <-chan []byte, rerr <-chan error) (result, fatal error) {
	tm := time.NewTimer(time.Until(deadline))
	defer tm.Stop()
	var got []byte
	for {
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case err := <-rerr:
			return nil, fmt.Errorf("%w: read: %w", ErrIO, err)
		case <-tm.C:
			if len(got) > 0 {
				return fmt.Errorf("%w from board %d: %d unusable bytes % X", ErrNoReply, addr, len(got), got[:min(len(got), 16)]), nil
			}
			return fmt.Errorf("%w from board %d", ErrNoReply, addr), nil
		case chunk := <-rx:
			got = append(got, chunk...)
			if done, err := r.Reply(addr, got); done {
				return err, nil
			}
		}
	}
}

// finish records the outcome of a transaction.
func (b *Bus) finish(j job, err error) {
	now := time.Now()
	b.mu.Lock()
	defer b.mu.Unlock()
	bd := j.bd
	if err == nil {
		bd.shown, bd.shownKnown = j.lines, true
		bd.lastOK, bd.failures, bd.retryAt = now, 0, time.Time{}
		if bd.state != StateOK {
			if bd.state == StateOffline {
				b.log.Info("led board back online", "addr", bd.addr, "offline_since", bd.since)
			}
			bd.state, bd.since = StateOK, now
		}
		b.notifyLocked()
		return
	}
	bd.shownKnown = false // it may show anything now
	bd.failures++
	bd.lastErr, bd.lastErrAt = err, now
	wait := b.cfg.backoff(bd.failures)
	bd.retryAt = now.Add(wait)
	if bd.state != StateOffline {
		bd.state, bd.since = StateOffline, now
		b.log.Warn("led board offline", "addr", bd.addr, "err", err, "retry_in", wait)
	} else {
		b.log.Debug("led board still offline", "addr", bd.addr, "err", err, "failures", bd.failures, "retry_in", wait)
	}
	b.notifyLocked()
}

// readLoop forwards what the line delivers until it fails or Run ends.
func readLoop(r io.Reader, rx chan<- []byte, rerr chan<- error, done <-chan struct{}) {
	buf := make([]byte, 512)
	for {
		n, err := r.Read(buf)
		if n > 0 {
			select {
			case rx <- append([]byte(nil), buf[:n]...):
			case <-done:
				return
			}
		}
		if err != nil && !isTimeout(err) {
			select {
			case rerr <- err:
			case <-done:
			}
			return
		}
		select {
		case <-done:
			return
		default:
		}
	}
}

func isTimeout(err error) bool {
	var t interface{ Timeout() bool }
	return errors.As(err, &t) && t.Timeout()
}

// drain drops bytes that arrived outside a transaction (late replies, noise).
func drain(rx <-chan []byte) {
	for {
		select {
		case <-rx:
		default:
			return
		}
	}
}
