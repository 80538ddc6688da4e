package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"halld/queue/hall"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

// daemon is a halld child process on 127.0.0.1.
type daemon struct {
	cmd  *exec.Cmd
	Base string // http://127.0.0.1:port
	Pid  int
	// Serving is the time from exec to the first answered GET /api/v1/hall.
	Serving time.Duration
	exited  chan struct{}
}

// ErrNotServing means a started halld exited or did not answer in time:
// for powercut, the database did not open.
var ErrNotServing = errors.New("hallbench: halld did not start serving")

// buildHalld compiles this module's cmd/halld into dir. It must run inside
// the module (the repository), as go build resolves halld/cmd/halld there.
// Without race it builds as the .deb ships it (static, stripped), so that
// memory figures are those of the shipped binary.
func buildHalld(ctx context.Context, dir string, race bool) (string, error) {
	out := filepath.Join(dir, "halld")
	if race {
		return out, goBuild(ctx, out, nil, "-race")
	}
	return out, goBuild(ctx, out, []string{"CGO_ENABLED=0"}, "-trimpath", "-ldflags=-s -w")
}

// goBuild runs go build of halld/cmd/halld to out with env added.
func goBuild(ctx context.Context, out string, env []string, flags ...string) error {
	args := append(append([]string{"build", "-o", out}, flags...), "halld/cmd/halld")
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Env = append(os.Environ(), env...)
	if msg, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("go build halld %v: %v: %s", env, err, msg)
	}
	return nil
}

// startDaemon starts bin with the hall file and data directory and waits
// until it answers. logw receives its standard error (nil discards it);
// extra are more flags (e.g. -debug-listen).
func startDaemon(ctx context.Context, bin, config, data string, logw io.Writer, extra ...string) (*daemon, error) {
	h, err := hall.Load(config)
	if err != nil {
		return nil, err
	}
	// A history ends long before today: the operator's confirmation that
	// today's clock is right, or halld refuses a day so far ahead.
	extra = append(extra, "-confirm-day", time.Now().In(h.Location).Format(time.DateOnly))
	cmd := exec.Command(bin, append([]string{"-listen", "127.0.0.1:0", "-data", data, "-config", config}, extra...)...)
	if logw == nil {
		logw = io.Discard
	}
	cmd.Stderr = logw
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	t0 := time.Now()
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	d := &daemon{cmd: cmd, Pid: cmd.Process.Pid, exited: make(chan struct{})}
	go func() { cmd.Wait(); close(d.exited) }()
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		d.kill()
		return nil, fmt.Errorf("%w: said nothing (%v)", ErrNotServing, err)
	}
	base, ok := strings.CutPrefix(strings.TrimSpace(line), "halld: listening on ")
	if !ok {
		d.kill()
		return nil, fmt.Errorf("%w: first line %q", ErrNotServing, line)
	}
	go io.Copy(io.Discard, out)
	d.Base = base
	if !strings.HasPrefix(base, "http") {
		d.Base = "http://" + base
	}
	deadline := time.Now().Add(15 * time.Second)
	for {
		resp, err := http.Get(d.Base + "/api/v1/hall")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				d.Serving = time.Since(t0)
				return d, nil
			}
		}
		select {
		case <-d.exited:
			return nil, fmt.Errorf("%w: exited", ErrNotServing)
		case <-ctx.Done():
			d.kill()
			return nil, ctx.Err()
		default:
		}
		if time.Now().After(deadline) {
			d.kill()
			return nil, fmt.Errorf("%w: no answer in 15 s", ErrNotServing)
		}
		time.Sleep(time.Millisecond)
	}
}

// kill cuts the power: SIGKILL, no chance to flush anything.
func (d *daemon) kill() {
	d.cmd.Process.Signal(syscall.SIGKILL)
	<-d.exited
}

// stop asks halld to shut down cleanly and waits (SIGKILL after 10 s).
func (d *daemon) stop() {
	d.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-d.exited:
	case <-time.After(10 * time.Second):
		d.kill()
	}
}

// dataFile is the database halld keeps in a data directory.
func dataFile(dir string) string { return filepath.Join(dir, "halld.db") }

// tempDir makes a scratch directory under $TMPDIR (the default data
// directory lives there; the raw fsync figure is taken in the data directory).
func tempDir(pattern string) (string, error) { return os.MkdirTemp("", pattern) }
