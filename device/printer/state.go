package printer

import (
	"time"

	"halld/device/escpos"
)

// Condition sums up whether the printer can print.
type Condition int

const (
	Unknown      Condition = iota // not yet polled
	Ready                         // prints
	PaperNearEnd                  // prints; warn staff to change the roll
	PaperOut
	CoverOpen
	DeviceError // cutter, mechanical or head error
	Offline     // transport open but the printer does not answer
	Unplugged   // transport cannot be opened or fails
)

var conditionNames = [...]string{"unknown", "ready", "paper-near-end", "paper-out", "cover-open", "error", "offline", "unplugged"}

func (c Condition) String() string {
	if c >= 0 && int(c) < len(conditionNames) {
		return conditionNames[c]
	}
	return "condition?"
}

// CanPrint reports whether jobs are accepted in this condition.
func (c Condition) CanPrint() bool { return c == Ready || c == PaperNearEnd }

// Err returns the sentinel error for a fault condition, nil otherwise.
func (c Condition) Err() error {
	switch c {
	case PaperOut:
		return ErrPaperOut
	case CoverOpen:
		return ErrCoverOpen
	case DeviceError:
		return ErrDeviceError
	case Offline:
		return ErrOffline
	case Unplugged:
		return ErrUnplugged
	}
	return nil
}

// State is what the driver knows about the printer.
type State struct {
	Condition Condition
	Status    escpos.Status // last decoded status (zero when not answering)
	Err       error         // last error met, kept until a later one
	Since     time.Time     // when Condition last changed
	// Pending is when the job in hand was sent, zero when none waits for
	// its acknowledgement.
	Pending time.Time
	// Unacked counts jobs given up on whose acknowledgement may still come
	// (held by a printer out of paper, or stalled); they are forgotten when
	// the printer stops answering or is reopened.
	Unacked int
}

// conditionOf maps a decoded status to a condition; the most blocking
// cause wins.
func conditionOf(s escpos.Status) Condition {
	switch {
	case s.CoverOpen:
		return CoverOpen
	case s.PaperOut || s.PaperEndStop:
		return PaperOut
	case s.CutterError || s.MechanicalError || s.UnrecoverableError || s.AutoRecoverableError || s.Error:
		return DeviceError
	case s.Offline:
		return Offline
	case s.PaperNearEnd:
		return PaperNearEnd
	}
	return Ready
}
