package textproto

import "fmt"

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

// compute returns the check bytes over the byte ranges in parts.
func (c Checksum) compute(parts ...[]byte) []byte {
	switch c {
	case ChecksumSum8:
		var s byte
		for _, p := range parts {
			for _, b := range p {
				s += b
			}
		}
		return []byte{s}
	case ChecksumXor8:
		var x byte
		for _, p := range parts {
			for _, b := range p {
				x ^= b
			}
		}
		return []byte{x}
	case ChecksumCRC16:
		crc := uint16(0xFFFF)
		for _, p := range parts {
			for _, b := range p {
				crc ^= uint16(b)
				for range 8 {
					if crc&1 != 0 {
						crc = crc>>1 ^ 0xA001
					} else {
						crc >>= 1
					}
				}
			}
		}
		return []byte{byte(crc), byte(crc >> 8)}
	}
	return nil
}
