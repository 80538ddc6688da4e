package gsm

import (
	"encoding/hex"
	"fmt"
	"strings"
	"unicode/utf16"
)

// Submit is an SMS-SUBMIT PDU read back.
type Submit struct {
	SMSC  string // "" when the PDU left it to the SIM
	To    string
	MR    byte // TP-MR
	DCS   byte
	Ref   int // concatenation reference; Parts is 0 for a single message
	Parts int
	Seq   int
	Text  string
}

// DecodeSubmit reads a PDU as sent after AT+CMGS (SMSC field first) and
// checks that its TPDU is length octets, as the command said.
func DecodeSubmit(hexPDU string, length int) (Submit, error) {
	b, err := hex.DecodeString(strings.TrimSpace(hexPDU))
	if err != nil {
		return Submit{}, fmt.Errorf("%w: %v", ErrPDU, err)
	}
	bad := func(f string, a ...any) (Submit, error) {
		return Submit{}, fmt.Errorf("%w: %s", ErrPDU, fmt.Sprintf(f, a...))
	}
	var s Submit
	if len(b) < 1 || len(b) < 1+int(b[0]) {
		return bad("short SMSC field")
	}
	if n := int(b[0]); n > 0 {
		if n < 2 {
			return bad("SMSC length %d", n)
		}
		d, err := digitsOf(b[2:1+n], semiDigits(b[2:1+n]))
		if err != nil {
			return Submit{}, err
		}
		s.SMSC = formatNumber(d, b[1])
	}
	t := b[1+int(b[0]):]
	if len(t) != length {
		return bad("TPDU is %d octets, AT+CMGS said %d", len(t), length)
	}
	if len(t) < 4 {
		return bad("short TPDU")
	}
	fo := t[0]
	if fo&0x03 != mtiSubmit {
		return bad("not an SMS-SUBMIT (first octet %02X)", fo)
	}
	s.MR = t[1]
	nd := int(t[2])
	end := 4 + (nd+1)/2
	if nd > 20 || len(t) < end+3 {
		return bad("destination of %d digits", nd)
	}
	d, err := digitsOf(t[4:end], nd)
	if err != nil {
		return Submit{}, err
	}
	s.To = formatNumber(d, t[3])
	s.DCS = t[end+1]
	p := end + 2
	switch fo & 0x18 {
	case 0x10:
		p++
	case 0x08, 0x18:
		p += 7
	}
	if len(t) < p+1 {
		return bad("no user data length")
	}
	udl, ud := int(t[p]), t[p+1:]
	udhLen := 0
	if fo&udhiFlag != 0 {
		if len(ud) < 1 || len(ud) < 1+int(ud[0]) {
			return bad("short user data header")
		}
		udhLen = 1 + int(ud[0])
		s.Ref, s.Parts, s.Seq = concatInfo(ud[1:udhLen])
	}
	switch s.DCS {
	case dcsGSM7:
		start := septetStart(udhLen)
		if udl < start/7 || udl > maxGSM7 {
			return bad("user data length %d", udl)
		}
		sept, ok := unpack7(ud, start, udl-start/7)
		if !ok || len(ud) != (7*udl+7)/8 {
			return bad("user data of %d octets for %d septets", len(ud), udl)
		}
		var sb strings.Builder
		for _, c := range sept {
			if gsm7Safe(rune(c)) {
				sb.WriteByte(c)
			} else {
				sb.WriteRune('\uFFFD')
			}
		}
		s.Text = sb.String()
	case dcsUCS2:
		if udl != len(ud) || udl > 140 || (udl-udhLen)%2 != 0 {
			return bad("UCS-2 user data length %d of %d octets", udl, len(ud))
		}
		u := make([]uint16, 0, (udl-udhLen)/2)
		for i := udhLen; i+1 < udl; i += 2 {
			u = append(u, uint16(ud[i])<<8|uint16(ud[i+1]))
		}
		s.Text = string(utf16.Decode(u))
	default:
		return bad("data coding %02X not supported", s.DCS)
	}
	return s, nil
}

// semiDigits counts the digits of a semi-octet field (an F pads the last).
func semiDigits(b []byte) int {
	n := 2 * len(b)
	if n > 0 && b[len(b)-1]>>4 == 0xF {
		n--
	}
	return n
}

// concatInfo finds a concatenation element among the header's elements.
func concatInfo(h []byte) (ref, parts, seq int) {
	for len(h) >= 2 {
		iei, n := h[0], int(h[1])
		if len(h) < 2+n {
			return 0, 0, 0
		}
		e := h[2 : 2+n]
		switch {
		case iei == ieiConcat8 && n == 3:
			return int(e[0]), int(e[1]), int(e[2])
		case iei == ieiConcat16 && n == 4:
			return int(e[0])<<8 | int(e[1]), int(e[2]), int(e[3])
		}
		h = h[2+n:]
	}
	return 0, 0, 0
}
