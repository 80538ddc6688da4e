package childproc_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"

	"halld/internal/childproc"
)

// A child's output lands in its log; Done closes when it exits.
func TestStartLogs(t *testing.T) {
	log := filepath.Join(t.TempDir(), "child.log")
	p, err := childproc.Start(exec.Command("/bin/sh", "-c", "echo started"), log)
	if err != nil {
		t.Fatal(err)
	}
	<-p.Done()
	if b, _ := os.ReadFile(log); string(b) != "started\n" {
		t.Fatalf("log %q, want the child's output", b)
	}
	p.Stop(syscall.SIGKILL) // a child already gone is left alone
}

// Stop returns only once the child exited.
func TestStopWaits(t *testing.T) {
	p, err := childproc.Start(exec.Command("sleep", "60"), filepath.Join(t.TempDir(), "child.log"))
	if err != nil {
		t.Fatal(err)
	}
	p.Stop(syscall.SIGTERM)
	select {
	case <-p.Done():
	default:
		t.Fatal("Stop returned before the child exited")
	}
}

func TestFreePort(t *testing.T) {
	p, err := childproc.FreePort()
	if err != nil || p <= 0 {
		t.Fatalf("port %d, %v", p, err)
	}
}
