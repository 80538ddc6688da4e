package gbk

import (
	"bytes"
	"testing"
	"unicode/utf8"
)

func TestEncode(t *testing.T) {
	tests := []struct {
		in   string
		want []byte
	}{
		{"A001", []byte("A001")},
		{"请A001号", []byte{0xC7, 0xEB, 'A', '0', '0', '1', 0xBA, 0xC5}},
		{"窗口", []byte{0xB4, 0xB0, 0xBF, 0xDA}},
		{"a\tb\nc\rd", []byte("a b c d")},
		{"\x00\x1b\x7f", []byte("???")},
		{"\u0085", []byte("?")},
		{"€", []byte("?")},             // GBK's single byte 0x80 is not trusted
		{"😀", []byte{0xA1, 0xF5}},      // wide, unencodable
		{"\uAC00", []byte{0xA1, 0xF5}}, // Hangul syllable: wide
		{"\u0E01", []byte("?")},        // Thai: narrow
		{"\xff", []byte("?")},          // invalid UTF-8
		{"鍾", []byte{0xE6, 0x52}},      // GBK, not GB2312
	}
	for _, tt := range tests {
		if got := Encode(tt.in); !bytes.Equal(got, tt.want) {
			t.Errorf("Encode(%q) = % X, want % X", tt.in, got, tt.want)
		}
	}
}

func TestInGB2312(t *testing.T) {
	tests := map[string]bool{"请A001号到3号窗口": true, "鍾": false, "😀": false, "a\nb": false, "": true}
	for in, want := range tests {
		if got := InGB2312(in); got != want {
			t.Errorf("InGB2312(%q) = %v, want %v", in, got, want)
		}
	}
}

func TestRows(t *testing.T) {
	b := Encode("ab请进") // 2 + 2 + 2 = 6 cells
	tests := []struct {
		cols int
		want []string
	}{
		{6, []string{"ab请进"}},
		{4, []string{"ab请", "进"}},
		{3, []string{"ab", "请", "进"}}, // 请 would straddle the edge
		{0, []string{"ab请进"}},
	}
	for _, tt := range tests {
		var got []string
		for _, r := range Rows(b, tt.cols) {
			got = append(got, Decode(r))
		}
		if len(got) != len(tt.want) {
			t.Fatalf("Rows(%d) = %q, want %q", tt.cols, got, tt.want)
		}
		for i := range got {
			if got[i] != tt.want[i] {
				t.Errorf("Rows(%d) = %q, want %q", tt.cols, got, tt.want)
			}
		}
	}
}

// FuzzEncode checks the promise the framing of every board protocol relies on.
func FuzzEncode(f *testing.F) {
	for _, s := range []string{"请A001号到3号窗口", "\x00\r\n", "😀€", "\xff\xfe"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		b := Encode(s)
		for i := 0; i < len(b); i++ {
			c := b[i]
			if c < 0x80 {
				if c < 0x20 || c == 0x7F {
					t.Fatalf("control byte %02X in % X", c, b)
				}
				continue
			}
			if c == 0x80 || c == 0xFF || i+1 >= len(b) {
				t.Fatalf("bad lead byte %02X at %d in % X", c, i, b)
			}
			if tr := b[i+1]; tr < 0x40 || tr == 0x7F || tr == 0xFF {
				t.Fatalf("bad trail byte %02X at %d in % X", tr, i+1, b)
			}
			i++
		}
		if d := Decode(b); !utf8.ValidString(d) || utf8.RuneCountInString(d) != utf8.RuneCountInString(s) {
			t.Fatalf("Decode(Encode(%q)) = %q: rune count changed", s, d)
		}
	})
}
