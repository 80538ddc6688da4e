package button

import (
	"errors"
	"fmt"
	"time"

	"periph.io/x/conn/v3/gpio"
)

// Sentinel errors; returned errors wrap one of them with context.
var (
	ErrConfig = errors.New("button: invalid config")
	ErrNoPin  = errors.New("button: pin not found")
	ErrHost   = errors.New("button: gpio host init failed")
	ErrPin    = errors.New("button: cannot configure pin")
)

// Defaults for zero Config durations.
const (
	DefaultLockout = 300 * time.Millisecond
	DefaultSettle  = 50 * time.Millisecond
	DefaultPoll    = 250 * time.Millisecond
)

// Config describes one button. Zero durations take the defaults above.
type Config struct {
	ID         string        // reported in Press; the caller maps it to a service
	Pin        string        // gpioreg name ("GPIO17", "17", a kernel line name); used by Open
	ActiveHigh bool          // false: button to GND, pressed = Low (the usual wiring)
	Pull       string        // "up", "down" or "none"; "" picks up for active-low, down for active-high
	Lockout    time.Duration // minimum time between two reported presses
	Settle     time.Duration // quiet time after a release before a press counts again
	Poll       time.Duration // WaitForEdge timeout per loop turn; must be finite and > 0
}

// withDefaults fills zero fields and validates the result.
func (c Config) withDefaults() (Config, error) {
	bad := func(field, format string, args ...any) error {
		return fmt.Errorf("%w: button %q: %s: %s", ErrConfig, c.ID, field, fmt.Sprintf(format, args...))
	}
	if c.ID == "" {
		return c, bad("ID", "empty")
	}
	if c.Lockout < 0 || c.Settle < 0 || c.Poll < 0 {
		return c, bad("Lockout/Settle/Poll", "negative duration")
	}
	if c.Lockout == 0 {
		c.Lockout = DefaultLockout
	}
	if c.Settle == 0 {
		c.Settle = DefaultSettle
	}
	if c.Poll == 0 {
		c.Poll = DefaultPoll
	}
	if _, err := c.pull(); err != nil {
		return c, bad("Pull", "%v", err)
	}
	return c, nil
}

func (c Config) pull() (gpio.Pull, error) {
	switch c.Pull {
	case "":
		if c.ActiveHigh {
			return gpio.PullDown, nil
		}
		return gpio.PullUp, nil
	case "up":
		return gpio.PullUp, nil
	case "down":
		return gpio.PullDown, nil
	case "none":
		return gpio.Float, nil
	}
	return gpio.PullNoChange, fmt.Errorf("%q is not up, down or none", c.Pull)
}

func (c Config) activeLevel() gpio.Level {
	if c.ActiveHigh {
		return gpio.High
	}
	return gpio.Low
}
