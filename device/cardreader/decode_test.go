package cardreader

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"testing"
	"time"

	"halld/device/keypad/evdev"
	"halld/device/keypad/evdev/evdevsim"
)

// typist plays a reader (or a person) on a simulated USB keyboard with
// its own clock, so gaps are exact.
type typist struct {
	kb  *evdevsim.Keyboard
	buf *bytes.Buffer
	t   time.Time
}

func newTypist() *typist {
	p := &typist{buf: &bytes.Buffer{}, t: time.Date(2026, 12, 2, 8, 55, 0, 0, time.UTC)}
	p.kb = &evdevsim.Keyboard{W: p.buf, Size: evdev.NativeEventSize, Now: func() time.Time { return p.t }}
	return p
}

// keys taps codes 20 ms apart, as readers type.
func (p *typist) keys(codes ...uint16) *typist {
	for _, c := range codes {
		p.t = p.t.Add(20 * time.Millisecond)
		p.kb.Tap(c)
	}
	return p
}

func (p *typist) swipe(card string) *typist {
	codes, ok := KeyCodes(card)
	if !ok {
		panic(card)
	}
	return p.keys(codes...)
}

func (p *typist) pause(d time.Duration) *typist { p.t = p.t.Add(d); return p }

func (p *typist) read(t *testing.T, cfg Config) (cards []string, dropped int) {
	t.Helper()
	r, err := evdev.NewReader(bytes.NewReader(p.buf.Bytes()), evdev.NativeEventSize)
	if err != nil {
		t.Fatal(err)
	}
	err = ReadCards(r, cfg, func(c string) { cards = append(cards, c) }, func(int) { dropped++ })
	if !errors.Is(err, io.EOF) {
		t.Fatalf("ReadCards ended with %v, want EOF", err)
	}
	return cards, dropped
}

func TestReadCards(t *testing.T) {
	const kpEnter, key1, kp7, keyQ = KeyKPEnter, 2, 71, 16
	tests := []struct {
		name    string
		typed   func(p *typist)
		cfg     Config
		want    []string
		dropped int
	}{
		{"decimal", func(p *typist) { p.swipe("0001234567") }, Config{}, []string{"0001234567"}, 0},
		{"hex, lower case", func(p *typist) { p.swipe("04a1b2c3") }, Config{}, []string{"04A1B2C3"}, 0},
		{"two swipes", func(p *typist) { p.swipe("1111").pause(3 * time.Second).swipe("2222") }, Config{}, []string{"1111", "2222"}, 0},
		{"keypad digits and keypad Enter", func(p *typist) { p.keys(kp7, key1, kp7, key1, kpEnter) }, Config{}, []string{"7171"}, 0},
		{"shift is ignored", func(p *typist) { p.keys(keyLShift, 30, keyLShift, 48, key1, key1, KeyEnter) }, Config{}, []string{"AB11"}, 0},
		{"a stray key before a swipe", func(p *typist) { p.keys(key1).pause(2 * time.Second).swipe("12345678") }, Config{}, []string{"12345678"}, 1},
		{"a pause inside a swipe", func(p *typist) { p.keys(key1, key1).pause(time.Second).keys(key1, KeyEnter) }, Config{}, nil, 2},
		{"too short", func(p *typist) { p.swipe("123") }, Config{}, nil, 1},
		{"a letter that is no hex digit", func(p *typist) { p.keys(key1, keyQ, key1, KeyEnter) }, Config{}, nil, 1},
		{"too long", func(p *typist) { p.swipe("123456789") }, Config{MaxLen: 8}, nil, 1},
		{"Enter alone", func(p *typist) { p.keys(KeyEnter, KeyEnter) }, Config{}, nil, 0},
		{"a cut-off swipe", func(p *typist) { p.keys(key1, key1) }, Config{}, nil, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := newTypist()
			tc.typed(p)
			cards, dropped := p.read(t, tc.cfg)
			if !slices.Equal(cards, tc.want) || dropped != tc.dropped {
				t.Errorf("cards %q dropped %d, want %q dropped %d", cards, dropped, tc.want, tc.dropped)
			}
		})
	}
}

func TestKeyCodes(t *testing.T) {
	codes, ok := KeyCodes("09aF")
	if !ok || !slices.Equal(codes, []uint16{11, 10, 30, 33, KeyEnter}) {
		t.Errorf("KeyCodes = %v %v", codes, ok)
	}
	if _, ok := KeyCodes("12-3"); ok {
		t.Error("a dash was typed")
	}
}

func TestRunPipe(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	rd := newReader(r, Config{Path: "pipe"}, nil)
	defer rd.Close()
	ctx, cancel := context.WithCancel(context.Background())
	cards := make(chan string, 1)
	done := make(chan error, 1)
	go func() { done <- rd.Run(ctx, func(c string) { cards <- c }) }()
	kb := &evdevsim.Keyboard{W: w, Size: evdev.NativeEventSize}
	codes, _ := KeyCodes("0007654321")
	for _, c := range codes {
		kb.Tap(c)
	}
	select {
	case c := <-cards:
		if c != "0007654321" {
			t.Fatalf("card %q", c)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no card within 5 s")
	}
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("Run returned %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not stop")
	}
}

func TestOpenErrors(t *testing.T) {
	if _, err := Open(Config{}, nil); !errors.Is(err, ErrConfig) {
		t.Errorf("empty path: %v", err)
	}
	if _, err := Open(Config{Path: filepath.Join(t.TempDir(), "usb-reader-event-kbd")}, nil); !errors.Is(err, evdev.ErrOpen) {
		t.Errorf("missing reader: %v", err)
	}
}

var cardShape = regexp.MustCompile(`^[0-9A-F]{1,32}$`)

// Any bytes from the input layer: no panic, and only well-formed numbers.
func FuzzReadCards(f *testing.F) {
	p := newTypist().swipe("0001234567").pause(time.Second).swipe("abcd")
	f.Add(p.buf.Bytes())
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		r, _ := evdev.NewReader(bytes.NewReader(b), 24)
		ReadCards(r, Config{}, func(c string) {
			if !cardShape.MatchString(c) {
				t.Fatalf("card %q", c)
			}
		}, nil)
	})
}
