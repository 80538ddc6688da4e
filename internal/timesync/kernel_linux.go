//go:build linux

package timesync

import "syscall"

// ntpPhaseLimit is the kernel's NTP_PHASE_LIMIT in µs (16 s): the maximum
// error it reports after boot, after the clock is set by hand, and once an
// NTP daemon has been silent long enough.
const ntpPhaseLimit = 16_000_000

// kernelSynced reads the kernel's NTP state without changing it (modes 0
// needs no privilege). Like systemd's ntp_synced it trusts maxerror and
// not the STA_UNSYNC status bit (0x0040; adjtimex then returns TIME_ERROR,
// 5): chrony without rtcsync keeps that bit set while synchronised, to stop
// the kernel from writing the RTC.
func kernelSynced() (bool, error) {
	var tx syscall.Timex
	if _, err := syscall.Adjtimex(&tx); err != nil {
		return false, err
	}
	return tx.Maxerror < ntpPhaseLimit, nil
}
