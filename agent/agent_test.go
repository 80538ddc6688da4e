package agent

import (
	"bytes"
	"context"
	"crypto/tls"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"halld/api"
	"halld/equip"
	"halld/internal/localca"
	"halld/kiosk"
	"halld/queue"
	"halld/queue/hall"
	"halld/queue/queuetest"
)

// testHub is a hub on a fixed loopback address that can be stopped and
// started again on it, as a hub board restarts.
type testHub struct {
	t      *testing.T
	h      *hall.Hall
	db     string
	addr   string
	e      *queue.Engine
	srv    *api.Server
	hs     *http.Server
	boards *Hub
	tls    *tls.Config // serve HTTPS with it
}

func startHub(t *testing.T) *testHub {
	t.Helper()
	th := &testHub{t: t, h: hall.Demo(), db: filepath.Join(t.TempDir(), "halld.db"), addr: "127.0.0.1:0"}
	th.start()
	return th
}

func (th *testHub) url() string {
	if th.tls != nil {
		return "https://" + th.addr
	}
	return "http://" + th.addr
}

func (th *testHub) start() {
	th.t.Helper()
	e := queuetest.OpenAt(th.t, th.db, th.h, queue.Options{})
	th.t.Cleanup(th.stop) // before the engine's check (cleanups run last first)
	ln, err := net.Listen("tcp", th.addr)
	if err != nil {
		th.t.Fatal(err)
	}
	th.addr = ln.Addr().String()
	th.e, th.srv = e, api.New(e, nil)
	th.boards = NewHub(e, kiosk.TicketLayout{Hall: th.h, PublicURL: th.url()}, nil)
	th.boards.Bind(wiring)
	th.boards.Register(th.srv)
	th.hs = &http.Server{Handler: th.srv, TLSConfig: th.tls}
	if th.tls != nil {
		go th.hs.ServeTLS(ln, "", "")
		return
	}
	go th.hs.Serve(ln)
}

func (th *testHub) stop() {
	if th.e == nil {
		return
	}
	th.srv.CloseStreams()
	th.hs.Close()
	th.e.Close()
	th.e = nil
}

// finish serves a new ticket of service svc at window n and returns its id.
func (th *testHub) finish(n int, svc string) string {
	th.t.Helper()
	tok, _, err := th.e.Login(queue.LoginRequest{Staff: fmt.Sprintf("w%d", n), PIN: "1234", Window: n, Takeover: true})
	if err != nil {
		th.t.Fatal(err)
	}
	a := queue.Act{Token: tok, Window: n}
	if _, err := th.e.Issue(queue.IssueRequest{Service: svc, Channel: "kiosk"}); err != nil {
		th.t.Fatal(err)
	}
	v, err := th.e.CallNext(a)
	if err != nil {
		th.t.Fatal(err)
	}
	if _, err := th.e.Start(a); err != nil {
		th.t.Fatal(err)
	}
	if _, err := th.e.Finish(a, ""); err != nil {
		th.t.Fatal(err)
	}
	return v.ID
}

func (th *testHub) adminToken() string {
	th.t.Helper()
	tok, _, err := th.e.Login(queue.LoginRequest{Staff: "admin", PIN: "1234"})
	if err != nil {
		th.t.Fatal(err)
	}
	return tok
}

// wiring is the hub's side of boardConfig: what the hall's file says is
// wired to the window board.
var wiring = equip.Config{
	Keypads: []equip.Keypad{
		{ID: "pad-a", Window: 3, Transport: equip.Agent, Board: "window-board"},
		{ID: "pad-b", Window: 4, Transport: equip.Agent, Board: "window-board"},
	},
	Buttons: []equip.Button{{ID: "button-2", Service: "social", Transport: equip.Agent, Board: "window-board"}},
}

// boardFile is a window board with two simulated keypads and a kiosk
// cabinet's button and printer.
func boardConfig(t *testing.T, hub, token string) *Config {
	t.Helper()
	tf := filepath.Join(t.TempDir(), "agent.token")
	if err := os.WriteFile(tf, []byte(token+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "board.toml")
	os.WriteFile(file, []byte(`version = 1
[agent]
board = "window-board"
hub = "http://will-be-replaced:1"
token_file = "`+tf+`"
heartbeat_s = 1
[[devices.keypad]]
id = "pad-a"
window = 3
transport = "sim"
[[devices.keypad]]
id = "pad-b"
window = 4
transport = "sim"
[[devices.printer]]
id = "printer-2"
kiosk = "2"
transport = "sim"
paper_mm = 58
[[devices.button]]
id = "button-2"
service = "social"
kiosk = "2"
transport = "sim"
`), 0o600)
	c, err := LoadConfig(file, hub)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// board is a running agent and its status address.
type board struct {
	t    *testing.T
	addr string
}

func startBoard(t *testing.T, c *Config) *board {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan string, 1)
	done := make(chan error, 1)
	go func() {
		done <- Run(ctx, Options{Config: c, Data: t.TempDir(), Listen: "127.0.0.1:0", Stdout: io.Discard,
			Ready: func(a string) { ready <- a }})
	}()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("agent: %v", err)
		}
	})
	select {
	case a := <-ready:
		return &board{t: t, addr: a}
	case err := <-done:
		t.Fatalf("agent stopped: %v", err)
	}
	return nil
}

func (b *board) get(path string, v any) {
	b.t.Helper()
	resp, err := http.Get("http://" + b.addr + path)
	if err != nil {
		b.t.Fatal(err)
	}
	defer resp.Body.Close()
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
		b.t.Fatal(err)
	}
}

func (b *board) post(path string) {
	b.t.Helper()
	resp, err := http.Post("http://"+b.addr+path, "application/json", strings.NewReader("{}"))
	if err != nil {
		b.t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		b.t.Fatalf("POST %s: %s", path, resp.Status)
	}
}

func (b *board) status() Status {
	var s Status
	b.get("/agent/status", &s)
	return s
}

type simState struct {
	Keypads []struct {
		ID    string `json:"id"`
		Armed bool   `json:"armed"`
	} `json:"keypads"`
	Printers []struct {
		Tickets []json.RawMessage `json:"tickets"`
	} `json:"printers"`
}

func (b *board) sim() simState {
	var s simState
	b.get("/sim/state.json", &s)
	return s
}

// eventually polls a condition of another process's making (the board
// talks to the hub over real sockets), failing after ten seconds.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		<-tick.C
	}
}

func armed(b *board, id string) bool {
	for _, k := range b.sim().Keypads {
		if k.ID == id {
			return k.Armed
		}
	}
	return false
}

// TestPressesSurviveHubRestart is the outbox's promise: presses made while
// the hub is down reach it when it returns, each exactly once.
func TestPressesSurviveHubRestart(t *testing.T) {
	hub := startHub(t)
	admin := hub.adminToken()
	tok, err := hub.e.IssueAgentToken(admin, "window-board")
	if err != nil {
		t.Fatal(err)
	}
	b := startBoard(t, boardConfig(t, hub.url(), tok))
	eventually(t, "the board online at the hub", func() bool {
		for _, d := range hub.e.Devices() {
			if d.ID == "agent:window-board" && d.State == queue.DeviceOK {
				return true
			}
		}
		return false
	})

	t1 := hub.finish(3, "estate")
	t2 := hub.finish(4, "estate")
	eventually(t, "both keypads armed", func() bool { return armed(b, "pad-a") && armed(b, "pad-b") })

	hub.stop()
	// Each simulated press reaches its driver's own goroutine, so the outbox
	// numbers them in the order they arrive there, not the order of the
	// posts: wait for each before the next, because the replay below names
	// the button's press by its number (3).
	for i, path := range []string{"/sim/keypads/pad-a/2", "/sim/keypads/pad-b/5", "/sim/buttons/button-2"} {
		b.post(path)
		eventually(t, fmt.Sprintf("press %d in the outbox", i+1), func() bool { return b.status().Outbox == i+1 })
	}
	if s := b.status(); s.Connected {
		t.Errorf("the board thinks the stopped hub is reachable: %+v", s)
	}

	hub.start()
	eventually(t, "the outbox delivered", func() bool { s := b.status(); return s.Outbox == 0 && s.Delivered == 3 })

	evs, err := hub.e.ReadEvents(0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	for id, want := range map[string]int{t1: 2, t2: 5} {
		n := 0
		for _, ev := range evs {
			d, _ := ev.Decode()
			if ev.Type == queue.EvEvaluated && d.Ticket.ID == id {
				n++
				if d.Evaluation.Level != want || d.Evaluation.Channel != "keypad" {
					t.Errorf("ticket %s rated %+v, want level %d by keypad", id, d.Evaluation, want)
				}
			}
		}
		if n != 1 {
			t.Errorf("ticket %s rated %d times, want once", id, n)
		}
	}
	hv, _ := hub.e.HallView()
	waiting := 0
	for _, s := range hv.Services {
		if s.ID == "social" {
			waiting = s.Waiting
		}
	}
	if waiting != 1 {
		t.Errorf("%d social tickets waiting after one button press, want 1", waiting)
	}
	eventually(t, "the button's ticket printed on the board", func() bool {
		st := b.sim()
		return len(st.Printers) == 1 && len(st.Printers[0].Tickets) == 1
	})

	// The answer was lost, say: the same press sent again is a duplicate
	// and issues nothing.
	raw, _ := json.Marshal(pressRequest{Press: queue.Press{Outbox: b.status().OutboxID, Seq: 3, At: time.Now(), Kind: queue.PressIssue, Service: "social"}})
	req, _ := http.NewRequest(http.MethodPost, hub.url()+"/api/v1/agent/presses", bytes.NewReader(raw))
	req.Header.Set("Authorization", "Bearer "+tok)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var ans Answer
	json.NewDecoder(resp.Body).Decode(&ans)
	resp.Body.Close()
	if !ans.Duplicate || ans.Ticket == nil || len(ans.Print) == 0 {
		t.Errorf("press sent again: %+v", ans.Delivery)
	}
	if hv, _ := hub.e.HallView(); hv.Services[1].Waiting != 1 {
		t.Errorf("a press sent again issued another ticket: %d waiting", hv.Services[1].Waiting)
	}
}

// TestRevokedBoard: a revoked board's presses wait in its outbox, and the
// hub shows the board as revoked.
func TestRevokedBoard(t *testing.T) {
	hub := startHub(t)
	admin := hub.adminToken()
	tok, _ := hub.e.IssueAgentToken(admin, "window-board")
	b := startBoard(t, boardConfig(t, hub.url(), tok))
	eventually(t, "the board online", func() bool { return b.status().Connected })

	req, _ := http.NewRequest(http.MethodDelete, hub.url()+"/api/v1/admin/agents/window-board", nil)
	req.Header.Set("Authorization", "Bearer "+admin)
	resp, err := http.DefaultClient.Do(req)
	if err != nil || resp.StatusCode != http.StatusNoContent {
		t.Fatalf("revoke: %v %v", resp.Status, err)
	}
	var d queue.DeviceState
	for _, x := range hub.e.Devices() {
		if x.ID == "agent:window-board" {
			d = x
		}
	}
	if d.State != queue.DeviceOffline || !strings.Contains(d.Detail, "吊销") {
		t.Errorf("revoked board shown as %+v", d)
	}
	hub.finish(3, "estate")
	eventually(t, "keypad armed", func() bool { return armed(b, "pad-a") })
	b.post("/sim/keypads/pad-a/4")
	eventually(t, "the board sees its token refused", func() bool { return strings.Contains(b.status().Problem, "token") })
	// The press reaches the outbox on its own goroutine (keypad line →
	// gate → outbox): wait for it, then see it stay.
	eventually(t, "the press in the outbox", func() bool { return b.status().Outbox == 1 })
	eventually(t, "the token refused again", func() bool { return strings.Contains(b.status().Problem, "token") })
	if s := b.status(); s.Outbox != 1 {
		t.Errorf("outbox %d after a refused delivery, want the press kept", s.Outbox)
	}
}

// TestTouchKioskPrintsOnTheBoard: the hub's kiosk prints through the board
// its printer is wired to, and sees the printer's state.
func TestTouchKioskPrintsOnTheBoard(t *testing.T) {
	th := startHub(t)
	tok, _ := th.e.IssueAgentToken(th.adminToken(), "window-board")
	p := th.boards.Printer("window-board", "2") // as cmd/halld wires transport "agent"
	if st := p.Status(); st.Code != "board_offline" || st.Level != kiosk.LevelFault {
		t.Errorf("printer of a board never seen: %+v", st)
	}
	b := startBoard(t, boardConfig(t, th.url(), tok))
	eventually(t, "the board's printer ready at the hub", func() bool { return p.Status().Level == kiosk.LevelOK })
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	lay := kiosk.TicketLayout{Hall: th.h, PublicURL: th.url()}
	v, err := th.e.Issue(queue.IssueRequest{Service: "estate", Channel: "kiosk"})
	if err != nil {
		t.Fatal(err)
	}
	job, err := lay.Job(v, th.e.TicketKey(v.ID))
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Print(ctx, job); err != nil {
		t.Fatalf("remote print: %v", err)
	}
	if st := b.sim(); len(st.Printers) != 1 || len(st.Printers[0].Tickets) != 1 {
		t.Fatalf("board printed %+v", st.Printers)
	}
}

// TestBoardFollowsAnHTTPSHub: a hub with the hall's own CA; the board
// trusts that CA only (agent.ca_file), follows the wss stream (its keypad
// arms) and delivers a press over https.
func TestBoardFollowsAnHTTPSHub(t *testing.T) {
	dir := t.TempDir()
	ca, _, err := localca.Open(dir, "测试大厅", nil, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	cert, err := ca.NewServer([]string{"127.0.0.1"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	hub := &testHub{t: t, h: hall.Demo(), db: filepath.Join(dir, "halld.db"), addr: "127.0.0.1:0",
		tls: &tls.Config{GetCertificate: cert.GetCertificate, NextProtos: []string{"http/1.1"}}}
	hub.start()
	t.Cleanup(hub.stop)
	tok, err := hub.e.IssueAgentToken(hub.adminToken(), "window-board")
	if err != nil {
		t.Fatal(err)
	}
	c := boardConfig(t, hub.url(), tok)
	c.Agent.CAFile = filepath.Join(dir, localca.CertFile)
	b := startBoard(t, c)
	id := hub.finish(3, "estate")
	eventually(t, "the keypad armed from the wss stream", func() bool { return armed(b, "pad-a") })
	b.post("/sim/keypads/pad-a/5")
	eventually(t, "the press delivered over https", func() bool { v, _ := hub.e.Ticket(id); return v.Evaluated })

	// Without the CA the board trusts nothing there.
	c.Agent.CAFile = ""
	other := startBoard(t, c)
	eventually(t, "an untrusting board reports the hub unreachable", func() bool { s := other.status(); return !s.Connected && strings.Contains(s.Problem, "certificate") })
}
