// Package sdnotify speaks systemd's notification protocol: READY=1 once
// halld serves, WATCHDOG=1 while it is healthy, STOPPING=1 on the way out.
// It writes datagrams to the socket named by $NOTIFY_SOCKET; without one
// (not started by systemd, or Type=simple) every call does nothing.
//
// Caveat: the watchdog only proves that halld's main loop runs and its
// storage has not failed; systemd restarts halld when the pings stop.
package sdnotify

import (
	"net"
	"os"
	"strconv"
	"time"
)

// Notifier sends notifications to systemd.
type Notifier struct {
	addr *net.UnixAddr
}

// New reads $NOTIFY_SOCKET ("@name" is an abstract socket).
func New() *Notifier {
	path := os.Getenv("NOTIFY_SOCKET")
	if path == "" {
		return &Notifier{}
	}
	if path[0] == '@' {
		path = "\x00" + path[1:]
	}
	return &Notifier{addr: &net.UnixAddr{Name: path, Net: "unixgram"}}
}

// Send sends one notification ("READY=1", "WATCHDOG=1", "STATUS=…").
func (n *Notifier) Send(state string) error {
	if n.addr == nil {
		return nil
	}
	c, err := net.DialUnix("unixgram", nil, n.addr)
	if err != nil {
		return err
	}
	defer c.Close()
	_, err = c.Write([]byte(state))
	return err
}

// WatchdogInterval is how often to send WATCHDOG=1: half of systemd's
// WatchdogSec ($WATCHDOG_USEC), or 0 when no watchdog is configured for
// this process.
func WatchdogInterval() time.Duration {
	us, err := strconv.ParseInt(os.Getenv("WATCHDOG_USEC"), 10, 64)
	if err != nil || us <= 0 {
		return 0
	}
	if pid := os.Getenv("WATCHDOG_PID"); pid != "" && pid != strconv.Itoa(os.Getpid()) {
		return 0
	}
	return time.Duration(us) * time.Microsecond / 2
}
