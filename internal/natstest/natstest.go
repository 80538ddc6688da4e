// Package natstest runs real nats-server processes with JetStream for tests:
// one server, or a cluster of three, each in its own directory under
// t.TempDir(), stopped when the test ends.
//
// The server is built from the module go.mod pins as a tool
// (github.com/nats-io/nats-server/v2), so tests, the demo network and the
// centre's documentation all name one version. The first Start in a test
// binary builds it (about a minute cold, a second or two from Go's build
// cache) into a directory shared by the test binaries of one checkout.
//
// Caveats: ports are chosen by the kernel (listen on :0, then closed), so a
// port can in rare cases be taken between the choice and the server's
// start; Start then fails with the server's own message. Kill is SIGKILL:
// what JetStream synced to disk survives, as on a board losing power.
package natstest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// Module is the nats-server module the binary is built from; its version is
// the one go.mod's tool directive pins.
const Module = "github.com/nats-io/nats-server/v2"

var (
	buildOnce sync.Once
	buildPath string
	buildErr  error
)

// Binary returns the path of the pinned nats-server binary, building it on
// first use. It fails the test when the build fails.
func Binary(t testing.TB) string {
	t.Helper()
	buildOnce.Do(func() { buildPath, buildErr = build() })
	if buildErr != nil {
		t.Fatalf("natstest: %v", buildErr)
	}
	return buildPath
}

// build compiles the server into the user cache, named by version, and
// renames it into place so concurrent test binaries never run a half-written
// file.
func build() (string, error) {
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}} {{.Version}}", Module).Output()
	if err != nil {
		return "", fmt.Errorf("go list -m %s: %w (is it in go.mod's tool directive?)", Module, err)
	}
	f := strings.Fields(string(out))
	if len(f) != 2 {
		return "", fmt.Errorf("go list -m %s: unexpected output %q", Module, out)
	}
	cache, err := os.UserCacheDir()
	if err != nil {
		cache = os.TempDir()
	}
	dir := filepath.Join(cache, "halld-natstest", f[1])
	bin := filepath.Join(dir, "nats-server")
	if _, err := os.Stat(bin); err == nil {
		return bin, nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	tmp := fmt.Sprintf("%s.%d", bin, os.Getpid())
	cmd := exec.Command("go", "build", "-o", tmp, Module)
	if msg, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build %s: %w\n%s", Module, err, msg)
	}
	return bin, os.Rename(tmp, bin)
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

// Server is one running nats-server process.
type Server struct {
	// URL is the client URL, nats://127.0.0.1:port.
	URL string
	// Dir holds the configuration, the JetStream store and the log.
	Dir string

	t       testing.TB
	name    string
	conf    string
	port    int
	monitor int
	cmd     *exec.Cmd
	done    chan struct{}
}

// Start runs one server and waits until JetStream is ready.
func Start(t testing.TB, o Options) *Server {
	t.Helper()
	s := newServer(t, o, t.TempDir())
	s.writeConfig(o, "")
	s.start()
	return s
}

// Cluster runs n servers (use 3) joined in one JetStream cluster named
// "halls" and waits until it has a meta leader.
func Cluster(t testing.TB, n int, o Options) []*Server {
	t.Helper()
	routes := make([]int, n)
	for i := range routes {
		routes[i] = freePort(t)
	}
	var urls []string
	for _, p := range routes {
		urls = append(urls, fmt.Sprintf("nats://127.0.0.1:%d", p))
	}
	servers := make([]*Server, n)
	for i := range servers {
		oi := o
		oi.Name = fmt.Sprintf("n%d", i+1)
		s := newServer(t, oi, t.TempDir())
		s.writeConfig(oi, fmt.Sprintf("cluster {\n  name: halls\n  listen: 127.0.0.1:%d\n  routes: [%s]\n}\n",
			routes[i], strings.Join(urls, ", ")))
		servers[i] = s
	}
	for _, s := range servers {
		s.spawn()
	}
	for _, s := range servers {
		s.waitReady()
	}
	for _, s := range servers {
		s.waitMetaLeader()
	}
	return servers
}

// waitMetaLeader polls the full health check until the server's JetStream
// is current with the cluster's meta leader: a JetStream API request made
// before that is dropped unanswered, and the client waits out its timeout.
func (s *Server) waitMetaLeader() {
	s.t.Helper()
	s.poll(fmt.Sprintf("http://127.0.0.1:%d/healthz", s.monitor))
}

func newServer(t testing.TB, o Options, dir string) *Server {
	name := o.Name
	if name == "" {
		name = "n1"
	}
	s := &Server{t: t, Dir: dir, name: name, conf: filepath.Join(dir, "nats.conf"),
		port: freePort(t), monitor: freePort(t)}
	s.URL = fmt.Sprintf("nats://127.0.0.1:%d", s.port)
	for file, content := range o.ConfigFiles {
		if err := os.WriteFile(filepath.Join(dir, file), []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	t.Cleanup(s.Stop)
	return s
}

func (s *Server) writeConfig(o Options, cluster string) {
	conf := fmt.Sprintf(`server_name: %s
listen: 127.0.0.1:%d
http: 127.0.0.1:%d
jetstream {
  store_dir: %q
  sync_interval: always
}
%s
%s
`, s.name, s.port, s.monitor, filepath.Join(s.Dir, "js"), cluster, o.Config)
	if err := os.WriteFile(s.conf, []byte(conf), 0o600); err != nil {
		s.t.Fatal(err)
	}
}

func (s *Server) start() {
	s.spawn()
	s.waitReady()
}

func (s *Server) spawn() {
	s.t.Helper()
	logf, err := os.OpenFile(filepath.Join(s.Dir, "server.log"), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		s.t.Fatal(err)
	}
	s.cmd = exec.Command(Binary(s.t), "-c", s.conf)
	s.cmd.Stdout, s.cmd.Stderr = logf, logf
	if err := s.cmd.Start(); err != nil {
		logf.Close()
		s.t.Fatalf("natstest: start %s: %v", s.name, err)
	}
	s.done = make(chan struct{})
	go func(cmd *exec.Cmd, done chan struct{}) {
		cmd.Wait()
		logf.Close()
		close(done)
	}(s.cmd, s.done)
}

// waitReady polls the monitoring endpoint until JetStream answers: the
// server is another process, so there is no event to wait on.
func (s *Server) waitReady() {
	s.t.Helper()
	s.poll(fmt.Sprintf("http://127.0.0.1:%d/healthz?js-enabled-only=true", s.monitor))
}

func (s *Server) poll(url string) {
	s.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		if resp, err := http.DefaultClient.Do(req); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
		select {
		case <-s.done:
			s.t.Fatalf("natstest: %s exited while starting:\n%s", s.name, s.Log())
		case <-ctx.Done():
			s.t.Fatalf("natstest: %s not ready in 60s:\n%s", s.name, s.Log())
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
func (s *Server) Kill() { s.signal(syscall.SIGKILL) }

// Stop ends the server with SIGTERM (lame-duck free, flushing the store)
// and waits for it to exit. It is called at the test's cleanup.
func (s *Server) Stop() { s.signal(syscall.SIGTERM) }

func (s *Server) signal(sig syscall.Signal) {
	if s.cmd == nil || s.cmd.Process == nil {
		return
	}
	select {
	case <-s.done:
		return
	default:
	}
	s.cmd.Process.Signal(sig)
	select {
	case <-s.done:
	case <-time.After(30 * time.Second):
		s.cmd.Process.Kill()
		<-s.done
	}
}

// Restart starts a stopped or killed server again on the same ports and
// store, and waits until it is ready.
func (s *Server) Restart() {
	s.t.Helper()
	s.Stop()
	s.start()
}

// Reload asks the running server to reread its configuration (SIGHUP),
// after the test rewrote a file it includes.
func (s *Server) Reload() {
	s.t.Helper()
	if err := s.cmd.Process.Signal(syscall.SIGHUP); err != nil {
		s.t.Fatalf("natstest: reload %s: %v", s.name, err)
	}
}

// JetStreamInfo returns the server's /jsz monitoring answer, decoded
// loosely, for assertions on streams and cluster state.
func (s *Server) JetStreamInfo() (map[string]any, error) {
	resp, err := http.Get(fmt.Sprintf("http://127.0.0.1:%d/jsz?streams=true", s.monitor))
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	var buf bytes.Buffer
	if _, err := buf.ReadFrom(resp.Body); err != nil {
		return nil, err
	}
	var m map[string]any
	return m, json.Unmarshal(buf.Bytes(), &m)
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
