// Package gbk turns display text into the GBK bytes LED controller cards
// expect, and back, without ever emitting control bytes.
//
// Board firmware treats some bytes as framing (terminators such as 0x0D or
// 0xFF, escape leads), so Encode guarantees: every output byte is either
// printable ASCII (0x20..0x7E) or part of a two-byte GBK code (lead
// 0x81..0xFE, trail 0x40..0xFE without 0x7F). Characters GBK cannot encode
// become '□' (GBK A1 F5) for wide characters and '?' for narrow ones, so a
// missing glyph is visible on the board. Tabs and line breaks become spaces.
//
// Caveat: many cheap cards carry only a GB2312 font; GBK-only characters
// (rare names, traditional forms) then show as blanks or garbage on the board.
// Use InGB2312 to check text before sending it.
package gbk

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/width"
)

// Encode returns s in GBK with unencodable characters replaced (see package doc).
func Encode(s string) []byte {
	out := make([]byte, 0, len(s)*2)
	enc := simplifiedchinese.GBK.NewEncoder()
	var buf [8]byte
	for _, r := range s {
		switch {
		case r == '\t' || r == '\n' || r == '\r':
			out = append(out, ' ')
			continue
		case r < 0x20 || r == 0x7F || (r >= 0x80 && r < 0xA0) || r == utf8.RuneError:
			out = append(out, '?')
			continue
		case r < 0x80:
			out = append(out, byte(r))
			continue
		}
		enc.Reset()
		n, _, err := enc.Transform(buf[:], []byte(string(r)), true)
		if err != nil || n != 2 { // n == 1 is GBK's single-byte euro 0x80
			out = append(out, replacement(r)...)
			continue
		}
		out = append(out, buf[:2]...)
	}
	return out
}

// box is '□' in GBK.
var box = []byte{0xA1, 0xF5}

func replacement(r rune) []byte {
	switch width.LookupRune(r).Kind() {
	case width.EastAsianWide, width.EastAsianFullwidth:
		return box
	}
	if unicode.Is(unicode.So, r) && r >= 0x1F000 { // emoji render wide
		return box
	}
	return []byte{'?'}
}

// Decode turns GBK bytes from a frame back into text. Invalid sequences
// become U+FFFD.
func Decode(b []byte) string {
	s, err := simplifiedchinese.GBK.NewDecoder().Bytes(b)
	if err != nil {
		return strings.ToValidUTF8(string(b), "\uFFFD")
	}
	return string(s)
}

// InGB2312 reports whether every character of s is printable ASCII or in
// GB2312 (both GBK bytes in 0xA1..0xFE), the repertoire every card's font has.
func InGB2312(s string) bool {
	enc := simplifiedchinese.GBK.NewEncoder()
	var buf [8]byte
	for _, r := range s {
		if r >= 0x20 && r < 0x7F {
			continue
		}
		enc.Reset()
		n, _, err := enc.Transform(buf[:], []byte(string(r)), true)
		if err != nil || n != 2 || buf[0] < 0xA1 || buf[1] < 0xA1 {
			return false
		}
	}
	return true
}

// Rows splits GBK text into rows of at most cols half-width cells, moving a
// two-byte character that would straddle the edge to the next row, the way
// the cards auto-wrap.
func Rows(b []byte, cols int) [][]byte {
	if cols <= 0 {
		return [][]byte{b}
	}
	var rows [][]byte
	start, used := 0, 0
	for i := 0; i < len(b); {
		w := 1
		if b[i] >= 0x81 && i+1 < len(b) {
			w = 2
		}
		if used+w > cols {
			rows = append(rows, b[start:i])
			start, used = i, 0
		}
		used += w
		i += w
	}
	return append(rows, b[start:])
}
