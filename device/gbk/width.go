package gbk

import "strings"

// RuneWidth is the width in columns of a rune as a device shows it:
// one for ASCII, two for anything else (a two-byte code or, from Decode,
// a U+FFFD standing for bytes that did not decode).
func RuneWidth(r rune) int {
	if r < 0x80 {
		return 1
	}
	return 2
}

// Width returns the width in columns of s as it will show, which is also
// the length of its encoding.
func (e *Encoder) Width(s string) int {
	n := 0
	for _, r := range e.Printable(s) {
		n += RuneWidth(r)
	}
	return n
}

// Truncate returns the printable form of s cut to at most cols columns,
// never through a character.
func (e *Encoder) Truncate(s string, cols int) string {
	var sb strings.Builder
	w := 0
	for _, r := range e.Printable(s) {
		rw := RuneWidth(r)
		if w+rw > cols {
			break
		}
		sb.WriteRune(r)
		w += rw
	}
	return sb.String()
}

// Rows splits encoded text into rows of at most cols columns, moving a
// two-byte character that would straddle the edge to the next row, the way
// LED cards auto-wrap. cols ≤ 0 means one row.
func Rows(b []byte, cols int) [][]byte {
	if cols <= 0 {
		return [][]byte{b}
	}
	var rows [][]byte
	start, used := 0, 0
	for i := 0; i < len(b); {
		w := 1
		if b[i] >= 0x81 && i+1 < len(b) {
			w = 2
		}
		if used+w > cols {
			rows = append(rows, b[start:i])
			start, used = i, 0
		}
		used += w
		i += w
	}
	return append(rows, b[start:])
}
