package led_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"testing/synctest"
	"time"

	"halld/device/led"
	"halld/device/led/bx"
	"halld/device/led/ledsim"
	"halld/device/led/textproto"
)

var testCfg = led.Config{Baud: 9600, Gap: 100 * time.Millisecond, ReplyTimeout: 300 * time.Millisecond,
	RetryMin: 2 * time.Second, RetryMax: 16 * time.Second}

func bxProto(t testing.TB) *bx.Protocol {
	p, err := bx.New(bx.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// rig is a bus on a simulator, inside a synctest bubble.
type rig struct {
	t      *testing.T
	bus    *led.Bus
	sim    *ledsim.Sim
	cancel context.CancelFunc
	runErr chan error
}

func newRig(t *testing.T, boards []led.Board) *rig {
	sim := ledsim.New()
	for _, b := range boards {
		if f, ok := b.Protocol.(textproto.Format); ok {
			sim.AddText(b.Addr, f)
		} else {
			sim.AddBX(b.Addr)
		}
	}
	bus, err := led.New(testCfg, boards, nil)
	if err != nil {
		t.Fatal(err)
	}
	return &rig{t: t, bus: bus, sim: sim}
}

func (r *rig) start() {
	ctx, cancel := context.WithCancel(context.Background())
	r.cancel, r.runErr = cancel, make(chan error, 1)
	go func() { r.runErr <- r.bus.Run(ctx, r.sim) }()
	r.t.Cleanup(r.stop)
}

func (r *rig) stop() {
	if r.cancel == nil {
		return
	}
	r.cancel()
	if err := <-r.runErr; !errors.Is(err, context.Canceled) {
		r.t.Errorf("Run() = %v, want context.Canceled", err)
	}
	r.cancel = nil
	r.sim.Close()
}

func (r *rig) show(addr uint16, prio led.Priority, lines ...string) {
	r.t.Helper()
	if err := r.bus.Show(addr, lines, prio); err != nil {
		r.t.Fatal(err)
	}
}

// until waits (in fake time) for cond, failing after an hour of it.
func (r *rig) until(what string, cond func() bool) {
	r.t.Helper()
	limit := time.After(time.Hour)
	for {
		ch := r.bus.Changed()
		sch := r.sim.Changed()
		if cond() {
			return
		}
		select {
		case <-ch:
		case <-sch:
		case <-limit:
			r.t.Fatalf("timed out waiting for %s; status %+v", what, r.bus.Status())
		}
	}
}

func (r *rig) lines(addr uint16) []string {
	d, _ := r.sim.Display(addr)
	return d.Lines
}

func (r *rig) state(addr uint16) led.BoardStatus {
	s, _ := r.bus.Board(addr)
	return s
}

func (r *rig) order() []uint16 {
	var out []uint16
	for _, x := range r.sim.Received() {
		out = append(out, x.Addr)
	}
	return out
}

func TestShowBothProtocols(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newRig(t, []led.Board{{1, bxProto(t)}, {2, textproto.StripScreen()}, {3, textproto.AtText()}})
		r.start()
		r.show(1, led.Call, "A001", "请到1号窗口")
		r.show(2, led.Call, "A002", "请到2号窗口")
		r.show(3, led.Call, "A003")
		r.until("all shown", func() bool {
			return r.state(1).State == led.StateOK && r.state(2).State == led.StateOK && r.state(3).State == led.StateOK
		})
		tests := []struct {
			addr uint16
			want []string
		}{
			{1, []string{"A001", "请到1号窗口"}},
			{2, []string{"A002 请到2号窗口"}}, // one-line board: lines joined
			{3, []string{"A003"}},
		}
		for _, tt := range tests {
			if got := r.lines(tt.addr); !slices.Equal(got, tt.want) {
				t.Errorf("board %d shows %q, want %q", tt.addr, got, tt.want)
			}
			if s := r.state(tt.addr); s.Pending != nil || s.Shown == nil {
				t.Errorf("board %d: status %+v", tt.addr, s)
			}
		}
	})
}

// TestPacing checks that frames never go out faster than the line carries
// them, plus the gap.
func TestPacing(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := textproto.StripScreen()
		r := newRig(t, []led.Board{{1, f}, {2, f}, {3, f}})
		texts := map[uint16]string{1: "A001", 2: "请B002号到2号窗口办理业务", 3: "C3"}
		for a := uint16(1); a <= 3; a++ {
			r.show(a, led.Idle, texts[a])
		}
		r.start()
		r.until("three frames", func() bool { return len(r.sim.Received()) == 3 })
		rec := r.sim.Received()
		for i := 1; i < len(rec); i++ {
			frame, _ := f.Encode(rec[i-1].Addr, []string{texts[rec[i-1].Addr]})
			want := time.Duration(len(frame))*10*time.Second/9600 + testCfg.Gap
			if got := rec[i].At.Sub(rec[i-1].At); got != want {
				t.Errorf("frame %d after %v, want %v (%d bytes at 9600 8N1 + gap)", i, got, want, len(frame))
			}
		}
	})
}

func TestReplyPacing(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		p := bxProto(t)
		r := newRig(t, []led.Board{{1, p}, {2, p}})
		r.show(1, led.Idle, "A001")
		r.show(2, led.Idle, "A002")
		r.start()
		r.until("two frames", func() bool { return len(r.sim.Received()) == 2 })
		frame, _ := p.Encode(1, []string{"A001"})
		// The simulated card answers at once, so the bus waits for the line.
		want := time.Duration(len(frame))*10*time.Second/9600 + testCfg.Gap
		if rec := r.sim.Received(); rec[1].At.Sub(rec[0].At) != want {
			t.Errorf("second frame after %v, want %v", rec[1].At.Sub(rec[0].At), want)
		}
	})
}

func TestCallBeforeIdle(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := textproto.AtText()
		r := newRig(t, []led.Board{{1, f}, {2, f}, {3, f}, {4, f}, {5, f}})
		r.show(1, led.Idle, "idle 1")
		r.show(2, led.Idle, "idle 2")
		r.show(3, led.Call, "call 3")
		r.show(4, led.Idle, "idle 4")
		r.start()
		r.until("first frame", func() bool { return len(r.sim.Received()) >= 1 })
		r.show(5, led.Call, "call 5") // arrives during the gap
		r.show(4, led.Call, "call 4") // an idle board upgraded by a call
		r.until("all frames", func() bool { return len(r.sim.Received()) == 5 })
		if got, want := r.order(), []uint16{3, 5, 4, 1, 2}; !slices.Equal(got, want) {
			t.Errorf("order %v, want %v", got, want)
		}
	})
}

func TestCoalescing(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newRig(t, []led.Board{{1, bxProto(t)}, {2, textproto.AtText()}})
		r.show(1, led.Idle, "A")
		r.show(1, led.Call, "B")
		r.show(1, led.Idle, "C") // latest content wins, keeps the call's priority
		if s := r.state(1); !slices.Equal(s.Pending, []string{"C"}) || s.Priority != led.Call {
			t.Fatalf("pending %q %v, want [C] call", s.Pending, s.Priority)
		}
		r.start()
		r.until("shown", func() bool { return r.state(1).State == led.StateOK })
		if n := len(r.sim.Received()); n != 1 || !slices.Equal(r.lines(1), []string{"C"}) {
			t.Fatalf("%d frames, board shows %q; want 1 frame showing C", n, r.lines(1))
		}

		r.show(1, led.Call, "C") // identical to what the board shows
		synctest.Wait()
		if n := len(r.sim.Received()); n != 1 {
			t.Errorf("identical content resent: %d frames", n)
		}

		r.show(2, led.Idle, "X")
		r.until("X", func() bool { return r.state(2).State == led.StateOK })
		r.stop() // hold the line while content changes back and forth
		r.show(2, led.Idle, "Y")
		r.show(2, led.Idle, "X")
		if s := r.state(2); s.Pending != nil {
			t.Errorf("content back to what is shown still pending: %q", s.Pending)
		}
	})
}

func TestOfflineBackoff(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		p := bxProto(t)
		r := newRig(t, []led.Board{{1, p}, {2, p}})
		r.sim.SetDead(1, true)
		r.start()
		r.show(1, led.Call, "A001")
		r.show(2, led.Call, "A002")
		r.until("board 1 offline", func() bool { return r.state(1).State == led.StateOffline })
		r.until("board 2 shown", func() bool { return r.state(2).State == led.StateOK })

		s := r.state(1)
		if !errors.Is(s.LastErr, led.ErrNoReply) || s.Failures != 1 || s.RetryAt.Sub(s.LastErrAt) != 2*time.Second {
			t.Fatalf("after first failure: %+v", s)
		}
		// Backoff doubles up to RetryMax.
		for i, want := range []time.Duration{4, 8, 16, 16} {
			n := i + 2
			r.until("another failure", func() bool { return r.state(1).Failures == n })
			s := r.state(1)
			if got := s.RetryAt.Sub(s.LastErrAt); got != want*time.Second {
				t.Errorf("failure %d: retry in %v, want %v", n, got, want*time.Second)
			}
			// The other board is served meanwhile.
			text := "B" + string(rune('0'+n))
			r.show(2, led.Idle, text)
			r.until("board 2 updated", func() bool { return slices.Equal(r.lines(2), []string{text}) })
		}
		r.sim.SetDead(1, false)
		r.until("board 1 back", func() bool { return r.state(1).State == led.StateOK })
		if got := r.lines(1); !slices.Equal(got, []string{"A001"}) {
			t.Errorf("board 1 shows %q after recovery", got)
		}
		if s := r.state(1); s.Failures != 0 || s.LastErr == nil || s.Shown == nil {
			t.Errorf("after recovery: %+v", s)
		}
	})
}

func TestErrorReply(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newRig(t, []led.Board{{7, bxProto(t)}})
		r.sim.SetError(7, bx.ErrFontMissing)
		r.start()
		r.show(7, led.Call, "鍾")
		r.until("offline", func() bool { return r.state(7).State == led.StateOffline })
		if err := r.state(7).LastErr; !errors.Is(err, bx.ErrFontMissing) {
			t.Errorf("LastErr = %v, want ErrFontMissing", err)
		}
	})
}

func TestShowErrors(t *testing.T) {
	bus, err := led.New(testCfg, []led.Board{{300, textproto.AtText()}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := bus.Show(1, nil, led.Call); !errors.Is(err, led.ErrUnknownBoard) {
		t.Errorf("unknown board: %v", err)
	}
	if err := bus.Show(300, []string{"A"}, led.Call); !errors.Is(err, textproto.ErrAddress) {
		t.Errorf("address 300 on a one-byte protocol: %v", err)
	}
}

func TestConfigErrors(t *testing.T) {
	tests := []struct {
		name   string
		cfg    led.Config
		boards []led.Board
	}{
		{"no baud", led.Config{}, nil},
		{"bits", led.Config{Baud: 9600, BitsPerChar: 20}, nil},
		{"retry", led.Config{Baud: 9600, RetryMin: time.Minute, RetryMax: time.Second}, nil},
		{"dup", led.Config{Baud: 9600}, []led.Board{{1, textproto.AtText()}, {1, textproto.AtText()}}},
		{"nil protocol", led.Config{Baud: 9600}, []led.Board{{1, nil}}},
	}
	for _, tt := range tests {
		if _, err := led.New(tt.cfg, tt.boards, nil); !errors.Is(err, led.ErrConfig) {
			t.Errorf("%s: New() = %v, want ErrConfig", tt.name, err)
		}
	}
}

func TestRunFailsAndResumes(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		p := bxProto(t)
		bus, _ := led.New(testCfg, []led.Board{{1, p}}, nil)
		sim := ledsim.New()
		sim.AddBX(1)
		sim.Close() // the line is gone
		if err := bus.Show(1, []string{"A001"}, led.Call); err != nil {
			t.Fatal(err)
		}
		if err := bus.Run(context.Background(), sim); !errors.Is(err, led.ErrIO) {
			t.Fatalf("Run on a dead line = %v, want ErrIO", err)
		}
		// Reopen: the content still waiting goes out on the new line.
		sim2 := ledsim.New()
		sim2.AddBX(1)
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error)
		go func() { done <- bus.Run(ctx, sim2) }()
		for {
			ch := bus.Changed()
			if s, _ := bus.Board(1); s.State == led.StateOK {
				break
			}
			<-ch
		}
		if d, _ := sim2.Display(1); !slices.Equal(d.Lines, []string{"A001"}) {
			t.Errorf("after reopen shows %q", d.Lines)
		}
		if err := bus.Run(ctx, sim2); !errors.Is(err, led.ErrRunning) {
			t.Errorf("second Run = %v, want ErrRunning", err)
		}
		cancel()
		<-done
		sim2.Close()
	})
}

// TestFailureForgetsShown: after a failed frame the bus no longer trusts what
// the board shows, so even the old content is sent again.
func TestFailureForgetsShown(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newRig(t, []led.Board{{1, bxProto(t)}})
		r.start()
		r.show(1, led.Call, "A")
		r.until("A", func() bool { return r.state(1).State == led.StateOK })
		r.sim.SetDead(1, true)
		r.show(1, led.Call, "B")
		r.until("offline", func() bool { return r.state(1).State == led.StateOffline })
		r.show(1, led.Call, "A")
		if s := r.state(1); !slices.Equal(s.Pending, []string{"A"}) || s.Shown != nil {
			t.Fatalf("after failure: pending %q shown %q", s.Pending, s.Shown)
		}
	})
}
