// Package serialtest gives tests a serial line without hardware: an
// in-process pseudo-terminal pair. The code under test opens the slave path
// with serialport.Open exactly as it would open /dev/ttyUSB0; the test plays
// the device on the master side.
//
// Caveats: Linux only (/dev/ptmx, TIOCGPTN). Baud, parity and timing are not
// simulated: a pty accepts any rate and delivers bytes at once. The helper
// keeps its own handle on the slave open until cleanup, so the master never
// sees a hang-up while the code under test closes and reopens the port.
package serialtest

import (
	"fmt"
	"os"
	"testing"

	"golang.org/x/sys/unix"
)

// PTY opens a pseudo-terminal pair and registers its cleanup on t. It returns
// the slave path for the code under test and the master side, which plays the
// device. The master supports SetReadDeadline. If the system has no ptys the
// test is skipped.
func PTY(t testing.TB) (devicePath string, device *os.File) {
	t.Helper()
	m, path, err := openPTY()
	if err != nil {
		t.Skipf("serialtest: no pseudo-terminal available: %v", err)
	}
	// Put the slave in raw mode now, so bytes are never echoed or cooked even
	// before the code under test configures it; keep it open (see package doc).
	s, err := os.OpenFile(path, os.O_RDWR|unix.O_NOCTTY, 0)
	if err != nil {
		m.Close()
		t.Fatalf("serialtest: open slave %s: %v", path, err)
	}
	if err := makeRaw(s); err != nil {
		m.Close()
		s.Close()
		t.Fatalf("serialtest: raw mode on %s: %v", path, err)
	}
	t.Cleanup(func() {
		m.Close()
		s.Close()
	})
	return path, m
}

// openPTY is posix_openpt + unlockpt + ptsname. It uses SyscallConn rather
// than Fd, because Fd switches the file to blocking mode and deadlines stop
// working.
func openPTY() (*os.File, string, error) {
	m, err := os.OpenFile("/dev/ptmx", os.O_RDWR|unix.O_NOCTTY, 0)
	if err != nil {
		return nil, "", err
	}
	rc, err := m.SyscallConn()
	if err != nil {
		m.Close()
		return nil, "", err
	}
	var n int
	var ierr error
	cerr := rc.Control(func(fd uintptr) {
		if ierr = unix.IoctlSetPointerInt(int(fd), unix.TIOCSPTLCK, 0); ierr != nil {
			return
		}
		n, ierr = unix.IoctlGetInt(int(fd), unix.TIOCGPTN)
	})
	if cerr != nil || ierr != nil {
		m.Close()
		return nil, "", fmt.Errorf("unlockpt/ptsname: %v %v", cerr, ierr)
	}
	return m, fmt.Sprintf("/dev/pts/%d", n), nil
}

// makeRaw applies cfmakeraw(3) to f's terminal.
func makeRaw(f *os.File) error {
	rc, err := f.SyscallConn()
	if err != nil {
		return err
	}
	var ierr error
	err = rc.Control(func(fd uintptr) {
		var t *unix.Termios
		if t, ierr = unix.IoctlGetTermios(int(fd), unix.TCGETS); ierr != nil {
			return
		}
		t.Iflag &^= unix.IGNBRK | unix.BRKINT | unix.PARMRK | unix.ISTRIP | unix.INLCR | unix.IGNCR | unix.ICRNL | unix.IXON
		t.Oflag &^= unix.OPOST
		t.Lflag &^= unix.ECHO | unix.ECHONL | unix.ICANON | unix.ISIG | unix.IEXTEN
		t.Cflag &^= unix.CSIZE | unix.PARENB
		t.Cflag |= unix.CS8
		ierr = unix.IoctlSetTermios(int(fd), unix.TCSETS, t)
	})
	if err != nil {
		return err
	}
	return ierr
}
