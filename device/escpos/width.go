package escpos

import (
	"fmt"
	"strings"
)

// Paper describes a paper roll and print head.
type Paper struct {
	Name    string
	Dots    int // printable dots per line
	Columns int // ASCII columns (12×24 font) at normal size; Chinese chars take 2
}

// The two usual ticket printer widths.
var (
	Paper58 = Paper{Name: "58mm", Dots: 384, Columns: 32}
	Paper80 = Paper{Name: "80mm", Dots: 576, Columns: 48}
)

// PaperByWidth returns Paper58 or Paper80 for a configured width in mm.
func PaperByWidth(mm int) (Paper, error) {
	switch mm {
	case 58:
		return Paper58, nil
	case 80:
		return Paper80, nil
	}
	return Paper{}, fmt.Errorf("escpos: paper width %d mm: %w", mm, ErrArgument)
}

// Cols returns the columns per line at character width multiplier w (GS !).
func (p Paper) Cols(w int) int {
	if w < 1 {
		w = 1
	}
	return p.Columns / w
}

// runeWidth is the display width of a printable rune.
func runeWidth(r rune) int {
	if r < 0x80 {
		return 1
	}
	return 2
}

// Width returns the display width of s as it will print.
func (e *Encoder) Width(s string) int {
	n := 0
	for _, r := range e.Printable(s) {
		n += runeWidth(r)
	}
	return n
}

// Truncate returns the printable form of s cut to at most cols columns.
func (e *Encoder) Truncate(s string, cols int) string {
	var sb strings.Builder
	w := 0
	for _, r := range e.Printable(s) {
		rw := runeWidth(r)
		if w+rw > cols {
			break
		}
		sb.WriteRune(r)
		w += rw
	}
	return sb.String()
}

// Wrap breaks s into printable lines of at most cols columns. Explicit
// newlines start a new line; a line is broken at the last space when an ASCII
// word would be split, anywhere between Chinese characters. Trailing spaces
// are dropped. cols below 2 is treated as 2 so that a Chinese char fits.
func (e *Encoder) Wrap(s string, cols int) []string {
	if cols < 2 {
		cols = 2
	}
	var lines []string
	for _, para := range strings.Split(s, "\n") {
		lines = append(lines, e.wrapPara([]rune(e.Printable(para)), cols)...)
	}
	return lines
}

func (e *Encoder) wrapPara(rs []rune, cols int) []string {
	var lines []string
	for {
		w, i := 0, 0
		for i < len(rs) && w+runeWidth(rs[i]) <= cols {
			w += runeWidth(rs[i])
			i++
		}
		if i == len(rs) {
			return append(lines, strings.TrimRight(string(rs), " "))
		}
		cut := i
		// Split an ASCII word at the last space, if there is one on the line.
		if isWordRune(rs[i]) && i > 0 && isWordRune(rs[i-1]) {
			for j := i - 1; j > 0; j-- {
				if rs[j] == ' ' {
					cut = j
					break
				}
			}
		}
		lines = append(lines, strings.TrimRight(string(rs[:cut]), " "))
		rs = rs[cut:]
		for len(rs) > 0 && rs[0] == ' ' {
			rs = rs[1:]
		}
	}
}

func isWordRune(r rune) bool { return r > ' ' && r < 0x80 }

// Center returns s padded on the left so that it is centred in cols
// columns; text wider than cols is truncated first.
func (e *Encoder) Center(s string, cols int) string {
	t := e.Truncate(s, cols)
	pad := (cols - e.Width(t)) / 2
	return strings.Repeat(" ", pad) + t
}

// Justify returns left and right on one line of exactly cols columns with
// spaces between; left is truncated when both do not fit.
func (e *Encoder) Justify(left, right string, cols int) string {
	r := e.Truncate(right, cols)
	room := cols - e.Width(r) - 1
	if room < 0 {
		return r
	}
	l := e.Truncate(left, room)
	return l + strings.Repeat(" ", cols-e.Width(l)-e.Width(r)) + r
}
