package escpos

import (
	"bytes"
	"reflect"
	"testing"
	"unicode/utf8"

	"halld/device/gbk"
)

func TestDecodeTicket(t *testing.T) {
	doc := Decode(gbk.GBK, buildTicket(t))
	want := []Element{
		Init{},
		TextLine{Align: Center, Spans: []Span{{Text: "A001", Width: 2, Height: 2, Bold: true}}},
		TextLine{Align: Center, Spans: []Span{{Text: "请到3号窗口", Width: 1, Height: 1}}},
		QRCode{Model: 50, Module: 6, Level: QRLevelM, Data: []byte(ticketURL)},
		Feed{Lines: 3},
		Cut{Partial: true, Feed: 0},
	}
	if !reflect.DeepEqual(doc.Elements, want) {
		t.Fatalf("got  %#v\nwant %#v", doc.Elements, want)
	}
	golden(t, "ticket.txt", []byte(doc.Render(Paper58)))
}

func TestDecodeCases(t *testing.T) {
	tests := []struct {
		name string
		cs   gbk.Charset
		in   string // hex
		want []Element
	}{
		{"gbk ext on GB2312 font", gbk.GB2312, "D6ECE946BBF90A",
			[]Element{TextLine{Spans: []Span{{Text: "朱\uFFFD基", Width: 1, Height: 1}}}}},
		{"gbk ext on GBK font", gbk.GBK, "D6ECE946BBF90A",
			[]Element{TextLine{Spans: []Span{{Text: "朱镕基", Width: 1, Height: 1}}}}},
		{"chinese mode off", gbk.GBK, "1C2EC7EB0A",
			[]Element{TextLine{Spans: []Span{{Text: "\uFFFD\uFFFD", Width: 1, Height: 1}}}}},
		{"bold mid line", gbk.GBK, "611B4501620A",
			[]Element{TextLine{Spans: []Span{{Text: "a", Width: 1, Height: 1}, {Text: "b", Width: 1, Height: 1, Bold: true}}}}},
		{"align applies at line start", gbk.GBK, "611B6101620A630A",
			[]Element{TextLine{Spans: []Span{{Text: "ab", Width: 1, Height: 1}}}, TextLine{Align: Center, Spans: []Span{{Text: "c", Width: 1, Height: 1}}}}},
		{"ESC ! double", gbk.GBK, "1B2138410A",
			[]Element{TextLine{Spans: []Span{{Text: "A", Width: 2, Height: 2, Bold: true}}}}},
		{"cut with text pending is ignored", gbk.GBK, "611D5601",
			[]Element{Unknown{Bytes: []byte{0x1D, 0x56, 0x01}}}},
		{"full cut", gbk.GBK, "1D5600", []Element{Cut{Feed: -1}}},
		{"ESC d ends the line", gbk.GBK, "611B6402",
			[]Element{TextLine{Spans: []Span{{Text: "a", Width: 1, Height: 1}}}, Feed{Lines: 2}}},
		{"requests", gbk.GBK, "1004011D72011005021B4A10",
			[]Element{StatusRequest{N: 1}, AckRequest{N: 1}, Recover{N: 2}, Feed{Dots: 16}}},
		{"init drops buffer", gbk.GBK, "611B40620A",
			[]Element{Init{}, TextLine{Spans: []Span{{Text: "b", Width: 1, Height: 1}}}}},
		{"barcode A and B", gbk.GBK, "1D6B0431323300 1D6B4903414243",
			[]Element{Barcode{Type: 4, Data: []byte("123")}, Barcode{Type: 73, Data: []byte("ABC")}}},
		{"raster", gbk.GBK, "1B61021D7630000200020 0FFC00000",
			[]Element{Image{Align: Right, Bitmap: &Bitmap{Width: 16, Height: 2, Bits: []byte{0xFF, 0xC0, 0, 0}}}}},
		{"unknown ESC", gbk.GBK, "1B7A", []Element{Unknown{Bytes: []byte{0x1B, 0x7A}}}},
		{"truncated QR", gbk.GBK, "1D286B0500", []Element{Unknown{Bytes: []byte{0x1D, 0x28, 0x6B, 0x05, 0x00}}}},
		{"dle eot inside QR data is data", gbk.GBK, "1D286B0600315030100401 1D286B0300315130",
			[]Element{QRCode{Model: 50, Module: 3, Data: []byte{0x10, 0x04, 0x01}}}},
		{"text without LF does not print", gbk.GBK, "6162", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := Decode(tt.cs, unhex(t, tt.in))
			if !reflect.DeepEqual(doc.Elements, tt.want) {
				t.Errorf("got  %#v\nwant %#v", doc.Elements, tt.want)
			}
		})
	}
}

func TestDecodeRasterVector(t *testing.T) {
	doc := Decode(gbk.GBK, unhex(t, "1D 76 30 00 02 00 02 00 FF C0 00 00"))
	img := doc.Elements[0].(Image).Bitmap
	if got := img.String(); got != "##########......\n................\n" {
		t.Errorf("bitmap:\n%s", got)
	}
}

// FuzzDecode: the decoder never panics nor hangs, and feeding the stream
// in pieces gives the same document as feeding it at once.
func FuzzDecode(f *testing.F) {
	f.Add(mustTicket(), 7)
	f.Add([]byte{0x1D, 0x76, 0x30, 0x00, 0xFF, 0xFF, 0xFF, 0xFF}, 1)
	f.Add([]byte{0x1D, 0x38, 0x4C, 0xFF, 0xFF, 0xFF, 0x7F, 0x30}, 2)
	f.Add([]byte{0x1D, 0x6B, 0x00, 0x31}, 1)
	f.Add([]byte{0x1B, 0x44, 0x01, 0x02}, 3)
	f.Fuzz(func(t *testing.T, p []byte, split int) {
		whole := Decode(gbk.GBK, p)
		if split <= 0 {
			split = 1
		}
		d := NewDecoder(gbk.GBK)
		var parts []Element
		for i := 0; i < len(p); i += split {
			d.Write(p[i:min(i+split, len(p))])
			parts = append(parts, d.Take()...)
		}
		d.Flush()
		parts = append(parts, d.Take()...)
		if !reflect.DeepEqual(whole.Elements, parts) {
			t.Fatalf("split %d differs:\n%#v\n%#v", split, whole.Elements, parts)
		}
		_ = whole.Render(Paper58)
		_ = Decode(gbk.GB2312, p)
	})
}

func mustTicket() []byte {
	p, err := NewBuilder(Options{}).Init().Align(Center).Size(2, 2).Line("A001").
		Size(1, 1).Line("请到3号窗口").QR(ticketURL, 6, QRLevelM).Feed(3).Cut(0).AckRequest().Bytes()
	if err != nil {
		panic(err)
	}
	return p
}

// Builder output decodes to what was built, for every command the builder has.
func TestBuildDecodeRoundTrip(t *testing.T) {
	bm := NewBitmap(24, 3)
	bm.Set(23, 2, true)
	p, err := NewBuilder(Options{Charset: gbk.GB2312}).Init().Chinese(true).Align(Right).Underline(1).
		Size(3, 2).Line("窗口 3").Underline(0).Size(1, 1).Bold(true).Text("a").Bold(false).LF().
		Image(bm).Cut(5).AckRequest().Bytes()
	if err != nil {
		t.Fatal(err)
	}
	d := NewDecoder(gbk.GB2312)
	for _, c := range p { // one byte at a time, as a slow serial line delivers it
		d.Write([]byte{c})
	}
	if d.Pending() != 0 {
		t.Fatalf("pending %d", d.Pending())
	}
	want := []Element{
		Init{},
		TextLine{Align: Right, Spans: []Span{{Text: "窗口 3", Width: 3, Height: 2, Underline: true}}},
		TextLine{Align: Right, Spans: []Span{{Text: "a", Width: 1, Height: 1, Bold: true}}},
		Image{Align: Right, Bitmap: bm},
		Cut{Partial: true, Feed: 5},
		AckRequest{N: 1},
	}
	if got := d.Take(); !reflect.DeepEqual(got, want) {
		t.Fatalf("got  %#v\nwant %#v", got, want)
	}
	if !bytes.Equal(bm.Bits, []byte{0, 0, 0, 0, 0, 0, 0, 0, 1}) {
		t.Fatal("bitmap changed")
	}
}

// FuzzDecodeText: whatever the user typed, the Builder's text bytes are
// printable text only, and the printer reads them back as the printable
// form, exactly as wide as gbk says.
func FuzzDecodeText(f *testing.F) {
	for _, s := range []string{"请A001号", "\x1b@\x10\x04\x01", "€𠮷镕", "\xff\xfe", "\u0085\u200b"} {
		f.Add(s, false)
	}
	f.Fuzz(func(t *testing.T, s string, gb2312 bool) {
		cs := gbk.GBK
		if gb2312 {
			cs = gbk.GB2312
		}
		b := NewBuilder(Options{Charset: cs, Replacement: '□'})
		p, err := b.Text(s).Bytes()
		if err != nil {
			t.Fatal(err)
		}
		for i, c := range p {
			if c < 0x20 || c == 0x7F {
				t.Fatalf("control byte %#02x at %d in % X", c, i, p)
			}
		}
		e := b.Encoder()
		doc := Decode(cs, append(p, LF))
		if len(doc.Elements) != 1 {
			t.Fatalf("elements %#v", doc.Elements)
		}
		line := doc.Elements[0].(TextLine)
		if got, want := line.Text(), e.Printable(s); got != want {
			t.Fatalf("decoded %q, printable %q", got, want)
		}
		if line.Columns() != e.Width(s) {
			t.Fatalf("columns %d, width %d", line.Columns(), e.Width(s))
		}
		if !utf8.ValidString(e.Printable(s)) {
			t.Fatal("printable form is not UTF-8")
		}
	})
}
