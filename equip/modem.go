package equip

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"time"

	"halld/device/gsm"
	"halld/device/gsm/gsmsim"
	"halld/device/serialport"
	"halld/queue"
	"halld/queue/sms"
)

// Modem is a GSM modem for the hall's SMS notices ([[devices.modem]]).
type Modem struct {
	ID        string `toml:"id"`
	Transport string `toml:"transport"` // serial or sim
	Path      string `toml:"path"`      // e.g. /dev/ttyUSB2 (a USB modem's AT port)
	Baud      int    `toml:"baud"`      // default 115200
	// SMSC is the service centre's number ("+8613800100500"); "" uses
	// the one on the SIM.
	SMSC     string `toml:"smsc"`
	Location string `toml:"location"` // where it is (default none)
}

// validateModems checks the modems and fills their defaults.
func (c *Config) validateModems(seen func(id, field string) error) error {
	for i := range c.Modems {
		m := &c.Modems[i]
		f := fmt.Sprintf("devices.modem[%d]", i)
		if err := seen(m.ID, f); err != nil {
			return err
		}
		if err := transport(f, m.Transport, m.Path, "", false); err != nil {
			return err
		}
		if m.Baud == 0 {
			m.Baud = 115200
		}
		if m.SMSC != "" {
			if _, err := gsm.Encode(gsm.Message{To: "1", SMSC: m.SMSC}); err != nil {
				return fmt.Errorf("%w: %s.smsc: %q is not a phone number (+86…)", ErrConfig, f, m.SMSC)
			}
		}
		if err := location(f, &m.Location, ""); err != nil {
			return err
		}
	}
	return nil
}

// Modem timings: how long a modem that failed waits before it is opened
// again, and how often a working one is checked (AT+CSQ).
const (
	modemRetry = 15 * time.Second
	modemCheck = time.Minute
)

// gsmModem keeps one modem open and reports its health.
type gsmModem struct {
	cfg Modem
	log *slog.Logger
	sim *gsmsim.Modem // transport sim

	mu    sync.Mutex
	m     *gsm.Modem // nil while not ready
	wrong chan struct{}
}

func newModem(c Modem, log *slog.Logger) *gsmModem {
	g := &gsmModem{cfg: c, log: log, wrong: make(chan struct{}, 1)}
	if c.Transport == Sim {
		g.sim = gsmsim.New(nil)
	}
	return g
}

// open opens the line: the serial port, or the simulator's line.
func (g *gsmModem) open() (io.ReadWriteCloser, error) {
	if g.sim != nil {
		return g.sim.Line(), nil
	}
	return serialport.Open(serialport.Config{Path: g.cfg.Path, Baud: g.cfg.Baud, ReadTimeout: serialReadTimeout})
}

// run opens, checks and re-opens the modem until ctx ends.
func (g *gsmModem) run(ctx context.Context, report func(queue.DeviceState)) {
	state := func(st, detail string) {
		report(queue.DeviceState{ID: g.cfg.ID, Kind: "modem", State: st, Detail: detail})
	}
	for ctx.Err() == nil {
		line, err := g.open()
		if err != nil {
			state(queue.DeviceOffline, "短信猫无法打开："+err.Error())
			g.log.Warn("equip: modem not opened, SMS wait", "modem", g.cfg.ID, "err", err)
			sleep(ctx, modemRetry)
			continue
		}
		m := gsm.New(line, gsm.Options{SMSC: g.cfg.SMSC})
		st, err := m.Init(ctx)
		if err != nil {
			line.Close()
			detail := "短信猫无应答"
			if errors.Is(err, gsm.ErrNoSIM) {
				detail = "短信猫未检测到SIM卡"
			}
			state(queue.DeviceOffline, detail+"："+err.Error())
			g.log.Warn("equip: modem not ready, SMS wait", "modem", g.cfg.ID, "err", err)
			sleep(ctx, modemRetry)
			continue
		}
		g.mu.Lock()
		g.m = m
		g.mu.Unlock()
		g.signal(st.Signal, state)
		g.watch(ctx, m, state)
		g.mu.Lock()
		g.m = nil
		g.mu.Unlock()
		line.Close()
	}
}

// signal reports a ready modem, warning when it hears no network.
func (g *gsmModem) signal(s gsm.Signal, state func(st, detail string)) {
	if !s.Known() || s.RSSI < 5 {
		state(queue.DeviceWarning, "信号弱或无信号")
		return
	}
	state(queue.DeviceOK, fmt.Sprintf("信号 %d dBm", s.DBm()))
}

// watch checks a ready modem every modemCheck, and at once after a send
// got no answer, until a check fails.
func (g *gsmModem) watch(ctx context.Context, m *gsm.Modem, state func(st, detail string)) {
	t := time.NewTicker(modemCheck)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-g.wrong:
		case <-t.C:
		}
		// Init again: it finds a SIM pulled or a modem that reset (and
		// left PDU mode), not only one that went silent.
		st, err := m.Init(ctx)
		if err != nil {
			if ctx.Err() == nil {
				detail := "短信猫无应答："
				if errors.Is(err, gsm.ErrNoSIM) {
					detail = "短信猫未检测到SIM卡："
				}
				state(queue.DeviceOffline, detail+err.Error())
				g.log.Warn("equip: modem failed its check", "modem", g.cfg.ID, "err", err)
			}
			return
		}
		g.signal(st.Signal, state)
	}
}

// Send sends one message; it is unavailable (sms.ErrUnavailable) while
// the modem is not ready.
func (g *gsmModem) Send(ctx context.Context, phone, text string) error {
	g.mu.Lock()
	m := g.m
	g.mu.Unlock()
	if m == nil {
		return fmt.Errorf("%w: modem %s not ready", sms.ErrUnavailable, g.cfg.ID)
	}
	_, err := m.Send(ctx, phone, text)
	if errors.Is(err, gsm.ErrNoAnswer) || errors.Is(err, gsm.ErrClosed) {
		select { // check it now: a dead modem is re-opened
		case g.wrong <- struct{}{}:
		default:
		}
	}
	return err
}

func sleep(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}

// SMSSender is the hall's modem as the SMS outbox's sender (the first
// modem of the map), or nil when the map has none.
func (q *Equip) SMSSender() sms.Sender {
	if len(q.modems) == 0 {
		return nil
	}
	return q.modems[0]
}

// ModemSims returns the simulated modems, for the /sim/ page and tests.
func (q *Equip) ModemSims() map[string]*gsmsim.Modem {
	out := map[string]*gsmsim.Modem{}
	for _, g := range q.modems {
		if g.sim != nil {
			out[g.cfg.ID] = g.sim
		}
	}
	return out
}
