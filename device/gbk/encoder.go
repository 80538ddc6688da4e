package gbk

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/width"
)

// Encoder turns text into the bytes a device shows as text: printable ASCII
// and two-byte codes of its Charset only (see package doc). The zero value
// is a GBK Encoder that replaces with '?'. It is safe for concurrent use.
type Encoder struct {
	charset      Charset
	narrow, wide rune // 0: '?' and narrow
}

// NewEncoder returns an Encoder for cs. narrow replaces control characters
// and narrow characters cs lacks; wide replaces wide ones (CJK, emoji), so
// that '□' keeps a missing Chinese character's two columns. A replacement
// that is 0 or itself not printable in cs means '?' for narrow and narrow's
// replacement for wide.
func NewEncoder(cs Charset, narrow, wide rune) *Encoder {
	e := &Encoder{charset: cs}
	if _, ok := encodeRune(cs, narrow); ok {
		e.narrow = narrow
	}
	if _, ok := encodeRune(cs, wide); ok {
		e.wide = wide
	}
	return e
}

// std is what Encode uses.
var std = NewEncoder(GBK, '?', '□')

// Encode returns s in GBK, with '?' for narrow and '□' (A1 F5) for wide
// characters GBK lacks, so that text keeps its width on a display.
func Encode(s string) []byte { return std.Encode(s) }

// Charset returns the character set the Encoder targets.
func (e *Encoder) Charset() Charset { return e.charset }

// Encode returns the device bytes for s. Every byte is ≥ 0x20 and not 0x7F,
// so the result can never hold a control byte or a device command.
func (e *Encoder) Encode(s string) []byte {
	out := make([]byte, 0, len(s))
	for _, r := range s {
		b, _ := encodeRune(e.charset, e.printableRune(r))
		out = append(out, b...)
	}
	return out
}

// Printable returns s as it will show: whitespace controls become spaces,
// other controls and characters outside the charset the replacement.
func (e *Encoder) Printable(s string) string {
	var sb strings.Builder
	sb.Grow(len(s))
	for _, r := range s {
		sb.WriteRune(e.printableRune(r))
	}
	return sb.String()
}

// printableRune maps r to the rune that will actually show.
func (e *Encoder) printableRune(r rune) rune {
	switch r {
	case '\t', '\n', '\r', '\v', '\f':
		return ' '
	}
	if _, ok := encodeRune(e.charset, r); ok {
		return r
	}
	narrow := e.narrow
	if narrow == 0 {
		narrow = '?'
	}
	if e.wide != 0 && isWide(r) {
		return e.wide
	}
	return narrow
}

// isWide reports whether r takes two columns where a font has it.
func isWide(r rune) bool {
	switch width.LookupRune(r).Kind() {
	case width.EastAsianWide, width.EastAsianFullwidth:
		return true
	}
	return unicode.Is(unicode.So, r) && r >= 0x1F000 // emoji render wide
}

// encodeRune returns the bytes for r, or false if r is not printable in cs.
func encodeRune(cs Charset, r rune) ([]byte, bool) {
	if r >= 0x20 && r <= 0x7E {
		return []byte{byte(r)}, true
	}
	if r < 0x80 || r == utf8.RuneError {
		return nil, false
	}
	// A fresh transformer per rune: the GBK encoder keeps state, and this
	// keeps Encoder safe for concurrent use.
	b, err := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(string(r)))
	if err != nil || len(b) != 2 || !cs.ValidPair(b[0], b[1]) || userDefined(b[0], b[1]) {
		return nil, false // e.g. € is the lone byte 0x80 in GBK
	}
	return b, true
}

// userDefined reports whether a GBK code is in an area device fonts leave
// empty or fill with their own glyphs: the user-defined areas (AAA1–AFFE,
// F8A1–FEFE, A140–A7A0) and FE50–FEA0, where GB18030 put CJK Extension A
// characters such as 䶮 (FE 9F) that GBK fonts draw as a private-use glyph.
func userDefined(lead, trail byte) bool {
	switch {
	case lead >= 0xAA && lead <= 0xAF && trail >= 0xA1,
		lead >= 0xF8 && trail >= 0xA1,
		lead >= 0xA1 && lead <= 0xA7 && trail < 0xA1,
		lead == 0xFE && trail >= 0x50 && trail <= 0xA0:
		return true
	}
	return false
}
