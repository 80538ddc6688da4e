package audio

import "errors"

// Errors returned by Enqueue, Play and the players, wrapped with context.
var (
	ErrNoPlayer  = errors.New("audio: player program not found (degraded mode, no sound)")
	ErrPlayer    = errors.New("audio: player failed")
	ErrTimeout   = errors.New("audio: player did not finish in time")
	ErrQueueFull = errors.New("audio: announcement queue full")
	ErrClosed    = errors.New("audio: speaker stopped")
	ErrConfig    = errors.New("audio: invalid config")
	ErrBadPCM    = errors.New("audio: invalid PCM or format")
)
