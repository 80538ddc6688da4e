// Package pgtest runs a real PostgreSQL server for tests: initdb into a
// directory under t.TempDir(), a postmaster on a free loopback port with
// its unix socket in the same directory, stopped when the test ends.
//
// The binaries come from $HALLD_PG_BIN, else Debian's
// /usr/lib/postgresql/15/bin, else initdb and postgres on PATH. Without
// them a test skips naming the Debian package (postgresql); in CI
// (CI=true) that is a failure instead.
//
// Caveats: initdb and postgres refuse to run as root, so when the test
// runs as root they run as the system user "postgres" (which the Debian
// package creates) and the directory is handed to that user. Ports are
// chosen by the kernel and released before the server binds them, so in
// rare cases one is taken in between; Start then fails with the server's
// log. A test process killed outright leaves its postmaster running.
package pgtest

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// Server is one running PostgreSQL.
type Server struct {
	// DSN connects as the superuser "postgres" to the database "postgres"
	// over TCP on 127.0.0.1 (trust authentication: a test server only).
	DSN string
	// Dir holds the data directory, the socket directory and the log.
	Dir string

	t    testing.TB
	cmd  *exec.Cmd
	done chan struct{}
}

// binDir finds the directory holding initdb and postgres, or "".
func binDir() string {
	if d := os.Getenv("HALLD_PG_BIN"); d != "" {
		return d
	}
	if _, err := os.Stat("/usr/lib/postgresql/15/bin/initdb"); err == nil {
		return "/usr/lib/postgresql/15/bin"
	}
	if p, err := exec.LookPath("initdb"); err == nil {
		return filepath.Dir(p)
	}
	return ""
}

// Start runs a fresh PostgreSQL and waits until it accepts connections.
func Start(t testing.TB) *Server {
	t.Helper()
	bin := binDir()
	if bin == "" {
		msg := "pgtest: PostgreSQL not found (install the Debian package postgresql, or set HALLD_PG_BIN to its bin directory)"
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	dir := t.TempDir()
	cred, err := credential(dir)
	if err != nil {
		t.Fatalf("pgtest: %v", err)
	}
	data, sock := filepath.Join(dir, "data"), filepath.Join(dir, "sock")
	if err := os.Mkdir(sock, 0o700); err != nil {
		t.Fatal(err)
	}
	if cred != nil {
		for _, p := range []string{dir, sock} {
			if err := os.Chown(p, int(cred.Uid), int(cred.Gid)); err != nil {
				t.Fatal(err)
			}
		}
	}
	initdb := exec.Command(filepath.Join(bin, "initdb"), "-D", data, "-U", "postgres", "-A", "trust",
		"-E", "UTF8", "--locale=C", "--no-sync")
	initdb.SysProcAttr = &syscall.SysProcAttr{Credential: cred}
	initdb.Dir = dir
	if out, err := initdb.CombinedOutput(); err != nil {
		t.Fatalf("pgtest: initdb: %v\n%s", err, out)
	}
	port := freePort(t)
	s := &Server{t: t, Dir: dir,
		DSN: fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable", port)}
	logf, err := os.OpenFile(filepath.Join(dir, "postgres.log"), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	s.cmd = exec.Command(filepath.Join(bin, "postgres"), "-D", data, "-p", strconv.Itoa(port),
		"-k", sock, "-c", "listen_addresses=127.0.0.1", "-c", "max_connections=50")
	s.cmd.SysProcAttr = &syscall.SysProcAttr{Credential: cred}
	s.cmd.Dir = dir
	s.cmd.Stdout, s.cmd.Stderr = logf, logf
	if err := s.cmd.Start(); err != nil {
		logf.Close()
		t.Fatalf("pgtest: start postgres: %v", err)
	}
	s.done = make(chan struct{})
	go func() {
		s.cmd.Wait()
		logf.Close()
		close(s.done)
	}()
	t.Cleanup(s.Stop)
	s.waitReady()
	return s
}

// credential returns the postgres user's ids when running as root (and
// hands dir to it), or nil to run as ourselves.
func credential(dir string) (*syscall.Credential, error) {
	if os.Geteuid() != 0 {
		return nil, nil
	}
	u, err := user.Lookup("postgres")
	if err != nil {
		return nil, fmt.Errorf("running as root needs the system user postgres (Debian package postgresql): %w", err)
	}
	uid, _ := strconv.Atoi(u.Uid)
	gid, _ := strconv.Atoi(u.Gid)
	// t.TempDir's parent is private to root: let postgres reach its own
	// directory through it (search permission only, no listing).
	if err := os.Chmod(filepath.Dir(dir), 0o711); err != nil {
		return nil, err
	}
	return &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}, nil
}

// waitReady polls until a connection succeeds: the server is another
// process, so there is nothing to wait on but its answer.
func (s *Server) waitReady() {
	s.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	tick := time.NewTicker(25 * time.Millisecond)
	defer tick.Stop()
	for {
		c, err := pgx.Connect(ctx, s.DSN)
		if err == nil {
			c.Close(ctx)
			return
		}
		select {
		case <-s.done:
			s.t.Fatalf("pgtest: postgres exited while starting:\n%s", s.Log())
		case <-ctx.Done():
			s.t.Fatalf("pgtest: postgres not ready in 60s (%v):\n%s", err, s.Log())
		case <-tick.C:
		}
	}
}

// Log returns what the server wrote so far.
func (s *Server) Log() string {
	b, _ := os.ReadFile(filepath.Join(s.Dir, "postgres.log"))
	return string(b)
}

// Stop ends the server with a fast shutdown (SIGINT: sessions are ended,
// the store checkpointed) and waits for it. It is called at cleanup.
func (s *Server) Stop() {
	if s.cmd == nil || s.cmd.Process == nil {
		return
	}
	select {
	case <-s.done:
		return
	default:
	}
	s.cmd.Process.Signal(syscall.SIGINT)
	select {
	case <-s.done:
	case <-time.After(30 * time.Second):
		s.cmd.Process.Kill()
		<-s.done
	}
}

func freePort(t testing.TB) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}
