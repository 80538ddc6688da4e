package serialtest_test

import (
	"bytes"
	"errors"
	"io"
	"os"
	"testing"
	"time"

	"halld/device/serialport"
	"halld/device/serialport/serialtest"
)

func open(t *testing.T, path string) *serialport.Port {
	t.Helper()
	p, err := serialport.Open(serialport.Config{Path: path, Baud: 9600, ReadTimeout: 100 * time.Millisecond})
	if err != nil {
		t.Fatalf("Open(%s): %v", path, err)
	}
	t.Cleanup(func() { p.Close() })
	return p
}

// allBytes holds every byte value, including XON/XOFF, CR, LF and DEL, which
// a cooked tty would alter.
func allBytes() []byte {
	b := make([]byte, 256)
	for i := range b {
		b[i] = byte(i)
	}
	return b
}

func TestHostToDevice(t *testing.T) {
	path, dev := serialtest.PTY(t)
	port := open(t, path)
	want := allBytes()
	if _, err := port.Write(want); err != nil {
		t.Fatal(err)
	}
	dev.SetReadDeadline(time.Now().Add(5 * time.Second))
	got := make([]byte, len(want))
	if _, err := io.ReadFull(dev, got); err != nil {
		t.Fatalf("device read: %v", err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("device got % X\nwant % X", got, want)
	}
}

func TestDeviceToHost(t *testing.T) {
	path, dev := serialtest.PTY(t)
	port := open(t, path)
	want := allBytes()
	if _, err := dev.Write(want); err != nil {
		t.Fatal(err)
	}
	var got []byte
	buf := make([]byte, 64)
	for len(got) < len(want) {
		n, err := port.Read(buf)
		if err != nil {
			t.Fatalf("port read after %d bytes: %v", len(got), err)
		}
		if n == 0 {
			t.Fatal("Read returned (0, nil)")
		}
		got = append(got, buf[:n]...)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("host got % X\nwant % X", got, want)
	}
}

func TestReadTimeout(t *testing.T) {
	path, _ := serialtest.PTY(t)
	port := open(t, path)
	n, err := port.Read(make([]byte, 8))
	if n != 0 || !errors.Is(err, serialport.ErrTimeout) {
		t.Fatalf("Read() = %d, %v; want 0, ErrTimeout", n, err)
	}
}

// TestHangup: when the device side goes away (the cable pulled), Read
// reports it as an error that is not a timeout — at once (EIO) or after the
// kernel's hang-up (0 bytes at once, which Read tells from a timeout) —
// within a few reads, never as timeouts for ever.
func TestHangup(t *testing.T) {
	for range 20 {
		path, dev := serialtest.PTY(t)
		port := open(t, path)
		dev.Close()
		var err error
		for range 5 {
			if _, err = port.Read(make([]byte, 8)); !errors.Is(err, serialport.ErrTimeout) {
				break
			}
		}
		if err == nil || errors.Is(err, serialport.ErrTimeout) {
			t.Fatalf("Read after the device side closed: %v; want a hang-up error", err)
		}
		port.Close()
	}
}

func TestDeviceReadDeadline(t *testing.T) {
	_, dev := serialtest.PTY(t)
	dev.SetReadDeadline(time.Now().Add(20 * time.Millisecond))
	if _, err := dev.Read(make([]byte, 1)); !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Fatalf("device Read() error = %v, want os.ErrDeadlineExceeded", err)
	}
}

func TestReopen(t *testing.T) {
	path, dev := serialtest.PTY(t)
	p1 := open(t, path)
	p1.Close()
	p2 := open(t, path)
	if _, err := p2.Write([]byte{0xA5, 0x5A}); err != nil {
		t.Fatal(err)
	}
	dev.SetReadDeadline(time.Now().Add(5 * time.Second))
	got := make([]byte, 2)
	if _, err := io.ReadFull(dev, got); err != nil || got[0] != 0xA5 || got[1] != 0x5A {
		t.Fatalf("after reopen device got % X, %v", got, err)
	}
}
