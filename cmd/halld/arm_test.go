package main

import (
	"bufio"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestARMSmoke cross-builds halld for the boards (arm64, and armhf with
// GOARM=7) and runs each under qemu user emulation: the demo hall starts and
// answers GET /api/v1/hall. Without qemu-user-static it is skipped (and
// fails in CI, whose .ci/run installs it).
func TestARMSmoke(t *testing.T) {
	if testing.Short() {
		t.Skip("cross-builds and emulates halld")
	}
	for _, arch := range []struct{ goarch, goarm, qemu string }{
		{"arm64", "", "qemu-aarch64-static"},
		{"arm", "7", "qemu-arm-static"},
	} {
		t.Run(arch.goarch, func(t *testing.T) {
			qemu, err := exec.LookPath(arch.qemu)
			if err != nil {
				if os.Getenv("CI") == "true" {
					t.Fatalf("%s is missing; .ci/run must install the Debian package qemu-user-static", arch.qemu)
				}
				t.Skipf("%s not installed (Debian package qemu-user-static)", arch.qemu)
			}
			dir := t.TempDir()
			bin := filepath.Join(dir, "halld-"+arch.goarch)
			build := exec.Command("go", "build", "-trimpath", "-ldflags=-s -w", "-o", bin, ".")
			build.Env = append(os.Environ(), "CGO_ENABLED=0", "GOOS=linux", "GOARCH="+arch.goarch, "GOARM="+arch.goarm)
			if out, err := build.CombinedOutput(); err != nil {
				t.Fatalf("cross-build: %v\n%s", err, out)
			}
			cmd := exec.Command(qemu, bin, "-listen", "127.0.0.1:0", "-data", filepath.Join(dir, "data"))
			out, _ := cmd.StdoutPipe()
			cmd.Stderr = io.Discard
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			defer func() { cmd.Process.Kill(); cmd.Wait() }()
			line, err := bufio.NewReader(out).ReadString('\n')
			if err != nil {
				t.Fatalf("emulated halld said nothing: %v", err)
			}
			go io.Copy(io.Discard, out)
			base, _ := strings.CutPrefix(strings.TrimSpace(line), "halld: listening on ")
			resp, err := http.Get(base + "/api/v1/hall")
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			var hall struct {
				Name    string
				Windows []any
			}
			if err := json.NewDecoder(resp.Body).Decode(&hall); err != nil || hall.Name == "" || len(hall.Windows) != 10 {
				t.Fatalf("GET /api/v1/hall under %s: %+v %v", arch.qemu, hall, err)
			}
			if fi, err := os.Stat(bin); err == nil {
				t.Logf("%s: stripped binary %d bytes, answers GET /api/v1/hall under %s", arch.goarch, fi.Size(), arch.qemu)
			}
			cmd.Process.Kill()
			t.Run("hub and agent", func(t *testing.T) { hubAndAgent(t, qemu, bin) })
		})
	}
}
