package gsm

// gsm7Safe reports whether r has the same code in the GSM 7-bit default
// alphabet (TS 23.038 6.2.1) as in ASCII: LF, CR, space to "?" except "$"
// (0x24 is "¤" there), A–Z and a–z. Only such text is sent 7-bit.
func gsm7Safe(r rune) bool {
	switch {
	case r == '\n' || r == '\r':
		return true
	case r >= ' ' && r <= '?':
		return r != '$'
	case r >= 'A' && r <= 'Z', r >= 'a' && r <= 'z':
		return true
	}
	return false
}

// pack7 packs septets into octets after start bits (the user data header
// and its fill bits), least significant bit first (TS 23.038 6.1.2.1.1).
func pack7(head []byte, start int, septets []byte) []byte {
	out := make([]byte, (start+7*len(septets)+7)/8)
	copy(out, head)
	for i, s := range septets {
		pos := start + 7*i
		v := uint16(s&0x7F) << (pos % 8)
		out[pos/8] |= byte(v)
		if v>>8 != 0 {
			out[pos/8+1] |= byte(v >> 8)
		}
	}
	return out
}

// unpack7 reads n septets from ud starting at bit start.
func unpack7(ud []byte, start, n int) ([]byte, bool) {
	if (start+7*n+7)/8 > len(ud) {
		return nil, false
	}
	out := make([]byte, n)
	for i := range out {
		pos := start + 7*i
		v := uint16(ud[pos/8])
		if pos/8+1 < len(ud) {
			v |= uint16(ud[pos/8+1]) << 8
		}
		out[i] = byte(v>>(pos%8)) & 0x7F
	}
	return out, true
}

// septetStart is where the text's septets begin after a header of udhLen
// octets (the length octet included): the next septet boundary.
func septetStart(udhLen int) int {
	bits := udhLen * 8
	return (bits + 6) / 7 * 7
}
