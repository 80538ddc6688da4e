package escpos

import (
	"bytes"
	"testing"
	"unicode/utf8"
)

func TestEncode(t *testing.T) {
	tests := []struct {
		name string
		cs   Charset
		repl rune
		in   string
		want string // hex
	}{
		{"call", GBK, 0, "请A001号到3号窗口办理", "C7EB41303031BAC5B5BD33BAC5B4B0BFDAB0ECC0ED"},
		{"非常满意", GBK, 0, "非常满意", "B7C7B3A3C2FAD2E2"},
		{"基本满意", GBK, 0, "基本满意", "BBF9B1BEC2FAD2E2"},
		{"非常不满意", GBK, 0, "非常不满意", "B7C7B3A3B2BBC2FAD2E2"},
		{"euro is not 0x80", GBK, 0, "€5", "3F35"},
		{"outside GBK", GBK, 0, "𠮷", "3F"},
		{"outside GBK box", GBK, '□', "𠮷", "A1F5"},
		{"GBK extension ok", GBK, 0, "朱镕基", "D6ECE946BBF9"},
		{"GBK extension on GB2312 font", GB2312, 0, "朱镕基", "D6EC3FBBF9"},
		{"GB2312 box", GB2312, '□', "喆", "A1F5"},
		{"unprintable replacement falls back", GB2312, '喆', "𠮷", "3F"},
		{"controls", GBK, 0, "a\x1b@\x1dV\x10\x04\x01b", "613F403F563F3F3F62"},
		{"whitespace", GBK, 0, "a\tb\nc\r", "6120622063 20"},
		{"C1 and DEL", GBK, 0, "a\u0085\x7fb", "613F3F62"},
		{"invalid UTF-8", GBK, 0, "a\xffb", "613F62"},
		{"zero width space", GBK, 0, "a\u200bb", "613F62"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := NewEncoder(tt.cs, tt.repl).Encode(tt.in)
			if want := unhex(t, tt.want); !bytes.Equal(got, want) {
				t.Errorf("got % X want % X", got, want)
			}
		})
	}
}

// FuzzEncode: whatever the user typed, the bytes are printable text only,
// decode back to the printable form, and are as wide as Width says.
func FuzzEncode(f *testing.F) {
	for _, s := range []string{"请A001号", "\x1b@\x10\x04\x01", "€𠮷镕", "\xff\xfe", "\u0085\u200b"} {
		f.Add(s, false)
	}
	f.Fuzz(func(t *testing.T, s string, gb2312 bool) {
		cs := GBK
		if gb2312 {
			cs = GB2312
		}
		e := NewEncoder(cs, '□')
		p := e.Encode(s)
		for i, c := range p {
			if c < 0x20 || c == 0x7F {
				t.Fatalf("control byte %#02x at %d in % X", c, i, p)
			}
		}
		doc := Decode(cs, append(p, LF))
		if len(doc.Elements) != 1 {
			t.Fatalf("elements %#v", doc.Elements)
		}
		line := doc.Elements[0].(TextLine)
		if got, want := line.Text(), e.Printable(s); got != want {
			t.Fatalf("decoded %q, printable %q", got, want)
		}
		if line.Columns() != e.Width(s) {
			t.Fatalf("columns %d, width %d", line.Columns(), e.Width(s))
		}
		if !utf8.ValidString(e.Printable(s)) {
			t.Fatal("printable form is not UTF-8")
		}
	})
}
