package gsm

import (
	"fmt"
	"strings"
)

// Type-of-address octets (TS 23.040 9.1.2.5): extension bit set, ISDN
// numbering plan; international when the number had a "+", else unknown
// (the network reads a national number the way a handset dialling it would).
const (
	toaInternational = 0x91
	toaUnknown       = 0x81
)

// parseNumber splits "+8613800138000" or "13800138000" into its digits and
// type of address.
func parseNumber(s string) (digits string, toa byte, err error) {
	toa = toaUnknown
	if rest, ok := strings.CutPrefix(s, "+"); ok {
		s, toa = rest, toaInternational
	}
	if len(s) == 0 || len(s) > 20 || strings.Trim(s, "0123456789") != "" {
		return "", 0, fmt.Errorf("%w: %q", ErrNumber, s)
	}
	return s, toa, nil
}

// semiOctets packs digits two to an octet, the first digit in the low
// nibble, an odd count padded with F: "8613800138000" → 68 31 08 10 83 00 F0.
func semiOctets(digits string) []byte {
	out := make([]byte, 0, (len(digits)+1)/2)
	for i := 0; i < len(digits); i += 2 {
		lo := digits[i] - '0'
		hi := byte(0xF)
		if i+1 < len(digits) {
			hi = digits[i+1] - '0'
		}
		out = append(out, hi<<4|lo)
	}
	return out
}

// digitsOf unpacks n semi-octet digits (0-9 only; others are malformed).
func digitsOf(b []byte, n int) (string, error) {
	var sb strings.Builder
	for i := range n {
		d := b[i/2]
		if i%2 == 1 {
			d >>= 4
		}
		d &= 0xF
		if d > 9 {
			return "", fmt.Errorf("%w: address nibble %X", ErrPDU, d)
		}
		sb.WriteByte('0' + d)
	}
	return sb.String(), nil
}

// destination is the TP-DA field: digit count, type, semi-octets.
func destination(number string) ([]byte, error) {
	digits, toa, err := parseNumber(number)
	if err != nil {
		return nil, err
	}
	return append([]byte{byte(len(digits)), toa}, semiOctets(digits)...), nil
}

// smscField is the service centre address before the TPDU: its length in
// octets (type included), or a single 00 to use the SIM's own.
func smscField(number string) ([]byte, error) {
	if number == "" {
		return []byte{0}, nil
	}
	digits, toa, err := parseNumber(number)
	if err != nil {
		return nil, err
	}
	so := semiOctets(digits)
	return append([]byte{byte(1 + len(so)), toa}, so...), nil
}

// formatNumber puts back the "+" of an international number.
func formatNumber(digits string, toa byte) string {
	if toa&0x70 == 0x10 {
		return "+" + digits
	}
	return digits
}
