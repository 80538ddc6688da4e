package checksum_test

import (
	"fmt"

	"halld/device/checksum"
)

func Example() {
	check := []byte("123456789")
	fmt.Printf("ARC %04X MODBUS %04X sum %02X xor %02X\n",
		checksum.CRC16ARC(check), checksum.CRC16Modbus(check), checksum.Sum8(check), checksum.XOR8(check))

	// A Modbus RTU request carries its CRC low byte first.
	req := []byte{0x01, 0x03, 0x00, 0x00, 0x00, 0x01}
	crc := checksum.CRC16Modbus(req)
	fmt.Printf("% X\n", append(req, byte(crc), byte(crc>>8)))
	// Output:
	// ARC BB3D MODBUS 4B37 sum DD xor 31
	// 01 03 00 00 00 01 84 0A
}
