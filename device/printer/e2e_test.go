package printer_test

import (
	"context"
	"errors"
	"io"
	"net"
	"os"
	"reflect"
	"sync"
	"testing"
	"time"

	"halld/device/gbk"
	"halld/device/printer"
	"halld/device/printer/printersim"
	"halld/device/serialport"
	"halld/device/serialport/serialtest"
)

// line is the device end of a real transport (pty master, TCP socket).
type line interface {
	io.ReadWriter
	SetReadDeadline(time.Time) error
}

// bridge connects the device end of a real transport to a simulator.
func bridge(t *testing.T, dev line, sim *printersim.Printer) {
	c, err := sim.Open()
	if err != nil {
		t.Fatal(err)
	}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { // host → printer
		defer wg.Done()
		buf := make([]byte, 512)
		for {
			dev.SetReadDeadline(time.Now().Add(50 * time.Millisecond))
			n, err := dev.Read(buf)
			if n > 0 {
				c.Write(buf[:n])
			}
			select {
			case <-stop:
				return
			default:
			}
			if err != nil && !errors.Is(err, os.ErrDeadlineExceeded) {
				return
			}
		}
	}()
	go func() { // printer → host
		defer wg.Done()
		buf := make([]byte, 512)
		for {
			n, err := c.Read(buf)
			if err != nil {
				return
			}
			dev.Write(buf[:n])
		}
	}()
	t.Cleanup(func() {
		close(stop)
		c.Close()
		wg.Wait()
	})
}

// runReal runs a driver from cfg in real time and checks the basic cycle:
// print, paper out refused, reload, print.
func runReal(t *testing.T, cfg printer.Config, sim *printersim.Printer) {
	cfg.StatusTimeout = time.Second
	cfg.AckTimeout = 5 * time.Second
	cfg.PollInterval = 100 * time.Millisecond
	cfg.ReopenInterval = 200 * time.Millisecond
	open, err := cfg.Opener()
	if err != nil {
		t.Fatal(err)
	}
	p := printer.New(open, cfg, nil)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- p.Run(ctx) }()
	defer func() {
		cancel()
		<-done
	}()
	waitReal := func(c printer.Condition) {
		t.Helper()
		deadline := time.After(10 * time.Second)
		for {
			select {
			case s := <-p.Changes():
				if s.Condition == c {
					return
				}
			case <-deadline:
				t.Fatalf("no %v; state %+v", c, p.State())
			}
		}
	}
	waitReal(printer.Ready)
	if _, err := p.Print(ctx, ticket(t, "A001")); err != nil {
		t.Fatal(err)
	}
	sim.Set(printersim.State{Paper: printersim.PaperOut})
	waitReal(printer.PaperOut)
	if _, err := p.Print(ctx, ticket(t, "A002")); !errors.Is(err, printer.ErrPaperOut) {
		t.Fatalf("paper out: %v", err)
	}
	sim.Set(printersim.State{})
	waitReal(printer.Ready)
	if _, err := p.Print(ctx, ticket(t, "A003")); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, tk := range sim.Tickets() {
		got = append(got, tk.Lines()[0])
	}
	if !reflect.DeepEqual(got, []string{"A001", "A003"}) {
		t.Errorf("printed %v", got)
	}
}

func TestEndToEndSerialPTY(t *testing.T) {
	path, master := serialtest.PTY(t)
	sim := printersim.New(gbk.GBK)
	bridge(t, master, sim)
	runReal(t, printer.Config{
		Transport: printer.TransportSerial,
		Serial:    serialport.Config{Path: path, Baud: 9600, ReadTimeout: 100 * time.Millisecond},
	}, sim)
}

// The usblp device node is a bidirectional character device; a raw pty
// slave behaves the same for the driver (reads, writes, deadlines).
func TestEndToEndUSBFile(t *testing.T) {
	path, master := serialtest.PTY(t)
	sim := printersim.New(gbk.GBK)
	bridge(t, master, sim)
	runReal(t, printer.Config{Transport: printer.TransportUSB, USBPath: path}, sim)
}

func TestEndToEndTCP(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Skipf("no loopback: %v", err)
	}
	defer ln.Close()
	sim := printersim.New(gbk.GBK)
	go func() {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		t.Cleanup(func() { c.Close() })
		bridge(t, c.(*net.TCPConn), sim)
	}()
	runReal(t, printer.Config{Transport: printer.TransportTCP, TCPAddr: ln.Addr().String()}, sim)
}

func TestOpenerConfig(t *testing.T) {
	tests := []struct {
		name string
		cfg  printer.Config
	}{
		{"no transport", printer.Config{}},
		{"bad serial", printer.Config{Transport: printer.TransportSerial, Serial: serialport.Config{Path: "/dev/ttyUSB0", Baud: 12345, ReadTimeout: time.Second}}},
		{"no usb path", printer.Config{Transport: printer.TransportUSB}},
		{"no tcp addr", printer.Config{Transport: printer.TransportTCP}},
	}
	for _, tt := range tests {
		if _, err := tt.cfg.Opener(); !errors.Is(err, printer.ErrConfig) {
			t.Errorf("%s: %v", tt.name, err)
		}
	}
	open, err := printer.Config{Transport: printer.TransportUSB, USBPath: "/nonexistent/lp0"}.Opener()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := open(); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing device: %v", err)
	}
}

// A missing device is degraded mode: Run keeps going and jobs are refused.
func TestMissingDevice(t *testing.T) {
	cfg := printer.Config{Transport: printer.TransportUSB, USBPath: "/nonexistent/lp0", ReopenInterval: time.Hour}
	open, _ := cfg.Opener()
	p := printer.New(open, cfg, nil)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- p.Run(ctx) }()
	s := <-p.Changes()
	if s.Condition != printer.Unplugged || !errors.Is(s.Err, os.ErrNotExist) {
		t.Errorf("state %+v", s)
	}
	if _, err := p.Print(ctx, []byte("x\n")); !errors.Is(err, printer.ErrUnplugged) {
		t.Errorf("print: %v", err)
	}
	cancel()
	if err := <-done; err != nil {
		t.Error(err)
	}
}
