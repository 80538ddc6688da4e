package gbk

import (
	"bytes"
	"encoding/hex"
	"strings"
	"testing"
	"unicode/utf8"
)

func unhex(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(strings.ReplaceAll(s, " ", ""))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestEncode(t *testing.T) {
	one := func(cs Charset, repl rune) *Encoder { return NewEncoder(cs, repl, repl) }
	tests := []struct {
		name string
		e    *Encoder // nil: the package's Encode
		in   string
		want string // hex
	}{
		{"ascii", nil, "A001", "41303031"},
		{"mixed", nil, "请A001号", "C7EB 41303031 BAC5"},
		{"window", nil, "窗口", "B4B0 BFDA"},
		{"line breaks", nil, "a\tb\nc\rd", "61206220632064"},
		{"vt and ff", nil, "a\vb\fc", "6120622063"},
		{"NUL ESC DEL", nil, "\x00\x1b\x7f", "3F3F3F"},
		{"C1 NEL", nil, "\u0085", "3F"},
		{"euro not 0x80", nil, "€", "3F"},
		{"emoji wide", nil, "😀", "A1F5"},
		{"hangul wide", nil, "\uAC00", "A1F5"},
		{"outside GBK wide", nil, "𠮷", "A1F5"},
		{"thai narrow", nil, "\u0E01", "3F"},
		{"invalid UTF-8", nil, "\xff", "3F"},
		{"GBK not GB2312", nil, "鍾", "E652"},
		{"CJK Ext A at FE9F (a private-use glyph in GBK fonts)", nil, "䶮", "A1F5"},
		{"user-defined area", nil, "\uE000", "3F"},
		{"last GB2312 code", nil, "齄", "F7FE"},
		{"call", one(GBK, 0), "请A001号到3号窗口办理", "C7EB41303031BAC5B5BD33BAC5B4B0BFDAB0ECC0ED"},
		{"非常满意", one(GBK, 0), "非常满意", "B7C7B3A3C2FAD2E2"},
		{"基本满意", one(GBK, 0), "基本满意", "BBF9B1BEC2FAD2E2"},
		{"非常不满意", one(GBK, 0), "非常不满意", "B7C7B3A3B2BBC2FAD2E2"},
		{"euro 5", one(GBK, 0), "€5", "3F35"},
		{"outside GBK", one(GBK, 0), "𠮷", "3F"},
		{"outside GBK box", one(GBK, '□'), "𠮷", "A1F5"},
		{"GBK extension ok", one(GBK, 0), "朱镕基", "D6ECE946BBF9"},
		{"GBK extension on GB2312 font", one(GB2312, 0), "朱镕基", "D6EC3FBBF9"},
		{"GB2312 box", one(GB2312, '□'), "喆", "A1F5"},
		{"unprintable replacement falls back", one(GB2312, '喆'), "𠮷", "3F"},
		{"unprintable wide falls back to narrow", NewEncoder(GB2312, '#', '喆'), "😀", "23"},
		{"wide only", NewEncoder(GBK, 0, '□'), "😀\u0E01", "A1F5 3F"},
		{"zero Encoder", &Encoder{}, "😀镕", "3F E946"},
		{"controls", one(GBK, 0), "a\x1b@\x1dV\x10\x04\x01b", "613F403F563F3F3F62"},
		{"whitespace", one(GBK, 0), "a\tb\nc\r", "6120622063 20"},
		{"C1 and DEL", one(GBK, 0), "a\u0085\x7fb", "613F3F62"},
		{"invalid UTF-8 in text", one(GBK, 0), "a\xffb", "613F62"},
		{"zero width space", one(GBK, 0), "a\u200bb", "613F62"},
		{"controls get the narrow replacement", one(GBK, '□'), "a\x1b", "61 A1F5"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []byte
			if tt.e == nil {
				got = Encode(tt.in)
			} else {
				got = tt.e.Encode(tt.in)
			}
			if want := unhex(t, tt.want); !bytes.Equal(got, want) {
				t.Errorf("Encode(%q) = % X, want % X", tt.in, got, want)
			}
		})
	}
}

func TestCharset(t *testing.T) {
	if GBK.String() != "GBK" || GB2312.String() != "GB2312" {
		t.Errorf("String: %v %v", GBK, GB2312)
	}
	if e := NewEncoder(GB2312, 0, 0); e.Charset() != GB2312 {
		t.Errorf("Charset() = %v", e.Charset())
	}
}

// FuzzEncode checks the promises the framing of every device protocol
// relies on: whatever the user typed, the bytes are printable text only, in
// the Encoder's charset, decode back to the printable form and are as wide
// as Width says.
func FuzzEncode(f *testing.F) {
	for _, s := range []string{"请A001号到3号窗口", "\x00\r\n", "😀€", "\xff\xfe", "\x1b@\x10\x04\x01", "€𠮷镕", "\u0085\u200b"} {
		f.Add(s, false)
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, s string, gb2312 bool) {
		cs := GBK
		if gb2312 {
			cs = GB2312
		}
		e := NewEncoder(cs, '?', '□')
		b := e.Encode(s)
		if !gb2312 && !bytes.Equal(b, Encode(s)) {
			t.Fatalf("Encode(%q) differs from a GBK Encoder", s)
		}
		for i := 0; i < len(b); i++ {
			c := b[i]
			if c < 0x80 {
				if c < 0x20 || c == 0x7F {
					t.Fatalf("control byte %02X in % X", c, b)
				}
				continue
			}
			if i+1 >= len(b) || !cs.ValidPair(c, b[i+1]) {
				t.Fatalf("bad two-byte code at %d in % X", i, b)
			}
			i++
		}
		p := e.Printable(s)
		if !utf8.ValidString(p) {
			t.Fatalf("printable form %q is not UTF-8", p)
		}
		d := Decode(b)
		if d != p {
			t.Fatalf("Decode(Encode(%q)) = %q, printable %q", s, d, p)
		}
		if utf8.RuneCountInString(d) != utf8.RuneCountInString(s) {
			t.Fatalf("Decode(Encode(%q)) = %q: rune count changed", s, d)
		}
		if w := e.Width(s); w != len(b) {
			t.Fatalf("Width(%q) = %d, encoding is %d bytes", s, w, len(b))
		}
		if !cs.Covers(p) {
			t.Fatalf("printable form %q not covered by %v", p, cs)
		}
	})
}
