package equip

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"halld/device/led"
	"halld/device/led/bx"
	"halld/device/led/ledtest"
	"halld/device/led/textproto"
	"halld/device/serialport"
	"halld/display/ledtext"
	"halld/queue"
)

type call = ledtext.Call

// ledBus is one configured bus with its driver and, for "sim", its boards.
type ledBus struct {
	cfg LEDBus
	bus *led.Bus
	sim *ledtest.Sim
	log *slog.Logger
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
	b := &ledBus{cfg: cfg, log: log}
	if cfg.Transport == Sim {
		b.sim = ledtest.New()
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

// run owns the line: it opens it (or the simulator), runs the bus and
// reopens after failures, and reports every board's health on change.
func (b *ledBus) run(ctx context.Context, report func(queue.DeviceState)) {
	go b.watch(ctx, report)
	lastErr := ""
	for ctx.Err() == nil {
		var err error
		if b.sim != nil {
			err = b.bus.Run(ctx, b.sim)
		} else {
			var port *serialport.Port
			port, err = serialport.Open(serialport.Config{Path: b.cfg.Path, Baud: b.cfg.Baud, ReadTimeout: serialReadTimeout})
			if err == nil {
				err = b.bus.Run(ctx, port)
				port.Close()
			}
		}
		if ctx.Err() != nil {
			return
		}
		if err.Error() != lastErr { // a bus that stays down is logged once
			b.log.Warn("equip: LED bus down, retrying", "bus", b.cfg.ID, "err", err)
			lastErr = err.Error()
		}
		report(queue.DeviceState{ID: b.cfg.ID, Kind: "led_bus", State: queue.DeviceOffline, Detail: "LED总线无法打开：" + err.Error()})
		select {
		case <-ctx.Done():
			return
		case <-time.After(retryOpen):
		}
	}
}

// watch reports board states when the bus says something changed.
func (b *ledBus) watch(ctx context.Context, report func(queue.DeviceState)) {
	last := map[uint16]led.State{}
	for {
		ch := b.bus.Changed()
		for _, st := range b.bus.Status() {
			if st.State == led.StateUnknown || last[st.Addr] == st.State {
				continue
			}
			last[st.Addr] = st.State
			d := queue.DeviceState{ID: fmt.Sprintf("%s/%d", b.cfg.ID, st.Addr), Kind: "led_board", State: queue.DeviceOK}
			if st.State == led.StateOffline {
				d.State, d.Detail = queue.DeviceOffline, "LED屏无应答"
				if st.LastErr != nil {
					d.Detail += "：" + st.LastErr.Error()
				}
			}
			report(d)
		}
		select {
		case <-ctx.Done():
			return
		case <-ch:
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
				b.bus.Show(uint16(bd.Address), lines, prio)
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
				b.bus.Show(uint16(bd.Address), ledtext.Hall(recent, bd.Rows), prio)
			}
		}
	}
}

// LEDSim is a simulated bus for the /sim/ page.
type LEDSim struct {
	ID     string
	Sim    *ledtest.Sim
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
