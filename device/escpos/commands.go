package escpos

import "errors"

// Control bytes that start ESC/POS commands.
const (
	LF  = 0x0A
	DLE = 0x10
	ESC = 0x1B
	FS  = 0x1C
	GS  = 0x1D
	EOT = 0x04
	ENQ = 0x05
)

// Align is a line alignment (ESC a n).
type Align byte

const (
	Left   Align = 0
	Center Align = 1
	Right  Align = 2
)

func (a Align) String() string {
	switch a {
	case Center:
		return "center"
	case Right:
		return "right"
	}
	return "left"
}

// QRLevel is a QR error-correction level (fn169: 48 + level).
type QRLevel byte

const (
	QRLevelL QRLevel = 0 // 7 %
	QRLevelM QRLevel = 1 // 15 %
	QRLevelQ QRLevel = 2 // 25 %
	QRLevelH QRLevel = 3 // 30 %
)

func (l QRLevel) String() string {
	if l <= QRLevelH {
		return string("LMQH"[l])
	}
	return "?"
}

// MaxQRData is the largest QR payload the fn180 length field allows on
// Epson-compatible printers (pL+pH×256 ≤ 7092). Some clones accept < 1021
// bytes only: set Options.MaxQRData for them.
const MaxQRData = 7089

// Errors returned by the Builder and the status decoder.
var (
	// ErrArgument: a command argument is out of range (size, feed, module…).
	ErrArgument = errors.New("escpos: argument out of range")
	// ErrQRData: the QR payload is empty or longer than allowed.
	ErrQRData = errors.New("escpos: bad QR data length")
	// ErrImage: the raster image is empty or wider than the paper.
	ErrImage = errors.New("escpos: bad raster image")
	// ErrNotStatus: a byte given as a DLE EOT reply lacks the fixed bits.
	ErrNotStatus = errors.New("escpos: not a DLE EOT reply")
)
