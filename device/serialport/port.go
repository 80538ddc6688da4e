package serialport

import (
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/tarm/serial"
)

// ErrTimeout is returned by Port.Read when no byte arrived within
// Config.ReadTimeout. It also has a Timeout() bool method returning true, so
// code that must not import this package can test for it structurally.
var ErrTimeout error = timeoutError{}

type timeoutError struct{}

func (timeoutError) Error() string { return "serialport: read timeout" }
func (timeoutError) Timeout() bool { return true }

// ErrHangup is returned by Port.Read when the line has hung up: the device
// went away (a USB adapter pulled, a pseudo-terminal's other side closed).
// The port is of no further use; close it and open the path again.
var ErrHangup = errors.New("serialport: line hung up")

// Port is an open serial line. Read and Write may be used from different
// goroutines; Close makes a pending Read return within ReadTimeout.
type Port struct {
	path    string
	p       *serial.Port
	timeout time.Duration
}

var _ io.ReadWriteCloser = (*Port)(nil)

// Open validates c and opens the line in raw mode.
func Open(c Config) (*Port, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	tc := &serial.Config{
		Name:        c.Path,
		Baud:        c.Baud,
		ReadTimeout: c.ReadTimeout,
		Size:        byte(c.DataBits),
		StopBits:    serial.StopBits(c.StopBits),
	}
	if c.Parity != "" {
		tc.Parity = serial.Parity(c.Parity[0])
	}
	p, err := serial.OpenPort(tc)
	if err != nil {
		return nil, fmt.Errorf("serialport: open %s: %w", c.Path, err)
	}
	return &Port{path: c.Path, p: p, timeout: c.ReadTimeout}, nil
}

// Read reads what has arrived, at most len(b) bytes. It returns ErrTimeout,
// never (0, nil), when nothing arrived within the read timeout, and
// ErrHangup (or the kernel's EIO) once the line is gone.
func (p *Port) Read(b []byte) (int, error) {
	if len(b) == 0 {
		return 0, nil
	}
	t0 := time.Now()
	n, err := p.p.Read(b)
	switch {
	case n == 0 && errors.Is(err, io.EOF) && time.Since(t0) < p.timeout/2:
		// A hung-up tty reads 0 bytes at once, for ever; VTIME only ever
		// returns late (a busy machine delays it, never hastens it).
		return 0, fmt.Errorf("%w: %s", ErrHangup, p.path)
	case n == 0 && errors.Is(err, io.EOF):
		return 0, ErrTimeout // tarm's way of saying VTIME expired
	case n > 0 && errors.Is(err, io.EOF):
		return n, nil
	case err != nil:
		return n, fmt.Errorf("serialport: read %s: %w", p.path, err)
	case n == 0:
		return 0, ErrTimeout
	}
	return n, nil
}

// Write hands b to the kernel; it does not wait for the bytes to leave the wire.
func (p *Port) Write(b []byte) (int, error) {
	n, err := p.p.Write(b)
	if err != nil {
		return n, fmt.Errorf("serialport: write %s: %w", p.path, err)
	}
	return n, nil
}

// Close closes the line.
func (p *Port) Close() error {
	if err := p.p.Close(); err != nil {
		return fmt.Errorf("serialport: close %s: %w", p.path, err)
	}
	return nil
}
