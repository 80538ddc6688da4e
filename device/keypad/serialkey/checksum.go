package serialkey

import "fmt"

// Checksum names the check a frame carries.
type Checksum string

const (
	None        Checksum = "none"        // no check byte
	Sum8        Checksum = "sum8"        // one byte: sum mod 256
	XOR8        Checksum = "xor8"        // one byte: XOR of the bytes
	CRC16Modbus Checksum = "crc16modbus" // two bytes: CRC-16/Modbus, low byte first unless CRCHighFirst
)

// size is the number of check bytes in the frame.
func (c Checksum) size() (int, error) {
	switch c {
	case None, "":
		return 0, nil
	case Sum8, XOR8:
		return 1, nil
	case CRC16Modbus:
		return 2, nil
	}
	return 0, fmt.Errorf("unknown checksum %q (none, sum8, xor8, crc16modbus)", string(c))
}

// compute returns the check value over b.
func (c Checksum) compute(b []byte) uint16 {
	switch c {
	case Sum8:
		var s byte
		for _, x := range b {
			s += x
		}
		return uint16(s)
	case XOR8:
		var s byte
		for _, x := range b {
			s ^= x
		}
		return uint16(s)
	case CRC16Modbus:
		return crc16Modbus(b)
	}
	return 0
}

// crc16Modbus is CRC-16 with the reflected polynomial 0xA001 and initial
// value 0xFFFF (check value for "123456789": 0x4B37).
func crc16Modbus(b []byte) uint16 {
	crc := uint16(0xFFFF)
	for _, x := range b {
		crc ^= uint16(x)
		for range 8 {
			if crc&1 != 0 {
				crc = crc>>1 ^ 0xA001
			} else {
				crc >>= 1
			}
		}
	}
	return crc
}
