package escpos

import (
	"strings"

	"halld/device/gbk"
)

// Layout fits text to printed lines of Cols columns (see Paper.Cols),
// measuring it as Enc will print it: ASCII one column, Chinese two. A nil
// Enc is a GBK font with '?' and '□' replacement. Its results are printable text,
// ready for Builder.Line.
type Layout struct {
	Enc  *gbk.Encoder
	Cols int
}

var defaultEnc = gbk.NewEncoder(gbk.GBK, '?', '□')

func (l Layout) enc() *gbk.Encoder {
	if l.Enc == nil {
		return defaultEnc
	}
	return l.Enc
}

// Wrap breaks s into printable lines of at most Cols columns. Explicit
// newlines start a new line; a line is broken at the last space when an ASCII
// word would be split, anywhere between Chinese characters. Trailing spaces
// are dropped. Cols below 2 is treated as 2 so that a Chinese char fits.
func (l Layout) Wrap(s string) []string {
	cols := max(l.Cols, 2)
	var lines []string
	for _, para := range strings.Split(s, "\n") {
		lines = append(lines, wrapPara([]rune(l.enc().Printable(para)), cols)...)
	}
	return lines
}

// wrapPara wraps printable runes.
func wrapPara(rs []rune, cols int) []string {
	var lines []string
	for {
		w, i := 0, 0
		for i < len(rs) && w+gbk.RuneWidth(rs[i]) <= cols {
			w += gbk.RuneWidth(rs[i])
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
		// 避头: closing punctuation never starts a line; carry the character
		// before it over too (at most two steps, so a run of them still breaks).
		for n := 0; n < 2 && cut > 1 && noLineStart(rs[cut]); n++ {
			cut--
		}
		lines = append(lines, strings.TrimRight(string(rs[:cut]), " "))
		rs = rs[cut:]
		for len(rs) > 0 && rs[0] == ' ' {
			rs = rs[1:]
		}
	}
}

func isWordRune(r rune) bool { return r > ' ' && r < 0x80 }

// noLineStart lists the punctuation Chinese typesetting keeps off the start
// of a line.
func noLineStart(r rune) bool {
	return strings.ContainsRune("，。、；：？！）」』》〉】”’,.;:?!)", r)
}

// Center returns s padded on the left so that it is centred in Cols
// columns; text wider than Cols is truncated first.
func (l Layout) Center(s string) string {
	e := l.enc()
	t := e.Truncate(s, l.Cols)
	pad := max(l.Cols-e.Width(t), 0) / 2
	return strings.Repeat(" ", pad) + t
}

// Justify returns left and right on one line of exactly Cols columns with
// spaces between; left is truncated when both do not fit.
func (l Layout) Justify(left, right string) string {
	e := l.enc()
	r := e.Truncate(right, l.Cols)
	room := l.Cols - e.Width(r) - 1
	if room < 0 {
		return r
	}
	lt := e.Truncate(left, room)
	return lt + strings.Repeat(" ", l.Cols-e.Width(lt)-e.Width(r)) + r
}
