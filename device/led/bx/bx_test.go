package bx

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

// unhex parses "A5×8 01 00 …" as written in the hardware notes.
func unhex(t testing.TB, s string) []byte {
	t.Helper()
	s = strings.ReplaceAll(s, "A5×8", strings.Repeat("A5 ", 8))
	b, err := hex.DecodeString(strings.Join(strings.Fields(s), ""))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// vectorArea is the area of the published A3 06 example (notes §2.2).
var vectorArea = Area{Width: 192, Height: 32, Timeout: 2, Display: ShowMoveLeft, Speed: 4, Stay: 5}

// TestPublishedVectors reproduces the four frames of hardware notes §2.2.
func TestPublishedVectors(t *testing.T) {
	dyn, err := DynamicText(1, vectorArea, 0x2D, []byte("012345QRSTTV'B"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		frame Frame
		want  string
	}{
		{"ping", Ping(1), "A5×8 01 00 00 80 00 00 00 00 00 00 FE 02 05 00 A2 00 01 00 00 68 F8 5A"},
		{"status", Status(1), "A5×8 01 00 00 80 00 00 00 00 00 00 FE 02 05 00 A1 02 01 00 00 2D 40 5A"},
		{"clear", Clear(1), "A5×8 01 00 00 80 00 00 00 00 00 00 FE 02 05 00 A3 10 01 00 00 51 F8 5A"},
		{"dynamic text", dyn, `A5×8 01 00 00 80 00 00 00 00 00 00 FE 02 32 00
			A3 06 01 2D 00  00 01 29 00  00 00 00 00 00 18 00 20 00  00 00 00 02 00 00 00 00 02 02
			03 00 04 05  0E 00 00 00  30 31 32 33 34 35 51 52 53 54 54 56 27 42  A8 7D 5A`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.frame.MarshalBinary()
			if err != nil {
				t.Fatal(err)
			}
			want := unhex(t, tt.want)
			if !bytes.Equal(got, want) {
				t.Fatalf("frame\n got % X\nwant % X", got, want)
			}
			back, err := Parse(want)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			again, _ := back.MarshalBinary()
			if !bytes.Equal(again, want) {
				t.Fatalf("Parse/Marshal round trip\n got % X\nwant % X", again, want)
			}
		})
	}
	area, err := ParseDynamicText(dyn.Data)
	if err != nil || area.Area != vectorArea || string(area.Text) != "012345QRSTTV'B" {
		t.Fatalf("ParseDynamicText = %+v, %v", area, err)
	}
}

func TestEscape(t *testing.T) {
	f := Request(0x5AA5, 0xA6, 0x5B, []byte{0xA5, 0xA6, 0x5A, 0x5B, 0x00})
	b, err := f.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	body := b[8 : len(b)-1]
	if bytes.IndexByte(body, 0xA5) >= 0 || bytes.IndexByte(body, 0x5A) >= 0 {
		t.Fatalf("escaped body still holds A5 or 5A: % X", body)
	}
	if !bytes.HasPrefix(body, []byte{0xA6, 0x02, 0x5B, 0x02}) { // dst A5 5A
		t.Fatalf("dst not escaped: % X", body[:4])
	}
	got, err := Parse(b)
	if err != nil {
		t.Fatal(err)
	}
	if got.Dst != 0x5AA5 || got.Group != 0xA6 || got.Cmd != 0x5B || !bytes.Equal(got.Data, f.Data) {
		t.Fatalf("round trip = %+v", got)
	}
}

func TestParseErrors(t *testing.T) {
	good, _ := Ping(1).MarshalBinary()
	flip := bytes.Clone(good)
	flip[len(flip)-3] ^= 0x01 // CRC byte
	short := append(bytes.Repeat([]byte{0xA5}, 8), 0x01, 0x00, 0x5A)
	badEsc := bytes.Clone(good)
	badEsc[8] = 0xA6 // followed by 00
	tests := []struct {
		name string
		in   []byte
		want error
	}{
		{"crc", flip, ErrCRC},
		{"short", short, ErrFrame},
		{"no preamble", good[8:], ErrFrame},
		{"no end", good[:len(good)-1], ErrFrame},
		{"bad escape", badEsc, ErrFrame},
	}
	for _, tt := range tests {
		if _, err := Parse(tt.in); !errors.Is(err, tt.want) {
			t.Errorf("%s: Parse() = %v, want %v", tt.name, err, tt.want)
		}
	}
}

func TestDecoderResync(t *testing.T) {
	ping, _ := Ping(1).MarshalBinary()
	clear, _ := Clear(2).MarshalBinary()
	bad := bytes.Clone(clear)
	bad[len(bad)-2] ^= 0xFF
	var stream []byte
	stream = append(stream, 0x00, 0x5A, 0x13, 0xFF) // line noise
	stream = append(stream, ping[:12]...)           // cut off by the next frame
	stream = append(stream, bad...)                 // CRC error
	stream = append(stream, ping...)
	stream = append(stream, 0x42)
	stream = append(stream, clear[len(clear)-10:]...) // tail without start
	stream = append(stream, clear...)

	// Any split into reads must give the same frames.
	for _, chunk := range []int{1, 3, 7, len(stream)} {
		var d Decoder
		var got []Frame
		for i := 0; i < len(stream); i += chunk {
			got = append(got, d.Feed(stream[i:min(i+chunk, len(stream))])...)
		}
		if len(got) != 2 || got[0].Cmd != CmdPing || got[1].Cmd != CmdClear || got[1].Dst != 2 {
			t.Fatalf("chunk %d: got %d frames %+v", chunk, len(got), got)
		}
		if d.Bad != 1 || !errors.Is(d.LastErr, ErrCRC) {
			t.Errorf("chunk %d: Bad = %d, LastErr = %v", chunk, d.Bad, d.LastErr)
		}
	}
}

func TestReplyErr(t *testing.T) {
	req := Clear(3)
	tests := []struct {
		code CmdError
		want error
	}{
		{0, nil}, {ErrBusy, ErrBusy}, {ErrFontMissing, ErrFontMissing}, {0x42, CmdError(0x42)},
	}
	for _, tt := range tests {
		b, _ := Reply(req, tt.code, nil).MarshalBinary()
		f, err := Parse(b)
		if err != nil {
			t.Fatal(err)
		}
		if f.Src != 3 || f.Dst != HostAddr {
			t.Errorf("reply addresses src %04X dst %04X", f.Src, f.Dst)
		}
		if got := f.Err(); !errors.Is(got, tt.want) || (tt.want == nil) != (got == nil) {
			t.Errorf("code %02X: Err() = %v, want %v", byte(tt.code), got, tt.want)
		}
	}
	if s := ErrBusy.Error(); !strings.Contains(s, "03") || !strings.Contains(s, "busy") {
		t.Errorf("ErrBusy.Error() = %q", s)
	}
}

func TestProtocolReply(t *testing.T) {
	p, err := New(DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	req, _ := Parse(must(p.Encode(5, []string{"A001"})))
	ok, _ := Reply(req, 0, nil).MarshalBinary()
	busy, _ := Reply(req, ErrBusy, nil).MarshalBinary()
	other, _ := Reply(Clear(6), 0, nil).MarshalBinary()
	tests := []struct {
		name    string
		rx      []byte
		done    bool
		wantErr error
	}{
		{"nothing", nil, false, nil},
		{"half", ok[:10], false, nil},
		{"ok", ok, true, nil},
		{"noise then ok", append([]byte{0x00, 0xFF}, ok...), true, nil},
		{"busy", busy, true, ErrBusy},
		{"other board", other, false, nil},
	}
	for _, tt := range tests {
		done, err := p.Reply(5, tt.rx)
		if done != tt.done || !errors.Is(err, tt.wantErr) || (tt.wantErr == nil) != (err == nil) {
			t.Errorf("%s: Reply() = %v, %v; want %v, %v", tt.name, done, err, tt.done, tt.wantErr)
		}
	}
	if done, err := p.Reply(BroadcastAddr, nil); !done || err != nil {
		t.Errorf("broadcast: Reply() = %v, %v", done, err)
	}
}

func must(b []byte, err error) []byte {
	if err != nil {
		panic(err)
	}
	return b
}

func TestText(t *testing.T) {
	p, _ := New(DefaultConfig()) // 192 px / 8 = 24 cells per row
	single := DefaultConfig()
	single.Area.SingleLine = true
	ps, _ := New(single)
	tests := []struct {
		name  string
		p     *Protocol
		lines []string
		want  string
	}{
		{"two lines", p, []string{"A001", "请到3号窗口"}, "A001" + strings.Repeat(" ", 20) + "请到3号窗口"},
		{"one line", p, []string{"暂停服务"}, "暂停服务"},
		{"empty", p, nil, " "},
		{"empty first", p, []string{"", "B"}, strings.Repeat(" ", 24) + "B"},
		{"single-line mode", ps, []string{"A001", "3号窗口"}, "A001 3号窗口"},
	}
	for _, tt := range tests {
		got := tt.p.Text(tt.lines)
		if want := gbk.Encode(tt.want); !bytes.Equal(got, want) {
			t.Errorf("%s: Text() = %q, want %q", tt.name, got, want)
		}
	}
}

// TestGolden pins the frames of the default window-bar configuration.
func TestGolden(t *testing.T) {
	p, _ := New(DefaultConfig())
	tests := []struct {
		file  string
		addr  uint16
		lines []string
	}{
		{"call_a001_win3.hex", 3, []string{"A001", "请到3号窗口"}},
		{"idle_win12.hex", 12, []string{"12号窗口", "暂停服务"}},
	}
	for _, tt := range tests {
		got, err := p.Encode(tt.addr, tt.lines)
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join("testdata", tt.file)
		text := hexLines(got)
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
			t.Errorf("%s differs\n got %s\nwant %s", tt.file, text, want)
		}
	}
}

func hexLines(b []byte) string {
	var sb strings.Builder
	for i := 0; i < len(b); i += 16 {
		sb.WriteString(strings.ToUpper(hex.EncodeToString(b[i:min(i+16, len(b))])))
		sb.WriteByte('\n')
	}
	return sb.String()
}

func FuzzDecoder(f *testing.F) {
	ping, _ := Ping(1).MarshalBinary()
	dyn, _ := DynamicText(1, vectorArea, 0x2D, []byte("012345QRSTTV'B"))
	db, _ := dyn.MarshalBinary()
	f.Add(ping)
	f.Add(db)
	f.Add(append(append([]byte{0x5A, 0xA6}, ping[:9]...), db...))
	f.Fuzz(func(t *testing.T, in []byte) {
		var d Decoder
		frames := d.Feed(in)
		for _, fr := range frames {
			// Every frame found must re-encode to a frame that parses the same.
			b, err := fr.MarshalBinary()
			if err != nil {
				t.Fatalf("MarshalBinary: %v", err)
			}
			back, err := Parse(b)
			if err != nil || back.Dst != fr.Dst || back.Cmd != fr.Cmd || !bytes.Equal(back.Data, fr.Data) {
				t.Fatalf("round trip: %+v, %v", back, err)
			}
			if fr.Group == GroupDisplay && fr.Cmd == CmdDynamic {
				ParseDynamicText(fr.Data) // must not panic
			}
		}
		// Split feeding finds the same frames.
		var d2 Decoder
		var again []Frame
		for i := range in {
			again = append(again, d2.Feed(in[i:i+1])...)
		}
		if len(again) != len(frames) {
			t.Fatalf("byte-wise feed found %d frames, whole feed %d", len(again), len(frames))
		}
		// A valid frame after any garbage is always found.
		var d3 Decoder
		d3.Feed(in)
		if got := d3.Feed(ping); len(got) != 1 || got[0].Cmd != CmdPing {
			t.Fatalf("no resync after garbage: %d frames", len(got))
		}
	})
}

func FuzzParseDynamicText(f *testing.F) {
	dyn, _ := DynamicText(1, vectorArea, 0, []byte("A001"))
	f.Add(dyn.Data)
	f.Fuzz(func(t *testing.T, in []byte) {
		ParseDynamicText(in) // must not panic
	})
}
