package escpos

import (
	"bytes"
	"unicode/utf8"

	"halld/device/gbk"
)

// Decoder reads an ESC/POS stream the way a printer does and records what
// it would print. Feed it with Write as bytes arrive; a command split across
// writes is held until complete. It starts in Chinese mode, as Chinese
// printers power up. Every step consumes at least one byte, so it never
// loops; bytes it does not know become Unknown elements.
// Not safe for concurrent use.
type Decoder struct {
	charset gbk.Charset
	buf     []byte
	out     []Element

	align     Align
	w, h      int
	bold      bool
	underline bool
	chinese   bool
	line      *TextLine // text buffered since the last line end; nil if none

	qrModel, qrModule int
	qrLevel           QRLevel
	qrData            []byte
}

// NewDecoder returns a Decoder for a printer whose font covers cs: with
// GB2312, GBK-only characters decode as U+FFFD, as they would print garbage.
func NewDecoder(cs gbk.Charset) *Decoder {
	d := &Decoder{charset: cs}
	d.reset()
	return d
}

// Decode decodes a complete stream. A command cut short at the end becomes
// an Unknown element; text not ended by LF is not printed, as on a printer.
func Decode(cs gbk.Charset, p []byte) Document {
	d := NewDecoder(cs)
	d.Write(p)
	d.Flush()
	return Document{Elements: d.Take()}
}

// reset restores power-on modes (ESC @): the line buffer is dropped.
func (d *Decoder) reset() {
	d.align, d.w, d.h, d.bold, d.underline, d.chinese = Left, 1, 1, false, false, true
	d.line = nil
	d.qrModel, d.qrModule, d.qrLevel, d.qrData = 50, 3, QRLevelL, nil
}

// Write decodes p. It never fails.
func (d *Decoder) Write(p []byte) (int, error) {
	d.buf = append(d.buf, p...)
	for len(d.buf) > 0 {
		n := d.step(d.buf)
		if n <= 0 {
			break // incomplete command: wait for more bytes
		}
		d.buf = d.buf[min(n, len(d.buf)):]
	}
	d.buf = append([]byte(nil), d.buf...) // do not pin consumed input
	return len(p), nil
}

// Flush ends the input: a held incomplete command becomes Unknown.
func (d *Decoder) Flush() {
	if len(d.buf) > 0 {
		d.emit(Unknown{Bytes: d.buf})
		d.buf = nil
	}
}

// Pending returns the number of bytes held for an incomplete command.
func (d *Decoder) Pending() int { return len(d.buf) }

// Take returns the elements decoded so far and forgets them.
func (d *Decoder) Take() []Element {
	out := d.out
	d.out = nil
	return out
}

func (d *Decoder) emit(e Element) { d.out = append(d.out, e) }

func (d *Decoder) unknown(b []byte) { d.emit(Unknown{Bytes: bytes.Clone(b)}) }

func (d *Decoder) endLine() {
	if d.line == nil {
		d.emit(TextLine{Align: d.align})
		return
	}
	d.emit(*d.line)
	d.line = nil
}

func (d *Decoder) addRune(r rune) {
	if d.line == nil {
		d.line = &TextLine{Align: d.align} // ESC a acts at the line start
	}
	st := Span{Width: d.w, Height: d.h, Bold: d.bold, Underline: d.underline}
	if n := len(d.line.Spans); n > 0 {
		last := &d.line.Spans[n-1]
		if last.Width == st.Width && last.Height == st.Height && last.Bold == st.Bold && last.Underline == st.Underline {
			last.Text += string(r)
			return
		}
	}
	st.Text = string(r)
	d.line.Spans = append(d.line.Spans, st)
}

// step decodes one command or character at the start of b and returns the
// bytes consumed, or 0 if b holds only the start of a command.
func (d *Decoder) step(b []byte) int {
	c := b[0]
	switch c {
	case LF, 0x0C: // LF; FF prints the buffer too
		d.endLine()
		return 1
	case '\r', 0x00, 0x18: // CR ignored (LF does the work), NUL, CAN
		return 1
	case '\t':
		d.addRune(' ')
		return 1
	case ESC:
		return d.esc(b)
	case GS:
		return d.gs(b)
	case FS:
		return d.fs(b)
	case DLE:
		return d.dle(b)
	}
	switch {
	case c < 0x20 || c == 0x7F:
		d.unknown(b[:1])
		return 1
	case c < 0x80:
		d.addRune(rune(c))
		return 1
	}
	return d.double(b)
}

// double decodes a byte ≥ 0x80: a two-byte GB code in Chinese mode.
func (d *Decoder) double(b []byte) int {
	c := b[0]
	lowest := byte(0x81)
	if d.charset == gbk.GB2312 {
		lowest = 0xA1 // such printers treat 80–A0 as single bytes
	}
	if !d.chinese || c < lowest || c == 0xFF {
		d.addRune(utf8.RuneError)
		return 1
	}
	if len(b) < 2 {
		return 0
	}
	t := b[1]
	if t < 0x40 || t == 0x7F || t == 0xFF {
		d.addRune(utf8.RuneError)
		return 1 // the next byte is processed on its own
	}
	d.addRune(d.charset.DecodePair(c, t))
	return 2
}

// need returns n if b holds n bytes, else 0 (wait for more).
func need(b []byte, n int) int {
	if len(b) < n {
		return 0
	}
	return n
}

func (d *Decoder) esc(b []byte) int {
	if len(b) < 2 {
		return 0
	}
	switch b[1] {
	case '@':
		d.reset()
		d.emit(Init{})
		return 2
	case '2', '<', 'S', 'L':
		return 2
	case 'i', 'm': // legacy full / partial cut
		if d.line != nil {
			d.unknown(b[:2])
		} else {
			d.emit(Cut{Partial: b[1] == 'm', Feed: -1})
		}
		return 2
	case 'a', 'E', '-', '!', 'd', 'J', 't', '3', 'M', 'G', 'V', '{', 'R', 'U', ' ', '=', 'e', 'T':
		if len(b) < 3 {
			return 0
		}
		d.escArg(b[1], b[2])
		return 3
	case '$', '\\':
		return need(b, 4)
	case 'c':
		return need(b, 4)
	case 'W': // page mode print area
		return need(b, 10)
	case 'p':
		return need(b, 5)
	case '*': // bit image: m nL nH data
		if len(b) < 5 {
			return 0
		}
		k := int(b[3]) | int(b[4])<<8
		if b[2] == 32 || b[2] == 33 {
			k *= 3
		}
		if len(b) < 5+k {
			return 0
		}
		d.unknown(b[:5])
		return 5 + k
	case 'D': // tab positions, NUL-terminated, at most 32
		if i := bytes.IndexByte(b[2:min(len(b), 35)], 0); i >= 0 {
			return 3 + i
		}
		if len(b) < 35 {
			return 0
		}
		return 35
	}
	d.unknown(b[:2])
	return 2
}

func (d *Decoder) escArg(cmd, n byte) {
	switch cmd {
	case 'a':
		if a := Align(n % 48); a <= Right && (n <= 2 || n >= 48 && n <= 50) {
			d.align = a
		}
	case 'E':
		d.bold = n&1 != 0
	case '-':
		d.underline = n%48 != 0
	case '!':
		d.bold, d.underline = n&0x08 != 0, n&0x80 != 0
		d.w, d.h = 1, 1
		if n&0x20 != 0 {
			d.w = 2
		}
		if n&0x10 != 0 {
			d.h = 2
		}
	case 'd':
		if d.line != nil {
			d.endLine()
		}
		d.emit(Feed{Lines: int(n)})
	case 'J':
		if d.line != nil {
			d.endLine()
		}
		d.emit(Feed{Dots: int(n)})
	}
}

func (d *Decoder) fs(b []byte) int {
	if len(b) < 2 {
		return 0
	}
	switch b[1] {
	case '&':
		d.chinese = true
		return 2
	case '.':
		d.chinese = false
		return 2
	case '!', 'W', '-', 'C':
		return need(b, 3)
	case 'S', 'p':
		return need(b, 4)
	case '2': // user-defined Chinese character: c1 c2 + 72 bytes
		return need(b, 76)
	}
	d.unknown(b[:2])
	return 2
}

func (d *Decoder) dle(b []byte) int {
	if len(b) < 2 {
		return 0
	}
	switch b[1] {
	case EOT, ENQ:
		if len(b) < 3 {
			return 0
		}
		if b[1] == EOT {
			d.emit(StatusRequest{N: b[2]})
		} else {
			d.emit(Recover{N: b[2]})
		}
		return 3
	case 0x14: // DLE DC4 fn …
		if len(b) < 3 {
			return 0
		}
		switch b[2] {
		case 1, 2:
			return need(b, 5)
		case 8:
			return need(b, 10)
		}
		return 3
	}
	d.unknown(b[:1]) // a lone DLE; the next byte is processed on its own
	return 1
}

func (d *Decoder) gs(b []byte) int {
	if len(b) < 2 {
		return 0
	}
	switch b[1] {
	case '!':
		if len(b) < 3 {
			return 0
		}
		d.w, d.h = int(b[2]>>4&7)+1, int(b[2]&7)+1
		return 3
	case 'V':
		return d.cut(b)
	case 'v':
		return d.raster(b)
	case '(':
		return d.paren(b)
	case 'r':
		if len(b) < 3 {
			return 0
		}
		d.emit(AckRequest{N: b[2]})
		return 3
	case 'a', 'h', 'w', 'H', 'f', 'B', 'b', 'I', '/', 'E', 'T':
		return need(b, 3)
	case 'L', 'W', '$', '\\', 'P':
		return need(b, 4)
	case 'k':
		return d.barcode(b)
	case '*': // downloaded bit image: x y, x×y×8 bytes
		if len(b) < 4 {
			return 0
		}
		return need(b, 4+int(b[2])*int(b[3])*8)
	case '8': // GS 8 L p1 p2 p3 p4: 32-bit length
		if len(b) < 7 {
			return 0
		}
		n := 7 + (int(b[3]) | int(b[4])<<8 | int(b[5])<<16 | int(b[6])<<24)
		if len(b) < n {
			return 0
		}
		d.unknown(b[:7])
		return n
	}
	d.unknown(b[:2])
	return 2
}

func (d *Decoder) cut(b []byte) int {
	if len(b) < 3 {
		return 0
	}
	m := b[2]
	c := Cut{Feed: -1}
	n := 3
	switch m {
	case 0, 48:
	case 1, 49:
		c.Partial = true
	case 65, 66, 97, 98, 103, 104:
		if len(b) < 4 {
			return 0
		}
		c.Partial, c.Feed, n = m%2 == 0, int(b[3]), 4
	default:
		d.unknown(b[:3])
		return 3
	}
	if d.line != nil {
		// GS V acts only at the start of a line: this cut is ignored.
		d.unknown(b[:n])
		return n
	}
	d.emit(c)
	return n
}

func (d *Decoder) raster(b []byte) int {
	if len(b) < 8 {
		return 0
	}
	if b[2] != '0' && b[2] != 0 {
		d.unknown(b[:3])
		return 3
	}
	x := int(b[4]) | int(b[5])<<8
	y := int(b[6]) | int(b[7])<<8
	n := 8 + x*y
	if len(b) < n {
		return 0
	}
	if x == 0 || y == 0 || d.line != nil {
		// Empty, or refused because text is waiting in the line buffer.
		d.unknown(b[:8])
		return n
	}
	d.emit(Image{Align: d.align, Mode: b[3] & 3, Bitmap: &Bitmap{Width: x * 8, Height: y, Bits: bytes.Clone(b[8:n])}})
	return n
}

// paren handles GS ( x pL pH …, whose length is always given.
func (d *Decoder) paren(b []byte) int {
	if len(b) < 5 {
		return 0
	}
	l := int(b[3]) | int(b[4])<<8
	n := 5 + l
	if len(b) < n {
		return 0
	}
	p := b[5:n]
	if b[2] != 'k' || l < 2 || p[0] != 49 {
		d.unknown(b[:5]) // other symbols and functions are not shown
		return n
	}
	arg := func(i int) byte {
		if i < len(p) {
			return p[i]
		}
		return 0
	}
	switch p[1] {
	case 65:
		d.qrModel = int(arg(2))
	case 67:
		d.qrModule = int(arg(2))
	case 69:
		d.qrLevel = QRLevel(arg(2) - 48)
	case 80:
		if l >= 3 {
			d.qrData = bytes.Clone(p[3:])
		}
	case 81:
		if d.qrData != nil && d.line == nil {
			d.emit(QRCode{Model: d.qrModel, Module: d.qrModule, Level: d.qrLevel, Data: d.qrData})
		} else {
			d.unknown(b[:n]) // nothing stored, or text pending
		}
	}
	return n
}

func (d *Decoder) barcode(b []byte) int {
	if len(b) < 3 {
		return 0
	}
	m := b[2]
	if m <= 6 { // form A: data up to NUL
		i := bytes.IndexByte(b[3:], 0)
		if i < 0 {
			if len(b) > 3+255 {
				d.unknown(b[:3])
				return 3
			}
			return 0
		}
		d.emit(Barcode{Type: m, Data: bytes.Clone(b[3 : 3+i])})
		return 4 + i
	}
	if len(b) < 4 {
		return 0
	}
	n := 4 + int(b[3])
	if len(b) < n {
		return 0
	}
	d.emit(Barcode{Type: m, Data: bytes.Clone(b[4:n])})
	return n
}

// Charset returns the character set the Decoder assumes.
func (d *Decoder) Charset() gbk.Charset { return d.charset }
