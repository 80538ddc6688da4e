package serialkey_test

import (
	"context"
	"errors"
	"io"
	"os"
	"slices"
	"testing"
	"time"

	"halld/device/keypad"
	"halld/device/keypad/serialkey"
	"halld/device/keypad/serialkey/serialkeytest"
	"halld/device/serialport"
	"halld/device/serialport/serialtest"
)

const wait = 5 * time.Second // guard against a hung test, never slept

func openOnPTY(t *testing.T, cfg serialkey.Config) (*serialkey.Keypad, *os.File) {
	t.Helper()
	path, dev := serialtest.PTY(t)
	k, err := serialkey.Open(serialport.Config{Path: path, Baud: 9600, ReadTimeout: 100 * time.Millisecond}, cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { k.Close() })
	return k, dev
}

// run starts k.Run and returns the press channel and a stop function that
// cancels and returns Run's error.
func run(t *testing.T, k *serialkey.Keypad, press func(keypad.Level)) func() error {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- k.Run(ctx, press) }()
	return func() error {
		cancel()
		select {
		case err := <-done:
			return err
		case <-time.After(wait):
			t.Fatal("Run did not stop")
			return nil
		}
	}
}

func TestKeypadOverPTY(t *testing.T) {
	cfg := layouts["sum8"]
	k, dev := openOnPTY(t, cfg)
	presses := make(chan keypad.Level, 8)
	stop := run(t, k, func(l keypad.Level) { presses <- l })

	// Line noise, a frame for the caller at address 2 on the same bus, a
	// frame cut across two writes, an unknown key, a corrupt frame, a good one.
	other := serialkeytest.Frame(cfg, 0x02, 0x01, 0)
	f1 := serialkeytest.Frame(cfg, 0x01, 0x02, 0) // 满意
	unknown := serialkeytest.Frame(cfg, 0x01, 0x7F, 0)
	bad := serialkeytest.Frame(cfg, 0x01, 0x05, 0)
	bad[len(bad)-1] ^= 0xFF
	f2 := serialkeytest.Frame(cfg, 0x01, 0x05, 0) // 非常不满意
	for _, w := range [][]byte{{0x00, 0xFF, 0xAA}, other, f1[:3], f1[3:], unknown, bad, f2} {
		if _, err := dev.Write(w); err != nil {
			t.Fatal(err)
		}
	}
	var got []keypad.Level
	for len(got) < 2 {
		select {
		case l := <-presses:
			got = append(got, l)
		case <-time.After(wait):
			t.Fatalf("presses %v, want two", got)
		}
	}
	if err := stop(); !errors.Is(err, context.Canceled) {
		t.Fatalf("Run: %v, want context.Canceled", err)
	}
	if want := []keypad.Level{keypad.Satisfied, keypad.VeryDissatisfied}; !slices.Equal(got, want) {
		t.Fatalf("presses %v, want %v", got, want)
	}
	st := k.Stats()
	if st.Frames != 3 || st.OtherAddress != 1 || st.BadFrames == 0 {
		t.Fatalf("stats %+v, want 3 frames (one unknown), 1 other address, bad frames", st)
	}
}

// A polled keypad: the host sends the poll, the keypad answers with its key.
func TestKeypadPollOverPTY(t *testing.T) {
	cfg := layouts["crc16-hi"]
	cfg.Poll = []byte{0x40, 0x40, 0x09, 0x51, 0x0D}
	cfg.PollEvery = 150 * time.Millisecond
	k, dev := openOnPTY(t, cfg)
	presses := make(chan keypad.Level, 8)
	stop := run(t, k, func(l keypad.Level) { presses <- l })

	if err := dev.SetReadDeadline(time.Now().Add(wait)); err != nil {
		t.Fatal(err)
	}
	poll := make([]byte, len(cfg.Poll))
	if _, err := io.ReadFull(dev, poll); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(poll, cfg.Poll) {
		t.Fatalf("poll % X, want % X", poll, cfg.Poll)
	}
	if _, err := dev.Write(serialkeytest.Frame(cfg, 0x09, 0x03, 0)); err != nil {
		t.Fatal(err)
	}
	select {
	case l := <-presses:
		if l != keypad.Neutral {
			t.Fatalf("level %v, want 基本满意", l)
		}
	case <-time.After(wait):
		t.Fatal("no press")
	}
	// The poll repeats while Run runs.
	if _, err := io.ReadFull(dev, poll); err != nil || !slices.Equal(poll, cfg.Poll) {
		t.Fatalf("second poll % X, %v", poll, err)
	}
	if err := stop(); !errors.Is(err, context.Canceled) {
		t.Fatalf("Run: %v", err)
	}
}

// The keypad repeats its frame (key bounce or a resend): one evaluation.
func TestRepeatedFrameOneEvaluation(t *testing.T) {
	cfg := layouts["xor8"]
	k, dev := openOnPTY(t, cfg)
	results := make(chan keypad.Result, 4)
	g := keypad.NewGate(keypad.GateConfig{Deliver: func(r keypad.Result) { results <- r }})
	if err := g.Arm("A001", time.Minute); err != nil {
		t.Fatal(err)
	}
	presses := make(chan struct{}, 4)
	stop := run(t, k, func(l keypad.Level) { g.Press(l); presses <- struct{}{} })
	f := serialkeytest.Frame(cfg, cfg.Address, 0x01, 0)
	if _, err := dev.Write(append(f, f...)); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		select {
		case <-presses:
		case <-time.After(wait):
			t.Fatal("frames not decoded")
		}
	}
	stop()
	close(results)
	var all []keypad.Result
	for r := range results {
		all = append(all, r)
	}
	if len(all) != 1 || all[0].Level != keypad.VerySatisfied || all[0].Ref != "A001" {
		t.Fatalf("results %+v, want one 非常满意 for A001", all)
	}
}

func TestOpenMissingPort(t *testing.T) {
	_, err := serialkey.Open(serialport.Config{Path: "/dev/ttyNOPE9", Baud: 9600, ReadTimeout: time.Second}, layouts["sum8"], nil)
	if err == nil {
		t.Fatal("no error for a missing port")
	}
	bad := layouts["sum8"]
	bad.Length = 0
	if _, err := serialkey.Open(serialport.Config{Path: "/dev/ttyNOPE9", Baud: 9600, ReadTimeout: time.Second}, bad, nil); !errors.Is(err, serialkey.ErrConfig) {
		t.Fatalf("bad layout: %v, want ErrConfig", err)
	}
}

// errReader fails like an unplugged USB adapter.
type errReader struct{}

func (errReader) Read([]byte) (int, error) {
	return 0, errors.New("read /dev/ttyUSB0: input/output error")
}
func (errReader) Write(b []byte) (int, error) { return len(b), nil }

func TestRunLineFailure(t *testing.T) {
	k, err := serialkey.New(errReader{}, layouts["sum8"], nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := k.Run(context.Background(), func(keypad.Level) {}); !errors.Is(err, serialkey.ErrIO) {
		t.Fatalf("Run: %v, want ErrIO", err)
	}
}
