// Package serialport opens serial lines (RS-232, RS-485 adapters, USB CDC) for
// halld's device drivers through github.com/tarm/serial.
//
// It adds what the drivers need on top of tarm/serial: a validated Config whose
// errors name the offending field, and a Port whose Read reports a read
// timeout as ErrTimeout instead of tarm's (0, io.EOF).
//
// Caveats:
//   - ReadTimeout is implemented by termios VTIME, so it is counted in tenths of
//     a second (100 ms to 25.5 s) and restarts after every received byte.
//   - A hung-up line (for example a pty whose master was closed) also reads as
//     (0, EOF) at the tty level and is therefore reported as ErrTimeout; a
//     removed USB adapter reports a real error (EIO/ENODEV) instead.
//   - There is no flow control, no RS-485 direction control, no exclusive lock
//     and no drain: tarm/serial does not offer them.
//   - Write returns when the kernel has the bytes, not when they left the wire;
//     callers that must pace frames compute the line time themselves.
package serialport
