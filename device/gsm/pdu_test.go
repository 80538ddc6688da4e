package gsm

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"
)

var update = flag.Bool("update", false, "rewrite the golden PDUs in testdata")

// TestEncodeKnown compares with PDUs worked out by hand from TS 23.040.
func TestEncodeKnown(t *testing.T) {
	tests := []struct {
		name string
		m    Message
		hex  string
		len  int
	}{
		// 00            SMSC: the SIM's
		// 11            SUBMIT, relative validity
		// 00            TP-MR
		// 0D 91 683108108300F0  13 digits, international, 86 13 80 01 38 00 0 swapped
		// 00 08 A7      PID, UCS-2, 24 h
		// 04 4F60 597D  4 octets: 你 好
		{"chinese international", Message{To: "+8613800138000", Text: "你好"},
			"0011000D91683108108300F00008A7044F60597D", 19},
		// 0B 81 3108108300F0  11 digits, unknown type (national as dialled)
		// 00 00 A7      PID, default alphabet, 24 h
		// 05 E8329BFD06 5 septets "hello": h=1101000, e=1100101 → the low bit of e
		//               fills bit 7 of the first octet: 1|1101000 = E8, then 32 9B FD 06
		{"ascii national", Message{To: "13800138000", Text: "hello"},
			"0011000B813108108300F00000A705E8329BFD06", 19},
		// 08 91 683108100005F0  the SMSC +8613800100500 (not counted in the length)
		{"with smsc", Message{To: "13800138000", Text: "hello", SMSC: "+8613800100500"},
			"0891683108100005F011000B813108108300F00000A705E8329BFD06", 19},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Encode(tt.m)
			if err != nil {
				t.Fatal(err)
			}
			if len(p) != 1 || p[0].Hex != tt.hex || p[0].Length != tt.len {
				t.Fatalf("Encode = %+v, want %s (%d)", p, tt.hex, tt.len)
			}
		})
	}
}

// TestEncodeGolden keeps the bytes of longer messages stable.
func TestEncodeGolden(t *testing.T) {
	long := strings.Repeat("您的办件已办结，请携带身份证到三号窗口领取。", 4) // 88 chars
	tests := []struct {
		file string
		m    Message
	}{
		{"chinese_long.pdu", Message{To: "+8613800138000", Text: long, Ref: 7}},
		{"ascii_long.pdu", Message{To: "13912345678", Text: strings.Repeat("Ticket A012: 3 ahead. ", 9), Ref: 200}},
		{"mixed.pdu", Message{To: "13912345678", Text: "A012号，前面还有2位"}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			ps, err := Encode(tt.m)
			if err != nil {
				t.Fatal(err)
			}
			var sb strings.Builder
			for _, p := range ps {
				fmt.Fprintf(&sb, "AT+CMGS=%d\n%s\n", p.Length, p.Hex)
			}
			path := filepath.Join("testdata", tt.file)
			if *update {
				if err := os.WriteFile(path, []byte(sb.String()), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if sb.String() != string(want) {
				t.Errorf("PDUs differ from %s:\n%s", path, sb.String())
			}
		})
	}
}

// TestEncodeParts checks the split and that each part decodes back.
func TestEncodeParts(t *testing.T) {
	tests := []struct {
		name  string
		text  string
		parts int
		ucs2  bool
	}{
		{"ascii 160 fits", strings.Repeat("a", 160), 1, false},
		{"ascii 161 splits", strings.Repeat("a", 161), 2, false},
		{"ascii 306 two parts", strings.Repeat("b", 306), 2, false},
		{"ascii 307 three", strings.Repeat("b", 307), 3, false},
		{"dollar forces ucs2", "Fee: $5", 1, true},
		{"chinese 70 fits", strings.Repeat("号", 70), 1, true},
		{"chinese 71 splits", strings.Repeat("号", 71), 2, true},
		{"chinese 134 two", strings.Repeat("号", 134), 2, true},
		{"chinese 135 three", strings.Repeat("号", 135), 3, true},
		{"emoji not split", strings.Repeat("号", 66) + "😀" + strings.Repeat("号", 4), 2, true},
		{"empty", "", 1, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ps, err := Encode(Message{To: "+8613912345678", Text: tt.text, Ref: 42})
			if err != nil {
				t.Fatal(err)
			}
			if len(ps) != tt.parts {
				t.Fatalf("%d parts, want %d", len(ps), tt.parts)
			}
			var got strings.Builder
			for i, p := range ps {
				s, err := DecodeSubmit(p.Hex, p.Length)
				if err != nil {
					t.Fatalf("part %d: %v", i+1, err)
				}
				if s.To != "+8613912345678" || (s.DCS == dcsUCS2) != tt.ucs2 {
					t.Fatalf("part %d: %+v", i+1, s)
				}
				if tt.parts > 1 && (s.Ref != 42 || s.Parts != tt.parts || s.Seq != i+1) {
					t.Fatalf("part %d header: %+v", i+1, s)
				}
				if tt.ucs2 && len(utf16.Encode([]rune(s.Text))) > maxUCS2Part && tt.parts > 1 {
					t.Fatalf("part %d holds %d units", i+1, len(utf16.Encode([]rune(s.Text))))
				}
				got.WriteString(s.Text)
			}
			if got.String() != tt.text {
				t.Fatalf("decoded %q, want %q", got.String(), tt.text)
			}
		})
	}
}

func TestEncodeNumbers(t *testing.T) {
	tests := []struct {
		to, da string // TP-DA as hex, "" = refused
	}{
		{"+8613800138000", "0D91683108108300F0"},
		{"13800138000", "0B813108108300F0"},
		{"+861380013800", "0C91683108108300"}, // even count: no F
		{"10086", "05810180F6"},
		{"+", ""},
		{"", ""},
		{"138-0013-8000", ""},
		{"+86 138", ""},
		{strings.Repeat("1", 21), ""},
	}
	for _, tt := range tests {
		t.Run(tt.to, func(t *testing.T) {
			ps, err := Encode(Message{To: tt.to, Text: "x"})
			if tt.da == "" {
				if !errors.Is(err, ErrNumber) {
					t.Fatalf("err = %v, want ErrNumber", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(ps[0].Hex, "001100"+tt.da) {
				t.Fatalf("PDU %s, want TP-DA %s", ps[0].Hex, tt.da)
			}
			s, err := DecodeSubmit(ps[0].Hex, ps[0].Length)
			if err != nil || s.To != tt.to {
				t.Fatalf("decoded %q, %v", s.To, err)
			}
		})
	}
	if _, err := Encode(Message{To: "1", SMSC: "abc"}); !errors.Is(err, ErrNumber) {
		t.Fatalf("bad SMSC: %v", err)
	}
}

func TestEncodeTooLong(t *testing.T) {
	if _, err := Encode(Message{To: "1", Text: strings.Repeat("号", 67*255+1)}); !errors.Is(err, ErrTooLong) {
		t.Fatalf("err = %v, want ErrTooLong", err)
	}
}

func TestDecodeRejects(t *testing.T) {
	good := "0011000B813108108300F00000A705E8329BFD06"
	tests := []struct {
		name, hex string
		n         int
	}{
		{"not hex", "zz", 1},
		{"length mismatch", good, 18},
		{"deliver not submit", "0000" + good[4:], 19},
		{"short", "001100", 2},
		{"bad nibble", "0011000B81A108108300F00000A705E8329BFD06", 19},
		{"odd ucs2", "0011000B813108108300F00008A7034F6059", 18},
		{"unknown dcs", "0011000B813108108300F00004A705E8329BFD06", 19},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := DecodeSubmit(tt.hex, tt.n); !errors.Is(err, ErrPDU) {
				t.Fatalf("err = %v, want ErrPDU", err)
			}
		})
	}
}

func FuzzDecodeSubmit(f *testing.F) {
	f.Add("0011000D91683108108300F00008A7044F60597D", 19)
	f.Add("0011000B813108108300F00000A705E8329BFD06", 19)
	f.Fuzz(func(t *testing.T, h string, n int) {
		s, err := DecodeSubmit(h, n)
		if err != nil {
			return
		}
		// What decodes must encode back to a PDU that decodes the same.
		if s.Parts > 1 || s.To == "" || len(s.To) > 21 {
			return
		}
		ps, err := Encode(Message{To: s.To, Text: s.Text, SMSC: s.SMSC})
		if err != nil || len(ps) == 0 {
			return // e.g. U+FFFD from a septet outside the safe set needs UCS-2 and may split
		}
		if len(ps) == 1 {
			back, err := DecodeSubmit(ps[0].Hex, ps[0].Length)
			if err != nil || back.Text != s.Text || back.To != s.To {
				t.Fatalf("re-encoded %+v → %+v, %v", s, back, err)
			}
		}
	})
}
