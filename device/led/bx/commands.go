package bx

import (
	"errors"
	"fmt"
)

// Ping returns the A2 00 frame that asks dst to answer.
func Ping(dst uint16) Frame { return Request(dst, GroupSystem, CmdPing, nil) }

// Status returns the A1 02 frame that queries dst's status.
func Status(dst uint16) Frame { return Request(dst, GroupStatus, CmdStatus, nil) }

// Clear returns the A3 10 frame that blanks dst's screen.
func Clear(dst uint16) Frame { return Request(dst, GroupDisplay, CmdClear, nil) }

// Display modes (how text enters the area).
const (
	ShowStatic    byte = 0x01
	ShowQuickType byte = 0x02
	ShowMoveLeft  byte = 0x03
	ShowMoveRight byte = 0x04
	ShowMoveUp    byte = 0x05
	ShowMoveDown  byte = 0x06
)

// Run modes of a dynamic area.
const (
	RunCycle         byte = 0x00
	RunOnceStayLast  byte = 0x01
	RunCycleTimeout  byte = 0x02
	RunCycleThenLast byte = 0x03
	RunOnce          byte = 0x04
	RunOnceTimeout   byte = 0x05
)

// Alignment bits.
const (
	AlignRight   byte = 0x01
	AlignHCenter byte = 0x02
	AlignBottom  byte = 0x04
	AlignVCenter byte = 0x08
)

// Area holds the display parameters of one real-time dynamic area.
type Area struct {
	X, Y          int    // top-left corner in pixels
	Width, Height int    // size in pixels
	ID            byte   // dynamic area number, from 0
	LineSpacing   byte   // pixels between lines
	RunMode       byte   // RunCycle …
	Timeout       uint16 // seconds, for the *Timeout run modes
	Voice         bool   // only 5K1Q-YY / 6K-YY cards speak
	Align         byte   // Align* bits
	SingleLine    bool   // false: multi-line
	ManualNewline bool   // false: the card wraps automatically
	Display       byte   // Show*
	Exit          byte   // exit effect, 0 default
	Speed         byte   // 0 fastest … 0x18 slowest
	Stay          byte   // stay time in 0.5 s units
}

// ErrArea reports display parameters the card cannot take.
var ErrArea = errors.New("bx: invalid area")

// coord encodes an X or width field: 8-px units, or pixels with the top bit
// set when not a multiple of 8.
func coord(px int) uint16 {
	if px%8 == 0 {
		return uint16(px / 8)
	}
	return 0x8000 | uint16(px)
}

func (a Area) validate() error {
	switch {
	case a.Width <= 0 || a.Width > 0x7FFF || a.X < 0 || a.X > 0x7FFF:
		return fmt.Errorf("%w: X %d, Width %d", ErrArea, a.X, a.Width)
	case a.Height <= 0 || a.Height > 0xFFFF || a.Y < 0 || a.Y > 0xFFFF:
		return fmt.Errorf("%w: Y %d, Height %d", ErrArea, a.Y, a.Height)
	case a.Speed > 0x18:
		return fmt.Errorf("%w: Speed %d > 24", ErrArea, a.Speed)
	}
	return nil
}

// areaParamLen is the length of one area's parameters before its text.
const areaParamLen = 27

// DynamicText returns the A3 06 frame that shows text (already GB2312/GBK
// encoded) in area a of dst, replacing what the area showed. processMode is
// the first reserved byte (see package doc).
func DynamicText(dst uint16, a Area, processMode byte, text []byte) (Frame, error) {
	if err := a.validate(); err != nil {
		return Frame{}, err
	}
	areaLen := areaParamLen + len(text)
	if 4+areaLen > maxDataLen {
		return Frame{}, fmt.Errorf("%w: %d text bytes is too long", ErrFrame, len(text))
	}
	b2 := func(v uint16) []byte { return []byte{byte(v), byte(v >> 8)} }
	flag := func(b bool, yes, no byte) byte {
		if b {
			return yes
		}
		return no
	}
	d := make([]byte, 0, 4+areaLen)
	d = append(d, 0x00, 0x01) // areas to delete, areas to update
	d = append(d, b2(uint16(areaLen))...)
	d = append(d, 0x00) // area type
	d = append(d, b2(coord(a.X))...)
	d = append(d, b2(uint16(a.Y))...)
	d = append(d, b2(coord(a.Width))...)
	d = append(d, b2(uint16(a.Height))...)
	d = append(d, a.ID, a.LineSpacing, a.RunMode)
	d = append(d, b2(a.Timeout)...)
	d = append(d, flag(a.Voice, 1, 0), 0x00, a.Align, // 0x00: no extension parameters
		flag(a.SingleLine, 0x01, 0x02), flag(a.ManualNewline, 0x01, 0x02),
		a.Display, a.Exit, a.Speed, a.Stay)
	n := uint32(len(text))
	d = append(d, byte(n), byte(n>>8), byte(n>>16), byte(n>>24))
	d = append(d, text...)
	f := Request(dst, GroupDisplay, CmdDynamic, d)
	f.Reserved[0] = processMode
	return f, nil
}

// DynamicArea is the decoded data of an A3 06 frame's first area.
type DynamicArea struct {
	Area Area
	Text []byte // as sent, GB2312/GBK
}

// ParseDynamicText decodes the data of an A3 06 frame (for the simulator).
// Only the first updated area is returned.
func ParseDynamicText(data []byte) (DynamicArea, error) {
	bad := func(why string) (DynamicArea, error) {
		return DynamicArea{}, fmt.Errorf("%w: dynamic area: %s", ErrFrame, why)
	}
	if len(data) < 4 {
		return bad("short")
	}
	del := int(data[0])
	if 1+del+3 > len(data) {
		return bad("short")
	}
	p := data[1+del:] // area ids to delete follow the count
	if p[0] == 0 {
		return bad("no area to update")
	}
	areaLen := int(p[1]) | int(p[2])<<8
	a := p[3:]
	if areaLen < areaParamLen || len(a) < areaLen {
		return bad("area length")
	}
	u16 := func(i int) int { return int(a[i]) | int(a[i+1])<<8 }
	px := func(v int) int {
		if v&0x8000 != 0 {
			return v &^ 0x8000
		}
		return v * 8
	}
	ext := int(a[15])
	if areaParamLen+ext > areaLen {
		return bad("extension count")
	}
	q := a[16+ext : areaLen] // extension parameters, if any, precede alignment
	textLen := uint64(q[7]) | uint64(q[8])<<8 | uint64(q[9])<<16 | uint64(q[10])<<24
	if textLen > uint64(len(q)-11) {
		return bad("text length")
	}
	out := DynamicArea{Area: Area{
		X: px(u16(1)), Y: u16(3), Width: px(u16(5)), Height: u16(7),
		ID: a[9], LineSpacing: a[10], RunMode: a[11], Timeout: uint16(u16(12)),
		Voice: a[14] != 0, Align: q[0], SingleLine: q[1] == 0x01, ManualNewline: q[2] == 0x01,
		Display: q[3], Exit: q[4], Speed: q[5], Stay: q[6],
	}}
	out.Text = append([]byte(nil), q[11:11+textLen]...)
	return out, nil
}
