package evdev_test

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math/bits"
	"slices"
	"testing"
	"time"

	"halld/device/keypad"
	"halld/device/keypad/evdev"
	"halld/device/keypad/evdev/evdevsim"
)

func littleEndian(t testing.TB) {
	if binary.NativeEndian.Uint16([]byte{1, 0}) != 1 {
		t.Skip("byte literals are little-endian")
	}
}

// Records written out by hand from struct input_event, not by evdevsim.
func TestParseEventLiteral(t *testing.T) {
	littleEndian(t)
	want := evdev.Event{Sec: 1735700000, Usec: 250, Type: evdev.EvKey, Code: evdev.KeyKP3, Value: evdev.ValuePress}
	tests := map[string][]byte{
		"arm 32-bit": {
			0x20, 0xae, 0x74, 0x67, 0xfa, 0, 0, 0,
			0x01, 0x00, 0x51, 0x00, 0x01, 0, 0, 0,
		},
		"arm64/amd64": {
			0x20, 0xae, 0x74, 0x67, 0, 0, 0, 0, 0xfa, 0, 0, 0, 0, 0, 0, 0,
			0x01, 0x00, 0x51, 0x00, 0x01, 0, 0, 0,
		},
	}
	for name, b := range tests {
		got, err := evdev.ParseEvent(b)
		if err != nil || got != want {
			t.Errorf("%s: got %+v, %v; want %+v", name, got, err, want)
		}
	}
	neg, _ := evdev.ParseEvent([]byte{0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff})
	if neg.Sec != -1 || neg.Value != -1 {
		t.Errorf("signed fields: %+v", neg)
	}
	if _, err := evdev.ParseEvent(make([]byte, 20)); !errors.Is(err, evdev.ErrEventSize) {
		t.Errorf("20 bytes: %v", err)
	}
}

func TestNativeEventSize(t *testing.T) {
	want := map[int]int{32: 16, 64: 24}[bits.UintSize] // timeval: two C longs
	if evdev.NativeEventSize != want {
		t.Fatalf("NativeEventSize %d, want %d", evdev.NativeEventSize, want)
	}
}

type key struct {
	op   string // "tap", "press", "repeat", "release"
	code uint16
}

func TestReadPresses(t *testing.T) {
	tests := []struct {
		name         string
		keys         map[uint16]keypad.Level
		script       []key
		want         []keypad.Level
		wantUnmapped []uint16
	}{
		{name: "keypad 5", script: []key{{"tap", evdev.KeyKP5}}, want: []keypad.Level{5}},
		{name: "digit row and F keys", script: []key{{"tap", evdev.Key1}, {"tap", evdev.KeyF4}, {"tap", evdev.KeyKP2}}, want: []keypad.Level{1, 4, 2}},
		{
			name:   "held key with auto-repeat is one press",
			script: []key{{"press", evdev.Key3}, {"repeat", evdev.Key3}, {"repeat", evdev.Key3}, {"release", evdev.Key3}},
			want:   []keypad.Level{3},
		},
		{name: "release alone is nothing", script: []key{{"release", evdev.Key5}}},
		{name: "unmapped key", script: []key{{"tap", 30 /* KEY_A */}, {"tap", evdev.Key2}}, want: []keypad.Level{2}, wantUnmapped: []uint16{30}},
		{
			name:         "custom map, 1 is best",
			keys:         map[uint16]keypad.Level{evdev.Key1: 5, evdev.Key5: 1},
			script:       []key{{"tap", evdev.Key1}, {"tap", evdev.Key5}, {"tap", evdev.Key3}},
			want:         []keypad.Level{5, 1},
			wantUnmapped: []uint16{evdev.Key3},
		},
	}
	for _, size := range []int{16, 24} {
		for _, tc := range tests {
			t.Run(fmt.Sprintf("%d/%s", size, tc.name), func(t *testing.T) {
				var buf bytes.Buffer
				kb := &evdevsim.Keyboard{W: &buf, Size: size}
				for _, k := range tc.script {
					var err error
					switch k.op {
					case "tap":
						err = kb.Tap(k.code)
					case "press":
						err = kb.Press(k.code)
					case "repeat":
						err = kb.Repeat(k.code)
					case "release":
						err = kb.Release(k.code)
					}
					if err != nil {
						t.Fatal(err)
					}
				}
				keys := tc.keys
				if keys == nil {
					keys = evdev.DefaultKeys()
				}
				r, err := evdev.NewReader(&buf, size)
				if err != nil {
					t.Fatal(err)
				}
				var got []keypad.Level
				var unmapped []uint16
				err = evdev.ReadPresses(r, keys, func(l keypad.Level) { got = append(got, l) }, func(c uint16) { unmapped = append(unmapped, c) })
				if err != io.EOF {
					t.Errorf("err %v, want io.EOF", err)
				}
				if !slices.Equal(got, tc.want) || !slices.Equal(unmapped, tc.wantUnmapped) {
					t.Errorf("got %v unmapped %v, want %v unmapped %v", got, unmapped, tc.want, tc.wantUnmapped)
				}
			})
		}
	}
}

func TestReaderTruncated(t *testing.T) {
	r, _ := evdev.NewReader(bytes.NewReader(make([]byte, 24+10)), 24)
	if _, err := r.Next(); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Next(); err != io.ErrUnexpectedEOF {
		t.Fatalf("err %v, want io.ErrUnexpectedEOF", err)
	}
	if _, err := evdev.NewReader(nil, 32); !errors.Is(err, evdev.ErrEventSize) {
		t.Fatalf("size 32: %v", err)
	}
}

// A citizen pressing the key twice gives one evaluation.
func TestDoublePressOneEvaluation(t *testing.T) {
	var buf bytes.Buffer
	kb := &evdevsim.Keyboard{W: &buf, Size: evdev.NativeEventSize}
	_ = kb.Tap(evdev.KeyKP4)
	_ = kb.Tap(evdev.KeyKP4)
	var results []keypad.Result
	g := keypad.NewGate(keypad.GateConfig{Deliver: func(r keypad.Result) { results = append(results, r) }})
	if err := g.Arm("A001", time.Minute); err != nil {
		t.Fatal(err)
	}
	r, _ := evdev.NewReader(&buf, evdev.NativeEventSize)
	_ = evdev.ReadPresses(r, evdev.DefaultKeys(), g.Press, nil)
	g.Disarm() // nothing left to cancel
	if len(results) != 1 || results[0].Outcome != keypad.Answered || results[0].Level != keypad.Satisfied {
		t.Fatalf("results %+v, want one answer 满意", results)
	}
	if st := g.Stats(); st.IgnoredRepeat != 1 {
		t.Fatalf("stats %+v, want one repeat", st)
	}
}

// encode is the reverse of ParseEvent, for the fuzz round trip.
func encode(e evdev.Event, size int) []byte {
	var b []byte
	if size == 24 {
		b = binary.NativeEndian.AppendUint64(b, uint64(e.Sec))
		b = binary.NativeEndian.AppendUint64(b, uint64(e.Usec))
	} else {
		b = binary.NativeEndian.AppendUint32(b, uint32(e.Sec))
		b = binary.NativeEndian.AppendUint32(b, uint32(e.Usec))
	}
	b = binary.NativeEndian.AppendUint16(b, e.Type)
	b = binary.NativeEndian.AppendUint16(b, e.Code)
	return binary.NativeEndian.AppendUint32(b, uint32(e.Value))
}

func FuzzReader(f *testing.F) {
	var buf bytes.Buffer
	kb := &evdevsim.Keyboard{W: &buf, Size: 24}
	_ = kb.Tap(evdev.KeyKP5)
	f.Add(buf.Bytes(), true)
	f.Add(buf.Bytes()[:40], false)
	f.Add([]byte{}, false)
	f.Fuzz(func(t *testing.T, data []byte, wide bool) {
		size := 16
		if wide {
			size = 24
		}
		r, err := evdev.NewReader(bytes.NewReader(data), size)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for {
			e, err := r.Next()
			if err != nil {
				rest := len(data) - n*size
				switch {
				case rest == 0 && err != io.EOF, rest > 0 && err != io.ErrUnexpectedEOF:
					t.Fatalf("after %d events, %d bytes left: %v", n, rest, err)
				}
				break
			}
			if got := encode(e, size); !bytes.Equal(got, data[n*size:(n+1)*size]) {
				t.Fatalf("event %d: round trip % x, want % x", n, got, data[n*size:(n+1)*size])
			}
			n++
		}
		if n != len(data)/size {
			t.Fatalf("%d events from %d bytes of %d", n, len(data), size)
		}
		// ReadPresses must agree with a plain count of EV_KEY value 1.
		want := 0
		for i := 0; i+size <= len(data); i += size {
			e, _ := evdev.ParseEvent(data[i : i+size])
			if e.Type == evdev.EvKey && e.Value == 1 {
				want++
			}
		}
		r, _ = evdev.NewReader(bytes.NewReader(data), size)
		got := 0
		_ = evdev.ReadPresses(r, evdev.DefaultKeys(), func(keypad.Level) { got++ }, func(uint16) { got++ })
		if got != want {
			t.Fatalf("ReadPresses counted %d presses, want %d", got, want)
		}
	})
}
