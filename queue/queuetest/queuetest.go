// Package queuetest opens queue engines for the tests of the packages
// built on the engine (api, kiosk, admin, equip, agent, display, cmd): a
// fresh database in t.TempDir(), the demo hall unless the test brings its
// own, and at cleanup the engine closed and the file verified with
// queue.Check — so every test that drives a real engine also proves it
// left a database that restarts: every record decodes and the event log
// has no gap.
//
// Caveats: the check runs after the test's own cleanups (cleanups run in
// reverse order, and Open registers its own first), so servers and device
// goroutines stop before the engine closes. A test that damages its
// database on purpose must not use it. Package queue's own tests cannot
// import it (queuetest imports queue); they have their own harness.
package queuetest

import (
	"path/filepath"
	"testing"

	"halld/queue"
	"halld/queue/hall"
)

// Open opens an engine on a new database in t.TempDir() with hall h
// (hall.Demo(), open around the clock, when nil) and opt. It fails the
// test if the engine does not open, and registers the close and check.
func Open(t testing.TB, h *hall.Hall, opt queue.Options) *queue.Engine {
	t.Helper()
	return OpenAt(t, filepath.Join(t.TempDir(), "halld.db"), h, opt)
}

// OpenAt is Open on the database at path, for a test that restarts an
// engine on the same file; each engine opened is closed and the file
// checked at cleanup.
func OpenAt(t testing.TB, path string, h *hall.Hall, opt queue.Options) *queue.Engine {
	t.Helper()
	if h == nil {
		h = hall.Demo()
	}
	e, err := queue.Open(path, h, opt)
	if err != nil {
		t.Fatalf("queuetest: open %s: %v", path, err)
	}
	t.Cleanup(func() {
		if err := e.Close(); err != nil {
			t.Errorf("queuetest: close %s: %v", path, err)
		}
		if err := queue.Check(path); err != nil {
			t.Errorf("queuetest: the test left a database that does not verify: %v", err)
		}
	})
	return e
}
