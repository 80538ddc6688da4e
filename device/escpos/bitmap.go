package escpos

import (
	"image"
	"image/color"
	"strings"
)

// Bitmap is a 1-bit raster in the printer's own layout: rows of
// (Width+7)/8 bytes, most significant bit leftmost, 1 = black dot.
// It implements image.Image so it can be written as PNG for inspection.
type Bitmap struct {
	Width, Height int
	Bits          []byte
}

// NewBitmap returns a white w×h bitmap.
func NewBitmap(w, h int) *Bitmap {
	return &Bitmap{Width: w, Height: h, Bits: make([]byte, (w+7)/8*h)}
}

// RowBytes is the number of bytes per row.
func (b *Bitmap) RowBytes() int { return (b.Width + 7) / 8 }

// Black reports whether the dot at (x, y) is black; outside is white.
func (b *Bitmap) Black(x, y int) bool {
	if x < 0 || y < 0 || x >= b.Width || y >= b.Height {
		return false
	}
	i := y*b.RowBytes() + x/8
	return i < len(b.Bits) && b.Bits[i]&(0x80>>(x%8)) != 0
}

// Set paints the dot at (x, y) black or white; outside is ignored.
func (b *Bitmap) Set(x, y int, black bool) {
	if x < 0 || y < 0 || x >= b.Width || y >= b.Height {
		return
	}
	i := y*b.RowBytes() + x/8
	if black {
		b.Bits[i] |= 0x80 >> (x % 8)
	} else {
		b.Bits[i] &^= 0x80 >> (x % 8)
	}
}

func (b *Bitmap) ColorModel() color.Model { return color.GrayModel }
func (b *Bitmap) Bounds() image.Rectangle { return image.Rect(0, 0, b.Width, b.Height) }
func (b *Bitmap) At(x, y int) color.Color {
	if b.Black(x, y) {
		return color.Gray{Y: 0}
	}
	return color.Gray{Y: 255}
}

// String draws the bitmap with '#' for black and '.' for white, for tests
// and developer previews.
func (b *Bitmap) String() string {
	var sb strings.Builder
	for y := 0; y < b.Height; y++ {
		for x := 0; x < b.Width; x++ {
			if b.Black(x, y) {
				sb.WriteByte('#')
			} else {
				sb.WriteByte('.')
			}
		}
		sb.WriteByte('\n')
	}
	return sb.String()
}

// ToBitmap thresholds any image: a pixel is black when it is mostly opaque
// and darker than mid-grey.
func ToBitmap(img image.Image) *Bitmap {
	if bm, ok := img.(*Bitmap); ok {
		return bm
	}
	r := img.Bounds()
	bm := NewBitmap(r.Dx(), r.Dy())
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			g := color.GrayModel.Convert(img.At(x, y)).(color.Gray)
			_, _, _, a := img.At(x, y).RGBA()
			if a >= 0x8000 && g.Y < 128 {
				bm.Set(x-r.Min.X, y-r.Min.Y, true)
			}
		}
	}
	return bm
}
