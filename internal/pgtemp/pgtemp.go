// Package pgtemp runs a throwaway PostgreSQL server in a directory: initdb,
// start on 127.0.0.1 at a free port with its socket in the same directory,
// stop. The demo network and the centre's tests use it; nothing in a hall
// does.
//
// Caveats: PostgreSQL refuses to run as root, so when the caller is root the
// server runs as the system user "postgres" (Debian's package creates it)
// and the directory is handed to that user. fsync stays on: the centre's
// exactly-once figures are measured against a durable database. The port is
// chosen by listening on :0 and closing, so another process can in rare
// cases take it first; Start then fails with PostgreSQL's own message.
package pgtemp

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"

	"halld/internal/childproc"
)

// ErrNotInstalled is returned when no PostgreSQL server binaries are found.
var ErrNotInstalled = errors.New("pgtemp: PostgreSQL server not installed (Debian package postgresql)")

// BinDir finds the directory holding initdb and postgres: $HALLD_PG_BIN,
// then the directory initdb on PATH really lives in, then the newest
// /usr/lib/postgresql/*/bin (Debian keeps initdb off PATH).
func BinDir() (string, error) {
	if d := os.Getenv("HALLD_PG_BIN"); d != "" {
		return d, nil
	}
	// A symlink on PATH (/usr/local/bin/initdb) leads to the directory
	// holding the other binaries too.
	if p, err := exec.LookPath("initdb"); err == nil {
		if real, err := filepath.EvalSymlinks(p); err == nil {
			return filepath.Dir(real), nil
		}
	}
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(dirs, func(i, j int) bool { return version(dirs[i]) > version(dirs[j]) })
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join(d, "initdb")); err == nil {
			return d, nil
		}
	}
	return "", ErrNotInstalled
}

func version(binDir string) int {
	n, _ := strconv.Atoi(filepath.Base(filepath.Dir(binDir)))
	return n
}

// Server is one running PostgreSQL.
type Server struct {
	Dir  string // data directory and socket directory's parent
	Port int
	// DSN connects as the superuser "halld" to the database "halld".
	DSN string

	bin  string
	cred *syscall.Credential
	proc *childproc.Proc
}

// Start creates a cluster in dir (which must be empty or absent), starts
// it and creates the database "halld". The server runs until Stop or Kill,
// or until ctx is done.
func Start(ctx context.Context, dir string) (*Server, error) {
	bin, err := BinDir()
	if err != nil {
		return nil, err
	}
	s := &Server{Dir: dir, bin: bin}
	if err := os.MkdirAll(filepath.Join(dir, "run"), 0o700); err != nil {
		return nil, err
	}
	if os.Geteuid() == 0 {
		if s.cred, err = postgresUser(dir); err != nil {
			return nil, err
		}
	}
	data := filepath.Join(dir, "data")
	if out, err := s.command(ctx, "initdb", "-D", data, "-U", "halld", "--auth=trust",
		"--encoding=UTF8", "--locale=C").CombinedOutput(); err != nil {
		return nil, fmt.Errorf("pgtemp: initdb: %w\n%s", err, out)
	}
	if s.Port, err = childproc.FreePort(); err != nil {
		return nil, err
	}
	if err := s.run(ctx); err != nil {
		return nil, err
	}
	if out, err := s.command(ctx, "createdb", "-h", "127.0.0.1", "-p", strconv.Itoa(s.Port),
		"-U", "halld", "halld").CombinedOutput(); err != nil {
		s.Kill()
		return nil, fmt.Errorf("pgtemp: createdb: %w\n%s", err, out)
	}
	return s, nil
}

// run starts the server on s.Port and waits until it accepts connections.
func (s *Server) run(ctx context.Context) error {
	cmd := s.command(ctx, "postgres", "-D", filepath.Join(s.Dir, "data"), "-p", strconv.Itoa(s.Port),
		"-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="+filepath.Join(s.Dir, "run"),
		"-c", "max_connections=200")
	proc, err := childproc.Start(cmd, filepath.Join(s.Dir, "postgres.log"))
	if err != nil {
		return fmt.Errorf("pgtemp: start postgres: %w", err)
	}
	s.proc = proc
	s.DSN = fmt.Sprintf("postgres://halld@127.0.0.1:%d/halld?sslmode=disable", s.Port)
	if err := s.waitReady(ctx); err != nil {
		s.Kill()
		return err
	}
	return nil
}

// Restart starts a stopped or killed server again on the same port and
// data, as after a power cut: PostgreSQL recovers from its WAL.
func (s *Server) Restart(ctx context.Context) error {
	s.Stop()
	return s.run(ctx)
}

// waitReady polls pg_isready: the server is another process with no
// readiness signal of its own.
func (s *Server) waitReady(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	tick := time.NewTicker(25 * time.Millisecond)
	defer tick.Stop()
	for {
		if s.command(ctx, "pg_isready", "-q", "-h", "127.0.0.1", "-p", strconv.Itoa(s.Port)).Run() == nil {
			return nil
		}
		select {
		case <-s.proc.Done():
			return fmt.Errorf("pgtemp: postgres exited while starting:\n%s", s.Log())
		case <-ctx.Done():
			return fmt.Errorf("pgtemp: postgres not ready: %w\n%s", ctx.Err(), s.Log())
		case <-tick.C:
		}
	}
}

// Log returns what the server wrote so far.
func (s *Server) Log() string {
	b, _ := os.ReadFile(filepath.Join(s.Dir, "postgres.log"))
	return string(b)
}

// Stop shuts the server down cleanly (SIGINT: fast shutdown) and waits.
func (s *Server) Stop() { s.proc.Stop(syscall.SIGINT) }

// Kill ends the server with SIGKILL, as a power cut would, and waits.
func (s *Server) Kill() { s.proc.Stop(syscall.SIGKILL) }

func (s *Server) command(ctx context.Context, name string, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, filepath.Join(s.bin, name), args...)
	cmd.Env = append(os.Environ(), "LC_ALL=C")
	if s.cred != nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: s.cred}
		cmd.Dir = s.Dir // the postgres user may not enter the caller's directory
	}
	return cmd
}

// postgresUser hands dir to the system user postgres and returns its
// credential: PostgreSQL will not run as root.
func postgresUser(dir string) (*syscall.Credential, error) {
	u, err := user.Lookup("postgres")
	if err != nil {
		return nil, fmt.Errorf("pgtemp: running as root needs the system user postgres: %w", err)
	}
	uid, _ := strconv.Atoi(u.Uid)
	gid, _ := strconv.Atoi(u.Gid)
	err = filepath.Walk(dir, func(p string, _ os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		return os.Chown(p, uid, gid)
	})
	if err != nil {
		return nil, err
	}
	// Every parent must be searchable by postgres. t.TempDir makes 0700
	// ones, opened here; a closed parent elsewhere (/root) is the caller's
	// to open, never silently widened.
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	tmp := filepath.Clean(os.TempDir())
	for p := filepath.Dir(abs); p != "/" && p != "."; p = filepath.Dir(p) {
		fi, err := os.Stat(p)
		if err != nil || fi.Mode().Perm()&0o001 != 0 {
			continue
		}
		if !strings.HasPrefix(p, tmp+"/") {
			return nil, fmt.Errorf("pgtemp: the user postgres cannot enter %s: use a directory under %s", p, tmp)
		}
		if err := os.Chmod(p, fi.Mode().Perm()|0o001); err != nil {
			return nil, err
		}
	}
	return &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}, nil
}
