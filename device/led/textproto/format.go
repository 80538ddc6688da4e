package textproto

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"halld/device/gbk"
)

// Errors of this package.
var (
	ErrFormat   = errors.New("textproto: invalid format")
	ErrAddress  = errors.New("textproto: address out of range")
	ErrTooLong  = errors.New("textproto: text too long")
	ErrFrame    = errors.New("textproto: malformed frame")
	ErrChecksum = errors.New("textproto: checksum mismatch")
)

// Where the check bytes sit in a frame.
const (
	ChecksumAfterPrefix      = iota // header addr prefix CS fixed text terminator
	ChecksumBeforeTerminator        // header addr prefix fixed text CS terminator
)

// Format describes one text protocol:
//
//	Header addr Prefix [CS] Fixed text [CS] Terminator
type Format struct {
	Name       string
	Header     []byte // at least one byte; starts every frame
	Prefix     []byte // after the address, before the check bytes
	Fixed      []byte // after the check bytes, before the text
	Terminator []byte // ends every frame; its first byte must be one text never holds
	Checksum   Checksum
	ChecksumAt int // ChecksumAfterPrefix or ChecksumBeforeTerminator
	// SumFrom and SumTo select the checksummed bytes by offset in the whole
	// frame; the check bytes themselves are always skipped. SumTo <= 0 counts
	// from the end of the frame (0 = through the last byte).
	SumFrom, SumTo int
	LineSep        string // joins lines; "" means one space
	MaxText        int    // text bytes after GBK encoding; 0 means 255
}

// StripScreen is the "strip screen" (条屏) frame of hardware notes §2.3(a):
//
//	AA addr BB 51 54 CS 01 00 99 00 63 text FF
//
// with CS the sum mod 256 of the bytes from offset 6 through FF.
func StripScreen() Format {
	return Format{
		Name:     "strip-screen",
		Header:   []byte{0xAA},
		Prefix:   []byte{0xBB, 0x51, 0x54},
		Fixed:    []byte{0x01, 0x00, 0x99, 0x00, 0x63},
		Checksum: ChecksumSum8, ChecksumAt: ChecksumAfterPrefix, SumFrom: 6,
		Terminator: []byte{0xFF},
	}
}

// StripScreenHall is the 综合屏 variant of StripScreen (fixed 08 02 99 00 63).
func StripScreenHall() Format {
	f := StripScreen()
	f.Name = "strip-screen-hall"
	f.Fixed = []byte{0x08, 0x02, 0x99, 0x00, 0x63}
	return f
}

// AtText is the plain "40 addr text 0D" frame of hardware notes §2.3(b).
func AtText() Format {
	return Format{Name: "at-text", Header: []byte{0x40}, Terminator: []byte{0x0D}}
}

// neverInText reports bytes package gbk never emits.
func neverInText(b byte) bool { return b < 0x20 || b == 0x7F || b == 0x80 || b == 0xFF }

// Validate checks that frames of f can be told apart in a stream.
func (f Format) Validate() error {
	switch {
	case len(f.Header) == 0:
		return fmt.Errorf("%w: %s: empty Header", ErrFormat, f.Name)
	case len(f.Terminator) == 0 || !neverInText(f.Terminator[0]):
		return fmt.Errorf("%w: %s: Terminator must start with a control byte or FF", ErrFormat, f.Name)
	case f.Checksum < ChecksumNone || f.Checksum > ChecksumCRC16:
		return fmt.Errorf("%w: %s: Checksum %d", ErrFormat, f.Name, f.Checksum)
	case f.ChecksumAt != ChecksumAfterPrefix && f.ChecksumAt != ChecksumBeforeTerminator:
		return fmt.Errorf("%w: %s: ChecksumAt %d", ErrFormat, f.Name, f.ChecksumAt)
	case f.SumFrom < 0 || f.MaxText < 0:
		return fmt.Errorf("%w: %s: negative SumFrom or MaxText", ErrFormat, f.Name)
	}
	return nil
}

func (f Format) maxText() int {
	if f.MaxText == 0 {
		return 255
	}
	return f.MaxText
}

// Text joins lines and encodes them in GBK.
func (f Format) Text(lines []string) []byte {
	sep := f.LineSep
	if sep == "" {
		sep = " "
	}
	return gbk.Encode(strings.Join(lines, sep))
}

// Encode returns the frame that shows lines on the board at addr (0..255).
func (f Format) Encode(addr uint16, lines []string) ([]byte, error) {
	return f.Frame(addr, f.Text(lines))
}

// Frame returns the frame carrying text (already GBK) to addr. An address
// equal to the terminator byte (13 for at-text, 255 for the strip screens)
// is refused: the protocols have no escape. When a check byte would
// equal a one-byte terminator, one to three trailing spaces are added to the text
// to move the sum.
func (f Format) Frame(addr uint16, text []byte) ([]byte, error) { return f.frame(addr, text, true) }

func (f Format) frame(addr uint16, text []byte, pad bool) ([]byte, error) {
	if err := f.Validate(); err != nil {
		return nil, err
	}
	if addr > 0xFF {
		return nil, fmt.Errorf("%w: %d > 255", ErrAddress, addr)
	}
	if byte(addr) == f.Terminator[0] {
		// These protocols have no escape: the board would end the frame
		// at its own address.
		return nil, fmt.Errorf("%w: %d is the %s terminator byte", ErrAddress, addr, f.Name)
	}
	if len(text) > f.maxText() {
		return nil, fmt.Errorf("%w: %d bytes, at most %d", ErrTooLong, len(text), f.maxText())
	}
	for _, b := range text {
		if neverInText(b) { // would break framing; Text never produces these
			return nil, fmt.Errorf("%w: text holds control byte %02X", ErrFrame, b)
		}
	}
	n := f.Checksum.Len()
	out := append([]byte(nil), f.Header...)
	out = append(out, byte(addr))
	out = append(out, f.Prefix...)
	at := len(out)
	if f.ChecksumAt == ChecksumAfterPrefix {
		out = append(out, make([]byte, n)...)
	}
	out = append(out, f.Fixed...)
	out = append(out, text...)
	if f.ChecksumAt == ChecksumBeforeTerminator {
		at = len(out)
		out = append(out, make([]byte, n)...)
	}
	out = append(out, f.Terminator...)
	cs, err := f.sum(out, at)
	if err != nil {
		return nil, err
	}
	if len(f.Terminator) == 1 && slices.Contains(cs, f.Terminator[0]) {
		// A check byte equal to a one-byte terminator would end the frame early,
		// and the protocols have no escape: a trailing space, invisible on
		// a board, changes the sum.
		for n := 1; pad && n <= 3 && len(text)+n <= f.maxText(); n++ {
			if out, err := f.frame(addr, append(slices.Clone(text), "   "[:n]...), false); err == nil {
				return out, nil
			}
		}
		return nil, fmt.Errorf("%w: %s: the check byte equals the terminator byte %02X", ErrFrame, f.Name, f.Terminator[0])
	}
	copy(out[at:], cs)
	return out, nil
}

// sum computes the check bytes of frame, whose check bytes start at at.
func (f Format) sum(frame []byte, at int) ([]byte, error) {
	n := f.Checksum.Len()
	if n == 0 {
		return nil, nil
	}
	to := f.SumTo
	if to <= 0 {
		to += len(frame)
	}
	if f.SumFrom > to || to > len(frame) {
		return nil, fmt.Errorf("%w: %s: checksum range %d..%d outside a %d-byte frame", ErrFormat, f.Name, f.SumFrom, to, len(frame))
	}
	// Split the range around the check bytes.
	var parts [][]byte
	lo, hi := f.SumFrom, to
	if lo < at {
		parts = append(parts, frame[lo:min(hi, at)])
	}
	if hi > at+n {
		parts = append(parts, frame[max(lo, at+n):hi])
	}
	return f.Checksum.compute(parts...), nil
}
