package idcard_test

import (
	"context"
	"encoding/binary"
	"errors"
	"io"
	"net"
	"testing"
	"time"
	"unicode/utf16"

	"halld/device/idcard"
	"halld/device/idcard/idcardsim"
	"halld/device/serialport"
	"halld/device/serialport/serialtest"
)

// simLine connects a module host to a simulated module in memory.
func simLine(t *testing.T) (*idcardsim.Module, *idcard.Module) {
	t.Helper()
	host, dev := net.Pipe()
	sim := idcardsim.New()
	answered := make(chan int, 1)
	sim.OnAnswer = func(n int) {
		select {
		case <-answered:
		default:
		}
		answered <- n
	}
	answers[sim] = answered
	go sim.Serve(dev)
	t.Cleanup(func() { host.Close(); dev.Close() })
	return sim, idcard.NewModule(host, idcard.ModuleConfig{Interval: time.Millisecond, Timeout: 5 * time.Second})
}

func TestModuleReadNumber(t *testing.T) {
	ctx := context.Background()
	sim, m := simLine(t)

	if n, found, err := m.ReadNumber(ctx); err != nil || found || n != "" {
		t.Fatalf("no card: %q %v %v", n, found, err)
	}
	card := idcardsim.TestCard(7)
	sim.Place(card)
	n, found, err := m.ReadNumber(ctx)
	if err != nil || !found || n != card.Number {
		t.Fatalf("card: %q %v %v, want %s", n, found, err, card.Number)
	}
	if _, reads := sim.Counts(); reads != 1 {
		t.Errorf("reads %d, want 1", reads)
	}

	sim.CorruptNext(1)
	if _, _, err := m.ReadNumber(ctx); !errors.Is(err, idcard.ErrCheck) {
		t.Fatalf("corrupt reply: %v, want ErrCheck", err)
	}
	// The line recovers with the next command.
	if n, found, err := m.ReadNumber(ctx); err != nil || !found || n != card.Number {
		t.Fatalf("after the bad frame: %q %v %v", n, found, err)
	}
}

// A module answering a status that is an error (here: a command it does
// not know) is a clear ErrStatus naming the status.
func TestModuleStatusError(t *testing.T) {
	host, dev := net.Pipe()
	defer host.Close()
	go func() {
		buf := make([]byte, 64)
		dev.Read(buf)
		dev.Write([]byte{0xAA, 0xAA, 0xAA, 0x96, 0x69, 0x00, 0x04, 0x00, 0x00, 0x66, 0x62})
	}()
	m := idcard.NewModule(host, idcard.ModuleConfig{})
	_, _, err := m.ReadNumber(context.Background())
	if !errors.Is(err, idcard.ErrStatus) || err.Error() != "idcard: module reported an error: find card: 0x66 SAM not authorised" {
		t.Fatalf("err %v", err)
	}
}

func TestModuleRunOncePerCard(t *testing.T) {
	sim, m := simLine(t)
	ctx, cancel := context.WithCancel(context.Background())
	cards := make(chan string, 8)
	done := make(chan error, 1)
	go func() { done <- m.Run(ctx, func(n string) { cards <- n }) }()

	a, b := idcardsim.TestCard(1), idcardsim.TestCard(2)
	sim.Place(a)
	if got := next(t, cards); got != a.Number {
		t.Fatalf("first card %s, want %s", got, a.Number)
	}
	// Left on the reader: many polls, no second read.
	waitRequests(t, sim, 20)
	if _, reads := sim.Counts(); reads != 1 {
		t.Fatalf("card left on the reader read %d times", reads)
	}
	sim.Place(b) // swapped
	if got := next(t, cards); got != b.Number {
		t.Fatalf("second card %s, want %s", got, b.Number)
	}
	sim.Place(b) // taken off and laid back
	if got := next(t, cards); got != b.Number {
		t.Fatalf("card laid again %s, want %s", got, b.Number)
	}
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatalf("Run = %v", err)
	}
}

// Every reply corrupt: Run gives up after MaxErrors polls with the frame
// error, for the caller to report and retry.
func TestModuleRunGivesUp(t *testing.T) {
	sim, m := simLine(t)
	sim.CorruptNext(1000)
	err := m.Run(context.Background(), func(string) { t.Error("card from corrupt frames") })
	if !errors.Is(err, idcard.ErrCheck) {
		t.Fatalf("Run = %v, want ErrCheck", err)
	}
}

// A module that does not answer: ErrNoReply after the timeout, on a real
// serial line (pseudo-terminal) with its read timeouts.
func TestModuleNoReplyOnSerial(t *testing.T) {
	path, dev := serialtest.PTY(t)
	p, err := serialport.Open(serialport.Config{Path: path, Baud: 115200, ReadTimeout: 100 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	_ = dev
	m := idcard.NewModule(p, idcard.ModuleConfig{Timeout: 300 * time.Millisecond})
	if _, _, err := m.ReadNumber(context.Background()); !errors.Is(err, idcard.ErrNoReply) {
		t.Fatalf("err %v, want ErrNoReply", err)
	}
}

// The simulated module on the master side of a pseudo-terminal, the host
// on the slave through serialport: the bytes cross a real tty.
func TestModuleOverSerial(t *testing.T) {
	path, dev := serialtest.PTY(t)
	sim := idcardsim.New()
	go sim.Serve(dev)
	p, err := serialport.Open(serialport.Config{Path: path, Baud: 115200, ReadTimeout: 100 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	card := idcardsim.TestCard(42)
	sim.Place(card)
	m := idcard.NewModule(p, idcard.ModuleConfig{Timeout: 5 * time.Second})
	n, found, err := m.ReadNumber(context.Background())
	if err != nil || !found || n != card.Number {
		t.Fatalf("%q %v %v, want %s", n, found, err, card.Number)
	}
}

// Base information laid out by hand: the number is at byte 122 of the
// text, UCS-2 little-endian; the name before it is not returned.
func TestNumberFromBase(t *testing.T) {
	text := make([]byte, 256)
	put := func(off int, s string) {
		for i, u := range utf16.Encode([]rune(s)) {
			binary.LittleEndian.PutUint16(text[off+2*i:], u)
		}
	}
	put(0, "张三")
	put(122, "11010519491231002X")
	data := append([]byte{0x01, 0x00, 0x04, 0x00}, text...)
	data = append(data, make([]byte, 1024)...)
	if n, err := idcard.NumberFromBase(data); err != nil || n != "11010519491231002X" {
		t.Fatalf("%q %v", n, err)
	}
	put(122, "110105194912310   ") // padded with spaces
	data = append(append([]byte{0x01, 0x00, 0x04, 0x00}, text...), make([]byte, 1024)...)
	if n, _ := idcard.NumberFromBase(data); n != "110105194912310" {
		t.Fatalf("padded: %q", n)
	}
	for name, d := range map[string][]byte{
		"empty":       nil,
		"short text":  append([]byte{0x00, 0x10, 0x00, 0x00}, make([]byte, 16)...),
		"photo short": append([]byte{0x01, 0x00, 0x04, 0x00}, text...),
		"blank field": append([]byte{0x01, 0x00, 0x00, 0x00}, make([]byte, 256)...),
	} {
		if _, err := idcard.NumberFromBase(d); !errors.Is(err, idcard.ErrText) {
			t.Errorf("%s: %v, want ErrText", name, err)
		}
	}
}

func next(t *testing.T, c <-chan string) string {
	t.Helper()
	select {
	case n := <-c:
		return n
	case <-time.After(10 * time.Second):
		t.Fatal("no card within 10 s")
		return ""
	}
}

// answers holds each simulated module's latest answer count (simLine).
var answers = map[*idcardsim.Module]chan int{}

// waitRequests waits until the module has answered more requests.
func waitRequests(t *testing.T, sim *idcardsim.Module, more int) {
	t.Helper()
	start, _ := sim.Counts()
	timeout := time.After(10 * time.Second)
	for {
		select {
		case n := <-answers[sim]:
			if n >= start+more {
				return
			}
		case <-timeout:
			t.Fatal("module not polled")
		}
	}
}

var _ io.ReadWriter = (*serialport.Port)(nil)
