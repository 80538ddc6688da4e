package bx

import (
	"errors"
	"fmt"

	"halld/device/checksum"
)

// Errors for malformed frames. Command failures reported by the card are
// CmdError values.
var (
	ErrFrame = errors.New("bx: malformed frame")
	ErrCRC   = errors.New("bx: CRC mismatch")
)

// Framing bytes and fixed header values.
const (
	preamble   = 0xA5
	frameEnd   = 0x5A
	escA6      = 0xA6
	esc5B      = 0x5B
	preambleN  = 8
	headerLen  = 14 // dst src reserved(6) devtype protover len
	cmdLen     = 5  // group cmd resp reserved(2)
	crcLen     = 2
	maxDataLen = 0xFFFF - cmdLen

	// HostAddr is the source address of frames from the host.
	HostAddr uint16 = 0x8000
	// BroadcastAddr reaches every card; cards do not reply to it.
	BroadcastAddr uint16 = 0xFFFF
	// DevTypeAny is the device-type wildcard every card accepts.
	DevTypeAny byte = 0xFE
	// ProtoVer is the protocol version byte of BX-5K/6K.
	ProtoVer byte = 0x02

	// MustReply and NoReply are the request's Response byte.
	MustReply byte = 0x01
	NoReply   byte = 0x02
)

// Command groups and commands.
const (
	GroupStatus  byte = 0xA1
	CmdStatus    byte = 0x02
	GroupSystem  byte = 0xA2
	CmdPing      byte = 0x00
	GroupDisplay byte = 0xA3
	CmdDynamic   byte = 0x06
	CmdClear     byte = 0x10
)

// Frame is one PHY1 packet, unescaped.
type Frame struct {
	Dst, Src uint16
	DevType  byte
	ProtoVer byte
	Group    byte
	Cmd      byte
	// Flag is Response (MustReply/NoReply) in a request and CmdError in a reply.
	Flag byte
	// Reserved holds the two bytes after Flag; Reserved[0] is the process mode.
	Reserved [2]byte
	Data     []byte
}

// Request returns a frame from the host to dst that asks for a reply.
func Request(dst uint16, group, cmd byte, data []byte) Frame {
	return Frame{Dst: dst, Src: HostAddr, DevType: DevTypeAny, ProtoVer: ProtoVer,
		Group: group, Cmd: cmd, Flag: MustReply, Data: data}
}

// MarshalBinary returns the frame as sent on the wire.
func (f Frame) MarshalBinary() ([]byte, error) {
	if len(f.Data) > maxDataLen {
		return nil, fmt.Errorf("%w: %d data bytes, at most %d", ErrFrame, len(f.Data), maxDataLen)
	}
	n := cmdLen + len(f.Data)
	p := make([]byte, 0, headerLen+n+crcLen)
	p = append(p, byte(f.Dst), byte(f.Dst>>8), byte(f.Src), byte(f.Src>>8), 0, 0, 0, 0, 0, 0,
		f.DevType, f.ProtoVer, byte(n), byte(n>>8),
		f.Group, f.Cmd, f.Flag, f.Reserved[0], f.Reserved[1])
	p = append(p, f.Data...)
	c := checksum.CRC16ARC(p)
	p = append(p, byte(c), byte(c>>8))

	out := make([]byte, 0, preambleN+len(p)+len(p)/8+1)
	for range preambleN {
		out = append(out, preamble)
	}
	out = escape(out, p)
	return append(out, frameEnd), nil
}

// escape appends p to dst with the four framing bytes escaped.
func escape(dst, p []byte) []byte {
	for _, c := range p {
		switch c {
		case 0xA5:
			dst = append(dst, escA6, 0x02)
		case 0xA6:
			dst = append(dst, escA6, 0x01)
		case 0x5A:
			dst = append(dst, esc5B, 0x02)
		case 0x5B:
			dst = append(dst, esc5B, 0x01)
		default:
			dst = append(dst, c)
		}
	}
	return dst
}

// unescape reverses escape; an escape byte followed by anything but 01/02 is
// an error.
func unescape(p []byte) ([]byte, error) {
	out := make([]byte, 0, len(p))
	for i := 0; i < len(p); i++ {
		c := p[i]
		if c != escA6 && c != esc5B {
			out = append(out, c)
			continue
		}
		if i+1 >= len(p) || (p[i+1] != 0x01 && p[i+1] != 0x02) {
			return nil, fmt.Errorf("%w: bad escape at byte %d", ErrFrame, i)
		}
		i++
		switch {
		case c == escA6 && p[i] == 0x02:
			out = append(out, 0xA5)
		case c == escA6:
			out = append(out, 0xA6)
		case p[i] == 0x02:
			out = append(out, 0x5A)
		default:
			out = append(out, 0x5B)
		}
	}
	return out, nil
}

// Parse decodes one complete frame: one or more A5, the escaped packet, 5A.
func Parse(b []byte) (Frame, error) {
	i := 0
	for i < len(b) && b[i] == preamble {
		i++
	}
	if i == 0 || len(b) < i+1 || b[len(b)-1] != frameEnd {
		return Frame{}, fmt.Errorf("%w: missing A5 preamble or 5A end", ErrFrame)
	}
	return parseBody(b[i : len(b)-1])
}

// parseBody decodes the escaped packet between preamble and end byte.
func parseBody(esc []byte) (Frame, error) {
	p, err := unescape(esc)
	if err != nil {
		return Frame{}, err
	}
	if len(p) < headerLen+cmdLen+crcLen {
		return Frame{}, fmt.Errorf("%w: %d bytes is too short", ErrFrame, len(p))
	}
	n := int(p[12]) | int(p[13])<<8
	if n != len(p)-headerLen-crcLen {
		return Frame{}, fmt.Errorf("%w: length field %d, packet carries %d", ErrFrame, n, len(p)-headerLen-crcLen)
	}
	body := p[:len(p)-crcLen]
	got := uint16(p[len(p)-2]) | uint16(p[len(p)-1])<<8
	if want := checksum.CRC16ARC(body); got != want {
		return Frame{}, fmt.Errorf("%w: got %04X, computed %04X", ErrCRC, got, want)
	}
	f := Frame{
		Dst:      uint16(p[0]) | uint16(p[1])<<8,
		Src:      uint16(p[2]) | uint16(p[3])<<8,
		DevType:  p[10],
		ProtoVer: p[11],
		Group:    p[14],
		Cmd:      p[15],
		Flag:     p[16],
		Reserved: [2]byte{p[17], p[18]},
	}
	if d := body[headerLen+cmdLen:]; len(d) > 0 {
		f.Data = append([]byte(nil), d...)
	}
	return f, nil
}
