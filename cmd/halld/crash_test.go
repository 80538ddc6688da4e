package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"halld/queue"
	"halld/queue/hall"
)

// The test binary doubles as halld: with HALLD_CHILD=1 it runs the daemon,
// so the crash test kills a real process without building another binary.
func TestMain(m *testing.M) {
	if os.Getenv("HALLD_CHILD") == "1" {
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

type child struct {
	cmd  *exec.Cmd
	base string
}

func startChild(t *testing.T, data string) *child {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-listen", "127.0.0.1:0", "-data", data)
	cmd.Env = append(os.Environ(), "HALLD_CHILD=1")
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = io.Discard
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		cmd.Process.Kill()
		t.Fatalf("child said nothing: %v", err)
	}
	base, ok := strings.CutPrefix(strings.TrimSpace(line), "halld: listening on ")
	if !ok {
		cmd.Process.Kill()
		t.Fatalf("unexpected first line %q", line)
	}
	go io.Copy(io.Discard, out)
	return &child{cmd: cmd, base: base}
}

func (c *child) kill() {
	c.cmd.Process.Signal(syscall.SIGKILL)
	c.cmd.Wait()
}

func post(base, path, token, body string) (int, map[string]any, error) {
	req, _ := http.NewRequest("POST", base+path, strings.NewReader(body))
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	var m map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&m); err != nil {
		return resp.StatusCode, nil, err
	}
	return resp.StatusCode, m, nil
}

// TestCrashKeepsAcknowledgedWork runs halld under a write load, kills it
// with SIGKILL at a random moment, restarts it and checks that every
// acknowledged issue and call survived, that no number repeats and that the
// event log is gap-free. Three rounds on the same data directory.
func TestCrashKeepsAcknowledgedWork(t *testing.T) {
	if testing.Short() {
		t.Skip("starts and kills real halld processes")
	}
	data := t.TempDir()
	issued := map[string]string{} // ticket id → number, acknowledged
	called := map[string]bool{}   // ticket ids acknowledged as called
	var mu sync.Mutex
	tokens := map[int]string{}

	for range 3 {
		c := startChild(t, data)
		// Log the windows in once; sessions survive the crashes.
		for n := 3; n <= 4; n++ {
			if tokens[n] == "" {
				st, m, err := post(c.base, "/api/v1/login", "", fmt.Sprintf(`{"staff":"w%d","pin":"1234","window":%d}`, n, n))
				if err != nil || st != 200 {
					t.Fatalf("login: %d %v %v", st, m, err)
				}
				tokens[n] = m["token"].(string)
			}
		}
		ctx, stop := context.WithCancel(context.Background())
		// Kill after a random number of acknowledged issues in this round.
		target := len(issued) + 40 + rand.IntN(60)
		reached := make(chan struct{})
		var once sync.Once
		var wg sync.WaitGroup
		for g := range 4 {
			wg.Go(func() {
				svc := []string{"estate", "social"}[g%2]
				for ctx.Err() == nil {
					st, m, err := post(c.base, "/api/v1/tickets", "", `{"service":"`+svc+`","channel":"kiosk"}`)
					if err != nil || st != 201 {
						continue // not acknowledged: the process may be dying
					}
					mu.Lock()
					issued[m["id"].(string)] = m["number"].(string)
					if len(issued) >= target {
						once.Do(func() { close(reached) })
					}
					mu.Unlock()
				}
			})
		}
		for n := 3; n <= 4; n++ {
			wg.Go(func() {
				for ctx.Err() == nil {
					st, m, err := post(c.base, fmt.Sprintf("/api/v1/windows/%d/call", n), tokens[n], "")
					if err == nil && st == 200 {
						mu.Lock()
						called[m["id"].(string)] = true
						mu.Unlock()
					}
					// Clear the window whatever its state (a crash may leave
					// a called ticket behind).
					post(c.base, fmt.Sprintf("/api/v1/windows/%d/start", n), tokens[n], "")
					post(c.base, fmt.Sprintf("/api/v1/windows/%d/finish", n), tokens[n], "")
				}
			})
		}
		<-reached
		c.kill()
		stop()
		wg.Wait()

		c = startChild(t, data)
		verify(t, c.base, issued, called)
		c.kill()
	}
}

func verify(t *testing.T, base string, issued map[string]string, called map[string]bool) {
	t.Helper()
	for id, num := range issued {
		resp, err := http.Get(base + "/api/v1/tickets/" + id)
		if err != nil {
			t.Fatal(err)
		}
		var v queue.TicketView
		json.NewDecoder(resp.Body).Decode(&v)
		resp.Body.Close()
		if resp.StatusCode != 200 || v.Number != num {
			t.Fatalf("acknowledged ticket %s (%s) after restart: %d %+v", id, num, resp.StatusCode, v)
		}
		if called[id] && v.State == queue.Waiting {
			t.Errorf("ticket %s was acknowledged as called but is waiting again", num)
		}
	}
	// The whole log: gap-free, and each number issued once per day.
	var hv struct{ Seq uint64 }
	resp, err := http.Get(base + "/api/v1/hall")
	if err != nil {
		t.Fatal(err)
	}
	json.NewDecoder(resp.Body).Decode(&hv)
	resp.Body.Close()
	ws, _, err := websocket.DefaultDialer.Dial("ws"+strings.TrimPrefix(base, "http")+"/api/v1/events?since=0", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer ws.Close()
	ws.SetReadDeadline(time.Now().Add(30 * time.Second))
	numbers := map[string]uint64{}
	for want := uint64(1); want <= hv.Seq; want++ {
		var ev queue.Event
		if err := ws.ReadJSON(&ev); err != nil {
			t.Fatalf("reading event %d of %d: %v", want, hv.Seq, err)
		}
		if ev.Seq != want {
			t.Fatalf("event log has seq %d where %d belongs", ev.Seq, want)
		}
		if ev.Type == queue.EvIssued {
			d, _ := ev.Decode()
			key := d.Ticket.Day + "/" + d.Ticket.Number
			if prev, dup := numbers[key]; dup {
				t.Fatalf("number %s issued twice (events %d and %d)", key, prev, ev.Seq)
			}
			numbers[key] = ev.Seq
		}
	}
	if len(numbers) < len(issued) {
		t.Errorf("log has %d issues, %d were acknowledged", len(numbers), len(issued))
	}
}

func TestHashPIN(t *testing.T) {
	var out strings.Builder
	if err := run(context.Background(), []string{"hash-pin"}, strings.NewReader("583920\n"), &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(out.String(), `pin_hash = "pbkdf2-sha256$`) {
		t.Errorf("output %q", out.String())
	}
	for _, weak := range []string{"12", "1234", "123456", "000000"} {
		if err := run(context.Background(), []string{"hash-pin"}, strings.NewReader(weak+"\n"), &out, io.Discard); err == nil {
			t.Errorf("hash-pin accepted the weak PIN %s", weak)
		}
	}
}

// A hall file carrying the demo's published hash of PIN 1234 (copied from
// the demo or an example) does not start.
func TestDemoPINRefusedInARealHall(t *testing.T) {
	path := t.TempDir() + "/hall.toml"
	os.WriteFile(path, hall.DemoTOML(), 0o600)
	err := run(context.Background(), []string{"-config", path, "-data", t.TempDir()}, nil, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "staff[0].pin_hash") {
		t.Errorf("err = %v, want it to name staff[0].pin_hash", err)
	}
}

func TestBadConfigNamesTheField(t *testing.T) {
	path := t.TempDir() + "/hall.toml"
	os.WriteFile(path, []byte("version = 1\n[hall]\nname = \"x\"\ncolour = 3\n"), 0o600)
	err := run(context.Background(), []string{"-config", path, "-data", t.TempDir()}, nil, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "hall.colour") {
		t.Errorf("err = %v, want it to name hall.colour", err)
	}
}
