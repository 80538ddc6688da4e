package childproc_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

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

// A child outlives nothing: when the process that started it dies without
// stopping it, the kernel kills it. The test re-runs itself as the parent
// that dies (the CHILDPROC_PARENT branch), then checks the grandchild is gone.
func TestChildDiesWithParent(t *testing.T) {
	if os.Getenv("CHILDPROC_PARENT") != "" {
		p, err := childproc.Start(exec.Command("sleep", "600"), filepath.Join(os.Getenv("CHILDPROC_PARENT"), "child.log"))
		if err != nil {
			os.Exit(2)
		}
		os.WriteFile(filepath.Join(os.Getenv("CHILDPROC_PARENT"), "pid"), []byte(strconv.Itoa(p.Pid())), 0o600)
		os.Exit(0) // dies without Stop
	}
	dir := t.TempDir()
	parent := exec.Command(os.Args[0], "-test.run=^TestChildDiesWithParent$")
	parent.Env = append(os.Environ(), "CHILDPROC_PARENT="+dir)
	if out, err := parent.CombinedOutput(); err != nil {
		t.Fatalf("parent: %v\n%s", err, out)
	}
	raw, err := os.ReadFile(filepath.Join(dir, "pid"))
	if err != nil {
		t.Fatal(err)
	}
	pid, _ := strconv.Atoi(string(raw))
	// The kernel sends the signal as the parent exits; the child then dies
	// when next scheduled, and stays a zombie until its new parent reaps
	// it.
	deadline := time.Now().Add(10 * time.Second)
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for time.Now().Before(deadline) {
		st, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
		if err != nil || strings.Contains(string(st), ") Z ") {
			return
		}
		<-tick.C
	}
	syscall.Kill(pid, syscall.SIGKILL)
	t.Fatalf("the child %d outlived its parent", pid)
}
