package checksum

// crcTable holds the CRC of each single byte with a zero register. It is the
// same table Onbon ships with its BX SDK (0000 C0C1 C181 0140 …), and it
// serves both inits because the variants differ only in the start value.
var crcTable = makeCRCTable()

func makeCRCTable() (t [256]uint16) {
	for i := range t {
		crc := uint16(i)
		for range 8 {
			if crc&1 != 0 {
				crc = crc>>1 ^ 0xA001 // 0x8005 bit-reversed
			} else {
				crc >>= 1
			}
		}
		t[i] = crc
	}
	return t
}

// crc16 runs the reflected 0xA001 CRC over b from register value init.
func crc16(init uint16, b []byte) uint16 {
	crc := init
	for _, c := range b {
		crc = crc>>8 ^ crcTable[byte(crc)^c]
	}
	return crc
}

// CRC16ARC returns CRC-16/ARC of b: reflected polynomial 0xA001, init 0, no
// final XOR (check value for "123456789": 0xBB3D).
func CRC16ARC(b []byte) uint16 { return crc16(0, b) }

// CRC16Modbus returns CRC-16/MODBUS of b: reflected polynomial 0xA001, init
// 0xFFFF, no final XOR (check value for "123456789": 0x4B37).
func CRC16Modbus(b []byte) uint16 { return crc16(0xFFFF, b) }
