// Package audio plays announcements through the board's speakers: PCM in,
// sound out, one announcement at a time.
//
// A Speaker has one owner goroutine (Run) and a bounded queue. Announcements
// are played in the order they were queued; the next one waits until the
// current one has finished, so calls never overlap and are never cut off by a
// later call. Each announcement can be repeated (with a silent pause) and is
// scaled to the configured volume in Go, samples clamped, before it goes to
// the player, so the mixer setting of the card is left alone.
//
// The default player is ALSA's aplay reading raw S16_LE PCM on stdin
// (CommandPlayer); the device (e.g. plughw:CARD=Headphones) and the whole
// command line are configuration. A missing aplay binary puts the Speaker in
// degraded mode: announcements are refused with ErrNoPlayer and nothing
// crashes. The package knows nothing of voice packs or calls: it takes PCM
// bytes and their Format.
//
// Caveats: only signed 16-bit little-endian PCM is handled. Stopping Run
// kills the announcement being played and fails the queued ones with
// ErrClosed. A player that hangs is killed after the sound's duration plus
// Config.PlaySlack. audiotest has a fake Player for tests.
package audio
