package textproto

import (
	"bytes"
	"encoding/hex"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"halld/device/gbk"
)

var update = flag.Bool("update", false, "rewrite golden files")

func unhex(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(strings.Join(strings.Fields(s), ""))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestPublishedExamples reproduces the frames of hardware notes §2.3.
func TestPublishedExamples(t *testing.T) {
	tests := []struct {
		name   string
		format Format
		addr   uint16
		text   string
		want   string
	}{
		{"strip screen", StripScreen(), 3, "A001", "AA 03 BB 51 54 CE 01 00 99 00 63 41 30 30 31 FF"},
		{"at text", AtText(), 3, "请A001号", "40 03 C7 EB 41 30 30 31 BA C5 0D"},
	}
	for _, tt := range tests {
		got, err := tt.format.Encode(tt.addr, []string{tt.text})
		if err != nil {
			t.Fatal(err)
		}
		if want := unhex(t, tt.want); !bytes.Equal(got, want) {
			t.Errorf("%s:\n got % X\nwant % X", tt.name, got, want)
		}
		m, err := tt.format.Parse(got)
		if err != nil || m.Addr != byte(tt.addr) || gbk.Decode(m.Text) != tt.text {
			t.Errorf("%s: Parse = %+v, %v", tt.name, m, err)
		}
	}
}

func TestChecksums(t *testing.T) {
	base := Format{Name: "t", Header: []byte{0x68}, Terminator: []byte{0x16}, ChecksumAt: ChecksumBeforeTerminator, SumFrom: 0, SumTo: -1}
	tests := []struct {
		kind Checksum
		want string // frame for addr 1, text "12"
	}{
		{ChecksumNone, "68 01 31 32 16"},
		{ChecksumSum8, "68 01 31 32 CC 16"},     // 68+01+31+32 = CC
		{ChecksumXor8, "68 01 31 32 6A 16"},     // 68^01^31^32 = 6A
		{ChecksumCRC16, "68 01 31 32 D9 C1 16"}, // CRC-16/MODBUS C1D9, low byte first
	}
	for _, tt := range tests {
		f := base
		f.Checksum = tt.kind
		got, err := f.Frame(1, []byte("12"))
		if err != nil {
			t.Fatal(err)
		}
		if want := unhex(t, tt.want); !bytes.Equal(got, want) {
			t.Errorf("%v: got % X, want % X", tt.kind, got, want)
		}
		if _, err := f.Parse(got); err != nil {
			t.Errorf("%v: Parse: %v", tt.kind, err)
		}
	}
	// CRC-16/MODBUS check value.
	if got := ChecksumCRC16.compute([]byte("123456789")); !bytes.Equal(got, []byte{0x37, 0x4B}) {
		t.Errorf("crc16(check) = % X, want 37 4B", got)
	}
}

func TestEncodeErrors(t *testing.T) {
	long := StripScreen()
	long.MaxText = 3
	tests := []struct {
		name string
		f    Format
		addr uint16
		want error
	}{
		{"address", StripScreen(), 256, ErrAddress},
		{"strip address 255 is its terminator", StripScreen(), 255, ErrAddress},
		{"at address 13 is its terminator", AtText(), 13, ErrAddress},
		{"too long", long, 1, ErrTooLong},
		{"no header", Format{Terminator: []byte{0x0D}}, 1, ErrFormat},
		{"printable terminator", Format{Header: []byte{1}, Terminator: []byte{'#'}}, 1, ErrFormat},
		{"range", Format{Header: []byte{1}, Terminator: []byte{0}, Checksum: ChecksumSum8, SumFrom: 99}, 1, ErrFormat},
	}
	for _, tt := range tests {
		if _, err := tt.f.Encode(tt.addr, []string{"A001"}); !errors.Is(err, tt.want) {
			t.Errorf("%s: Encode() = %v, want %v", tt.name, err, tt.want)
		}
	}
}

func TestUnencodableIsVisible(t *testing.T) {
	got, err := AtText().Encode(1, []string{"A\x00\x0D😀"})
	if err != nil {
		t.Fatal(err)
	}
	want := []byte{0x40, 0x01, 'A', '?', ' ', 0xA1, 0xF5, 0x0D}
	if !bytes.Equal(got, want) {
		t.Fatalf("got % X, want % X", got, want)
	}
}

func TestLines(t *testing.T) {
	f := StripScreen()
	f.LineSep = " | "
	b, _ := f.Encode(1, []string{"A001", "3号窗口"})
	m, err := f.Parse(b)
	if err != nil || gbk.Decode(m.Text) != "A001 | 3号窗口" {
		t.Fatalf("Parse = %q, %v", gbk.Decode(m.Text), err)
	}
}

func TestParseErrors(t *testing.T) {
	f := StripScreen()
	good, _ := f.Encode(3, []string{"A001"})
	badSum := bytes.Clone(good)
	badSum[5]++
	badFixed := bytes.Clone(good)
	badFixed[7] = 0x42
	tests := []struct {
		name string
		in   []byte
		want error
	}{
		{"checksum", badSum, ErrChecksum},
		{"fixed", badFixed, ErrFrame},
		{"short", good[:8], ErrFrame},
		{"no terminator", good[:len(good)-1], ErrFrame},
	}
	for _, tt := range tests {
		if _, err := f.Parse(tt.in); !errors.Is(err, tt.want) {
			t.Errorf("%s: Parse() = %v, want %v", tt.name, err, tt.want)
		}
	}
}

func TestDecoderResync(t *testing.T) {
	for _, f := range []Format{StripScreen(), AtText(), crcAtEnd()} {
		a, _ := f.Encode(1, []string{"A001"})
		b, _ := f.Encode(2, []string{"请B002号到2号窗口"})
		bad := bytes.Clone(a)
		bad[len(bad)-2] ^= 0x01
		if f.Checksum == ChecksumNone {
			bad = bad[:len(bad)-1] // cut off instead: no checksum to break
		}
		var stream []byte
		stream = append(stream, 0x00, 0xFF, 0x0D, 0xAA)
		stream = append(stream, bad...)
		stream = append(stream, a...)
		stream = append(stream, 0x13)
		stream = append(stream, b...)
		for _, chunk := range []int{1, 2, 5, len(stream)} {
			d := Decoder{Format: f}
			var got []Message
			for i := 0; i < len(stream); i += chunk {
				got = append(got, d.Feed(stream[i:min(i+chunk, len(stream))])...)
			}
			n := len(got)
			if n < 2 || got[n-2].Addr != 1 || got[n-1].Addr != 2 || gbk.Decode(got[n-1].Text) != "请B002号到2号窗口" {
				t.Fatalf("%s chunk %d: got %+v", f.Name, chunk, got)
			}
			if f.Checksum != ChecksumNone && n != 2 {
				t.Fatalf("%s chunk %d: %d frames, want 2", f.Name, chunk, n)
			}
		}
	}
}

// crcAtEnd is a format whose check bytes can equal its terminator.
func crcAtEnd() Format {
	return Format{Name: "crc-at-end", Header: []byte{0x7E, 0x7E}, Terminator: []byte{0x0D, 0x0A},
		Checksum: ChecksumCRC16, ChecksumAt: ChecksumBeforeTerminator, SumFrom: 2, SumTo: -2}
}

// TestChecksumNeverTheTerminator: a strip-screen frame whose sum would be
// FF, its terminator, gets a trailing space instead, so the board does not
// end the frame at the check byte; the decoder reads the text back.
func TestChecksumNeverTheTerminator(t *testing.T) {
	f := StripScreen()
	found := 0
	for i := range 94 * 94 {
		text := []byte{'A', byte('!' + i%94), byte('!' + i/94)}
		plain, _ := f.frame(1, text, false)
		fr, err := f.Frame(1, text)
		if err != nil {
			t.Fatal(err)
		}
		if bytes.IndexByte(fr, 0xFF) != len(fr)-1 {
			t.Fatalf("text %q: FF inside the frame % X", text, fr)
		}
		if plain != nil {
			continue
		}
		found++
		d := Decoder{Format: f}
		got := d.Feed(fr)
		if len(got) != 1 || strings.TrimRight(string(got[0].Text), " ") != string(text) {
			t.Fatalf("frame % X: got %+v (%v)", fr, got, d.LastErr)
		}
	}
	if found == 0 {
		t.Fatal("no text with a sum of FF tried")
	}
}

func TestDecoderChecksumLooksLikeTerminator(t *testing.T) {
	f := crcAtEnd()
	// Find a text whose CRC holds 0D, so the terminator search must look past it.
	for i := range 100000 {
		text := []byte(strings.Repeat("x", i%7) + string(rune('A'+i%26)) + string(rune('0'+i%10)) + strings.Repeat("y", i/260))
		fr, err := f.Frame(1, text)
		if err != nil {
			t.Fatal(err)
		}
		cs := fr[len(fr)-4 : len(fr)-2]
		if cs[0] != 0x0D && cs[1] != 0x0D {
			continue
		}
		d := Decoder{Format: f}
		got := d.Feed(fr)
		if len(got) != 1 || !bytes.Equal(got[0].Text, text) {
			t.Fatalf("frame % X: got %+v (%v)", fr, got, d.LastErr)
		}
		return
	}
	t.Fatal("no text with a 0D in its CRC found")
}

func TestGolden(t *testing.T) {
	tests := []struct {
		file  string
		f     Format
		addr  uint16
		lines []string
	}{
		{"strip_a001_win3.hex", StripScreen(), 3, []string{"A001", "请到3号窗口"}},
		{"hall_a001_win3.hex", StripScreenHall(), 3, []string{"请A001到3号窗口"}},
		{"at_b012_win7.hex", AtText(), 7, []string{"请B012号到7号窗口"}},
	}
	for _, tt := range tests {
		got, err := tt.f.Encode(tt.addr, tt.lines)
		if err != nil {
			t.Fatal(err)
		}
		text := strings.ToUpper(hex.EncodeToString(got)) + "\n"
		path := filepath.Join("testdata", tt.file)
		if *update {
			if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run with -update to create)", err)
		}
		if text != string(want) {
			t.Errorf("%s:\n got %s\nwant %s", tt.file, text, want)
		}
	}
}

func FuzzDecoder(f *testing.F) {
	for _, fm := range []Format{StripScreen(), AtText(), crcAtEnd()} {
		b, _ := fm.Encode(3, []string{"请A001号到3号窗口"})
		f.Add(b)
	}
	formats := []Format{StripScreen(), AtText(), crcAtEnd()}
	f.Fuzz(func(t *testing.T, in []byte) {
		for _, fm := range formats {
			d := Decoder{Format: fm}
			msgs := d.Feed(in)
			for _, m := range msgs {
				// Every message found must be one Encode would produce.
				b, err := fm.Frame(uint16(m.Addr), m.Text)
				if err != nil {
					t.Fatalf("%s: found message %+v that cannot be encoded: %v", fm.Name, m, err)
				}
				if back, err := fm.Parse(b); err != nil || !bytes.Equal(back.Text, m.Text) {
					t.Fatalf("%s: round trip %+v, %v", fm.Name, back, err)
				}
			}
			if len(d.buf) > len(fm.Header)+fm.textStart()+fm.maxText()+fm.tailLen()+1 {
				t.Fatalf("%s: decoder holds %d bytes", fm.Name, len(d.buf))
			}
			// Byte-wise feeding finds the same messages.
			d2 := Decoder{Format: fm}
			var again []Message
			for i := range in {
				again = append(again, d2.Feed(in[i:i+1])...)
			}
			if len(again) != len(msgs) {
				t.Fatalf("%s: byte-wise %d messages, whole %d", fm.Name, len(again), len(msgs))
			}
			// A good frame after the noise and two terminators is always found
			// (the first may be taken as an address byte).
			good, _ := fm.Encode(9, []string{"OK"})
			d.Feed(fm.Terminator)
			d.Feed(fm.Terminator)
			if got := d.Feed(good); len(got) == 0 || got[len(got)-1].Addr != 9 {
				t.Fatalf("%s: no resync: %+v", fm.Name, got)
			}
		}
	})
}
