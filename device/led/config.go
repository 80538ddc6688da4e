package led

import (
	"errors"
	"fmt"
	"time"
)

// Errors of this package.
var (
	ErrConfig       = errors.New("led: invalid config")
	ErrUnknownBoard = errors.New("led: unknown board address")
	ErrNoReply      = errors.New("led: no reply")
	ErrIO           = errors.New("led: bus I/O failed")
	ErrRunning      = errors.New("led: bus already running")
)

// Config sets the timing of one bus. Zero fields other than Baud take the
// defaults shown.
type Config struct {
	Baud         int           // line rate, for pacing; required
	BitsPerChar  int           // start + data + parity + stop bits; 10 (8N1)
	Gap          time.Duration // silence between frames; 100 ms
	ReplyTimeout time.Duration // after the frame left the wire; 500 ms
	RetryMin     time.Duration // first backoff after a failure; 2 s
	RetryMax     time.Duration // backoff ceiling; 1 min
}

func (c Config) withDefaults() (Config, error) {
	def := func(d *time.Duration, v time.Duration) {
		if *d == 0 {
			*d = v
		}
	}
	if c.BitsPerChar == 0 {
		c.BitsPerChar = 10
	}
	def(&c.Gap, 100*time.Millisecond)
	def(&c.ReplyTimeout, 500*time.Millisecond)
	def(&c.RetryMin, 2*time.Second)
	def(&c.RetryMax, time.Minute)
	switch {
	case c.Baud <= 0:
		return c, fmt.Errorf("%w: Baud %d", ErrConfig, c.Baud)
	case c.BitsPerChar < 7 || c.BitsPerChar > 12:
		return c, fmt.Errorf("%w: BitsPerChar %d not in 7..12", ErrConfig, c.BitsPerChar)
	case c.Gap < 0 || c.ReplyTimeout < 0 || c.RetryMin < 0:
		return c, fmt.Errorf("%w: negative duration", ErrConfig)
	case c.RetryMax < c.RetryMin:
		return c, fmt.Errorf("%w: RetryMax %v < RetryMin %v", ErrConfig, c.RetryMax, c.RetryMin)
	}
	return c, nil
}

// lineTime is how long n bytes take on the wire.
func (c Config) lineTime(n int) time.Duration {
	return time.Duration(n) * time.Duration(c.BitsPerChar) * time.Second / time.Duration(c.Baud)
}

// backoff is the wait after the given number of consecutive failures.
func (c Config) backoff(failures int) time.Duration {
	d := c.RetryMin
	for i := 1; i < failures && d < c.RetryMax; i++ {
		d *= 2
	}
	return min(d, c.RetryMax)
}
