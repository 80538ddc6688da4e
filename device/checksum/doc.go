// Package checksum computes the check values that device protocols append to
// their frames: CRC-16 with the reflected polynomial 0xA001 in its two
// variants (CRC-16/ARC, init 0, used by Onbon BX cards; CRC-16/MODBUS, init
// 0xFFFF, used by vendor LED boards and keypads), the byte sum mod 256 and
// the byte XOR.
//
// Caveats: the functions return the value only; the byte order on the wire
// (CRC low byte first for BX and Modbus, high first on some keypads) and the
// range of bytes covered are the caller's protocol, not this package's.
// Neither CRC has a final XOR, so an empty input yields the init value.
package checksum
