package main

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// emulated is a halld process under qemu.
type emulated struct {
	cmd   *exec.Cmd
	lines *bufio.Reader
}

func startEmulated(t *testing.T, qemu, bin string, args ...string) *emulated {
	t.Helper()
	cmd := exec.Command(qemu, append([]string{bin}, args...)...)
	out, _ := cmd.StdoutPipe()
	cmd.Stderr = io.Discard
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	p := &emulated{cmd: cmd, lines: bufio.NewReader(out)}
	t.Cleanup(p.kill)
	return p
}

// line reads the next line the process printed, without its prefix.
func (p *emulated) line(t *testing.T, prefix string) string {
	t.Helper()
	for {
		l, err := p.lines.ReadString('\n')
		if err != nil {
			t.Fatalf("emulated halld stopped before printing %q: %v", prefix, err)
		}
		if rest, ok := strings.CutPrefix(strings.TrimSpace(l), prefix); ok {
			return rest
		}
	}
}

func (p *emulated) kill() {
	if p.cmd.ProcessState == nil {
		p.cmd.Process.Kill()
		p.cmd.Wait()
	}
}

// waitUntil polls another process's state (here: emulated ones, slow)
// until cond holds, failing after a minute.
func waitUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		<-tick.C
	}
}

// hubAndAgent runs an emulated hub and an emulated window board's agent
// against each other on loopback: a keypad press made while the hub is
// killed reaches it after its restart, once.
func hubAndAgent(t *testing.T, qemu, bin string) {
	dir := t.TempDir()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	hubAddr := ln.Addr().String() // the hub restarts on the same address
	ln.Close()
	hubArgs := []string{"-listen", hubAddr, "-data", filepath.Join(dir, "hub")}
	hub := startEmulated(t, qemu, bin, hubArgs...)
	hub.line(t, "halld: listening on ")
	base := "http://" + hubAddr
	_, m, err := post(base, "/api/v1/login", "", `{"staff":"admin","pin":"1234"}`)
	if err != nil || m["token"] == nil {
		t.Fatalf("admin login: %v %v", m, err)
	}
	admin := m["token"].(string)
	st, m, err := post(base, "/api/v1/admin/agents", admin, `{"board":"demo-board"}`)
	if err != nil || st != http.StatusCreated {
		t.Fatalf("agent token: %d %v %v", st, m, err)
	}
	tokenFile := filepath.Join(dir, "agent.token")
	os.WriteFile(tokenFile, []byte(m["token"].(string)), 0o600)
	board := filepath.Join(dir, "board.toml")
	os.WriteFile(board, []byte(fmt.Sprintf(`version = 1
[agent]
board = "demo-board"
token_file = %q
heartbeat_s = 1
[[devices.keypad]]
id = "keypad-b3"
window = 3
transport = "sim"
`, tokenFile)), 0o600)
	ag := startEmulated(t, qemu, bin, "-agent", base, "-config", board, "-data", filepath.Join(dir, "agent"), "-listen", "127.0.0.1:0")
	status := ag.line(t, "status: ")
	agentBase := strings.TrimSuffix(status, "/agent/status")
	agentStatus := func() map[string]any {
		var s map[string]any
		resp, err := http.Get(status)
		if err != nil {
			return nil
		}
		defer resp.Body.Close()
		decodeJSON(t, resp.Body, &s)
		return s
	}

	_, m, _ = post(base, "/api/v1/login", "", `{"staff":"w3","pin":"1234","window":3,"takeover":true}`)
	clerk, _ := m["token"].(string)
	_, tk, _ := post(base, "/api/v1/tickets", "", `{"service":"estate","channel":"kiosk"}`)
	for _, verb := range []string{"call", "start", "finish"} {
		if st, m, err := post(base, "/api/v1/windows/3/"+verb, clerk, `{}`); err != nil || st != http.StatusOK {
			t.Fatalf("%s: %d %v %v", verb, st, m, err)
		}
	}
	waitUntil(t, "the board's keypad armed by the finish", func() bool {
		var sim struct{ Keypads []struct{ Armed bool } }
		resp, err := http.Get(agentBase + "/sim/state.json")
		if err != nil {
			return false
		}
		defer resp.Body.Close()
		decodeJSON(t, resp.Body, &sim)
		return len(sim.Keypads) == 1 && sim.Keypads[0].Armed
	})

	hub.cmd.Process.Kill() // a power cut on the hub board
	hub.cmd.Wait()
	resp, err := http.Post(agentBase+"/sim/keypads/keypad-b3/4", "application/json", nil)
	if err != nil || resp.StatusCode != http.StatusNoContent {
		t.Fatalf("press: %v %v", resp, err)
	}
	resp.Body.Close()
	waitUntil(t, "the press kept in the outbox", func() bool { s := agentStatus(); return s != nil && s["outbox"] == 1.0 })

	startEmulated(t, qemu, bin, hubArgs...).line(t, "halld: listening on ")
	waitUntil(t, "the outbox delivered", func() bool {
		s := agentStatus()
		return s != nil && s["outbox"] == 0.0 && s["delivered"] == 1.0
	})
	var v struct {
		Evaluated bool `json:"evaluated"`
	}
	resp, err = http.Get(base + "/api/v1/tickets/" + tk["id"].(string))
	if err != nil {
		t.Fatal(err)
	}
	decodeJSON(t, resp.Body, &v)
	resp.Body.Close()
	if !v.Evaluated {
		t.Fatal("the press delivered after the hub's restart did not rate the ticket")
	}
	waitUntil(t, "the hub showing the board online", func() bool {
		resp, err := http.Get(base + "/api/v1/devices")
		if err != nil {
			return false
		}
		defer resp.Body.Close()
		var devs []struct{ ID, State string }
		decodeJSON(t, resp.Body, &devs)
		for _, d := range devs {
			if d.ID == "agent:demo-board" && d.State == "ok" {
				return true
			}
		}
		return false
	})
}
