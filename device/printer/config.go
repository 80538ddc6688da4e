package printer

import (
	"fmt"
	"time"

	"halld/device/serialport"
)

// Transport kinds for Config.Transport.
const (
	TransportSerial = "serial"
	TransportUSB    = "usb"
	TransportTCP    = "tcp"
)

// Config says where the printer is and how patient to be with it. Zero
// durations take the defaults noted.
type Config struct {
	Transport string            // "serial", "usb" or "tcp"
	Serial    serialport.Config // for "serial": path, baud (from the self-test page)…
	USBPath   string            // for "usb", e.g. /dev/usb/lp0
	TCPAddr   string            // for "tcp", e.g. 192.168.1.50:9100

	DialTimeout    time.Duration // TCP connect; 3 s
	ReadTimeout    time.Duration // one read on USB/TCP before checking for shutdown; 500 ms
	WriteTimeout   time.Duration // one job write; 10 s (a raster at 9600 baud is slow)
	StatusTimeout  time.Duration // reply to one DLE EOT; 1 s
	AckTimeout     time.Duration // reply to GS r 1 after a job; 20 s
	PollInterval   time.Duration // status polling; 3 s
	ReopenInterval time.Duration // retry of a missing device; 5 s

	Now func() time.Time // clock for State.Since; time.Now
	// OnLate is told the tag of a job given up on whose acknowledgement
	// came after all (PrintTagged). It runs on the driver's goroutine and
	// must not block or call the Printer.
	OnLate func(tag string)
}

func (c Config) withDefaults() Config {
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	def(&c.DialTimeout, 3*time.Second)
	def(&c.ReadTimeout, 500*time.Millisecond)
	def(&c.WriteTimeout, 10*time.Second)
	def(&c.StatusTimeout, time.Second)
	def(&c.AckTimeout, 20*time.Second)
	def(&c.PollInterval, 3*time.Second)
	def(&c.ReopenInterval, 5*time.Second)
	if c.Now == nil {
		c.Now = time.Now
	}
	return c
}

// Opener opens the transport to the printer. It is called again after the
// transport fails.
type Opener func() (Conn, error)

// Opener returns the Opener for the configured transport.
func (c Config) Opener() (Opener, error) {
	c = c.withDefaults()
	switch c.Transport {
	case TransportSerial:
		if err := c.Serial.Validate(); err != nil {
			return nil, fmt.Errorf("%w: %w", ErrConfig, err)
		}
		sc := c.Serial
		return func() (Conn, error) { return openSerial(sc) }, nil
	case TransportUSB:
		if c.USBPath == "" {
			return nil, fmt.Errorf("%w: empty USBPath", ErrConfig)
		}
		path, rt, wt := c.USBPath, c.ReadTimeout, c.WriteTimeout
		return func() (Conn, error) { return openUSB(path, rt, wt) }, nil
	case TransportTCP:
		if c.TCPAddr == "" {
			return nil, fmt.Errorf("%w: empty TCPAddr", ErrConfig)
		}
		addr, dt, rt, wt := c.TCPAddr, c.DialTimeout, c.ReadTimeout, c.WriteTimeout
		return func() (Conn, error) { return dialTCP(addr, dt, rt, wt) }, nil
	}
	return nil, fmt.Errorf("%w: transport %q", ErrConfig, c.Transport)
}
