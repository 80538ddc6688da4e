// Package natsproc runs nats-server processes with JetStream: one server or
// a cluster, each in its own directory, for the demo network, the network
// bench and (through natstest) the tests.
//
// The binary is the nats-server module go.mod pins as a tool
// (github.com/nats-io/nats-server/v2), found with `go tool -n nats-server`,
// which builds it once into Go's build cache; so tests, the demo and the
// centre's documentation all name one version. It therefore needs the go
// command and this module's source, as `go run` and `go test` have.
//
// Caveats: ports are chosen by the kernel (listen on :0, then closed), so a
// port can in rare cases be taken between the choice and the server's
// start; Start then fails with the server's own message. Kill is SIGKILL:
// what JetStream synced to disk survives (sync_interval: always), as on a
// machine losing power.
package natsproc

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"

	"halld/internal/childproc"
)

// ErrNotReady is returned when a server exits or does not answer its
// health check while starting.
var ErrNotReady = errors.New("natsproc: nats-server not ready")

var (
	binOnce sync.Once
	binPath string
	binErr  error
)

// Binary returns the path of the pinned nats-server, building it on first
// use (about a minute cold, a few seconds from the build cache).
func Binary() (string, error) {
	binOnce.Do(func() {
		out, err := exec.Command("go", "tool", "-n", "nats-server").CombinedOutput()
		if err != nil {
			binErr = fmt.Errorf("natsproc: go tool -n nats-server: %w\n%s", err, out)
			return
		}
		binPath = strings.TrimSpace(string(out))
	})
	return binPath, binErr
}

// Options shape one server. The zero value is a lone JetStream server on
// 127.0.0.1 with no authentication.
type Options struct {
	// Name is the server_name (unique in a cluster); default "n1".
	Name string
	// Config is appended to the generated configuration as is: an
	// authorization block, tls, accounts. It must not set listen, http,
	// jetstream or cluster, which Start writes.
	Config string
	// ConfigFiles are written into the server's directory before it starts
	// (name → content), for includes and certificates named by Config.
	ConfigFiles map[string]string
}

// Server is one nats-server process.
type Server struct {
	// URL is the client URL, nats://127.0.0.1:port.
	URL string
	// Dir holds the configuration, the JetStream store and the log.
	Dir string
	// Conf is the configuration file's path.
	Conf string

	name    string
	port    int
	monitor int
	proc    *childproc.Proc
}

// Start runs one server in dir and waits until JetStream is ready.
func Start(ctx context.Context, dir string, o Options) (*Server, error) {
	s, err := prepare(dir, o, "")
	if err != nil {
		return nil, err
	}
	return s, s.start(ctx)
}

// StartCluster runs len(dirs) servers (use 3) joined in one JetStream
// cluster named "halls", and waits until every one is current with the
// cluster's meta leader.
func StartCluster(ctx context.Context, dirs []string, o Options) ([]*Server, error) {
	routes := make([]int, len(dirs))
	var urls []string
	for i := range routes {
		p, err := childproc.FreePort()
		if err != nil {
			return nil, err
		}
		routes[i] = p
		urls = append(urls, fmt.Sprintf("nats://127.0.0.1:%d", p))
	}
	servers := make([]*Server, len(dirs))
	stopAll := func() {
		for _, s := range servers {
			if s != nil {
				s.Stop()
			}
		}
	}
	for i, dir := range dirs {
		oi := o
		oi.Name = fmt.Sprintf("n%d", i+1)
		cluster := fmt.Sprintf("cluster {\n  name: halls\n  listen: 127.0.0.1:%d\n  routes: [%s]\n}\n",
			routes[i], strings.Join(urls, ", "))
		s, err := prepare(dir, oi, cluster)
		if err != nil {
			stopAll()
			return nil, err
		}
		if err := s.spawn(); err != nil {
			stopAll()
			return nil, err
		}
		servers[i] = s
	}
	for _, s := range servers {
		// The full health check passes only once the server's JetStream is
		// current with a meta leader: an API request made before that is
		// dropped unanswered and its client waits out its whole timeout.
		if err := s.poll(ctx, "/healthz"); err != nil {
			stopAll()
			return nil, err
		}
	}
	return servers, nil
}

func prepare(dir string, o Options, cluster string) (*Server, error) {
	name := o.Name
	if name == "" {
		name = "n1"
	}
	port, err := childproc.FreePort()
	if err != nil {
		return nil, err
	}
	monitor, err := childproc.FreePort()
	if err != nil {
		return nil, err
	}
	s := &Server{Dir: dir, Conf: filepath.Join(dir, "nats.conf"), name: name, port: port, monitor: monitor,
		URL: fmt.Sprintf("nats://127.0.0.1:%d", port)}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	for file, content := range o.ConfigFiles {
		if err := os.WriteFile(filepath.Join(dir, file), []byte(content), 0o600); err != nil {
			return nil, err
		}
	}
	conf := fmt.Sprintf(`server_name: %s
listen: 127.0.0.1:%d
http: 127.0.0.1:%d
jetstream {
  store_dir: %q
  sync_interval: always
}
%s
%s
`, s.name, s.port, s.monitor, filepath.Join(dir, "js"), cluster, o.Config)
	return s, os.WriteFile(s.Conf, []byte(conf), 0o600)
}

func (s *Server) start(ctx context.Context) error {
	if err := s.spawn(); err != nil {
		return err
	}
	if err := s.poll(ctx, "/healthz?js-enabled-only=true"); err != nil {
		s.Kill()
		return err
	}
	return nil
}

func (s *Server) spawn() error {
	bin, err := Binary()
	if err != nil {
		return err
	}
	proc, err := childproc.Start(exec.Command(bin, "-c", s.Conf), filepath.Join(s.Dir, "server.log"))
	if err != nil {
		return fmt.Errorf("natsproc: start %s: %w", s.name, err)
	}
	s.proc = proc
	return nil
}

// poll asks the monitoring endpoint until it answers 200: the server is
// another process, so there is no event to wait on.
func (s *Server) poll(ctx context.Context, path string) error {
	url := fmt.Sprintf("http://127.0.0.1:%d%s", s.monitor, path)
	ctx, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		if resp, err := http.DefaultClient.Do(req); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		select {
		case <-s.proc.Done():
			return fmt.Errorf("%w: %s exited while starting:\n%s", ErrNotReady, s.name, s.Log())
		case <-ctx.Done():
			return fmt.Errorf("%w: %s: %v:\n%s", ErrNotReady, s.name, ctx.Err(), s.Log())
		case <-tick.C:
		}
	}
}

// Log returns what the server wrote so far.
func (s *Server) Log() string {
	b, _ := os.ReadFile(filepath.Join(s.Dir, "server.log"))
	return string(b)
}

// Kill ends the server with SIGKILL and waits for it to exit.
func (s *Server) Kill() { s.proc.Stop(syscall.SIGKILL) }

// Stop ends the server with SIGTERM and waits for it to exit.
func (s *Server) Stop() { s.proc.Stop(syscall.SIGTERM) }

// Restart starts a stopped or killed server again on the same ports and
// store, and waits until it is ready.
func (s *Server) Restart(ctx context.Context) error {
	s.Stop()
	return s.start(ctx)
}

// Reload asks the running server to reread its configuration (SIGHUP),
// after a file it includes was rewritten.
func (s *Server) Reload() error {
	if s.proc == nil {
		return fmt.Errorf("natsproc: reload %s: not running", s.name)
	}
	return s.proc.Signal(syscall.SIGHUP)
}

// Pid is the running server's process id (for a centre that signals it).
func (s *Server) Pid() int {
	if s.proc == nil {
		return 0
	}
	return s.proc.Pid()
}

// JetStreamInfo returns the server's /jsz monitoring answer, decoded
// loosely, for assertions on streams and cluster state.
func (s *Server) JetStreamInfo() (map[string]any, error) {
	resp, err := http.Get(fmt.Sprintf("http://127.0.0.1:%d/jsz?streams=true", s.monitor))
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	var m map[string]any
	return m, json.NewDecoder(resp.Body).Decode(&m)
}
