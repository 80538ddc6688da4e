package equip

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"halld/device/gsm"
	"halld/device/gsm/gsmsim"
	"halld/device/serialport/serialtest"
	"halld/queue"
	"halld/queue/hall"
	"halld/queue/sms"
)

// waitDevice waits for the modem's next reported state.
func waitDevice(t *testing.T, ctx context.Context, sub *queue.Subscription, state string) queue.DeviceState {
	t.Helper()
	for {
		ev, err := sub.Next(ctx)
		if err != nil {
			t.Fatalf("no %s state for the modem: %v", state, err)
		}
		if d, _ := ev.Decode(); ev.Type == queue.EvDevice && d.Device.ID == "modem-1" && d.Device.State == state {
			return *d.Device
		}
	}
}

func TestSimModemSendsAndReportsHealth(t *testing.T) {
	e := newEngine(t)
	cfg := Config{Modems: []Modem{{ID: "modem-1", Transport: Sim, Location: "弱电间"}}}
	if err := cfg.Validate(hall.Demo()); err != nil {
		t.Fatal(err)
	}
	sub := e.Subscribe(e.Stats().Seq)
	defer sub.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	q, err := Start(ctx, e, cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	if d := waitDevice(t, ctx, sub, queue.DeviceOK); d.Kind != "modem" || d.Location != "弱电间" || !strings.Contains(d.Detail, "dBm") {
		t.Fatalf("modem state %+v", d)
	}
	s := q.SMSSender()
	if err := s.Send(ctx, "13800138000", "您的号码前面还有2位"); err != nil {
		t.Fatal(err)
	}
	sim := q.ModemSims()["modem-1"]
	if got := sim.Messages(); len(got) != 1 || got[0].Text != "您的号码前面还有2位" {
		t.Fatalf("delivered %+v", got)
	}
	st := q.simState()
	if len(st.Modems) != 1 || st.Modems[0].Messages[0].To != "*******8000" {
		t.Fatalf("sim page shows %+v", st.Modems)
	}

	// +CMS ERROR: a refused send, the modem stays up.
	q.setModemFaults("modem-1", gsmsim.Faults{CMSError: 500})
	var ce *gsm.CommandError
	if err := s.Send(ctx, "13800138000", "x"); !errors.As(err, &ce) || ce.Code != 500 {
		t.Fatalf("Send = %v, want +CMS ERROR 500", err)
	}
	// No SIM: the check finds it, the modem goes offline, sends wait.
	q.setModemFaults("modem-1", gsmsim.Faults{NoSIM: true, CMSError: 0})
	waitDevice(t, ctx, sub, queue.DeviceOffline)
	for { // the check's failure reached the sender
		if err := s.Send(ctx, "13800138000", "x"); errors.Is(err, sms.ErrUnavailable) {
			break
		}
	}
}

func TestModemConfig(t *testing.T) {
	tests := []struct {
		name string
		m    Modem
		want string
	}{
		{"serial", Modem{ID: "m", Transport: Serial, Path: "/dev/ttyUSB2"}, ""},
		{"no path", Modem{ID: "m", Transport: Serial}, "devices.modem[0].path"},
		{"usb", Modem{ID: "m", Transport: USB, Path: "/dev/x"}, "devices.modem[0].transport"},
		{"smsc", Modem{ID: "m", Transport: Sim, SMSC: "+86 138"}, "devices.modem[0].smsc"},
		{"no id", Modem{Transport: Sim}, "devices.modem[0].id"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := Config{Modems: []Modem{tt.m}}
			err := c.Validate(hall.Demo())
			if tt.want == "" {
				if err != nil || c.Modems[0].Baud != 115200 {
					t.Fatalf("Validate = %v, %+v", err, c.Modems[0])
				}
				return
			}
			if !errors.Is(err, ErrConfig) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Validate = %v, want %s", err, tt.want)
			}
		})
	}
}

// TestOutboxThroughSimModem: the SMS outbox sends through the simulated
// modem; a +CMS ERROR is an attempt retried after the backoff, then the
// message goes through once.
func TestOutboxThroughSimModem(t *testing.T) {
	e := newEngine(t)
	cfg := Config{Modems: []Modem{{ID: "modem-1", Transport: Sim}}}
	if err := cfg.Validate(hall.Demo()); err != nil {
		t.Fatal(err)
	}
	sub := e.Subscribe(e.Stats().Seq)
	defer sub.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	q, err := Start(ctx, e, cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	waitDevice(t, ctx, sub, queue.DeviceOK)
	now := time.Now().Add(time.Second) // after the engine stamps the message
	sc := sms.Config{Enabled: true, RetryS: 30}
	sc.Validate()
	o, err := sms.Open(e, sc, sms.Options{Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	long := strings.Repeat("您的办件已办结，请到9号窗口领取。", 5)
	if _, err := o.Enqueue(sms.Request{Phone: "13800138000", Text: long, Kind: sms.KindCaseDone}); err != nil {
		t.Fatal(err)
	}
	sim := q.ModemSims()["modem-1"]
	sim.SetFaults(gsmsim.Faults{CMSError: 500})
	if wait := o.Flush(ctx, q.SMSSender()); wait != 30*time.Second {
		t.Fatalf("after +CMS ERROR wait %v", wait)
	}
	if st := o.Status(0); st.Queued != 1 || st.Messages[0].Attempts != 1 || !strings.Contains(st.Messages[0].Error, "+CMS ERROR: 500") {
		t.Fatalf("after the refusal %+v", st.Messages)
	}
	sim.SetFaults(gsmsim.Faults{})
	now = now.Add(30 * time.Second)
	o.Flush(ctx, q.SMSSender())
	if st := o.Status(0); st.Sent != 1 {
		t.Fatalf("after the retry %+v", st.Messages)
	}
	if got := sim.Messages(); len(got) != 1 || got[0].Text != long || got[0].Parts != 2 {
		t.Fatalf("delivered %+v", got)
	}
}

// TestSerialModem: a modem on a serial line (a pseudo-terminal with the
// simulator on the other side) comes up; a missing one is offline with
// its reason and halld goes on (degraded).
func TestSerialModem(t *testing.T) {
	path, master := serialtest.PTY(t)
	sim := gsmsim.New(nil)
	go sim.Serve(master)
	e := newEngine(t)
	cfg := Config{Modems: []Modem{
		{ID: "modem-1", Transport: Serial, Path: path},
		{ID: "modem-2", Transport: Serial, Path: t.TempDir() + "/ttyUSB9"},
	}}
	if err := cfg.Validate(hall.Demo()); err != nil {
		t.Fatal(err)
	}
	sub := e.Subscribe(e.Stats().Seq)
	defer sub.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	q, err := Start(ctx, e, cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	up, down := false, false
	for !up || !down {
		ev, err := sub.Next(ctx)
		if err != nil {
			t.Fatalf("modem states: up %v down %v: %v", up, down, err)
		}
		d, _ := ev.Decode()
		if ev.Type != queue.EvDevice {
			continue
		}
		switch {
		case d.Device.ID == "modem-1" && d.Device.State == queue.DeviceOK:
			up = true
		case d.Device.ID == "modem-2" && d.Device.State == queue.DeviceOffline && strings.Contains(d.Device.Detail, "短信猫无法打开"):
			down = true
		}
	}
	if err := q.SMSSender().Send(ctx, "+8613800138000", "测试"); err != nil {
		t.Fatal(err)
	}
	if got := sim.Messages(); len(got) != 1 || got[0].To != "+8613800138000" {
		t.Fatalf("delivered %+v", got)
	}
}
