package led_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"halld/device/led"
	"halld/device/led/ledsim"
	"halld/device/led/textproto"
	"halld/device/serialport"
	"halld/device/serialport/serialtest"
)

// TestEndToEndPTY drives simulated boards through a real tty: serialport on
// the slave of a pty, the simulator on the master.
func TestEndToEndPTY(t *testing.T) {
	path, dev := serialtest.PTY(t)
	sim := ledsim.New()
	sim.AddBX(1)
	sim.AddBX(3)
	sim.SetDead(3, true)
	sim.AddText(2, textproto.StripScreen())
	served := make(chan error, 1)
	go func() { served <- sim.Serve(dev) }()
	t.Cleanup(func() {
		dev.Close()
		<-served
	})

	port, err := serialport.Open(serialport.Config{Path: path, Baud: 9600, ReadTimeout: 100 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer port.Close()
	cfg := led.Config{Baud: 9600, Gap: 20 * time.Millisecond, ReplyTimeout: 500 * time.Millisecond, RetryMin: 300 * time.Millisecond, RetryMax: time.Second}
	bus, err := led.New(cfg, []led.Board{{1, bxProto(t)}, {2, textproto.StripScreen()}, {3, bxProto(t)}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	runErr := make(chan error, 1)
	go func() { runErr <- bus.Run(ctx, port) }()

	for a, lines := range map[uint16][]string{1: {"A001", "请到1号窗口"}, 2: {"B002", "请到2号窗口"}, 3: {"C003"}} {
		if err := bus.Show(a, lines, led.Call); err != nil {
			t.Fatal(err)
		}
	}
	// Board 2 does not answer, so "ok" only means written: wait for the
	// simulator to have read it too.
	for {
		ch, sch := bus.Changed(), sim.Changed()
		st := bus.Status()
		d2, _ := sim.Display(2)
		if st[0].State == led.StateOK && st[1].State == led.StateOK && st[2].State == led.StateOffline && d2.Frames > 0 {
			break
		}
		select {
		case <-ch:
		case <-sch:
		case <-ctx.Done():
			t.Fatalf("boards did not settle: %+v", st)
		}
	}
	if d, _ := sim.Display(1); !slices.Equal(d.Lines, []string{"A001", "请到1号窗口"}) {
		t.Errorf("BX board shows %q", d.Lines)
	}
	if d, _ := sim.Display(2); !slices.Equal(d.Lines, []string{"B002 请到2号窗口"}) {
		t.Errorf("strip screen shows %q", d.Lines)
	}
	if s, _ := bus.Board(3); !errors.Is(s.LastErr, led.ErrNoReply) {
		t.Errorf("dead board: %+v", s)
	}
	cancel()
	if err := <-runErr; !errors.Is(err, context.Canceled) && !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Run() = %v", err)
	}
}
