package api

import (
	"log/slog"
	"sync"
	"time"
)

// refusalLog writes at most burst lines a minute for one kind of refusal
// (failed logins): a guessing script must not fill the disk or bury the
// hall's real events. The lines it drops are counted and the count is
// written with the next line it lets through.
type refusalLog struct {
	log   *slog.Logger
	now   func() time.Time
	burst int

	mu      sync.Mutex
	start   time.Time // the current minute
	written int
	dropped int
}

func newRefusalLog(log *slog.Logger, now func() time.Time, burst int) *refusalLog {
	return &refusalLog{log: log, now: now, burst: burst}
}

// Info logs msg unless this minute's lines are used up.
func (l *refusalLog) Info(msg string, args ...any) {
	l.mu.Lock()
	now := l.now()
	if now.Sub(l.start) >= time.Minute {
		l.start, l.written = now, 0
	}
	if l.written >= l.burst {
		l.dropped++
		l.mu.Unlock()
		return
	}
	l.written++
	dropped := l.dropped
	l.dropped = 0
	l.mu.Unlock()
	if dropped > 0 {
		args = append(args, "suppressed_before", dropped)
	}
	l.log.Info(msg, args...)
}
