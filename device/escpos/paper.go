package escpos

import "fmt"

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
