package idcard

import (
	"encoding/binary"
	"errors"
	"fmt"
	"unicode/utf16"
)

// ErrText is wrapped by NumberFromBase's errors: the read reply does not
// hold base information as the protocol lays it out.
var ErrText = errors.New("idcard: bad base information")

// The 256-byte text of base information is UCS-2 little-endian in fixed
// fields: name 30 bytes, sex 2, nation 4, birth 16, address 70, ID number
// 36, issuing authority 30, validity start 16 and end 16, reserved 36.
const (
	TextLen      = 256
	PhotoLen     = 1024
	NumberOffset = 30 + 2 + 4 + 16 + 70
	NumberLen    = 36
)

// NumberFromBase takes the ID number out of the data of a read-base-info
// reply (30 01): text length and photo length (two bytes each,
// big-endian), the text, then the photo. Nothing else of the text is
// decoded and the photo is not looked at. The number is returned as the
// card holds it (spaces trimmed); the caller checks it.
func NumberFromBase(data []byte) (string, error) {
	if len(data) < 4 {
		return "", fmt.Errorf("%w: %d bytes", ErrText, len(data))
	}
	textLen := int(binary.BigEndian.Uint16(data[0:2]))
	photoLen := int(binary.BigEndian.Uint16(data[2:4]))
	if textLen < NumberOffset+NumberLen || 4+textLen+photoLen > len(data) {
		return "", fmt.Errorf("%w: text %d and photo %d bytes in %d", ErrText, textLen, photoLen, len(data))
	}
	field := data[4+NumberOffset : 4+NumberOffset+NumberLen]
	u := make([]uint16, 0, NumberLen/2)
	for i := 0; i < len(field); i += 2 {
		c := binary.LittleEndian.Uint16(field[i:])
		if c == 0 {
			break
		}
		u = append(u, c)
	}
	s := string(utf16.Decode(u))
	for len(s) > 0 && s[len(s)-1] == ' ' {
		s = s[:len(s)-1]
	}
	if s == "" {
		return "", fmt.Errorf("%w: empty number field", ErrText)
	}
	return s, nil
}
