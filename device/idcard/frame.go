package idcard

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// Frame errors; ParseReply's errors wrap one of them.
var (
	// ErrShort: b holds the start of a frame but not all of it yet.
	ErrShort = errors.New("idcard: incomplete frame")
	// ErrFrame: the bytes are not a frame (bad preamble or length).
	ErrFrame = errors.New("idcard: malformed frame")
	// ErrCheck: the frame's XOR check byte does not match its contents.
	ErrCheck = errors.New("idcard: frame check byte mismatch")
)

// Preamble starts every frame, host to module and back.
var Preamble = []byte{0xAA, 0xAA, 0xAA, 0x96, 0x69}

// Commands (command byte, parameter byte) of GA/T 467 the host sends.
var (
	CmdFind   = [2]byte{0x20, 0x01} // 寻找证/卡
	CmdSelect = [2]byte{0x20, 0x02} // 选取证/卡
	CmdRead   = [2]byte{0x30, 0x01} // 读基本信息（文字与照片）
	CmdReset  = [2]byte{0x10, 0xFF} // 复位 SAM
	CmdStatus = [2]byte{0x11, 0xFF} // SAM 状态检测
)

// maxLen bounds a frame's length field. The largest reply of the protocol
// (text, photo and fingerprints, 30 10) is under 2400 bytes.
const maxLen = 4096

// headLen is the preamble and the two length bytes.
const headLen = 7

// Request returns the frame for a command: preamble, length (big-endian,
// counting command, parameter, data and the check byte), command,
// parameter, data, and the XOR of every byte from the length on.
func Request(cmd [2]byte, data []byte) []byte {
	n := 2 + len(data) + 1
	b := append([]byte(nil), Preamble...)
	b = binary.BigEndian.AppendUint16(b, uint16(n))
	b = append(b, cmd[0], cmd[1])
	b = append(b, data...)
	return append(b, xor(b[len(Preamble):]))
}

// Reply is a module's answer: three status bytes and the data.
type Reply struct {
	SW1, SW2, SW3 byte
	Data          []byte // aliases the parsed buffer
}

// Status is the reply's status (SW3 carries the meaning; SW1 and SW2 are
// zero in every status the protocol defines).
func (r Reply) Status() Status { return Status(r.SW3) }

// ParseReply parses the reply frame at the start of b and returns it with
// the number of bytes it took. Leading bytes that cannot start a frame are
// an ErrFrame (the caller resynchronises with Sync); a frame cut short is
// ErrShort.
func ParseReply(b []byte) (Reply, int, error) {
	for i := 0; i < len(Preamble); i++ {
		if i >= len(b) {
			return Reply{}, 0, ErrShort
		}
		if b[i] != Preamble[i] {
			return Reply{}, 0, fmt.Errorf("%w: byte %d is %#02x, not the preamble's %#02x", ErrFrame, i, b[i], Preamble[i])
		}
	}
	if len(b) < headLen {
		return Reply{}, 0, ErrShort
	}
	n := int(binary.BigEndian.Uint16(b[5:7]))
	if n < 4 || n > maxLen { // three status bytes and the check byte at least
		return Reply{}, 0, fmt.Errorf("%w: length %d outside 4…%d", ErrFrame, n, maxLen)
	}
	total := headLen + n
	if len(b) < total {
		return Reply{}, 0, ErrShort
	}
	if want, got := xor(b[5:total-1]), b[total-1]; want != got {
		return Reply{}, total, fmt.Errorf("%w: got %#02x, computed %#02x", ErrCheck, got, want)
	}
	return Reply{SW1: b[7], SW2: b[8], SW3: b[9], Data: b[10 : total-1]}, total, nil
}

// Sync returns the offset of the first possible preamble in b (len(b) if
// none could start there), so a reader can drop line noise.
func Sync(b []byte) int {
	for i := range b {
		if b[i] != Preamble[0] {
			continue
		}
		m := min(len(b)-i, len(Preamble))
		if string(b[i:i+m]) == string(Preamble[:m]) {
			return i
		}
	}
	return len(b)
}

func xor(b []byte) byte {
	var x byte
	for _, c := range b {
		x ^= c
	}
	return x
}
