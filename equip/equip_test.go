package equip

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"halld/device/led/ledsim"
	"halld/queue"
	"halld/queue/hall"
	"halld/queue/queuetest"
)

func newEngine(t *testing.T) *queue.Engine {
	t.Helper()
	e := queuetest.Open(t, hall.Demo(), queue.Options{})
	return e
}

// waitDisplay waits until the simulated board at addr shows want.
func waitDisplay(t *testing.T, sim *ledsim.Sim, addr uint16, want ...string) {
	t.Helper()
	deadline := time.After(10 * time.Second)
	for {
		ch := sim.Changed()
		if d, ok := sim.Display(addr); ok && slices.Equal(d.Lines, want) {
			return
		}
		select {
		case <-ch:
		case <-deadline:
			d, _ := sim.Display(addr)
			t.Fatalf("board %d shows %q, want %q", addr, d.Lines, want)
		}
	}
}

func TestLEDBoardsFollowTheQueue(t *testing.T) {
	e := newEngine(t)
	cfg := Config{LEDBuses: []LEDBus{{ID: "bus0", Transport: Sim, Boards: []LEDBoard{
		{Address: 3, Protocol: "bx5k", Window: 3},
		{Address: 5, Protocol: "strip", Window: 5},
		{Address: 9, Protocol: "bx5k", Rows: 2},
	}}}}
	if err := cfg.Validate(hall.Demo()); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	q, err := Start(ctx, e, cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	sim := q.LEDSims()[0].Sim
	waitDisplay(t, sim, 3, "3号窗口", "暂停服务")

	tok, _, err := e.Login(queue.LoginRequest{Staff: "w3", PIN: "1234", Window: 3})
	if err != nil {
		t.Fatal(err)
	}
	waitDisplay(t, sim, 3, "3号窗口", "欢迎光临")
	e.Issue(queue.IssueRequest{Service: "estate"})
	e.CallNext(queue.Act{Token: tok, Window: 3})
	waitDisplay(t, sim, 3, "A001", "请到3号窗口")
	waitDisplay(t, sim, 9, "A001 请到3号窗口")
	e.Pause(queue.Act{Token: tok, Window: 3}, "午休") // refused: a ticket is current
	e.Start(queue.Act{Token: tok, Window: 3})
	waitDisplay(t, sim, 3, "A001", "正在办理")

	// The strip board of window 5, another protocol on the same bus, got
	// its own window's content and nothing of window 3's.
	waitDisplay(t, sim, 5, "5号窗口 暂停服务") // a one-line strip joins the lines
}

func TestDeadBoardIsReported(t *testing.T) {
	e := newEngine(t)
	cfg := Config{LEDBuses: []LEDBus{{ID: "bus0", Transport: Sim, Boards: []LEDBoard{{Address: 4, Protocol: "bx5k", Window: 4}}}}}
	cfg.Validate(hall.Demo())
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	// The board is dead before the first frame.
	q, err := start(ctx, engineHub{e}, cfg, nil, nil, func(q *Equip) { q.LEDSims()[0].Sim.SetDead(4, true) })
	if err != nil {
		t.Fatal(err)
	}
	_ = q
	sub := e.Subscribe(0)
	defer sub.Close()
	wctx, wcancel := context.WithTimeout(ctx, 10*time.Second)
	defer wcancel()
	for {
		ev, err := sub.Next(wctx)
		if err != nil {
			t.Fatalf("no offline report: %v", err)
		}
		if ev.Type != queue.EvDevice {
			continue
		}
		d, _ := ev.Decode()
		if d.Device.ID == "bus0/4" && d.Device.State == queue.DeviceOffline {
			if d.Device.Location != "4号窗口" {
				t.Errorf("the board's location is %q, want its window's", d.Device.Location)
			}
			return
		}
	}
}

func TestValidate(t *testing.T) {
	demo := hall.Demo()
	tests := []struct {
		name string
		cfg  Config
		want string
	}{
		{"bad transport", Config{LEDBuses: []LEDBus{{ID: "b", Transport: "usb", Path: "/x"}}}, "devices.led_bus[0].transport"},
		{"no path", Config{LEDBuses: []LEDBus{{ID: "b", Transport: Serial}}}, "devices.led_bus[0].path"},
		{"bad protocol", Config{LEDBuses: []LEDBus{{ID: "b", Transport: Sim, Boards: []LEDBoard{{Address: 1, Protocol: "vfd"}}}}}, "devices.led_bus[0].board[0].protocol"},
		{"unknown window", Config{LEDBuses: []LEDBus{{ID: "b", Transport: Sim, Boards: []LEDBoard{{Address: 1, Protocol: "bx5k", Window: 77}}}}}, "board[0].window: 77"},
		{"dup address", Config{LEDBuses: []LEDBus{{ID: "b", Transport: Sim, Boards: []LEDBoard{{Address: 1, Protocol: "bx5k"}, {Address: 1, Protocol: "at"}}}}}, "board[1].address"},
		{"at address 13", Config{LEDBuses: []LEDBus{{ID: "b", Transport: Sim, Boards: []LEDBoard{{Address: 13, Protocol: "at"}}}}}, "board[0].address: 13 is the at frame's terminator"},
		{"strip address 255", Config{LEDBuses: []LEDBus{{ID: "b", Transport: Sim, Boards: []LEDBoard{{Address: 255, Protocol: "strip_hall"}}}}}, "board[0].address: 255"},
		{"dup id", Config{LEDBuses: []LEDBus{{ID: "x", Transport: Sim}}, Printers: []Printer{{ID: "x", Kiosk: "1", Transport: Sim}}}, `devices.printer[0].id: "x" is already used`},
		{"printer tcp needs address", Config{Printers: []Printer{{ID: "p", Kiosk: "1", Transport: TCP}}}, "devices.printer[0].address"},
		{"paper", Config{Printers: []Printer{{ID: "p", Kiosk: "1", Transport: Sim, PaperMM: 76}}}, "paper_mm"},
		{"button service", Config{Buttons: []Button{{ID: "b", Service: "nope", Transport: Sim}}}, "devices.button[0].service"},
		{"button kiosk without printer", Config{Buttons: []Button{{ID: "b", Service: "tax", Kiosk: "9", Transport: Sim}}}, "devices.button[0].kiosk"},
		{"button pin", Config{Buttons: []Button{{ID: "b", Service: "tax", Transport: "gpio"}}}, "devices.button[0].pin"},
		{"location too long", Config{Keypads: []Keypad{{ID: "k", Window: 1, Transport: Sim, Location: strings.Repeat("窗", 30)}}}, "devices.keypad[0].location"},
		{"location with a newline", Config{Printers: []Printer{{ID: "p", Kiosk: "1", Transport: Sim, Location: "大厅\n入口"}}}, "devices.printer[0].location"},
		{"board location padded", Config{LEDBuses: []LEDBus{{ID: "b", Transport: Sim, Boards: []LEDBoard{{Address: 1, Protocol: "bx5k", Location: " 大厅"}}}}}, "devices.led_bus[0].board[0].location"},
		{"two printers one kiosk", Config{Printers: []Printer{{ID: "p", Kiosk: "1", Transport: Sim}, {ID: "q", Kiosk: "1", Transport: Sim}}}, "devices.printer[1].kiosk"},
	}
	for _, tc := range tests {
		err := tc.cfg.Validate(demo)
		if !errors.Is(err, ErrConfig) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want %q", tc.name, err, tc.want)
		}
	}
}

// Every device gets a location: the configured one, else the window or
// kiosk it belongs to; a bus of no window has none unless configured.
func TestLocations(t *testing.T) {
	cfg := Config{
		LEDBuses: []LEDBus{
			{ID: "bus0", Transport: Sim, Boards: []LEDBoard{
				{Address: 3, Protocol: "bx5k", Window: 3},
				{Address: 9, Protocol: "bx5k"},
				{Address: 10, Protocol: "bx5k", Window: 4, Location: "4号窗口上方"},
			}},
			{ID: "bus1", Transport: Sim, Location: "弱电间"},
		},
		Printers: []Printer{{ID: "printer-1", Kiosk: "1", Transport: Sim}, {ID: "printer-2", Kiosk: "2", Transport: Sim, Location: "大厅入口"}},
		Keypads:  []Keypad{{ID: "keypad-10", Window: 10, Transport: Sim}},
		Speakers: []Speaker{{ID: "sp-1", Windows: []int{2}}, {ID: "sp-all"}},
		Buttons:  []Button{{ID: "button-1", Service: "tax", Kiosk: "1", Transport: Sim}},
	}
	if err := cfg.Validate(hall.Demo()); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"bus0/3": "3号窗口", "bus0/9": "大厅", "bus0/10": "4号窗口上方", "bus1": "弱电间",
		"printer-1": "1号取号机", "printer-2": "大厅入口", "keypad-10": "10号窗口", "sp-1": "2号窗口", "button-1": "1号取号机",
	}
	if got := cfg.Locations(); !maps.Equal(got, want) {
		t.Errorf("locations:\n got %v\nwant %v", got, want)
	}
}

// serveOne has demo clerk wN serve one new estate ticket at window n to
// the end (call, start, finish) and returns it.
func serveOne(t *testing.T, e *queue.Engine, n int) queue.TicketView {
	t.Helper()
	tok, _, err := e.Login(queue.LoginRequest{Staff: fmt.Sprintf("w%d", n), PIN: "1234", Window: n})
	if err != nil {
		t.Fatal(err)
	}
	a := queue.Act{Token: tok, Window: n}
	if _, err := e.Issue(queue.IssueRequest{Service: "estate"}); err != nil {
		t.Fatal(err)
	}
	e.CallNext(a)
	e.Start(a)
	v, err := e.Finish(a, "")
	if err != nil {
		t.Fatal(err)
	}
	return v
}
