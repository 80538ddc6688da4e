package equip

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"halld/device/led"
	"halld/display/ledtext"
	"halld/queue"
)

// TestLEDBusPulledAndRestored is issue 16's third case on the simulated
// boards' real frames: the bus line is pulled while a call waits, and put
// back. The bus reports offline (a failure talking over it, not «无法打开»)
// and back ok; the board behind it reads offline while the bus is down,
// not ok; the waiting call goes out once the line is back, exactly once.
func TestLEDBusPulledAndRestored(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		b, err := newLEDBus(LEDBus{ID: "rs485-0", Transport: Sim, Baud: 9600, Boards: []LEDBoard{{Address: 3, Protocol: "bx5k", Window: 3}}}, slog.New(slog.DiscardHandler))
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithCancel(context.Background())
		var mu sync.Mutex
		var reports []queue.DeviceState
		go b.run(ctx, func(d queue.DeviceState) { mu.Lock(); reports = append(reports, d); mu.Unlock() })
		defer func() { cancel(); b.sim.Close(); synctest.Wait() }()
		// states returns what each device reported since the last call.
		states := func() map[string][]queue.DeviceState {
			synctest.Wait()
			mu.Lock()
			defer mu.Unlock()
			out := map[string][]queue.DeviceState{}
			for _, d := range reports {
				out[d.ID] = append(out[d.ID], d)
			}
			reports = nil
			return out
		}
		lastOf := func(ds []queue.DeviceState) queue.DeviceState {
			if len(ds) == 0 {
				return queue.DeviceState{}
			}
			return ds[len(ds)-1]
		}
		b.bus.Show(3, []string{"A001", "请到3号窗口"}, led.Call)
		time.Sleep(time.Second)
		st := states()
		if lastOf(st["rs485-0"]).State != queue.DeviceOK || lastOf(st["rs485-0/3"]).State != queue.DeviceOK {
			t.Fatalf("at start: %+v", st)
		}

		b.sim.Pull(true)
		b.bus.Show(3, []string{"A002", "请到3号窗口"}, led.Call)
		time.Sleep(10 * time.Second)
		st = states()
		bus := st["rs485-0"]
		if len(bus) == 0 || bus[0].State != queue.DeviceOffline || !strings.Contains(bus[0].Detail, "LED总线通信中断") {
			t.Fatalf("bus after the pull: %+v", bus)
		}
		if d := lastOf(st["rs485-0/3"]); d.State != queue.DeviceOffline || d.Detail != "LED总线离线" {
			t.Errorf("board behind the dead bus: %+v", st["rs485-0/3"])
		}
		if d, _ := b.sim.Display(3); d.Lines[0] != "A001" {
			t.Errorf("board shows %q while the line is out", d.Lines)
		}

		b.sim.Pull(false)
		time.Sleep(time.Minute) // at most one backoff (30 s) and a retry
		st = states()
		if d := lastOf(st["rs485-0"]); d.State != queue.DeviceOK {
			t.Errorf("bus after the line came back: %+v", st["rs485-0"])
		}
		if d := lastOf(st["rs485-0/3"]); d.State != queue.DeviceOK {
			t.Errorf("board after the line came back: %+v", st["rs485-0/3"])
		}
		if d, _ := b.sim.Display(3); !slices.Equal(d.Lines, []string{"A002", "请到3号窗口"}) {
			t.Errorf("board shows %q after the line came back", d.Lines)
		}
		n := 0
		for _, r := range b.sim.Received() {
			if strings.Contains(r.Text, "A002") {
				n++
			}
		}
		if n != 1 {
			t.Errorf("the waiting call went out %d times", n)
		}
	})
}

// TestLEDBoardRefusedContentIsReported: a hall board configured with more
// rows than its protocol can carry gets a text the driver refuses. The
// board keeps showing the previous calls, so that must surface: an error in
// the log and the board in warning, until content fits again.
func TestLEDBoardRefusedContentIsReported(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var logs syncBuffer
		log := slog.New(slog.NewTextHandler(&logs, nil))
		b, err := newLEDBus(LEDBus{ID: "rs485-0", Transport: Sim, Baud: 9600, Boards: []LEDBoard{{Address: 7, Protocol: "strip_hall", Rows: 20}}}, log)
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithCancel(context.Background())
		var mu sync.Mutex
		last := map[string]queue.DeviceState{}
		go b.run(ctx, func(d queue.DeviceState) { mu.Lock(); last[d.ID] = d; mu.Unlock() })
		defer func() { cancel(); b.sim.Close(); synctest.Wait() }()
		board := func() queue.DeviceState {
			time.Sleep(time.Second)
			synctest.Wait()
			mu.Lock()
			defer mu.Unlock()
			return last["rs485-0/7"]
		}

		short := ledtext.Hall([]call{{Number: "A001", Window: 3}}, 20)
		b.show(7, short, led.Call)
		if d := board(); d.State != queue.DeviceOK {
			t.Fatalf("board after a call that fits: %+v", d)
		}
		var many []call
		for i := 1; i <= 20; i++ {
			many = append(many, call{Number: fmt.Sprintf("A%03d", i), Window: 12})
		}
		b.show(7, ledtext.Hall(many, 20), led.Call)
		d := board()
		if d.State != queue.DeviceWarning || !strings.Contains(d.Detail, "仍显示旧内容") {
			t.Errorf("board after a refused text: %+v", d)
		}
		if shown, _ := b.sim.Display(7); !slices.Equal(shown.Lines, []string{strings.Join(short, " ")}) && !slices.Equal(shown.Lines, short) {
			t.Errorf("board shows %q, want the previous %q", shown.Lines, short)
		}
		if !strings.Contains(logs.String(), "stale text") || !strings.Contains(logs.String(), "board=7") {
			t.Errorf("no error logged for the refused text: %s", logs.String())
		}

		b.show(7, ledtext.Hall(many[:2], 20), led.Call)
		if d := board(); d.State != queue.DeviceOK {
			t.Errorf("board after content fits again: %+v", d)
		}
	})
}
