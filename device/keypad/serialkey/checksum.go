package serialkey

import (
	"fmt"

	"halld/device/checksum"
)

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
		return uint16(checksum.Sum8(b))
	case XOR8:
		return uint16(checksum.XOR8(b))
	case CRC16Modbus:
		return checksum.CRC16Modbus(b)
	}
	return 0
}
