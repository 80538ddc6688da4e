package escpos

import (
	"fmt"
	"image"

	"halld/device/gbk"
)

// Options configure a Builder. The zero value is a GBK printer with '?'
// and '□' replacement, Epson QR limits and no width check for images.
type Options struct {
	Charset gbk.Charset // font coverage: gbk.GBK (default) or gbk.GB2312
	// Replacement is printed for characters the font lacks; 0 → '?' for
	// narrow ones and '□' for wide ones (CJK, emoji), as LED boards show
	// them: one visible replacement on every device (see gbk.Encode).
	Replacement rune
	MaxQRData   int   // QR payload limit in bytes; 0 → MaxQRData
	Paper       Paper // if Dots > 0, images wider than the paper are refused
}

// Builder accumulates the bytes of one print job. Methods chain; the first
// error (an argument out of range) is kept and returned by Bytes, and later
// calls are ignored. A Builder is not safe for concurrent use.
type Builder struct {
	opt Options
	enc *gbk.Encoder
	buf []byte
	err error
}

// NewBuilder returns an empty Builder.
func NewBuilder(o Options) *Builder {
	if o.MaxQRData <= 0 || o.MaxQRData > MaxQRData {
		o.MaxQRData = MaxQRData
	}
	narrow, wide := o.Replacement, o.Replacement
	if o.Replacement == 0 {
		narrow, wide = '?', '□'
	}
	return &Builder{opt: o, enc: gbk.NewEncoder(o.Charset, narrow, wide)}
}

// Encoder returns the text encoder the Builder uses, for measuring and
// wrapping text (see Layout) before it is added.
func (b *Builder) Encoder() *gbk.Encoder { return b.enc }

// Bytes returns the job so far, or the first error met while building.
func (b *Builder) Bytes() ([]byte, error) {
	if b.err != nil {
		return nil, b.err
	}
	return append([]byte(nil), b.buf...), nil
}

// Err returns the first error met while building.
func (b *Builder) Err() error { return b.err }

// Reset empties the Builder and clears its error.
func (b *Builder) Reset() { b.buf, b.err = b.buf[:0], nil }

func (b *Builder) raw(p ...byte) *Builder {
	if b.err == nil {
		b.buf = append(b.buf, p...)
	}
	return b
}

func (b *Builder) fail(err error) *Builder {
	if b.err == nil {
		b.err = err
	}
	return b
}

// Init resets the printer (ESC @): clears its buffer and modes.
func (b *Builder) Init() *Builder { return b.raw(ESC, '@') }

// Chinese selects (FS &) or leaves (FS .) two-byte Chinese mode. Chinese
// printers power up in it; send it anyway after Init.
func (b *Builder) Chinese(on bool) *Builder {
	if on {
		return b.raw(FS, '&')
	}
	return b.raw(FS, '.')
}

// Align sets the alignment (ESC a n); it applies from the next line start.
func (b *Builder) Align(a Align) *Builder {
	if a > Right {
		return b.fail(fmt.Errorf("escpos: align %d: %w", a, ErrArgument))
	}
	return b.raw(ESC, 'a', byte(a))
}

// Size sets the character width and height multipliers, 1–8 each (GS ! n).
// On Chinese printers it scales Chinese characters too.
func (b *Builder) Size(w, h int) *Builder {
	if w < 1 || w > 8 || h < 1 || h > 8 {
		return b.fail(fmt.Errorf("escpos: size %d×%d: %w", w, h, ErrArgument))
	}
	return b.raw(GS, '!', byte((w-1)<<4|(h-1)))
}

// Bold turns emphasis on or off (ESC E n).
func (b *Builder) Bold(on bool) *Builder {
	if on {
		return b.raw(ESC, 'E', 1)
	}
	return b.raw(ESC, 'E', 0)
}

// Underline sets underline thickness 0 (off), 1 or 2 dots (ESC - n).
func (b *Builder) Underline(n int) *Builder {
	if n < 0 || n > 2 {
		return b.fail(fmt.Errorf("escpos: underline %d: %w", n, ErrArgument))
	}
	return b.raw(ESC, '-', byte(n))
}

// Text adds text without ending the line. Control characters and characters
// the font lacks are replaced (see gbk.Encoder); newlines become spaces: use
// Line or LF to end lines.
func (b *Builder) Text(s string) *Builder { return b.raw(b.enc.Encode(s)...) }

// LF prints the line buffer and feeds one line. Nothing prints without it.
func (b *Builder) LF() *Builder { return b.raw(LF) }

// Line adds text and ends the line.
func (b *Builder) Line(s string) *Builder { return b.Text(s).LF() }

// Feed prints the buffer and feeds n lines, 0–255 (ESC d n).
func (b *Builder) Feed(n int) *Builder {
	if n < 0 || n > 255 {
		return b.fail(fmt.Errorf("escpos: feed %d lines: %w", n, ErrArgument))
	}
	return b.raw(ESC, 'd', byte(n))
}

// QR prints data as a native model 2 QR code (GS ( k functions 165, 167,
// 169, 180, 181). module is the dot size of one module, 1–16 (some clones
// accept 1–8 only). data should be ASCII, typically a URL.
func (b *Builder) QR(data string, module int, level QRLevel) *Builder {
	if len(data) == 0 || len(data) > b.opt.MaxQRData {
		return b.fail(fmt.Errorf("escpos: QR of %d bytes (max %d): %w", len(data), b.opt.MaxQRData, ErrQRData))
	}
	if module < 1 || module > 16 || level > QRLevelH {
		return b.fail(fmt.Errorf("escpos: QR module %d level %d: %w", module, level, ErrArgument))
	}
	n := len(data) + 3
	b.raw(GS, '(', 'k', 4, 0, 49, 65, 50, 0)             // fn165: model 2
	b.raw(GS, '(', 'k', 3, 0, 49, 67, byte(module))      // fn167: module size
	b.raw(GS, '(', 'k', 3, 0, 49, 69, 48+byte(level))    // fn169: error correction
	b.raw(GS, '(', 'k', byte(n), byte(n>>8), 49, 80, 48) // fn180: store
	b.raw([]byte(data)...)                               //
	return b.raw(GS, '(', 'k', 3, 0, 49, 81, 48)         // fn181: print
}

// maxBand is the most rows sent in one GS v 0 command: several clones
// mishandle yH > 0.
const maxBand = 255

// Image prints img as a raster (GS v 0, normal density), thresholded to
// black and white, in bands of at most 255 rows. Use it for text the font
// lacks or as a QR fallback. The line buffer must be empty (after LF).
func (b *Builder) Image(img image.Image) *Builder {
	bm := ToBitmap(img)
	if bm.Width <= 0 || bm.Height <= 0 || bm.RowBytes() > 0xFFFF {
		return b.fail(fmt.Errorf("escpos: image %d×%d: %w", bm.Width, bm.Height, ErrImage))
	}
	if b.opt.Paper.Dots > 0 && bm.Width > b.opt.Paper.Dots {
		return b.fail(fmt.Errorf("escpos: image %d dots wide on %s paper: %w", bm.Width, b.opt.Paper.Name, ErrImage))
	}
	x := bm.RowBytes()
	for y0 := 0; y0 < bm.Height; y0 += maxBand {
		h := min(maxBand, bm.Height-y0)
		b.raw(GS, 'v', '0', 0, byte(x), byte(x>>8), byte(h), byte(h>>8))
		b.raw(bm.Bits[y0*x : (y0+h)*x]...)
	}
	return b
}

// Cut feeds to the cutter plus n motion units (0–255) and cuts partially
// (GS V 66 n). It acts at the start of a line only: end text with LF first.
func (b *Builder) Cut(n int) *Builder {
	if n < 0 || n > 255 {
		return b.fail(fmt.Errorf("escpos: cut feed %d: %w", n, ErrArgument))
	}
	return b.raw(GS, 'V', 66, byte(n))
}

// AckRequest asks for the paper status in sequence (GS r 1): the printer
// answers only after processing everything before it. The printer driver
// appends one to every job itself; layouts do not need it.
func (b *Builder) AckRequest() *Builder { return b.raw(GS, 'r', 1) }
