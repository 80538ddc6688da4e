package caller_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"halld/device/caller"
	"halld/device/caller/callersim"
	"halld/device/serialport"
	"halld/device/serialport/serialtest"
)

// Byte-level on a pseudo-terminal: the fake caller sends key frames, the
// bus echoes each and reports it, and display frames reach the fake.
func TestBusOnPTY(t *testing.T) {
	path, dev := serialtest.PTY(t)
	bus, err := caller.Open(serialport.Config{Path: path, Baud: 9600, ReadTimeout: 100 * time.Millisecond}, nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	got := make(chan caller.Frame, 8)
	done := make(chan error, 1)
	go func() { done <- bus.Run(ctx, func(f caller.Frame) { got <- f }) }()
	fake := callersim.New(ctx, dev)

	presses := []caller.Frame{
		{Addr: 1, Func: caller.FuncConfirm, Data: []byte{1, 0, 2, 4}}, // staff 1024 确认
		{Addr: 1, Func: caller.FuncCall},
		{Addr: 1, Func: caller.FuncConfirm, Data: []byte{caller.ConfirmNoShow}},
		{Addr: 9, Func: caller.FuncRating, Data: []byte{5}},
	}
	for _, p := range presses {
		if err := fake.Press(ctx, p.Addr, p.Func, p.Data...); err != nil {
			t.Fatal(err)
		}
		f := <-got
		if f.Addr != p.Addr || f.Func != p.Func || !slices.Equal(f.Data, p.Data) && len(p.Data) > 0 {
			t.Fatalf("bus got %+v, want %+v", f, p)
		}
	}
	if err := bus.Show(1, "042"); err != nil {
		t.Fatal(err)
	}
	if err := bus.Show(2, "E01"); err != nil {
		t.Fatal(err)
	}
	if err := fake.Wait(ctx, 2, "E01"); err != nil {
		t.Fatal(err)
	}
	if fake.Shown(1) != "042" {
		t.Errorf("caller 1 shows %q", fake.Shown(1))
	}
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Errorf("Run: %v", err)
	}
}

func TestOpenMissingPort(t *testing.T) {
	_, err := caller.Open(serialport.Config{Path: "/nonexistent/ttyCaller", Baud: 9600, ReadTimeout: 100 * time.Millisecond}, nil)
	if err == nil {
		t.Fatal("opened a missing port")
	}
}
