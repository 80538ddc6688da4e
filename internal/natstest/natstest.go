// Package natstest runs real nats-server processes with JetStream for tests
// (through natsproc): one server or a cluster of three, each in its own
// directory under t.TempDir(), stopped when the test ends. A failure to
// start fails the test.
//
// Caveat: the first server in a test binary runs `go tool -n nats-server`,
// which builds the pinned server (about a minute cold).
package natstest

import (
	"context"
	"fmt"
	"testing"

	"halld/internal/natsproc"
)

// Options shape one server; see natsproc.Options.
type Options = natsproc.Options

// Server is one running nats-server process.
type Server struct {
	*natsproc.Server
	t testing.TB
}

// Start runs one server and waits until JetStream is ready.
func Start(t testing.TB, o Options) *Server {
	t.Helper()
	s, err := natsproc.Start(context.Background(), t.TempDir(), o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Stop)
	return &Server{Server: s, t: t}
}

// Cluster runs n servers (use 3) joined in one JetStream cluster named
// "halls" and waits until each is current with its meta leader.
func Cluster(t testing.TB, n int, o Options) []*Server {
	t.Helper()
	dirs := make([]string, n)
	for i := range dirs {
		dirs[i] = t.TempDir()
	}
	ss, err := natsproc.StartCluster(context.Background(), dirs, o)
	if err != nil {
		t.Fatal(err)
	}
	out := make([]*Server, n)
	for i, s := range ss {
		t.Cleanup(s.Stop)
		out[i] = &Server{Server: s, t: t}
	}
	return out
}

// Restart starts a stopped or killed server again on the same ports and
// store; a failure fails the test.
func (s *Server) Restart() {
	s.t.Helper()
	if err := s.Server.Restart(context.Background()); err != nil {
		s.t.Fatal(err)
	}
}

// Reload asks the server to reread its configuration; a failure fails the
// test.
func (s *Server) Reload() {
	s.t.Helper()
	if err := s.Server.Reload(); err != nil {
		s.t.Fatal(fmt.Errorf("natstest: %w", err))
	}
}

// Binary returns the pinned nats-server's path; a failure fails the test.
func Binary(t testing.TB) string {
	t.Helper()
	p, err := natsproc.Binary()
	if err != nil {
		t.Fatal(err)
	}
	return p
}
