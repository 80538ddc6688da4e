package bx

import (
	"fmt"
	"strings"

	"halld/device/gbk"
)

// Config holds what Protocol needs besides the address: the card's dynamic
// area and how lines are laid out in it. Start from DefaultConfig.
type Config struct {
	Area        Area
	ProcessMode byte // first reserved byte of A3 06 (see package doc)
	// CharWidth is the pixel width of a half-width character in the card's
	// font (8 for the usual 16-px font); lines are padded to Area.Width/CharWidth
	// cells. 0 joins lines with a space instead.
	CharWidth int
}

// DefaultConfig suits a 192×32 single-colour window bar: one area covering
// the panel, static text, two 16-px lines, auto newline, run forever.
func DefaultConfig() Config {
	return Config{
		Area: Area{
			Width: 192, Height: 32,
			RunMode: RunCycle, Timeout: 2,
			Display: ShowStatic, Speed: 4, Stay: 5,
		},
		CharWidth: 8,
	}
}

// Protocol drives BX-5K/6K cards; it implements the led package's
// Protocol and Replier interfaces.
type Protocol struct{ cfg Config }

// New checks cfg and returns a Protocol.
func New(cfg Config) (*Protocol, error) {
	if err := cfg.Area.validate(); err != nil {
		return nil, err
	}
	if cfg.CharWidth < 0 {
		return nil, fmt.Errorf("%w: CharWidth %d", ErrArea, cfg.CharWidth)
	}
	return &Protocol{cfg: cfg}, nil
}

// Encode returns the A3 06 frame that shows lines on the card at addr.
func (p *Protocol) Encode(addr uint16, lines []string) ([]byte, error) {
	f, err := DynamicText(addr, p.cfg.Area, p.cfg.ProcessMode, p.Text(lines))
	if err != nil {
		return nil, err
	}
	if addr == BroadcastAddr || addr == 0xFFFE {
		f.Flag = NoReply
	}
	return f.MarshalBinary()
}

// Text lays lines out for the area: each line but the last is padded with
// spaces to the end of its row, so the card's auto newline starts the next
// line on a new row. Nothing to show becomes one space.
func (p *Protocol) Text(lines []string) []byte {
	cols := 0
	if p.cfg.CharWidth > 0 && !p.cfg.Area.SingleLine {
		cols = p.cfg.Area.Width / p.cfg.CharWidth
	}
	var out []byte
	for i, l := range lines {
		b := gbk.Encode(l)
		switch {
		case cols == 0:
			if i > 0 {
				out = append(out, ' ')
			}
			out = append(out, b...)
		case i < len(lines)-1:
			rows := gbk.Rows(b, cols)
			out = append(out, b...)
			out = append(out, strings.Repeat(" ", cols-len(rows[len(rows)-1]))...)
		default:
			out = append(out, b...)
		}
	}
	if len(out) == 0 {
		out = []byte{' '}
	}
	return out
}

// Reply reports whether rx holds the card's answer to a frame sent to addr,
// and the card's CmdError if it reported one. Frames from other addresses
// are ignored. Broadcasts get no answer, so they are done at once.
func (p *Protocol) Reply(addr uint16, rx []byte) (bool, error) {
	if addr == BroadcastAddr || addr == 0xFFFE {
		return true, nil
	}
	var d Decoder
	for _, f := range d.Feed(rx) {
		if f.Src != addr && f.Dst != addr {
			continue
		}
		if err := f.Err(); err != nil {
			return true, fmt.Errorf("board %d: %w", addr, err)
		}
		return true, nil
	}
	return false, nil
}
