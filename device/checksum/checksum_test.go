package checksum

import (
	"encoding/hex"
	"strings"
	"testing"
)

func unhex(t *testing.T, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(strings.ReplaceAll(s, " ", ""))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestCRC16(t *testing.T) {
	check := hex.EncodeToString([]byte("123456789"))
	tests := []struct {
		name string
		crc  func([]byte) uint16
		in   string // hex
		want uint16
	}{
		// Catalogued check values of CRC-16/ARC and CRC-16/MODBUS.
		{"ARC check", CRC16ARC, check, 0xBB3D},
		{"MODBUS check", CRC16Modbus, check, 0x4B37},
		// No final XOR: the empty input leaves the init value.
		{"ARC empty", CRC16ARC, "", 0x0000},
		{"MODBUS empty", CRC16Modbus, "", 0xFFFF},
		// First entries of Onbon's CRC table are the ARC of single bytes 00..03.
		{"ARC 00", CRC16ARC, "00", 0x0000},
		{"ARC 01", CRC16ARC, "01", 0xC0C1},
		{"ARC 02", CRC16ARC, "02", 0xC181},
		{"ARC 03", CRC16ARC, "03", 0x0140},
		{"MODBUS 00", CRC16Modbus, "00", 0x40BF},
		// BX ping PHY1 (hardware notes §2.2): CRC 68 F8 on the wire, low byte first.
		{"ARC bx ping", CRC16ARC, "0100 0080 0000 0000 0000 FE02 0500 A200 0100 00", 0xF868},
		// Modbus RTU "read holding registers" 01 03 00 00 00 01: CRC 84 0A on the wire.
		{"MODBUS read", CRC16Modbus, "01 03 00 00 00 01", 0x0A84},
		// textproto frame 68 01 31 32: CRC-16/MODBUS D9 C1 on the wire.
		{"MODBUS textproto", CRC16Modbus, "68 01 31 32", 0xC1D9},
	}
	for _, tt := range tests {
		if got := tt.crc(unhex(t, tt.in)); got != tt.want {
			t.Errorf("%s: got %04X, want %04X", tt.name, got, tt.want)
		}
	}
}

// bitwise computes the reflected 0x8005 CRC one input bit at a time, straight
// from the definition, to check the table-driven code against.
func bitwise(init uint16, b []byte) uint16 {
	crc := init
	for _, c := range b {
		for i := range 8 {
			if (crc^uint16(c>>i))&1 != 0 {
				crc = crc>>1 ^ 0xA001
			} else {
				crc >>= 1
			}
		}
	}
	return crc
}

func TestCRC16MatchesDefinition(t *testing.T) {
	inputs := [][]byte{[]byte("halld"), {0xFF, 0xFF, 0xFF}, {0xA5, 0x5A, 0xA6, 0x5B}}
	for i := range 256 {
		inputs = append(inputs, []byte{byte(i)}, []byte{byte(i), byte(255 - i)})
	}
	for _, in := range inputs {
		if got, want := CRC16ARC(in), bitwise(0, in); got != want {
			t.Errorf("CRC16ARC(% X) = %04X, definition %04X", in, got, want)
		}
		if got, want := CRC16Modbus(in), bitwise(0xFFFF, in); got != want {
			t.Errorf("CRC16Modbus(% X) = %04X, definition %04X", in, got, want)
		}
	}
}

func TestSum8XOR8(t *testing.T) {
	tests := []struct {
		name     string
		in       string // hex
		sum, xor byte
	}{
		{"empty", "", 0x00, 0x00},
		{"textproto frame", "68 01 31 32", 0xCC, 0x6A},  // 68+01+31+32 = CC, 68^01^31^32 = 6A
		{"keypad addr key", "01 03", 0x04, 0x02},        // serialkey sum8 layout
		{"wraps mod 256", "FF 02", 0x01, 0xFD},          // 0x101 mod 256
		{"xor cancels", "5A 5A", 0xB4, 0x00},            // equal bytes XOR to zero
		{"keypad stx frame", "02 07 00 05", 0x0E, 0x00}, // serialkey xor8 layout
		{"check 123456789", hex.EncodeToString([]byte("123456789")), 0xDD, 0x31},
	}
	for _, tt := range tests {
		b := unhex(t, tt.in)
		if got := Sum8(b); got != tt.sum {
			t.Errorf("%s: Sum8 = %02X, want %02X", tt.name, got, tt.sum)
		}
		if got := XOR8(b); got != tt.xor {
			t.Errorf("%s: XOR8 = %02X, want %02X", tt.name, got, tt.xor)
		}
	}
}
