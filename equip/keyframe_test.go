package equip

import (
	"context"
	"strings"
	"testing"
	"time"

	"halld/device/keypad/serialkey/serialkeytest"
	"halld/device/serialport/serialtest"
	"halld/queue"
	"halld/queue/hall"
)

// busFrame: AA addr key sum8 — a plausible bus keypad layout.
func busFrame() *KeyFrame {
	return &KeyFrame{Header: []int{0xAA}, Length: 4, AddrOffset: 1, KeyOffset: 2, Address: 3,
		Checksum: "sum8", CheckFrom: 1, Keys: map[string]int{"0x31": 5, "0x32": 4, "0x33": 3, "0x34": 2, "0x35": 1}}
}

func TestKeyFrameConfig(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(*KeyFrame)
		want string
	}{
		{"ok", func(*KeyFrame) {}, ""},
		{"header byte", func(f *KeyFrame) { f.Header = []int{300} }, "header[0]: 300 is not a byte"},
		{"key code", func(f *KeyFrame) { f.Keys["zz"] = 1 }, "keys.zz"},
		{"level", func(f *KeyFrame) { f.Keys["0x36"] = 9 }, "level 9"},
		{"layout", func(f *KeyFrame) { f.KeyOffset = 9 }, "serialkey"},
	} {
		f := busFrame()
		tc.edit(f)
		_, err := f.config()
		if (tc.want == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), tc.want)) {
			t.Errorf("%s: %v, want %q", tc.name, err, tc.want)
		}
	}
}

// TestSerialKeypadOverPTY: a bus keypad on a serial line (a pseudo-terminal
// here) rates window 3's finished service with the bytes it would send.
func TestSerialKeypadOverPTY(t *testing.T) {
	path, dev := serialtest.PTY(t)
	e := newEngine(t)
	cfg := Config{Keypads: []Keypad{{ID: "kp3", Window: 3, Transport: "serial", Path: path, Frame: busFrame()}}}
	if err := cfg.Validate(hall.Demo()); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	armed := make(chan string, 1)
	if _, err := start(ctx, engineHub{e}, cfg, nil, nil, func(q *Equip) { q.afterArm = func(_ int, id string) { armed <- id } }); err != nil {
		t.Fatal(err)
	}
	v := serveOne(t, e, 3)
	sub := e.Subscribe(e.Stats().Seq)
	defer sub.Close()
	<-armed
	fc, _ := busFrame().config()
	other := serialkeytest.Frame(fc, 7, 0x35, 0) // another window's keypad on the bus
	mine := serialkeytest.Frame(fc, 3, 0x34, 0)  // 不满意
	if _, err := dev.Write(append(append([]byte{0x00, 0x13}, other...), mine...)); err != nil {
		t.Fatal(err)
	}
	ev, err := sub.Next(ctx)
	if err != nil {
		t.Fatal(err)
	}
	d, _ := ev.Decode()
	if ev.Type != queue.EvEvaluated || d.Ticket.ID != v.ID || d.Evaluation.Level != 2 {
		t.Fatalf("%s %+v", ev.Type, d.Evaluation)
	}
}
