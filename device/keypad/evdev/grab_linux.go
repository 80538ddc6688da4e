package evdev

import (
	"os"

	"golang.org/x/sys/unix"
)

// eviocgrab is _IOW('E', 0x90, int) from linux/input.h.
const eviocgrab = 0x40044590

// grab asks the kernel to deliver f's events to this descriptor only. The
// argument is passed by value (non-zero grabs). SyscallConn is used rather
// than Fd, which would take the file out of the poller and break deadlines.
func grab(f *os.File) error {
	rc, err := f.SyscallConn()
	if err != nil {
		return err
	}
	var ierr error
	if err := rc.Control(func(fd uintptr) {
		ierr = unix.IoctlSetInt(int(fd), eviocgrab, 1)
	}); err != nil {
		return err
	}
	return ierr
}
