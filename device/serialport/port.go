package serialport

import (
	"errors"
	"fmt"
	"io"
	"os"
	"syscall"
	"time"
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
// goroutines; Close makes a pending Read return at once.
type Port struct {
	path    string
	f       *os.File // non-blocking, in the runtime's poller: deadlines work
	timeout time.Duration
}

var _ io.ReadWriteCloser = (*Port)(nil)

// Open validates c and opens the line in raw mode, for this process only
// (a second opener, another halld or a getty, is refused with EBUSY).
func Open(c Config) (*Port, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	f, err := openLine(c)
	if err != nil {
		return nil, fmt.Errorf("serialport: open %s: %w", c.Path, err)
	}
	return &Port{path: c.Path, f: f, timeout: c.ReadTimeout}, nil
}

// Read reads what has arrived, at most len(b) bytes, as soon as anything
// has. It returns ErrTimeout, never (0, nil), when nothing arrived within
// the read timeout, and ErrHangup once the line is gone.
func (p *Port) Read(b []byte) (int, error) {
	if len(b) == 0 {
		return 0, nil
	}
	if err := p.f.SetReadDeadline(time.Now().Add(p.timeout)); err != nil {
		return 0, fmt.Errorf("serialport: read %s: %w", p.path, err)
	}
	n, err := p.f.Read(b)
	switch {
	case n > 0:
		return n, nil
	case errors.Is(err, os.ErrDeadlineExceeded):
		return 0, ErrTimeout
	case err == nil, errors.Is(err, io.EOF), errors.Is(err, syscall.EIO), errors.Is(err, syscall.ENODEV):
		// A hung-up tty reads 0 bytes (EOF); a pty whose other side
		// closed, or a pulled USB adapter, fails with EIO or ENODEV.
		return 0, fmt.Errorf("%w: %s", ErrHangup, p.path)
	default:
		return 0, fmt.Errorf("serialport: read %s: %w", p.path, err)
	}
}

// Write hands b to the kernel; it does not wait for the bytes to leave the
// wire (see Drain).
func (p *Port) Write(b []byte) (int, error) {
	n, err := p.f.Write(b)
	if err != nil {
		return n, fmt.Errorf("serialport: write %s: %w", p.path, err)
	}
	return n, nil
}

// Drain waits until everything written has left the wire (tcdrain): for an
// RS-485 master that must not talk over the reply, or before closing.
func (p *Port) Drain() error {
	if err := drainLine(p.f); err != nil {
		return fmt.Errorf("serialport: drain %s: %w", p.path, err)
	}
	return nil
}

// Close closes the line; a Read waiting on it returns at once.
func (p *Port) Close() error {
	if err := p.f.Close(); err != nil {
		return fmt.Errorf("serialport: close %s: %w", p.path, err)
	}
	return nil
}
