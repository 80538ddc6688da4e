package supervise

import (
	"context"
	"errors"
	"log/slog"
	"time"
)

// Stage says where a line failed, for the words staff read.
type Stage int

const (
	Opening Stage = iota + 1 // the line could not be opened
	Running                  // it was open and then failed (read, write)
)

// Change is one report of a line's state.
type Change struct {
	Up    bool
	Err   error         // why it is down
	Stage Stage         // where it failed
	Retry time.Duration // when down: the wait before the next try
}

// Session opens one line and runs it until ctx ends or the line fails. It
// calls up once the line is open; an error before that is an Opening
// failure, one after is a Running failure.
type Session func(ctx context.Context, up func()) error

// Config says how patient to be. Zero durations take the defaults.
type Config struct {
	Min time.Duration // first wait after a failure; 1 s
	Max time.Duration // the wait doubles up to this; 30 s
	// Report is told every change: up, down, or down for another reason
	// (an unchanged failure is not repeated). Nil drops them.
	Report func(Change)
	Log    *slog.Logger // nil discards
}

// Run runs session again and again until ctx ends.
func Run(ctx context.Context, cfg Config, session Session) {
	if cfg.Min <= 0 {
		cfg.Min = time.Second
	}
	if cfg.Max < cfg.Min {
		cfg.Max = max(30*time.Second, cfg.Min)
	}
	if cfg.Report == nil {
		cfg.Report = func(Change) {}
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	wait := cfg.Min
	var last *Change
	for ctx.Err() == nil {
		wasUp := false
		err := session(ctx, func() {
			wasUp = true
			if last == nil || !last.Up {
				c := Change{Up: true}
				if last != nil {
					cfg.Log.Info("device line back", "after", last.Err)
				}
				last = &c
				cfg.Report(c)
			}
		})
		if ctx.Err() != nil {
			return
		}
		if wasUp {
			wait = cfg.Min // it worked: the next failure is new
		}
		if err == nil {
			err = errors.New("line closed")
		}
		c := Change{Err: err, Stage: Opening, Retry: wait}
		if wasUp {
			c.Stage = Running
		}
		if last == nil || last.Up || last.Stage != c.Stage || last.Err.Error() != err.Error() {
			cfg.Log.Warn("device line down, retrying", "err", err, "retry", wait)
			cfg.Report(c)
		}
		last = &c
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-t.C:
		}
		wait = min(wait*2, cfg.Max)
	}
}
