package equip

import (
	"context"
	"fmt"
	"log/slog"
	"maps"
	"sync"

	"halld/device/led"
	"halld/device/led/bx"
	"halld/device/led/ledsim"
	"halld/device/led/textproto"
	"halld/device/serialport"
	"halld/device/supervise"
	"halld/display/ledtext"
	"halld/queue"
)

type call = ledtext.Call

// ledBus is one configured bus with its driver and, for "sim", its boards.
type ledBus struct {
	cfg  LEDBus
	bus  *led.Bus
	sim  *ledsim.Sim
	log  *slog.Logger
	kick chan struct{} // the line went down or came back

	mu      sync.Mutex
	down    bool
	showErr map[uint16]error // boards whose latest content was refused: they show stale text
}

func protocolFor(name string) (led.Protocol, textproto.Format, error) {
	switch name {
	case "bx5k":
		p, err := bx.New(bx.DefaultConfig())
		return p, textproto.Format{}, err
	case "strip":
		return textproto.StripScreen(), textproto.StripScreen(), nil
	case "strip_hall":
		return textproto.StripScreenHall(), textproto.StripScreenHall(), nil
	case "at":
		return textproto.AtText(), textproto.AtText(), nil
	}
	return nil, textproto.Format{}, fmt.Errorf("%w: unknown LED protocol %q", ErrConfig, name)
}

func newLEDBus(cfg LEDBus, log *slog.Logger) (*ledBus, error) {
	b := &ledBus{cfg: cfg, log: log, kick: make(chan struct{}, 1), showErr: map[uint16]error{}}
	if cfg.Transport == Sim {
		b.sim = ledsim.New()
	}
	var boards []led.Board
	for _, bd := range cfg.Boards {
		p, f, err := protocolFor(bd.Protocol)
		if err != nil {
			return nil, err
		}
		boards = append(boards, led.Board{Addr: uint16(bd.Address), Protocol: p})
		if b.sim != nil {
			if bd.Protocol == "bx5k" {
				b.sim.AddBX(uint16(bd.Address))
			} else {
				b.sim.AddText(uint16(bd.Address), f)
			}
		}
	}
	bus, err := led.New(led.Config{Baud: cfg.Baud}, boards, log.With("bus", cfg.ID))
	if err != nil {
		return nil, fmt.Errorf("equip: led bus %s: %w", cfg.ID, err)
	}
	b.bus = bus
	return b, nil
}

// run owns the line under supervise: it opens it (or the simulator), runs
// the bus and reopens after failures, reporting the bus up and down and
// every board's health on change.
func (b *ledBus) run(ctx context.Context, report func(queue.DeviceState)) {
	go b.watch(ctx, report)
	supervise.Run(ctx, supervise.Config{Min: retryMin, Max: retryMax, Log: b.log.With("bus", b.cfg.ID),
		Report: func(c supervise.Change) {
			b.setDown(!c.Up)
			report(lineState(b.cfg.ID, "led_bus", "LED总线", c))
		},
	}, func(ctx context.Context, up func()) error {
		if b.sim != nil {
			rw, err := b.sim.Line()
			if err != nil {
				return err
			}
			up()
			return b.bus.Run(ctx, rw)
		}
		port, err := serialport.Open(serialport.Config{Path: b.cfg.Path, Baud: b.cfg.Baud, ReadTimeout: serialReadTimeout})
		if err != nil {
			return err
		}
		defer port.Close()
		up()
		return b.bus.Run(ctx, port)
	})
}

// setDown records whether the bus line is down: its boards then read
// offline whatever they last answered.
func (b *ledBus) setDown(down bool) {
	b.mu.Lock()
	changed := b.down != down
	b.down = down
	b.mu.Unlock()
	if changed {
		b.wakeWatch()
	}
}

func (b *ledBus) wakeWatch() {
	select {
	case b.kick <- struct{}{}:
	default:
	}
}

// show puts lines on the board at addr. The driver refuses content it
// cannot frame (text too long for the board's protocol, e.g. a hall board
// with many rows), and the board then keeps showing the previous call: that
// is logged once and the board reads as a warning until content is accepted
// again.
func (b *ledBus) show(addr uint16, lines []string, prio led.Priority) {
	err := b.bus.Show(addr, lines, prio)
	b.mu.Lock()
	old := b.showErr[addr]
	if err != nil {
		b.showErr[addr] = err
	} else {
		delete(b.showErr, addr)
	}
	b.mu.Unlock()
	if err != nil && (old == nil || old.Error() != err.Error()) {
		b.log.Error("equip: LED board left showing stale text", "bus", b.cfg.ID, "board", addr, "err", err)
	}
	if (old == nil) != (err == nil) {
		b.wakeWatch()
	}
}

// watch reports board states when the bus says something changed or the
// line went down or came back.
func (b *ledBus) watch(ctx context.Context, report func(queue.DeviceState)) {
	last := map[uint16]queue.DeviceState{}
	for {
		ch := b.bus.Changed()
		b.mu.Lock()
		down := b.down
		showErr := maps.Clone(b.showErr)
		b.mu.Unlock()
		for _, st := range b.bus.Status() {
			d := queue.DeviceState{ID: fmt.Sprintf("%s/%d", b.cfg.ID, st.Addr), Kind: "led_board", State: queue.DeviceOK}
			switch {
			case down:
				d.State, d.Detail = queue.DeviceOffline, "LED总线离线"
			case st.State == led.StateOffline:
				d.State, d.Detail = queue.DeviceOffline, "LED屏无应答"
				if st.LastErr != nil {
					d.Detail += "：" + st.LastErr.Error()
				}
			case showErr[st.Addr] != nil:
				d.State, d.Detail = queue.DeviceWarning, "LED屏内容未能更新（仍显示旧内容）："+showErr[st.Addr].Error()
			case st.State == led.StateUnknown:
				continue
			}
			if old, ok := last[st.Addr]; ok && old == d {
				continue
			}
			last[st.Addr] = d
			report(d)
		}
		select {
		case <-ctx.Done():
			return
		case <-ch:
		case <-b.kick:
		}
	}
}

// showWindow puts a window's state on its bars.
func (q *Equip) showWindow(w queue.WindowView, isCall bool) {
	prio := led.Idle
	if isCall {
		prio = led.Call
	}
	lines := ledtext.Window(w)
	for _, b := range q.leds {
		for _, bd := range b.cfg.Boards {
			if bd.Window == w.Number {
				b.show(uint16(bd.Address), lines, prio)
			}
		}
	}
}

// showHall puts the latest calls on every hall board.
func (q *Equip) showHall(isCall bool) {
	q.mu.Lock()
	recent := append([]call(nil), q.recent...)
	q.mu.Unlock()
	prio := led.Idle
	if isCall {
		prio = led.Call
	}
	for _, b := range q.leds {
		for _, bd := range b.cfg.Boards {
			if bd.Window == 0 {
				b.show(uint16(bd.Address), ledtext.Hall(recent, bd.Rows), prio)
			}
		}
	}
}

// LEDSim is a simulated bus for the /sim/ page.
type LEDSim struct {
	ID     string
	Sim    *ledsim.Sim
	Boards []LEDBoard
}

// LEDSims returns the simulated LED buses.
func (q *Equip) LEDSims() []LEDSim {
	var out []LEDSim
	for _, b := range q.leds {
		if b.sim != nil {
			out = append(out, LEDSim{ID: b.cfg.ID, Sim: b.sim, Boards: b.cfg.Boards})
		}
	}
	return out
}
