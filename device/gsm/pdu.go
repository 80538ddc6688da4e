package gsm

import (
	"encoding/hex"
	"fmt"
	"strings"
	"unicode/utf16"
)

// Message is one short message to submit.
type Message struct {
	To   string // "+8613800138000" (international) or "13800138000"
	Text string
	// SMSC is the service centre's number; "" uses the one stored on the
	// SIM (most operators' SIMs carry it).
	SMSC string
	// Ref is the concatenation reference shared by the parts of a long
	// message; the receiver reassembles parts of equal Ref.
	Ref byte
}

// PDU is one SMS-SUBMIT as AT+CMGS takes it in PDU mode.
type PDU struct {
	Hex    string // SMSC field and TPDU, upper-case hex
	Length int    // TPDU octets, the SMSC field excluded: AT+CMGS=<Length>
}

// TPDU fields of an SMS-SUBMIT (TS 23.040 9.2.2.2, 9.2.3).
const (
	mtiSubmit   = 0x01 // TP-MTI: SMS-SUBMIT
	vpfRelative = 0x10 // TP-VPF = 10: one octet of relative validity
	udhiFlag    = 0x40 // TP-UDHI: user data begins with a header
	dcsGSM7     = 0x00 // default alphabet, no class
	dcsUCS2     = 0x08 // UCS-2, no class
	// validity167 is 24 hours: 12 h + (167−143) × 30 min (TS 23.040 9.2.3.12.1).
	validity167 = 0xA7
	ieiConcat8  = 0x00 // concatenated short message, 8-bit reference
	ieiConcat16 = 0x08 // the same with a 16-bit reference (decoded only)
)

// Single-part and per-part capacities (TS 23.040: 140 octets of user data;
// a concatenation header takes 6 of them).
const (
	maxGSM7      = 160
	maxGSM7Part  = 153
	maxUCS2      = 70
	maxUCS2Part  = 67
	concatHeader = 6 // UDHL 05, IEI 00, IEDL 03, ref, total, seq
)

// Encode returns the PDUs of m, one per part, in order.
func Encode(m Message) ([]PDU, error) {
	sca, err := smscField(m.SMSC)
	if err != nil {
		return nil, err
	}
	da, err := destination(m.To)
	if err != nil {
		return nil, err
	}
	seven := !strings.ContainsFunc(m.Text, func(r rune) bool { return !gsm7Safe(r) })
	var parts [][]byte // septets, or UTF-16 big-endian octets
	var dcs byte
	if seven {
		dcs = dcsGSM7
		parts = splitGSM7([]byte(m.Text))
	} else {
		dcs = dcsUCS2
		parts = splitUCS2(utf16.Encode([]rune(m.Text)))
	}
	if len(parts) > 255 {
		return nil, fmt.Errorf("%w: %d parts", ErrTooLong, len(parts))
	}
	out := make([]PDU, 0, len(parts))
	for i, p := range parts {
		fo := byte(mtiSubmit | vpfRelative)
		var udh []byte
		if len(parts) > 1 {
			fo |= udhiFlag
			udh = []byte{concatHeader - 1, ieiConcat8, 3, m.Ref, byte(len(parts)), byte(i + 1)}
		}
		tpdu := []byte{fo, 0x00} // TP-MR 00: the modem numbers it
		tpdu = append(tpdu, da...)
		tpdu = append(tpdu, 0x00, dcs, validity167) // TP-PID, TP-DCS, TP-VP
		if seven {
			start := septetStart(len(udh))
			tpdu = append(tpdu, byte(start/7+len(p))) // TP-UDL in septets, header included
			tpdu = append(tpdu, pack7(udh, start, p)...)
		} else {
			tpdu = append(tpdu, byte(len(udh)+len(p))) // TP-UDL in octets
			tpdu = append(append(tpdu, udh...), p...)
		}
		out = append(out, PDU{Hex: strings.ToUpper(hex.EncodeToString(append(append([]byte{}, sca...), tpdu...))), Length: len(tpdu)})
	}
	return out, nil
}

// splitGSM7 cuts septets into parts.
func splitGSM7(s []byte) [][]byte {
	if len(s) <= maxGSM7 {
		return [][]byte{s}
	}
	var parts [][]byte
	for len(s) > 0 {
		n := min(maxGSM7Part, len(s))
		parts = append(parts, s[:n])
		s = s[n:]
	}
	return parts
}

// splitUCS2 cuts UTF-16 units into parts, never between the halves of a
// surrogate pair, as big-endian octets.
func splitUCS2(u []uint16) [][]byte {
	be := func(u []uint16) []byte {
		b := make([]byte, 0, 2*len(u))
		for _, x := range u {
			b = append(b, byte(x>>8), byte(x))
		}
		return b
	}
	if len(u) <= maxUCS2 {
		return [][]byte{be(u)}
	}
	var parts [][]byte
	for len(u) > 0 {
		n := min(maxUCS2Part, len(u))
		if n < len(u) && utf16.IsSurrogate(rune(u[n-1])) && u[n-1] < 0xDC00 {
			n-- // a high surrogate: keep it with its low half
		}
		parts = append(parts, be(u[:n]))
		u = u[n:]
	}
	return parts
}
