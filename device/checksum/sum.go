package checksum

// Sum8 returns the sum of the bytes of b mod 256.
func Sum8(b []byte) byte {
	var s byte
	for _, c := range b {
		s += c
	}
	return s
}

// XOR8 returns the XOR of the bytes of b.
func XOR8(b []byte) byte {
	var x byte
	for _, c := range b {
		x ^= c
	}
	return x
}
