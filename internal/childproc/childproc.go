// Package childproc runs a server program as a child process for the demo
// network, the benches and the tests: started with its output appended to
// a log file, stopped by a signal and waited for, and a free local port to
// give it. natsproc (nats-server) and pgtemp (PostgreSQL) build on it.
//
// Caveat: FreePort listens on :0 and closes, so another process can in
// rare cases take the port before the child binds it; the child then fails
// with its own message.
package childproc

import (
	"net"
	"os"
	"os/exec"
	"syscall"
	"time"
)

// Proc is one running child.
type Proc struct {
	cmd  *exec.Cmd
	done chan struct{}
}

// Start runs cmd with its standard output and error appended to logPath.
func Start(cmd *exec.Cmd, logPath string) (*Proc, error) {
	logf, err := os.OpenFile(logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return nil, err
	}
	cmd.Stdout, cmd.Stderr = logf, logf
	dieWithParent(cmd)
	if err := cmd.Start(); err != nil {
		logf.Close()
		return nil, err
	}
	p := &Proc{cmd: cmd, done: make(chan struct{})}
	go func() {
		cmd.Wait()
		logf.Close()
		close(p.done)
	}()
	return p, nil
}

// Done is closed when the child has exited.
func (p *Proc) Done() <-chan struct{} { return p.done }

// Pid is the child's process id.
func (p *Proc) Pid() int { return p.cmd.Process.Pid }

// Signal sends sig to the running child.
func (p *Proc) Signal(sig os.Signal) error { return p.cmd.Process.Signal(sig) }

// Stop sends sig and waits for the child to exit, killing it after 30 s;
// a child already gone is left alone. A nil Proc is nothing to stop.
func (p *Proc) Stop(sig syscall.Signal) {
	if p == nil {
		return
	}
	select {
	case <-p.done:
		return
	default:
	}
	p.cmd.Process.Signal(sig)
	select {
	case <-p.done:
	case <-time.After(30 * time.Second):
		p.cmd.Process.Kill()
		<-p.done
	}
}

// FreePort returns a TCP port on 127.0.0.1 that was free a moment ago.
func FreePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}
