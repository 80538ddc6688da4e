package evdev

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"halld/device/keypad"
	"halld/device/keypad/evdev/evdevsim"
)

func TestOpenErrors(t *testing.T) {
	tests := []struct {
		name string
		cfg  Config
		want error
	}{
		{"empty path", Config{}, ErrConfig},
		{"bad level", Config{Path: "/dev/null", Keys: map[uint16]keypad.Level{Key1: 6}}, ErrConfig},
		{"missing device", Config{Path: filepath.Join(t.TempDir(), "usb-keypad-event-kbd")}, ErrOpen},
		// EVIOCGRAB on something that is not an input device: the ioctl
		// really runs and the kernel answers ENOTTY.
		{"not an input device", Config{Path: "/dev/null"}, ErrGrab},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d, err := Open(tc.cfg, nil)
			if !errors.Is(err, tc.want) {
				t.Fatalf("err %v, want %v", err, tc.want)
			}
			if d != nil {
				t.Fatal("device returned with error")
			}
		})
	}
	if _, err := Open(Config{Path: "/dev/null"}, nil); !errors.Is(err, syscall.ENOTTY) {
		t.Errorf("grab on /dev/null: %v, want ENOTTY", err)
	}
}

// Run on a pipe: the same pollable-file path as a real input device, minus
// the grab.
func TestRunPipe(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	d := newDevice(r, Config{Path: "pipe"}, nil)
	defer d.Close()
	ctx, cancel := context.WithCancel(context.Background())
	presses := make(chan keypad.Level, 4)
	done := make(chan error, 1)
	go func() { done <- d.Run(ctx, func(l keypad.Level) { presses <- l }) }()

	kb := &evdevsim.Keyboard{W: w, Size: NativeEventSize}
	if err := kb.Tap(KeyKP5); err != nil {
		t.Fatal(err)
	}
	select {
	case l := <-presses:
		if l != keypad.VerySatisfied {
			t.Fatalf("level %v, want 非常满意", l)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no press within 5 s")
	}
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("Run returned %v, want context.Canceled", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not stop after cancel")
	}
}

func TestRunDeviceGone(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	d := newDevice(r, Config{Path: "pipe"}, nil)
	defer d.Close()
	w.Write(make([]byte, NativeEventSize/2)) // half an event, then the writer goes away
	w.Close()
	err = d.Run(context.Background(), func(keypad.Level) {})
	if !errors.Is(err, ErrRead) || !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Fatalf("err %v, want ErrRead wrapping io.ErrUnexpectedEOF", err)
	}
}
