// Package serialkeytest plays a serial evaluation keypad: it builds the
// frames a keypad configured like serialkey.Config sends, with the check
// bytes computed by its own code (not serialkey's), so tests of the decoder
// check one implementation against another.
//
// Caveat: it only builds frames; the test writes them to the line (a
// serialtest.PTY master) itself, possibly cut or mixed with garbage.
package serialkeytest

import "halld/device/keypad/serialkey"

// Frame returns the frame of cfg's layout carrying addr and code. The bytes
// between the header and the check that are neither address nor key are
// filler.
func Frame(cfg serialkey.Config, addr, code, filler byte) []byte {
	f := make([]byte, cfg.Length)
	for i := range f {
		f[i] = filler
	}
	copy(f, cfg.Header)
	copy(f[cfg.Length-len(cfg.Trailer):], cfg.Trailer)
	if cfg.AddrOffset > 0 {
		f[cfg.AddrOffset] = addr
	}
	f[cfg.KeyOffset] = code
	n := map[serialkey.Checksum]int{serialkey.Sum8: 1, serialkey.XOR8: 1, serialkey.CRC16Modbus: 2}[cfg.Checksum]
	at := cfg.Length - len(cfg.Trailer) - n
	to := cfg.CheckTo
	if to == 0 {
		to = at
	}
	covered := f[cfg.CheckFrom:to]
	switch cfg.Checksum {
	case serialkey.Sum8:
		s := 0
		for _, b := range covered {
			s += int(b)
		}
		f[at] = byte(s % 256)
	case serialkey.XOR8:
		var x byte
		for _, b := range covered {
			x ^= b
		}
		f[at] = x
	case serialkey.CRC16Modbus:
		crc := CRC16Modbus(covered)
		lo, hi := byte(crc), byte(crc>>8)
		if cfg.CRCHighFirst {
			lo, hi = hi, lo
		}
		f[at], f[at+1] = lo, hi
	}
	return f
}

// CRC16Modbus computes CRC-16/MODBUS bit by bit from its definition:
// polynomial 0x8005 processed reflected (input and output), init 0xFFFF.
func CRC16Modbus(b []byte) uint16 {
	var crc uint32 = 0xFFFF
	for _, x := range b {
		for bit := range 8 {
			in := uint32(x>>bit) & 1 // reflected input: least significant bit first
			if (crc&1)^in != 0 {
				crc = (crc >> 1) ^ 0xA001 // 0xA001 is 0x8005 bit-reversed
			} else {
				crc >>= 1
			}
		}
	}
	return uint16(crc)
}
