package main

import (
	"net"
	"path/filepath"
	"testing"
	"time"
)

// TestSystemdNotify: under systemd (Type=notify, WatchdogSec=) halld says
// READY=1 once it serves and then pings the watchdog; STOPPING=1 at the end.
func TestSystemdNotify(t *testing.T) {
	path := filepath.Join(t.TempDir(), "notify.sock")
	l, err := net.ListenUnixgram("unixgram", &net.UnixAddr{Name: path, Net: "unixgram"})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	t.Setenv("NOTIFY_SOCKET", path)
	t.Setenv("WATCHDOG_USEC", "2000000") // pings every second
	startDaemon(t)
	buf := make([]byte, 64)
	for _, want := range []string{"READY=1", "WATCHDOG=1"} {
		l.SetReadDeadline(time.Now().Add(10 * time.Second))
		n, err := l.Read(buf)
		if err != nil || string(buf[:n]) != want {
			t.Fatalf("got %q %v, want %q", buf[:n], err, want)
		}
	}
}
