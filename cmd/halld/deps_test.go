package main

import (
	"os/exec"
	"path"
	"strings"
	"testing"
)

// TestDaemonLinksNoTestFakes keeps the naming honest: what the daemon runs
// as a simulated device lives in an xxxsim package; an xxxtest package is
// a fake for tests and must never reach the binary.
func TestDaemonLinksNoTestFakes(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", ".").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	for _, p := range strings.Fields(string(out)) {
		if strings.HasPrefix(p, "halld/") && strings.HasSuffix(path.Base(p), "test") {
			t.Errorf("halld links %s: a test fake in production (rename it xxxsim if the daemon needs it)", p)
		}
	}
}
