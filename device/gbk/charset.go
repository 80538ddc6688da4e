package gbk

import (
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// Charset is the two-byte character set a device's font covers.
type Charset int

const (
	// GBK accepts every two-byte GBK code (lead 81–FE, trail 40–FE but 7F).
	GBK Charset = iota
	// GB2312 accepts only the GB2312 area (lead A1–F7, trail A1–FE), for the
	// many cheap devices whose font has nothing else.
	GB2312
)

func (c Charset) String() string {
	if c == GB2312 {
		return "GB2312"
	}
	return "GBK"
}

// ValidPair reports whether lead, trail is a two-byte code of c.
func (c Charset) ValidPair(lead, trail byte) bool {
	if c == GB2312 {
		return lead >= 0xA1 && lead <= 0xF7 && trail >= 0xA1 && trail <= 0xFE
	}
	return lead >= 0x81 && lead <= 0xFE && trail >= 0x40 && trail <= 0xFE && trail != 0x7F
}

// DecodePair returns the character of the two-byte code lead, trail, or
// utf8.RuneError when c does not hold it.
func (c Charset) DecodePair(lead, trail byte) rune {
	if !c.ValidPair(lead, trail) {
		return utf8.RuneError
	}
	s, err := simplifiedchinese.GBK.NewDecoder().Bytes([]byte{lead, trail})
	if err != nil {
		return utf8.RuneError
	}
	if r, n := utf8.DecodeRune(s); n == len(s) {
		return r
	}
	return utf8.RuneError
}

// Covers reports whether every character of s is printable ASCII or in c,
// so that it would be sent unchanged.
func (c Charset) Covers(s string) bool {
	for _, r := range s {
		if _, ok := encodeRune(c, r); !ok {
			return false
		}
	}
	return true
}

// Decode turns GBK bytes from a frame back into text, reading them as a
// device does: bytes below 0x80 are single characters, a lead byte with a
// valid trail is a two-byte code, anything else is one U+FFFD per byte.
// Control bytes are kept; it never fails.
func Decode(b []byte) string {
	out := make([]rune, 0, len(b))
	for i := 0; i < len(b); i++ {
		c := b[i]
		switch {
		case c < 0x80:
			out = append(out, rune(c))
		case i+1 < len(b) && GBK.ValidPair(c, b[i+1]):
			out = append(out, GBK.DecodePair(c, b[i+1]))
			i++
		default:
			out = append(out, utf8.RuneError)
		}
	}
	return string(out)
}
