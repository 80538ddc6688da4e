// Package timesync tells whether the system clock has been synchronised by
// NTP, for the queue engine's clock safety (queue.Options.Synced): a board
// without an RTC boots with fake-hwclock's saved time, plausible but old,
// and a new hall day must not start on it.
//
// Kernel asks the kernel, read-only, the way timedatectl does; File looks
// for a flag file such as systemd-timesyncd's. Parse reads the -clock-sync
// flag.
//
// Caveats: once a check has said "synchronised" it keeps saying so for the
// life of the process: the kernel marks the clock unsynchronised again some
// nine hours after NTP stops answering, but a running clock stays right to
// within seconds, and a hall whose network was down overnight must still
// open. A restart forgets it. Setting the clock by hand (date -s) leaves it
// unsynchronised for Kernel. A hall without any NTP server never
// synchronises: use "none" there. Under systemd, ProtectClock=yes, or a
// SystemCallFilter without adjtimex, blocks even the read-only call; Parse
// then fails at start instead of letting the hall wait for ever.
package timesync

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
)

// Kernel reports whether the kernel considers its clock synchronised: an
// NTP daemon (timesyncd, chrony, ntpd) has set a maximum error below 16 s.
// On systems other than Linux it always reports true.
func Kernel() func() bool {
	return latch(func() bool {
		ok, err := kernelSynced()
		return err == nil && ok
	})
}

// File reports the clock synchronised once path exists, e.g.
// /run/systemd/timesync/synchronized, which systemd-timesyncd creates at
// its first synchronisation.
func File(path string) func() bool {
	return latch(func() bool {
		_, err := os.Stat(path)
		return err == nil
	})
}

// Parse reads a -clock-sync value: "none" (or empty: no check, a nil
// func), "kernel" or "file:PATH" with an absolute PATH.
func Parse(spec string) (func() bool, error) {
	switch {
	case spec == "" || spec == "none":
		return nil, nil
	case spec == "kernel":
		if _, err := kernelSynced(); err != nil {
			return nil, fmt.Errorf("timesync: cannot read the kernel clock state: %w (under systemd: ProtectClock=no and SystemCallFilter=adjtimex)", err)
		}
		return Kernel(), nil
	case strings.HasPrefix(spec, "file:"):
		path := strings.TrimPrefix(spec, "file:")
		if !filepath.IsAbs(path) {
			return nil, fmt.Errorf("timesync: %q: file: needs an absolute path", spec)
		}
		return File(path), nil
	}
	return nil, fmt.Errorf("timesync: %q: want none, kernel or file:PATH", spec)
}

// latch keeps reporting true once f has (see the package caveats).
func latch(f func() bool) func() bool {
	var synced atomic.Bool
	return func() bool {
		if synced.Load() {
			return true
		}
		if f() {
			synced.Store(true)
			return true
		}
		return false
	}
}
