package textproto

import (
	"fmt"
	"slices"

	"halld/device/checksum"
)

// Checksum selects how the check bytes of a frame are computed.
type Checksum int

// Checksum kinds.
const (
	ChecksumNone  Checksum = iota
	ChecksumSum8           // sum of the bytes mod 256, one byte
	ChecksumXor8           // xor of the bytes, one byte
	ChecksumCRC16          // CRC-16/MODBUS, two bytes, low byte first
)

// Len is the number of check bytes in a frame.
func (c Checksum) Len() int {
	switch c {
	case ChecksumSum8, ChecksumXor8:
		return 1
	case ChecksumCRC16:
		return 2
	}
	return 0
}

func (c Checksum) String() string {
	switch c {
	case ChecksumNone:
		return "none"
	case ChecksumSum8:
		return "sum8"
	case ChecksumXor8:
		return "xor8"
	case ChecksumCRC16:
		return "crc16"
	}
	return fmt.Sprintf("Checksum(%d)", int(c))
}

// compute returns the check bytes over the byte ranges in parts, which are
// the checksummed range of a frame split around its check bytes.
func (c Checksum) compute(parts ...[]byte) []byte {
	b := slices.Concat(parts...)
	switch c {
	case ChecksumSum8:
		return []byte{checksum.Sum8(b)}
	case ChecksumXor8:
		return []byte{checksum.XOR8(b)}
	case ChecksumCRC16:
		crc := checksum.CRC16Modbus(b)
		return []byte{byte(crc), byte(crc >> 8)}
	}
	return nil
}
