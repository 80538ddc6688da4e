package bx

// crc16 is CRC-16/ARC (reflected polynomial 0xA001, init 0, no final xor),
// the checksum Onbon computes over PHY1 before escaping.
func crc16(b []byte) uint16 {
	var crc uint16
	for _, c := range b {
		crc ^= uint16(c)
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
