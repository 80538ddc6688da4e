package idcard_test

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"halld/device/idcard"
	"halld/device/keypad/evdev"
	"halld/device/keypad/evdev/evdevsim"
)

func TestLines(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
		bad  int
	}{
		{"CR LF", "11010519491231002X\r\n", []string{"11010519491231002X"}, 0},
		{"LF, two cards", "11010519491231002X\n110101199003074514\n", []string{"11010519491231002X", "110101199003074514"}, 0},
		{"CR only, blank lines", "\r\r 11010519491231002X \r", []string{"11010519491231002X"}, 0},
		{"unterminated is not a card", "11010519491231002X", nil, 0},
		{"too long", strings.Repeat("1", 100) + "\n110101199003074514\n", []string{"110101199003074514"}, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			bad := 0
			l := idcard.Lines{R: iotestOneByte(strings.NewReader(tc.in)), Bad: func(err error) {
				if !errors.Is(err, idcard.ErrLine) {
					t.Errorf("bad: %v", err)
				}
				bad++
			}}
			err := l.Run(context.Background(), func(n string) { got = append(got, n) })
			if !errors.Is(err, idcard.ErrIO) || !errors.Is(err, io.EOF) {
				t.Errorf("Run = %v, want ErrIO wrapping EOF", err)
			}
			if !slices.Equal(got, tc.want) || bad != tc.bad {
				t.Errorf("got %q (%d bad), want %q (%d)", got, bad, tc.want, tc.bad)
			}
		})
	}
}

// iotestOneByte returns one byte per Read, as a slow serial line does.
func iotestOneByte(r io.Reader) io.Reader { return oneByte{r} }

type oneByte struct{ r io.Reader }

func (o oneByte) Read(b []byte) (int, error) {
	if len(b) > 1 {
		b = b[:1]
	}
	return o.r.Read(b)
}

func TestReadKeys(t *testing.T) {
	for _, size := range []int{16, 24} {
		pr, pw := io.Pipe()
		kb := &evdevsim.Keyboard{W: pw, Size: size}
		go func() {
			typ := func(codes ...uint16) {
				for _, c := range codes {
					kb.Tap(c)
				}
			}
			// 11010519491231002X Enter, on the digit row with a shifted X.
			digits := map[rune]uint16{'0': 11, '1': 2, '2': 3, '3': 4, '4': 5, '5': 6, '6': 7, '7': 8, '8': 9, '9': 10}
			for _, r := range "11010519491231002" {
				typ(digits[r])
			}
			kb.Press(42) // shift
			typ(45)      // X
			kb.Release(42)
			typ(28)
			// The keypad's digits and its Enter.
			typ(79, 79, 82, 79, 82, 79, 79, 73, 73, 82, 82, 81, 82, 71, 75, 76, 79, 75, 96)
			typ(28) // a lone Enter is nothing
			pw.Close()
		}()
		r, _ := evdev.NewReader(pr, size)
		var got []string
		err := idcard.ReadKeys(r, func(n string) { got = append(got, n) })
		if err != io.EOF {
			t.Errorf("%d: err %v", size, err)
		}
		want := []string{"11010519491231002X", "110101199003074514"}
		if !slices.Equal(got, want) {
			t.Errorf("%d: got %q, want %q", size, got, want)
		}
	}
}

func TestOpenKeyboardErrors(t *testing.T) {
	if _, err := idcard.OpenKeyboard(filepath.Join(t.TempDir(), "no-reader")); !errors.Is(err, evdev.ErrOpen) {
		t.Errorf("missing: %v", err)
	}
	if _, err := idcard.OpenKeyboard(os.DevNull); !errors.Is(err, evdev.ErrGrab) {
		t.Errorf("/dev/null: %v", err)
	}
}

func TestHelper(t *testing.T) {
	script := `printf '%s\n' '{"id":"11010519491231002X","name":"张三"}' 'garbage' '{"name":"李四"}' '[1]' '{"id":"110101199003074514"}'`
	var got []string
	var bad []error
	h := idcard.Helper{Command: []string{"/bin/sh", "-c", script}, Bad: func(err error) { bad = append(bad, err) }}
	err := h.Run(context.Background(), func(n string) { got = append(got, n) })
	if !errors.Is(err, idcard.ErrHelper) {
		t.Fatalf("Run = %v, want ErrHelper (a helper that exits is restarted)", err)
	}
	if want := []string{"11010519491231002X", "110101199003074514"}; !slices.Equal(got, want) {
		t.Errorf("ids %q, want %q", got, want)
	}
	if len(bad) != 3 {
		t.Errorf("bad lines %v, want 3", bad)
	}
	for _, e := range bad {
		if !errors.Is(e, idcard.ErrHelperLine) || strings.Contains(e.Error(), "李四") {
			t.Errorf("bad line error %v", e)
		}
	}
}

func TestHelperFails(t *testing.T) {
	h := idcard.Helper{Command: []string{"/bin/sh", "-c", "exit 3"}}
	if err := h.Run(context.Background(), func(string) {}); !errors.Is(err, idcard.ErrHelper) || !strings.Contains(err.Error(), "exit status 3") {
		t.Errorf("exit 3: %v", err)
	}
	h = idcard.Helper{Command: []string{filepath.Join(t.TempDir(), "no-helper")}}
	if err := h.Run(context.Background(), func(string) {}); !errors.Is(err, idcard.ErrHelper) {
		t.Errorf("missing: %v", err)
	}
	if err := (idcard.Helper{}).Run(context.Background(), func(string) {}); !errors.Is(err, idcard.ErrHelper) {
		t.Errorf("empty: %v", err)
	}
}

// Cancelling stops a helper that runs for good (SIGTERM).
func TestHelperStops(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	h := idcard.Helper{Command: []string{"/bin/sh", "-c", `echo '{"id":"11010519491231002X"}'; exec sleep 600`}}
	err := h.Run(ctx, func(string) { cancel() })
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Run = %v, want Canceled", err)
	}
}

// A helper counts as up at its first line, or after StableAfter; one
// that exits at once never does (so its restarts back off).
func TestHelperUp(t *testing.T) {
	ups := 0
	h := idcard.Helper{Command: []string{"/bin/sh", "-c", "exit 1"}, Up: func() { ups++ }}
	h.Run(context.Background(), func(string) {})
	if ups != 0 {
		t.Fatalf("a helper that exits at once was up %d times", ups)
	}
	h.Command = []string{"/bin/sh", "-c", `echo '{"id":"11010519491231002X"}'; echo '{"id":"110101199003074514"}'`}
	h.Run(context.Background(), func(string) {})
	if ups != 1 {
		t.Fatalf("up %d times, want once", ups)
	}
	ctx, cancel := context.WithCancel(context.Background())
	h = idcard.Helper{Command: []string{"/bin/sh", "-c", "exec sleep 600"}, StableAfter: time.Millisecond, Up: cancel}
	if err := h.Run(ctx, func(string) {}); !errors.Is(err, context.Canceled) {
		t.Fatalf("a helper that stays is up after StableAfter: %v", err)
	}
}
