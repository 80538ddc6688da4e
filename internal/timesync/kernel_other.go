//go:build !linux

package timesync

// kernelSynced: other systems keep time with an RTC (development machines),
// so their clock is taken as synchronised.
func kernelSynced() (bool, error) { return true, nil }
