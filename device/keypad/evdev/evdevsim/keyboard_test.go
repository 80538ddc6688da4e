package evdevsim_test

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"halld/device/keypad/evdev/evdevsim"
)

var update = flag.Bool("update", false, "rewrite golden files")

// The golden files hold the little-endian bytes of a KEY_KP5 tap with one
// auto-repeat, one event per line, as a keypad on an ARM board sends them.
func TestKeyboardGolden(t *testing.T) {
	if binary.NativeEndian.Uint16([]byte{1, 0}) != 1 {
		t.Skip("golden files are little-endian")
	}
	at := time.Unix(1735700000, 250000) // 2025-01-01, 250 µs
	for _, size := range []int{16, 24} {
		t.Run(fmt.Sprint(size), func(t *testing.T) {
			var buf bytes.Buffer
			kb := &evdevsim.Keyboard{W: &buf, Size: size, Now: func() time.Time { return at }}
			if err := kb.Press(76); err != nil {
				t.Fatal(err)
			}
			if err := kb.Repeat(76); err != nil {
				t.Fatal(err)
			}
			if err := kb.Release(76); err != nil {
				t.Fatal(err)
			}
			var text bytes.Buffer
			for b := buf.Bytes(); len(b) > 0; b = b[size:] {
				fmt.Fprintln(&text, hex.EncodeToString(b[:size]))
			}
			path := filepath.Join("testdata", fmt.Sprintf("kp5-tap-%d.golden", size))
			if *update {
				if err := os.WriteFile(path, text.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(text.Bytes(), want) {
				t.Errorf("bytes differ from %s:\n%s", path, text.Bytes())
			}
		})
	}
}
