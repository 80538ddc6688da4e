// Package supervise keeps one device line running: it opens the line,
// runs it until it fails, reports the change, waits a backoff that grows
// while the line stays down, and tries again — offline → retry → ok,
// reported both ways. Every device line of a hall (LED bus, serial and
// GPIO keypads, dispenser buttons) runs under it, so they recover alike.
//
// It knows nothing of the devices: a Session opens and runs one line and
// says when it is up. The printer driver keeps its own reopen loop, since
// it also polls status between jobs.
//
// Caveat: a session that fails the moment after it came up is retried with
// the grown backoff, not at once; a flapping cable does not spin.
package supervise
