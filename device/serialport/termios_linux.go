package serialport

import (
	"os"

	"golang.org/x/sys/unix"
)

// openLine opens c.Path non-blocking, so that the file joins the runtime's
// poller: a read waits in epoll with a deadline, and Close wakes it. Other
// serial libraries wait in select(2), whose fd_set cannot hold a descriptor
// above 1023 — which a hall with a thousand screen sockets reaches when a
// printer is re-opened after a hot-plug.
func openLine(c Config) (*os.File, error) {
	fd, err := unix.Open(c.Path, unix.O_RDWR|unix.O_NOCTTY|unix.O_NONBLOCK|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, err
	}
	if err := setLine(fd, c); err != nil {
		unix.Close(fd)
		return nil, err
	}
	return os.NewFile(uintptr(fd), c.Path), nil
}

// setLine takes the line for this process alone (TIOCEXCL) and puts it in
// raw mode at c's rate and framing, with termios2 so that any rate is set
// exactly (BOTHER), not only the Bnnn constants.
func setLine(fd int, c Config) error {
	if err := unix.IoctlSetInt(fd, unix.TIOCEXCL, 0); err != nil {
		return err
	}
	t, err := unix.IoctlGetTermios(fd, unix.TCGETS2)
	if err != nil {
		return err
	}
	// Raw, as cfmakeraw: no echo, no line editing, no signals, no
	// translation of CR/LF, no software flow control.
	t.Iflag &^= unix.IGNBRK | unix.BRKINT | unix.PARMRK | unix.ISTRIP | unix.INLCR | unix.IGNCR |
		unix.ICRNL | unix.IXON | unix.IXOFF | unix.IXANY | unix.INPCK
	t.Oflag &^= unix.OPOST
	t.Lflag &^= unix.ECHO | unix.ECHONL | unix.ICANON | unix.ISIG | unix.IEXTEN
	t.Cflag &^= unix.CSIZE | unix.PARENB | unix.PARODD | unix.CSTOPB | unix.CRTSCTS |
		unix.CBAUD | unix.CBAUD<<unix.IBSHIFT // input rate 0: the same as output
	t.Cflag |= unix.CREAD | unix.CLOCAL | unix.BOTHER
	t.Ospeed, t.Ispeed = uint32(c.Baud), uint32(c.Baud)
	t.Cflag |= map[int]uint32{5: unix.CS5, 6: unix.CS6, 7: unix.CS7, 8: unix.CS8}[c.dataBits()]
	switch c.Parity {
	case "E":
		t.Cflag |= unix.PARENB
		t.Iflag |= unix.INPCK
	case "O":
		t.Cflag |= unix.PARENB | unix.PARODD
		t.Iflag |= unix.INPCK
	}
	if c.StopBits == 2 {
		t.Cflag |= unix.CSTOPB
	}
	// A read returns as soon as one byte is there; the poller's deadline,
	// not VTIME, bounds the wait.
	t.Cc[unix.VMIN], t.Cc[unix.VTIME] = 1, 0
	return unix.IoctlSetTermios(fd, unix.TCSETS2, t)
}

// drainLine is tcdrain: TCSBRK with a non-zero argument sends no break and
// waits for the output queue to empty.
func drainLine(f *os.File) error {
	rc, err := f.SyscallConn()
	if err != nil {
		return err
	}
	var ierr error
	if err := rc.Control(func(fd uintptr) { ierr = unix.IoctlSetInt(int(fd), unix.TCSBRK, 1) }); err != nil {
		return err
	}
	return ierr
}
