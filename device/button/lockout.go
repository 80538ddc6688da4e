package button

import "time"

// lockout is the debounce state machine, kept free of pins and clocks so it
// can be tested with plain times.
type lockout struct {
	window, settle time.Duration

	armed   bool      // released and not seen active since
	armedAt time.Time // when it was released; zero when released at start
	last    time.Time // last reported press
	pressed bool      // a press was reported at least once
}

func newLockout(window, settle time.Duration, activeAtStart bool) *lockout {
	return &lockout{window: window, settle: settle, armed: !activeAtStart}
}

// Reasons a press edge is not reported.
const (
	reasonHeld    = "not released since last press"
	reasonLockout = "inside lock-out"
	// A press after a settled release, inside the lock-out: a person
	// pressed again quickly (a bounce does not settle). It is dropped like
	// any press inside the lock-out, but logged and counted on its own.
	reasonLockoutPress = "second press inside lock-out"
	reasonSettle       = "release not settled"
)

// edge handles an edge after which the pin reads active or not. It reports
// whether this is a press, and if an active edge is not, why.
func (l *lockout) edge(active bool, now time.Time) (press bool, reason string) {
	if !active {
		l.release(now)
		return false, ""
	}
	wasArmed := l.armed
	l.armed = false // any active level needs a new release
	switch {
	case !wasArmed:
		return false, reasonHeld
	case l.pressed && now.Sub(l.last) < l.window:
		if !l.armedAt.IsZero() && now.Sub(l.armedAt) >= l.settle {
			return false, reasonLockoutPress
		}
		return false, reasonLockout
	case !l.armedAt.IsZero() && now.Sub(l.armedAt) < l.settle:
		return false, reasonSettle
	}
	l.last, l.pressed = now, true
	return true, ""
}

// idle handles a poll without edge: it catches a release whose edge was lost,
// but never reports a press (a stuck line must stay silent).
func (l *lockout) idle(active bool, now time.Time) {
	if active {
		l.armed = false
		return
	}
	l.release(now)
}

func (l *lockout) release(now time.Time) {
	if !l.armed {
		l.armed, l.armedAt = true, now
	}
}
