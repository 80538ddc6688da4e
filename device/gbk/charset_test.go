package gbk

import (
	"testing"
	"unicode/utf8"
)

func TestCovers(t *testing.T) {
	tests := []struct {
		cs   Charset
		in   string
		want bool
	}{
		{GB2312, "请A001号到3号窗口", true},
		{GB2312, "鍾", false},
		{GB2312, "😀", false},
		{GB2312, "a\nb", false},
		{GB2312, "", true},
		{GB2312, "朱镕基", false},
		{GBK, "朱镕基", true},
		{GBK, "鍾", true},
		{GBK, "€", false},
		{GBK, "𠮷", false},
	}
	for _, tt := range tests {
		if got := tt.cs.Covers(tt.in); got != tt.want {
			t.Errorf("%v.Covers(%q) = %v, want %v", tt.cs, tt.in, got, tt.want)
		}
	}
}

func TestDecodePair(t *testing.T) {
	tests := []struct {
		cs          Charset
		lead, trail byte
		want        rune
	}{
		{GBK, 0xC7, 0xEB, '请'},
		{GB2312, 0xC7, 0xEB, '请'},
		{GBK, 0xE9, 0x46, '镕'},
		{GB2312, 0xE9, 0x46, utf8.RuneError}, // GBK extension
		{GB2312, 0xF8, 0xA1, utf8.RuneError}, // above GB2312's last row
		{GBK, 0xC7, 0x7F, utf8.RuneError},
		{GBK, 0x80, 0x41, utf8.RuneError},
		{GBK, 0xFF, 0xA1, utf8.RuneError},
	}
	for _, tt := range tests {
		if got := tt.cs.DecodePair(tt.lead, tt.trail); got != tt.want {
			t.Errorf("%v.DecodePair(%02X %02X) = %q, want %q", tt.cs, tt.lead, tt.trail, got, tt.want)
		}
	}
}

func TestDecode(t *testing.T) {
	tests := []struct {
		in   string // hex
		want string
	}{
		{"C7EB 41303031 BAC5", "请A001号"},
		{"E652", "鍾"},
		{"0D 41", "\rA"},          // controls are kept
		{"80 41", "\uFFFDA"},      // GBK's euro byte is not trusted
		{"C7 0D", "\uFFFD\r"},     // bad trail: read on its own
		{"41 C7", "A\uFFFD"},      // lead cut off
		{"FF FF", "\uFFFD\uFFFD"}, // never a lead
		{"A1F5 A1F5", "□□"},       // the wide replacement
		{"", ""},
	}
	for _, tt := range tests {
		if got := Decode(unhex(t, tt.in)); got != tt.want {
			t.Errorf("Decode(%s) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// FuzzDecode: bytes from a device frame always decode to valid UTF-8, one
// or two bytes a character.
func FuzzDecode(f *testing.F) {
	for _, s := range []string{"\xc7\xebA001", "\x80\xff", "\xc7\x0d", "\xc7"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		d := Decode(b)
		if !utf8.ValidString(d) {
			t.Fatalf("Decode(% X) = %q: not UTF-8", b, d)
		}
		if n := utf8.RuneCountInString(d); n > len(b) || 2*n < len(b) {
			t.Fatalf("Decode(% X) = %q: %d characters", b, d, n)
		}
	})
}
