package voice

import "errors"

// Errors returned by this package, wrapped with context (the clip or file name,
// the offending value).
var (
	// ErrNotWAV: the bytes are not a RIFF/WAVE file at all.
	ErrNotWAV = errors.New("voice: not a RIFF/WAVE file")
	// ErrMalformedWAV: a RIFF/WAVE file with broken chunks (truncated, no fmt
	// or data chunk, inconsistent block size).
	ErrMalformedWAV = errors.New("voice: malformed WAV")
	// ErrUnsupportedFormat: a valid WAV that is not 16-bit integer PCM, mono
	// or stereo.
	ErrUnsupportedFormat = errors.New("voice: unsupported WAV format (need 16-bit PCM, mono or stereo)")
	// ErrFormatMismatch: the clips of a pack do not share one format.
	ErrFormatMismatch = errors.New("voice: clip format differs from the pack's")
	// ErrMissingClip: a clip needed by the pack or by a call is not there.
	ErrMissingClip = errors.New("voice: missing clip")
	// ErrEmptyClip: a clip has no sound left after trimming silence.
	ErrEmptyClip = errors.New("voice: clip is silent")
	// ErrBadCall: a ticket number, window number or timing that cannot be said.
	ErrBadCall = errors.New("voice: invalid call")
)
