package escpos

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// Charset is the double-byte character set the printer's font covers.
type Charset int

const (
	// GBK accepts every two-byte GBK code (lead byte 81–FE).
	GBK Charset = iota
	// GB2312 accepts only the GB2312 area (lead A1–F7, trail A1–FE), for the
	// many cheap printers whose font has nothing else.
	GB2312
)

func (c Charset) String() string {
	if c == GB2312 {
		return "GB2312"
	}
	return "GBK"
}

// validPair reports whether a two-byte code is printable in the charset.
func (c Charset) validPair(lead, trail byte) bool {
	if c == GB2312 {
		return lead >= 0xA1 && lead <= 0xF7 && trail >= 0xA1 && trail <= 0xFE
	}
	return lead >= 0x81 && lead <= 0xFE && trail >= 0x40 && trail <= 0xFE && trail != 0x7F
}

// Encoder converts user text into bytes a printer prints as text: printable
// ASCII and two-byte codes of its Charset only. Everything else becomes the
// replacement character, so user text can never inject a control sequence.
// It is safe for concurrent use.
type Encoder struct {
	charset Charset
	repl    rune
}

// NewEncoder returns an Encoder for cs. repl is printed in place of
// characters the font lacks; if repl is 0 or itself unprintable in cs, '?'
// is used. '□' (U+25A1) is a good visible choice for Chinese tickets.
func NewEncoder(cs Charset, repl rune) *Encoder {
	e := &Encoder{charset: cs, repl: '?'}
	if repl != 0 {
		if _, ok := e.encodeRune(repl); ok {
			e.repl = repl
		}
	}
	return e
}

// Charset returns the character set the Encoder targets.
func (e *Encoder) Charset() Charset { return e.charset }

// encodeRune returns the printer bytes for r, or false if r is not printable.
func (e *Encoder) encodeRune(r rune) ([]byte, bool) {
	if r >= 0x20 && r <= 0x7E {
		return []byte{byte(r)}, true
	}
	if r < 0x80 || r == utf8.RuneError {
		return nil, false
	}
	// A fresh transformer per rune: the GBK encoder keeps state and this
	// keeps the Encoder safe for concurrent use.
	b, err := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(string(r)))
	if err != nil || len(b) != 2 || !e.charset.validPair(b[0], b[1]) {
		return nil, false // e.g. € is the lone byte 0x80 in GBK
	}
	return b, true
}

// printableRune maps r to the rune that will actually print.
func (e *Encoder) printableRune(r rune) rune {
	switch r {
	case '\t', '\n', '\r', '\v', '\f':
		return ' '
	}
	if _, ok := e.encodeRune(r); ok {
		return r
	}
	return e.repl
}

// Printable returns s as it will print: whitespace controls become spaces,
// other controls and characters outside the charset become the replacement.
func (e *Encoder) Printable(s string) string {
	var sb strings.Builder
	for _, r := range s {
		sb.WriteRune(e.printableRune(r))
	}
	return sb.String()
}

// Encode returns the printer bytes for s. Every byte is ≥ 0x20 and not 0x7F,
// so the result can never contain ESC, GS, FS, DLE or LF.
func (e *Encoder) Encode(s string) []byte {
	out := make([]byte, 0, len(s))
	for _, r := range s {
		b, _ := e.encodeRune(e.printableRune(r))
		out = append(out, b...)
	}
	return out
}
