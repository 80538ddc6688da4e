package caller

import (
	"errors"
	"fmt"

	"halld/device/checksum"
)

// Frame bytes of the default protocol.
const (
	Wake  = 0xFF
	Start = 0x68
	Stop  = 0x16
)

// FUNC codes, caller → host.
const (
	FuncEvaluate = 0x0B // 评价: the clerk asks the applicant to rate
	FuncCall     = 0x0C // 呼叫
	FuncRecall   = 0x0D // 重呼
	FuncConfirm  = 0x0F // 确认, DATA = digits typed before it
	FuncRating   = 0x11 // evaluator: DATA = stars 1–5
	FuncPause    = 0x12 // 暂停
	FuncTransfer = 0x13 // 转移
)

// FuncDisplay is the host → caller display frame.
const FuncDisplay = 0x20

// Digits sent with 确认 that name a command rather than an entry.
const (
	ConfirmNoShow   = 6 // 弃号
	ConfirmHold     = 0 // 挂起
	ConfirmCallback = 3 // 回呼
)

// MaxData is the longest DATA a frame may carry (L is one byte).
const MaxData = 253

// ErrFrame is wrapped by Encode's refusals.
var ErrFrame = errors.New("caller: bad frame")

// Frame is one decoded frame.
type Frame struct {
	Addr byte
	Func byte
	Data []byte
}

// Encode builds the wire bytes of f.
func Encode(f Frame) ([]byte, error) {
	if len(f.Data) > MaxData {
		return nil, fmt.Errorf("%w: %d data bytes, at most %d", ErrFrame, len(f.Data), MaxData)
	}
	l := byte(2 + len(f.Data))
	b := make([]byte, 0, 9+len(f.Data))
	b = append(b, Wake, Start, l, l, Start, f.Addr, f.Func)
	b = append(b, f.Data...)
	b = append(b, checksum.Sum8(b[5:]), Stop)
	return b, nil
}

// Display builds the display frame showing text on the caller at addr.
// text must be three characters of the display set.
func Display(addr byte, text string) ([]byte, error) {
	if len(text) != 3 {
		return nil, fmt.Errorf("%w: display text %q is not three characters", ErrFrame, text)
	}
	for _, c := range []byte(text) {
		if !Showable(c) {
			return nil, fmt.Errorf("%w: display cannot show %q", ErrFrame, c)
		}
	}
	return Encode(Frame{Addr: addr, Func: FuncDisplay, Data: []byte(text)})
}

// Showable reports whether the three-digit display can show c.
func Showable(c byte) bool {
	return c >= '0' && c <= '9' || c == '-' || c == ' ' || c == 'E' || c == 'P' || c == 'L' || c == 'H'
}

// Digits returns the typed digits of a 确认 frame as text ("1024"), or
// false if a DATA byte is not 0–9.
func Digits(data []byte) (string, bool) {
	s := make([]byte, len(data))
	for i, d := range data {
		if d > 9 {
			return "", false
		}
		s[i] = '0' + d
	}
	return string(s), true
}
