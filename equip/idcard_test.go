package equip

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"halld/device/idcard/idcardsim"
	"halld/device/serialport/serialtest"
	"halld/kiosk/cardslot"
	"halld/queue"
	"halld/queue/hall"
)

func TestValidateIDCards(t *testing.T) {
	demo := hall.Demo()
	printer := []Printer{{ID: "p1", Kiosk: "1", Transport: Sim}}
	tests := []struct {
		name string
		card IDCard
		want string // "" = valid
	}{
		{"sim", IDCard{ID: "c", Kiosk: "1", Kind: Sim}, ""},
		{"gat467", IDCard{ID: "c", Kiosk: "1", Kind: CardGAT467, Path: "/dev/ttyUSB1"}, ""},
		{"helper", IDCard{ID: "c", Kiosk: "1", Kind: CardHelper, Command: []string{"/usr/lib/halld/idcard-helper", "--port", "usb"}}, ""},
		{"no kiosk", IDCard{ID: "c", Kind: Sim}, "devices.idcard[0].kiosk: missing"},
		{"kiosk without printer", IDCard{ID: "c", Kiosk: "9", Kind: Sim}, "devices.idcard[0].kiosk: \"9\""},
		{"bad kind", IDCard{ID: "c", Kiosk: "1", Kind: "nfc"}, "devices.idcard[0].kind"},
		{"serial without path", IDCard{ID: "c", Kiosk: "1", Kind: CardSerial}, "devices.idcard[0].path"},
		{"keyboard without path", IDCard{ID: "c", Kiosk: "1", Kind: CardKeyboard}, "devices.idcard[0].path"},
		{"bad baud", IDCard{ID: "c", Kiosk: "1", Kind: CardGAT467, Path: "/dev/ttyS1", Baud: 12345}, "devices.idcard[0].baud"},
		{"helper without command", IDCard{ID: "c", Kiosk: "1", Kind: CardHelper}, "devices.idcard[0].command"},
		{"interval", IDCard{ID: "c", Kiosk: "1", Kind: Sim, IntervalMS: 10}, "devices.idcard[0].interval_ms"},
		{"dup id", IDCard{ID: "p1", Kiosk: "1", Kind: Sim}, `devices.idcard[0].id: "p1" is already used`},
	}
	for _, tc := range tests {
		cfg := Config{Printers: printer, IDCards: []IDCard{tc.card}}
		err := cfg.Validate(demo)
		if tc.want == "" {
			if err != nil {
				t.Errorf("%s: %v", tc.name, err)
			}
			continue
		}
		if !errors.Is(err, ErrConfig) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want %q", tc.name, err, tc.want)
		}
	}
	cfg := Config{Printers: printer, IDCards: []IDCard{{ID: "c", Kiosk: "1", Kind: CardGAT467, Path: "/dev/x"}}}
	if err := cfg.Validate(demo); err != nil || cfg.IDCards[0].Baud != 115200 || cfg.IDCards[0].IntervalMS != 300 || cfg.IDCards[0].Location != "1号取号机" {
		t.Fatalf("defaults: %+v %v", cfg.IDCards[0], err)
	}
	if err := (&Config{IDCards: []IDCard{{ID: "c", Kiosk: "1", Kind: Sim}}}).Validate(nil); !errors.Is(err, ErrConfig) {
		t.Fatalf("on a satellite board: %v", err)
	}
}

// A card laid on the simulated reader (/sim/) is polled with the real
// frames and reaches kiosk 1's slot; the log shows only the mask.
func TestSimIDCardReachesKiosk(t *testing.T) {
	e := newEngine(t)
	cfg := Config{Printers: []Printer{{ID: "p1", Kiosk: "1", Transport: Sim}}, IDCards: []IDCard{{ID: "idcard-1", Kiosk: "1", Kind: Sim, IntervalMS: 50}}}
	if err := cfg.Validate(hall.Demo()); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	logs := &syncWriter{w: &bytes.Buffer{}}
	q, err := Start(ctx, e, cfg, slog.New(slog.NewTextHandler(logs, nil)))
	if err != nil {
		t.Fatal(err)
	}
	cards := cardslot.New(0, nil)
	q.StartIDCards(ctx, cards)
	if !cards.HasReader("1") {
		t.Fatal("kiosk 1 has no reader")
	}
	if err := q.placeSimCard("idcard-1", "same"); err == nil {
		t.Fatal("same card before any was laid")
	}
	if err := q.placeSimCard("idcard-1", "new"); err != nil {
		t.Fatal(err)
	}
	c, ok := cards.Wait(ctx, "1", 0)
	if !ok {
		t.Fatal("no card reached kiosk 1")
	}
	number, err := cards.Number("1", c.Token)
	if err != nil || len(number) != 18 {
		t.Fatalf("number %q %v", number, err)
	}
	st := q.simState().IDCards
	if len(st) != 1 || !st[0].Present || st[0].Masked != c.Masked {
		t.Fatalf("sim state %+v", st)
	}
	// The same card again (taken off and laid back) is read again.
	q.placeSimCard("idcard-1", "same")
	c2, ok := cards.Wait(ctx, "1", c.Seq)
	if !ok || c2.Masked != c.Masked {
		t.Fatalf("second read %+v", c2)
	}
	q.placeSimCard("idcard-1", "none")
	if q.simState().IDCards[0].Present {
		t.Fatal("card still present")
	}
	if strings.Contains(logs.String(), number[:14]) {
		t.Fatalf("log shows the number: %s", logs.String())
	}
	if !strings.Contains(logs.String(), c.Masked) {
		t.Errorf("log does not name the read: %s", logs.String())
	}
}

// A reader on a port that is not there is reported offline (degraded,
// visible on /admin/ and the screens) and retried — not a crash.
func TestMissingIDCardReaderIsReported(t *testing.T) {
	e := newEngine(t)
	path := filepath.Join(t.TempDir(), "ttyIDCard")
	cfg := Config{Printers: []Printer{{ID: "p1", Kiosk: "1", Transport: Sim}}, IDCards: []IDCard{{ID: "idcard-1", Kiosk: "1", Kind: CardGAT467, Path: path}}}
	if err := cfg.Validate(hall.Demo()); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	sub := e.Subscribe(0)
	defer sub.Close()
	q, err := Start(ctx, e, cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	q.StartIDCards(ctx, cardslot.New(0, nil))
	for {
		ev, err := sub.Next(ctx)
		if err != nil {
			t.Fatalf("no offline report: %v", err)
		}
		if d, _ := ev.Decode(); ev.Type == queue.EvDevice && d.Device.ID == "idcard-1" {
			if d.Device.State != queue.DeviceOffline || d.Device.Kind != "idcard" || !strings.HasPrefix(d.Device.Detail, "身份证阅读器无法打开") || d.Device.Location != "1号取号机" {
				t.Fatalf("reported %+v", d.Device)
			}
			return
		}
	}
}

// A GA/T 467 reader on a real serial line (pseudo-terminal): the
// simulated module plays the device side.
func TestGAT467ReaderOnSerial(t *testing.T) {
	path, dev := serialtest.PTY(t)
	e := newEngine(t)
	cfg := Config{Printers: []Printer{{ID: "p1", Kiosk: "1", Transport: Sim}}, IDCards: []IDCard{{ID: "idcard-1", Kiosk: "1", Kind: CardGAT467, Path: path, IntervalMS: 50}}}
	if err := cfg.Validate(hall.Demo()); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	q, err := Start(ctx, e, cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	sim := idcardsim.New()
	go sim.Serve(dev)
	sim.Place(idcardsim.TestCard(3))
	cards := cardslot.New(0, nil)
	q.StartIDCards(ctx, cards)
	c, ok := cards.Wait(ctx, "1", 0)
	if !ok {
		t.Fatal("no card over the serial line")
	}
	if n, _ := cards.Number("1", c.Token); n != idcardsim.TestCard(3).Number {
		t.Fatalf("number %s, want %s", n, idcardsim.TestCard(3).Number)
	}
}

// syncWriter serialises the devices' goroutines' log writes.
type syncWriter struct {
	mu sync.Mutex
	w  *bytes.Buffer
}

func (s *syncWriter) Write(b []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.Write(b)
}

func (s *syncWriter) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.String()
}

// A helper program that exits is started again (supervise's backoff), and
// each run's card lines reach the kiosk.
func TestHelperReaderRestarted(t *testing.T) {
	e := newEngine(t)
	script := `echo '{"id":"11010519491231002X","name":"张三"}'`
	cfg := Config{Printers: []Printer{{ID: "p1", Kiosk: "1", Transport: Sim}},
		IDCards: []IDCard{{ID: "idcard-1", Kiosk: "1", Kind: CardHelper, Command: []string{"/bin/sh", "-c", script}}}}
	if err := cfg.Validate(hall.Demo()); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	q, err := Start(ctx, e, cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	cards := cardslot.New(0, nil)
	q.StartIDCards(ctx, cards)
	first, ok := cards.Wait(ctx, "1", 0)
	if !ok {
		t.Fatal("no card from the helper")
	}
	second, ok := cards.Wait(ctx, "1", first.Seq)
	if !ok || second.Masked != "**************002X" {
		t.Fatalf("the helper was not restarted: %+v", second)
	}
}
