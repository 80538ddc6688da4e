// Package pgtest gives a test a real PostgreSQL: internal/pgtemp's
// throwaway server in t.TempDir(), stopped when the test ends.
//
// Without PostgreSQL the test is skipped with a message naming the Debian
// package (postgresql); in CI (CI=true), where .ci/run installs it, that is
// a failure instead, so the centre's tests never silently stop running.
//
// Caveat: each call initdbs a new cluster (a second or two); tests that
// need several databases share one server.
package pgtest

import (
	"context"
	"errors"
	"os"
	"testing"

	"halld/internal/pgtemp"
)

// Server is a running PostgreSQL; DSN connects to its database "halld".
type Server = pgtemp.Server

// Start runs a fresh PostgreSQL for t and waits until it accepts
// connections.
func Start(t testing.TB) *Server {
	t.Helper()
	s, err := pgtemp.Start(context.Background(), t.TempDir())
	if errors.Is(err, pgtemp.ErrNotInstalled) {
		msg := "pgtest: " + err.Error() + ": install the Debian package postgresql, or set HALLD_PG_BIN"
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	if err != nil {
		t.Fatalf("pgtest: %v", err)
	}
	t.Cleanup(s.Stop)
	return s
}
