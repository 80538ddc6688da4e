package printer

import "errors"

// Errors returned by Print, possibly wrapped with context. A job refused or
// unacknowledged because of a fault wraps both ErrNoAck and the fault's error.
var (
	ErrPaperOut    = errors.New("printer: paper out")
	ErrCoverOpen   = errors.New("printer: cover open")
	ErrOffline     = errors.New("printer: offline (no answer to status requests)")
	ErrUnplugged   = errors.New("printer: device missing or failing")
	ErrDeviceError = errors.New("printer: printer error (cutter, mechanism or head)")
	ErrNoAck       = errors.New("printer: job not acknowledged")
	ErrTimeout     = errors.New("printer: timeout")
	ErrClosed      = errors.New("printer: driver stopped")
	ErrConfig      = errors.New("printer: invalid config")
	ErrEmptyJob    = errors.New("printer: empty job")
)
