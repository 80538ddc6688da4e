package keypad

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"time"
)

// Errors returned by Arm and Take.
var (
	ErrRef      = errors.New("keypad: empty evaluation reference")
	ErrTimeout  = errors.New("keypad: arming timeout must be positive")
	ErrNotArmed = errors.New("keypad: not armed")
	ErrLevel    = errors.New("keypad: not one of the five levels")
)

// Outcome says how an arming ended.
type Outcome int

const (
	Answered  Outcome = iota + 1 // a valid key was pressed in time
	NoAnswer                     // the timeout passed without a press
	Cancelled                    // Disarm, or Arm for another reference
)

func (o Outcome) String() string {
	switch o {
	case Answered:
		return "answered"
	case NoAnswer:
		return "no answer"
	case Cancelled:
		return "cancelled"
	}
	return fmt.Sprintf("Outcome(%d)", int(o))
}

// Result ends one arming. Level is valid only when Outcome is Answered.
type Result struct {
	Ref     string
	Outcome Outcome
	Level   Level
	At      time.Time // press time, timeout time or cancel time
	ArmedAt time.Time
}

// GateStats counts results and ignored presses.
type GateStats struct {
	Answered, NoAnswer, Cancelled uint64
	// Ignored presses, by reason.
	IgnoredDisarmed uint64 // never armed, or the last arming was cancelled
	IgnoredRepeat   uint64 // after the last arming was answered
	IgnoredLate     uint64 // after the last arming timed out
	IgnoredInvalid  uint64 // not one of the five levels
}

// GateConfig configures a Gate.
type GateConfig struct {
	// Deliver receives every Result, one at a time and in order, from the
	// goroutine that ended the arming (Press, Arm, Disarm or the timeout
	// timer). It may call Arm or Disarm. Nil drops results (they are still
	// logged and counted).
	Deliver func(Result)
	Now     func() time.Time // nil means time.Now
	Log     *slog.Logger     // nil discards
}

// Gate lets exactly one press through per arming. Its methods are safe for
// concurrent use; Press can be handed straight to a keypad driver.
type Gate struct {
	deliver func(Result)
	now     func() time.Time
	log     *slog.Logger

	mu         sync.Mutex
	armed      bool
	ref        string
	armedAt    time.Time
	deadline   time.Time
	timer      *time.Timer
	gen        uint64 // tells a stale timer from the current one
	lastRef    string
	lastOut    Outcome
	stats      GateStats
	queue      []Result
	delivering bool
}

// NewGate returns a disarmed gate.
func NewGate(cfg GateConfig) *Gate {
	if cfg.Deliver == nil {
		cfg.Deliver = func(Result) {}
	}
	g := &Gate{deliver: cfg.Deliver, now: cfg.Now, log: cfg.Log}
	if g.now == nil {
		g.now = time.Now
	}
	if g.log == nil {
		g.log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	return g
}

// Arm opens the gate for ref until timeout has passed. An arming still open
// for another (or the same) reference ends first with Cancelled.
func (g *Gate) Arm(ref string, timeout time.Duration) error {
	if ref == "" {
		return ErrRef
	}
	if timeout <= 0 {
		return fmt.Errorf("%w: %v for %q", ErrTimeout, timeout, ref)
	}
	now := g.now()
	g.mu.Lock()
	if g.armed {
		g.finishLocked(Cancelled, 0, now)
	}
	g.gen++
	gen := g.gen
	g.armed, g.ref, g.armedAt, g.deadline = true, ref, now, now.Add(timeout)
	g.timer = time.AfterFunc(timeout, func() { g.expire(gen) })
	g.log.Info("keypad armed", "ref", ref, "timeout", timeout)
	g.flushUnlock()
	return nil
}

// Disarm ends the open arming, if any, with Cancelled and reports whether
// there was one.
func (g *Gate) Disarm() bool {
	now := g.now()
	g.mu.Lock()
	was := g.armed
	if was {
		g.finishLocked(Cancelled, 0, now)
	}
	g.flushUnlock()
	return was
}

// DisarmRef is Disarm only if the gate waits for ref: the reference was
// rated some other way, and a newer arming must stay open.
func (g *Gate) DisarmRef(ref string) bool {
	now := g.now()
	g.mu.Lock()
	was := g.armed && g.ref == ref
	if was {
		g.finishLocked(Cancelled, 0, now)
	}
	g.flushUnlock()
	return was
}

// Arming is the open arming of a gate.
type Arming struct {
	Ref      string
	ArmedAt  time.Time
	Deadline time.Time // a press from this instant on is late
}

// Pending returns the open arming, if any.
func (g *Gate) Pending() (Arming, bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if !g.armed || !g.now().Before(g.deadline) {
		return Arming{}, false
	}
	return Arming{Ref: g.ref, ArmedAt: g.armedAt, Deadline: g.deadline}, true
}

// Armed returns the reference the gate waits for, if armed.
func (g *Gate) Armed() (ref string, ok bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.ref, g.armed
}

// Stats returns the counters so far.
func (g *Gate) Stats() GateStats {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.stats
}

// Press offers a key press. The first valid press while armed and before the
// deadline answers the arming; any other press is ignored, logged and
// counted.
func (g *Gate) Press(l Level) {
	now := g.now()
	g.mu.Lock()
	if g.armed && !now.Before(g.deadline) {
		// The timer has not fired yet, but the time is up.
		g.finishLocked(NoAnswer, 0, g.deadline)
	}
	switch {
	case !l.Valid():
		g.stats.IgnoredInvalid++
		g.log.Warn("keypad press ignored", "level", int(l), "reason", "invalid level")
	case g.armed:
		g.finishLocked(Answered, l, now)
	default:
		g.log.Info("keypad press ignored", "level", int(l), "reason", g.ignoreLocked(), "last_ref", g.lastRef)
	}
	g.flushUnlock()
}

// Take is Press for a caller that records the evaluation itself and
// answers whoever pressed (a tablet's HTTP request): the Answered result is
// returned, not passed to Deliver. A press that counts for nothing is
// counted as Press counts it and returned as an error wrapping ErrLevel or
// ErrNotArmed (which says why).
func (g *Gate) Take(l Level) (Result, error) {
	now := g.now()
	g.mu.Lock()
	if g.armed && !now.Before(g.deadline) {
		g.finishLocked(NoAnswer, 0, g.deadline)
	}
	var (
		r   Result
		err error
	)
	switch {
	case !l.Valid():
		g.stats.IgnoredInvalid++
		err = fmt.Errorf("%w: %d", ErrLevel, int(l))
	case g.armed:
		g.finishLocked(Answered, l, now)
		r = g.queue[len(g.queue)-1]
		g.queue = g.queue[:len(g.queue)-1]
	default:
		err = fmt.Errorf("%w: %s", ErrNotArmed, g.ignoreLocked())
	}
	g.flushUnlock()
	return r, err
}

// ignoreLocked counts a press while disarmed and returns why it counts for
// nothing.
func (g *Gate) ignoreLocked() string {
	switch g.lastOut {
	case Answered:
		g.stats.IgnoredRepeat++
		return "already answered"
	case NoAnswer:
		g.stats.IgnoredLate++
		return "after timeout"
	}
	g.stats.IgnoredDisarmed++
	return "not armed"
}

func (g *Gate) expire(gen uint64) {
	now := g.now()
	g.mu.Lock()
	if g.armed && g.gen == gen {
		g.finishLocked(NoAnswer, 0, now)
	}
	g.flushUnlock()
}

// finishLocked ends the open arming and queues its result.
func (g *Gate) finishLocked(o Outcome, l Level, at time.Time) {
	g.timer.Stop()
	r := Result{Ref: g.ref, Outcome: o, Level: l, At: at, ArmedAt: g.armedAt}
	g.armed, g.ref, g.timer = false, "", nil
	g.lastRef, g.lastOut = r.Ref, o
	switch o {
	case Answered:
		g.stats.Answered++
	case NoAnswer:
		g.stats.NoAnswer++
	case Cancelled:
		g.stats.Cancelled++
	}
	g.log.Info("keypad result", "ref", r.Ref, "outcome", o.String(), "level", int(l))
	g.queue = append(g.queue, r)
}

// flushUnlock delivers queued results outside the lock, one goroutine at a
// time, so results stay in order and Deliver may call back into the gate.
// It must be called with mu held and returns with it released.
func (g *Gate) flushUnlock() {
	if g.delivering {
		g.mu.Unlock()
		return
	}
	g.delivering = true
	for len(g.queue) > 0 {
		r := g.queue[0]
		g.queue = g.queue[1:]
		g.mu.Unlock()
		g.deliver(r)
		g.mu.Lock()
	}
	g.delivering = false
	g.mu.Unlock()
}
