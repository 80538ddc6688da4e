package serialport

import (
	"errors"
	"fmt"
	"time"
)

// ErrConfig is wrapped by every error Validate returns.
var ErrConfig = errors.New("serialport: invalid config")

// Config describes one serial line. Zero DataBits, Parity and StopBits mean
// 8, "N" and 1.
type Config struct {
	Path        string        // device node, e.g. /dev/ttyUSB0
	Baud        int           // line rate; must be a rate Linux termios knows
	DataBits    int           // 5..8; 0 means 8
	Parity      string        // "N", "E" or "O"; "" means "N"
	StopBits    int           // 1 or 2; 0 means 1
	ReadTimeout time.Duration // 100 ms .. 25.5 s, counted in tenths of a second
}

// Limits of termios VTIME, which carries ReadTimeout.
const (
	minReadTimeout = 100 * time.Millisecond
	maxReadTimeout = 25500 * time.Millisecond
)

// bauds are the standard rates. termios2 could set any rate exactly, but
// a typo (9601) is likelier in a hall's config than a device needing one.
var bauds = map[int]bool{
	50: true, 75: true, 110: true, 134: true, 150: true, 200: true, 300: true,
	600: true, 1200: true, 1800: true, 2400: true, 4800: true, 9600: true,
	19200: true, 38400: true, 57600: true, 115200: true, 230400: true,
	460800: true, 500000: true, 576000: true, 921600: true, 1000000: true,
	1152000: true, 1500000: true, 2000000: true, 2500000: true, 3000000: true,
	3500000: true, 4000000: true,
}

// Validate reports the first invalid field, wrapped in ErrConfig.
func (c Config) Validate() error {
	bad := func(field string, format string, args ...any) error {
		return fmt.Errorf("%w: %s: %s", ErrConfig, field, fmt.Sprintf(format, args...))
	}
	switch {
	case c.Path == "":
		return bad("Path", "empty")
	case !bauds[c.Baud]:
		return bad("Baud", "%d is not a supported rate", c.Baud)
	case c.DataBits != 0 && (c.DataBits < 5 || c.DataBits > 8):
		return bad("DataBits", "%d not in 5..8", c.DataBits)
	case c.Parity != "" && c.Parity != "N" && c.Parity != "E" && c.Parity != "O":
		return bad("Parity", "%q is not N, E or O", c.Parity)
	case c.StopBits != 0 && c.StopBits != 1 && c.StopBits != 2:
		return bad("StopBits", "%d is not 1 or 2", c.StopBits)
	case c.ReadTimeout < minReadTimeout || c.ReadTimeout > maxReadTimeout:
		return bad("ReadTimeout", "%v not in %v..%v", c.ReadTimeout, minReadTimeout, maxReadTimeout)
	}
	return nil
}

func (c Config) dataBits() int {
	if c.DataBits == 0 {
		return 8
	}
	return c.DataBits
}
