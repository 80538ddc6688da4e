package escpos

import (
	"fmt"
	"strings"

	"halld/device/gbk"
)

// Element is one thing a decoded stream does: print a line, a QR code or an
// image, feed, cut, or ask for status. The concrete types are listed below.
type Element interface{ element() }

// Span is a run of text printed with one style.
type Span struct {
	Text          string
	Width, Height int // GS ! multipliers, 1–8
	Bold          bool
	Underline     bool
}

// TextLine is a printed line (ended by LF, ESC d or a cut). An empty line
// has no spans. Align is the alignment in force when the line started.
type TextLine struct {
	Align Align
	Spans []Span
}

// Text returns the line's text without styles.
func (l TextLine) Text() string {
	var sb strings.Builder
	for _, s := range l.Spans {
		sb.WriteString(s.Text)
	}
	return sb.String()
}

// Columns returns the width of the line in normal-size ASCII columns.
func (l TextLine) Columns() int {
	n := 0
	for _, s := range l.Spans {
		for _, r := range s.Text {
			n += gbk.RuneWidth(r) * max(s.Width, 1)
		}
	}
	return n
}

// Init is ESC @.
type Init struct{}

// Feed is ESC d n (Lines) or ESC J n (Dots).
type Feed struct{ Lines, Dots int }

// QRCode is a QR code printed by GS ( k fn181 with the data stored by fn180.
type QRCode struct {
	Model  int // 49 model 1, 50 model 2, 51 micro; as sent
	Module int
	Level  QRLevel
	Data   []byte
}

// Image is a raster printed by GS v 0. Mode 0 normal, 1 double width,
// 2 double height, 3 quadruple.
type Image struct {
	Align  Align
	Mode   byte
	Bitmap *Bitmap
}

// Barcode is a 1-D barcode printed by GS k.
type Barcode struct {
	Type byte
	Data []byte
}

// Cut is GS V. Feed is the extra feed of function B (−1 if none).
type Cut struct {
	Partial bool
	Feed    int
}

// AckRequest is GS r n: the printer answers once everything before it is
// processed.
type AckRequest struct{ N byte }

// StatusRequest is DLE EOT n: answered at once, even inside other data.
type StatusRequest struct{ N byte }

// Recover is DLE ENQ n (1 recover, 2 recover and clear buffers).
type Recover struct{ N byte }

// Unknown holds bytes the decoder did not recognise, or a command cut short
// at the end of the input.
type Unknown struct{ Bytes []byte }

func (Init) element()          {}
func (TextLine) element()      {}
func (Feed) element()          {}
func (QRCode) element()        {}
func (Image) element()         {}
func (Barcode) element()       {}
func (Cut) element()           {}
func (AckRequest) element()    {}
func (StatusRequest) element() {}
func (Recover) element()       {}
func (Unknown) element()       {}

// Document is a decoded stream: what the printer did, in order.
type Document struct {
	Elements []Element
}

// Lines returns the text of every printed line, in order.
func (d Document) Lines() []string {
	var out []string
	for _, e := range d.Elements {
		if l, ok := e.(TextLine); ok {
			out = append(out, l.Text())
		}
	}
	return out
}

// Render draws the document as plain text on paper p, the way a developer
// wants to see a ticket: lines aligned within the paper's columns (double
// width text is spread with spaces), QR codes, images and cuts as markers.
// Status and ack requests do not print and are left out.
func (d Document) Render(p Paper) string {
	var sb strings.Builder
	cols := p.Columns
	if cols <= 0 {
		cols = Paper80.Columns
	}
	for _, e := range d.Elements {
		switch e := e.(type) {
		case TextLine:
			sb.WriteString(renderLine(e, cols))
		case Feed:
			for i := 0; i < e.Lines; i++ {
				sb.WriteByte('\n')
			}
		case QRCode:
			fmt.Fprintf(&sb, "[QR module %d level %s: %q]\n", e.Module, e.Level, e.Data)
		case Image:
			fmt.Fprintf(&sb, "[image %d×%d]\n", e.Bitmap.Width, e.Bitmap.Height)
		case Barcode:
			fmt.Fprintf(&sb, "[barcode %d: %q]\n", e.Type, e.Data)
		case Cut:
			sb.WriteString(strings.Repeat("-", cols) + " cut\n")
		case Unknown:
			fmt.Fprintf(&sb, "[unknown % X]\n", e.Bytes)
		}
	}
	return sb.String()
}

func renderLine(l TextLine, cols int) string {
	var sb strings.Builder
	for _, s := range l.Spans {
		for _, r := range s.Text {
			sb.WriteRune(r)
			// Double-width text fills w times its normal columns.
			sb.WriteString(strings.Repeat(" ", gbk.RuneWidth(r)*(max(s.Width, 1)-1)))
		}
	}
	text := strings.TrimRight(sb.String(), " ")
	pad := 0
	switch w := l.Columns(); l.Align {
	case Center:
		pad = max(cols-w, 0) / 2
	case Right:
		pad = max(cols-w, 0)
	}
	return strings.Repeat(" ", pad) + text + "\n"
}
