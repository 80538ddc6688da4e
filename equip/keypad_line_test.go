package equip

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"halld/device/serialport/serialtest"
	"halld/queue"
	"halld/queue/hall"
)

// TestSerialKeypadReconnects is issue 16's fourth case on a pseudo-terminal:
// the serial keypad's line (a udev-style symlink to the port) is pulled and
// a new one plugged in. The keypad is reported offline, then ok again, and
// presses after the replug are evaluated: one evaluation per service, none
// lost, none twice. Garbage on the line is ignored.
func TestSerialKeypadReconnects(t *testing.T) {
	dir := t.TempDir()
	link := filepath.Join(dir, "ttyKEYPAD")
	plug := func() *os.File {
		path, master := serialtest.PTY(t)
		os.Remove(link)
		if err := os.Symlink(path, link); err != nil {
			t.Fatal(err)
		}
		return master
	}
	master := plug()
	e := newEngine(t)
	frame := &KeyFrame{Header: []int{0xAA, 0x55}, Trailer: []int{0x0D}, Length: 6, KeyOffset: 3, AddrOffset: 2, Address: 1,
		Checksum: "sum8", CheckFrom: 2, Keys: map[string]int{"0x31": 1, "0x32": 2, "0x33": 3, "0x34": 4, "0x35": 5}}
	cfg := Config{Keypads: []Keypad{{ID: "kp3", Window: 3, Transport: "serial", Path: link, Baud: 9600, Frame: frame}}}
	if err := cfg.Validate(hall.Demo()); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	armed := make(chan string, 4)
	sub := e.Subscribe(0)
	defer sub.Close()
	if _, err := start(ctx, engineHub{e}, cfg, nil, nil, func(q *Equip) { q.afterArm = func(_ int, ref string) { armed <- ref } }); err != nil {
		t.Fatal(err)
	}
	// next waits for the next event of typ (device states of kp3 only).
	next := func(typ string) queue.EventData {
		t.Helper()
		for {
			ev, err := sub.Next(ctx)
			if err != nil {
				t.Fatalf("waiting for %s: %v", typ, err)
			}
			d, _ := ev.Decode()
			if ev.Type == typ && (typ != queue.EvDevice || d.Device.ID == "kp3") {
				return d
			}
		}
	}
	press := func(m *os.File, code byte) {
		t.Helper()
		if _, err := m.Write([]byte{0xAA, 0x55, 0x01, code, 0x01 + code, 0x0D}); err != nil {
			t.Fatal(err)
		}
	}
	if d := next(queue.EvDevice); d.Device.State != queue.DeviceOK {
		t.Fatalf("keypad at start: %+v", d.Device)
	}
	a := serveOne(t, e, 3)
	<-armed
	master.Write([]byte{0x13, 0x37, 0xAA, 0x00}) // garbage first
	press(master, 0x35)
	if d := next(queue.EvEvaluated); d.Ticket.ID != a.ID || d.Evaluation.Level != 5 {
		t.Fatalf("first evaluation %+v %+v", d.Ticket, d.Evaluation)
	}

	master.Close() // the cable is pulled
	os.Remove(link)
	d := next(queue.EvDevice)
	if d.Device.State != queue.DeviceOffline || !strings.Contains(d.Device.Detail, "评价器") {
		t.Fatalf("after the pull: %+v", d.Device)
	}
	master = plug() // and a keypad plugged in again
	for d.Device.State != queue.DeviceOK {
		d = next(queue.EvDevice)
	}

	tok, _, err := e.Login(queue.LoginRequest{Staff: "w3", PIN: "1234", Window: 3, Takeover: true})
	if err != nil {
		t.Fatal(err)
	}
	act := queue.Act{Token: tok, Window: 3}
	e.Issue(queue.IssueRequest{Service: "estate"})
	e.CallNext(act)
	e.Start(act)
	b, err := e.Finish(act, "")
	if err != nil {
		t.Fatal(err)
	}
	for ref := <-armed; ref != b.ID; ref = <-armed {
	}
	press(master, 0x32)
	press(master, 0x31) // a second press of the same service counts for nothing
	if d := next(queue.EvEvaluated); d.Ticket.ID != b.ID || d.Evaluation.Level != 2 {
		t.Fatalf("evaluation after the replug %+v %+v", d.Ticket, d.Evaluation)
	}
	evs, _ := e.ReadEvents(0, 10000)
	n := 0
	for _, ev := range evs {
		if ev.Type == queue.EvEvaluated {
			n++
		}
	}
	if n != 2 {
		t.Errorf("%d evaluations, want 2", n)
	}
}
