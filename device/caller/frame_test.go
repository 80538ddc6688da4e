package caller_test

import (
	"bytes"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"halld/device/caller"
)

var update = flag.Bool("update", false, "rewrite golden files")

func mustEncode(t testing.TB, f caller.Frame) []byte {
	t.Helper()
	b, err := caller.Encode(f)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// Hand-computed wire bytes, independent of Encode.
func TestEncodeLiteral(t *testing.T) {
	tests := []struct {
		f    caller.Frame
		want string
	}{
		// 呼叫 from caller 01: L = 2, CS = 01+0C = 0D.
		{caller.Frame{Addr: 0x01, Func: caller.FuncCall}, "ff 68 02 02 68 01 0c 0d 16"},
		// 确认 弃号 from caller 03: L = 3, CS = 03+0F+06 = 18.
		{caller.Frame{Addr: 0x03, Func: caller.FuncConfirm, Data: []byte{6}}, "ff 68 03 03 68 03 0f 06 18 16"},
		// Evaluator 10 rates 5 stars: CS = 10+11+05 = 26.
		{caller.Frame{Addr: 0x10, Func: caller.FuncRating, Data: []byte{5}}, "ff 68 03 03 68 10 11 05 26 16"},
		// Display "042" on caller 02: CS = 02+20+30+34+32 = B8.
		{caller.Frame{Addr: 0x02, Func: caller.FuncDisplay, Data: []byte("042")}, "ff 68 05 05 68 02 20 30 34 32 b8 16"},
		// Sum wraps: FF+FF = 1FE → FE.
		{caller.Frame{Addr: 0xFF, Func: 0xFF}, "ff 68 02 02 68 ff ff fe 16"},
	}
	for _, tc := range tests {
		got := mustEncode(t, tc.f)
		want, _ := hex.DecodeString(strings.ReplaceAll(tc.want, " ", ""))
		if !bytes.Equal(got, want) {
			t.Errorf("Encode(%+v) = % x, want % x", tc.f, got, want)
		}
	}
}

func TestEncodeRefusals(t *testing.T) {
	if _, err := caller.Encode(caller.Frame{Data: make([]byte, caller.MaxData+1)}); !errors.Is(err, caller.ErrFrame) {
		t.Errorf("too long: %v", err)
	}
	for _, text := range []string{"12", "1234", "A12", "一"} {
		if _, err := caller.Display(1, text); !errors.Is(err, caller.ErrFrame) {
			t.Errorf("Display(%q): %v, want ErrFrame", text, err)
		}
	}
}

// The golden file pins the display frames halld sends.
func TestDisplayGolden(t *testing.T) {
	var out strings.Builder
	for _, c := range []struct {
		addr byte
		text string
	}{{1, "001"}, {1, "042"}, {2, "999"}, {3, "---"}, {3, "   "}, {4, "E01"}, {4, "P  "}, {5, "L  "}, {5, "H  "}} {
		b, err := caller.Display(c.addr, c.text)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&out, "addr %02x %q: % x\n", c.addr, c.text, b)
	}
	path := filepath.Join("testdata", "display.golden")
	if *update {
		if err := os.WriteFile(path, []byte(out.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if out.String() != string(want) {
		t.Errorf("display frames differ from %s:\n%s", path, out.String())
	}
}

func TestDigits(t *testing.T) {
	for _, tc := range []struct {
		in   []byte
		want string
		ok   bool
	}{{[]byte{1, 0, 2, 4}, "1024", true}, {nil, "", true}, {[]byte{1, 10}, "", false}} {
		got, ok := caller.Digits(tc.in)
		if got != tc.want || ok != tc.ok {
			t.Errorf("Digits(%v) = %q %v", tc.in, got, ok)
		}
	}
}

func split(b []byte, n int) [][]byte {
	var out [][]byte
	for len(b) > n {
		out = append(out, b[:n])
		b = b[n:]
	}
	return append(out, b)
}

func TestDecoderStreams(t *testing.T) {
	call := caller.Frame{Addr: 1, Func: caller.FuncCall, Data: []byte{}}
	noShow := caller.Frame{Addr: 1, Func: caller.FuncConfirm, Data: []byte{6}}
	rate := caller.Frame{Addr: 9, Func: caller.FuncRating, Data: []byte{4}}
	c, n, r := mustEncode(t, call), mustEncode(t, noShow), mustEncode(t, rate)
	badSum := slices.Clone(n)
	badSum[7] = 0 // digit changed in transit
	badLen := slices.Clone(c)
	badLen[3] = 3 // the two length copies disagree
	tests := []struct {
		name   string
		chunks [][]byte
		want   []caller.Frame
		bad    uint64
	}{
		{"one frame", [][]byte{c}, []caller.Frame{call}, 0},
		{"no wake byte", [][]byte{c[1:]}, []caller.Frame{call}, 0},
		{"garbage first", [][]byte{{0x00, 0x16, 0xFF, 0x99}, n}, []caller.Frame{noShow}, 0},
		{"byte by byte", split(slices.Concat(c, n, r), 1), []caller.Frame{call, noShow, rate}, 0},
		{"in sevens", split(slices.Concat([]byte{7}, r, []byte{0x68}, c), 7), []caller.Frame{rate, call}, 1},
		{"bad sum dropped", [][]byte{badSum, r}, []caller.Frame{rate}, 1},
		{"length copies differ", [][]byte{badLen, n}, []caller.Frame{noShow}, 1},
		{"cut frame then good", [][]byte{n[:6], c}, []caller.Frame{call}, 1},
	}
	for _, tc := range tests {
		var d caller.Decoder
		var got []caller.Frame
		var raw [][]byte
		for _, ch := range tc.chunks {
			got = append(got, d.Feed(ch)...)
			raw = append(raw, d.Raw()...)
		}
		if !slices.EqualFunc(got, tc.want, func(a, b caller.Frame) bool {
			return a.Addr == b.Addr && a.Func == b.Func && bytes.Equal(a.Data, b.Data)
		}) {
			t.Errorf("%s: got %+v, want %+v", tc.name, got, tc.want)
		}
		if s := d.Stats(); s.BadFrames < tc.bad || s.Frames != uint64(len(tc.want)) {
			t.Errorf("%s: stats %+v", tc.name, s)
		}
		for i, f := range got {
			if re := mustEncode(t, f); !bytes.HasSuffix(re, raw[i]) && !bytes.Equal(re[1:], raw[i]) {
				t.Errorf("%s: raw %d % x is not the frame % x", tc.name, i, raw[i], re)
			}
		}
	}
}

func FuzzDecoder(f *testing.F) {
	f.Add(mustEncode(f, caller.Frame{Addr: 1, Func: caller.FuncCall}), 3)
	f.Add(mustEncode(f, caller.Frame{Addr: 1, Func: caller.FuncConfirm, Data: []byte{1, 2, 3, 4}}), 1)
	f.Add([]byte{0x68, 0xFF, 0xFF, 0x68, 0x68, 0x68}, 2)
	f.Fuzz(func(t *testing.T, in []byte, chunk int) {
		if chunk < 1 {
			chunk = 1
		}
		var whole, parts caller.Decoder
		a := whole.Feed(in)
		var b []caller.Frame
		for _, p := range split(in, chunk) {
			b = append(b, parts.Feed(p)...)
		}
		// Cutting the stream differently never changes what is decoded.
		if len(a) != len(b) {
			t.Fatalf("whole %d frames, in chunks of %d: %d", len(a), chunk, len(b))
		}
		for i := range a {
			if a[i].Addr != b[i].Addr || a[i].Func != b[i].Func || !bytes.Equal(a[i].Data, b[i].Data) {
				t.Fatalf("frame %d differs: %+v vs %+v", i, a[i], b[i])
			}
			// Every decoded frame re-encodes to bytes the decoder accepts.
			var again caller.Decoder
			if got := again.Feed(mustEncode(t, a[i])); len(got) != 1 {
				t.Fatalf("re-encoded frame %+v not decoded", a[i])
			}
		}
	})
}
