package sms

import (
	"context"
	"errors"
	"slices"
	"strings"
	"time"

	"halld/queue"
)

// Sender delivers one message: a modem or an SMS platform, adapted by the
// daemon. An error wrapping ErrUnavailable (no modem, platform down before
// anything was sent) does not count as an attempt.
type Sender interface {
	Send(ctx context.Context, phone, text string) error
}

// ErrUnavailable: the sender cannot take messages now; they wait.
var ErrUnavailable = errors.New("sms: sender unavailable")

// maxBackoff caps the wait between attempts; unavailableWait is how often
// a sender that is not ready (a modem opening again) is asked.
const (
	maxBackoff      = time.Hour
	unavailableWait = 5 * time.Second
)

// Run sends due messages through s until ctx ends, waking when a message
// is enqueued or the next one falls due.
func (o *Outbox) Run(ctx context.Context, s Sender) {
	for {
		wait := o.Flush(ctx, s)
		wait = min(max(wait, 100*time.Millisecond), 30*time.Second)
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-o.wake:
		case <-t.C:
		}
		t.Stop()
	}
}

// Flush sends the messages due now, oldest first, within the rate, and
// returns how long until the next one is due (or the rate allows one).
func (o *Outbox) Flush(ctx context.Context, s Sender) time.Duration {
	for ctx.Err() == nil {
		m, wait := o.due()
		if m == nil {
			return wait
		}
		phone, err := o.e.Unseal(m.Sealed, Domain+"|m/"+m.ID)
		if err != nil { // the key file changed: nothing to send to
			o.record(m, "", errors.New("sealed phone unreadable"), true)
			continue
		}
		err = s.Send(ctx, phone, m.Text)
		if errors.Is(err, ErrUnavailable) || ctx.Err() != nil {
			o.mu.Lock()
			m.NextAt = o.now().Add(unavailableWait) // memory only: not an attempt
			o.mu.Unlock()
			o.log.Warn("sms: sender unavailable, messages wait", "err", err)
			return unavailableWait
		}
		o.record(m, phone, err, false)
	}
	return 0
}

// due picks the next message to send, or says how long to wait.
func (o *Outbox) due() (*message, time.Duration) {
	o.mu.Lock()
	defer o.mu.Unlock()
	now := o.now()
	o.recent = slices.DeleteFunc(o.recent, func(t time.Time) bool { return now.Sub(t) >= time.Minute })
	var best *message
	for _, m := range o.msgs {
		if m.State == Queued && (best == nil || m.NextAt.Before(best.NextAt) || m.NextAt.Equal(best.NextAt) && m.ID < best.ID) {
			best = m
		}
	}
	switch {
	case best == nil:
		return nil, time.Minute
	case best.NextAt.After(now):
		return nil, best.NextAt.Sub(now)
	case len(o.recent) >= o.cfg.RatePerMinute:
		return nil, o.recent[0].Add(time.Minute).Sub(now)
	}
	o.recent = append(o.recent, now)
	return best, 0
}

// record files an attempt's outcome: sent, retried later, or given up.
func (o *Outbox) record(m *message, phone string, sendErr error, giveUp bool) {
	o.mu.Lock()
	next := *m
	o.mu.Unlock()
	now := o.now()
	next.Attempts++
	typ := "sms.sent"
	switch {
	case sendErr == nil:
		next.State, next.SentAt, next.Sealed, next.Error = Sent, &now, nil, ""
	default:
		next.Error = sendErr.Error()
		if phone != "" { // a driver may quote the number
			next.Error = strings.ReplaceAll(next.Error, phone, queue.MaskPhone(phone))
		}
		if giveUp || next.Attempts >= o.cfg.MaxAttempts {
			next.State, next.Sealed, typ = Failed, nil, "sms.failed"
		} else {
			back := time.Duration(o.cfg.RetryS) * time.Second << (next.Attempts - 1)
			next.NextAt, typ = now.Add(min(back, maxBackoff)), "sms.retry"
		}
	}
	err := o.e.Update(func(r *queue.Rec) error {
		if err := r.Put(Domain, "m/"+m.ID, &next); err != nil {
			return err
		}
		_, err := r.Emit(typ, map[string]any{"id": m.ID, "kind": m.Kind, "attempts": next.Attempts, "error": next.Error})
		return err
	})
	if err != nil {
		// Not recorded: memory stays as the database has it; the message
		// is tried again (at least once delivery).
		o.log.Error("sms: outcome not recorded", "id", m.ID, "err", err)
		o.mu.Lock()
		m.NextAt = now.Add(time.Duration(o.cfg.RetryS) * time.Second)
		o.mu.Unlock()
		return
	}
	o.mu.Lock()
	*m = next
	o.mu.Unlock()
	switch next.State {
	case Sent:
		o.log.Info("sms: sent", "id", m.ID, "kind", m.Kind, "to", m.To, "attempts", next.Attempts)
	case Failed:
		o.log.Warn("sms: given up", "id", m.ID, "kind", m.Kind, "to", m.To, "attempts", next.Attempts, "err", next.Error)
	default:
		o.log.Warn("sms: send failed, will retry", "id", m.ID, "to", m.To, "attempts", next.Attempts, "next", next.NextAt, "err", next.Error)
	}
}
