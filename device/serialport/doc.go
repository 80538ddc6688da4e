// Package serialport opens serial lines (RS-232, RS-485 adapters, USB CDC) for
// halld's device drivers, directly on Linux's termios2 ioctls
// (golang.org/x/sys/unix).
//
// It gives the drivers a validated Config whose errors name the offending
// field, and a Port whose Read waits in the Go runtime's poller: a read
// timeout is ErrTimeout, a line that went away is ErrHangup, and Close wakes
// a waiting Read at once. It replaced github.com/tarm/serial (unchanged since
// 2018, VTIME timeouts, no close wake-up); maintained libraries wait in
// select(2), which fails for descriptors above 1023, and a busy hall has
// that many sockets open.
//
// Caveats:
//   - Linux only (the boards run Linux); elsewhere Open fails with
//     errors.ErrUnsupported.
//   - ReadTimeout is still validated as 100 ms to 25.5 s, the range the
//     VTIME-based port accepted, so existing configs keep their meaning.
//   - The line is opened exclusively (TIOCEXCL): a second opener gets EBUSY.
//   - No hardware flow control and no RS-485 direction control: the hall's
//     adapters switch direction themselves.
//   - Write returns when the kernel has the bytes; Drain waits until they
//     left the wire.
package serialport
