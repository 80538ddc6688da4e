package escpos

import (
	"bytes"
	"encoding/hex"
	"errors"
	"flag"
	"image"
	"image/color"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files")

// ticketURL is a 29-byte URL, the length used in notes §1.4 (pL = 0x20).
const ticketURL = "https://hall.example.com/A001"

// buildTicket is the sequence of notes §1.4.
func buildTicket(t *testing.T) []byte {
	t.Helper()
	b := NewBuilder(Options{})
	b.Init().Chinese(true).Align(Center).Size(2, 2).Bold(true).Line("A001").
		Size(1, 1).Bold(false).Line("请到3号窗口").
		QR(ticketURL, 6, QRLevelM).Feed(3).Cut(0)
	p, err := b.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func unhex(t *testing.T, s string) []byte {
	t.Helper()
	p, err := hex.DecodeString(strings.Join(strings.Fields(s), ""))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// golden compares got with testdata/name, rewriting it under -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs:\n got % X\nwant % X", name, got, want)
	}
}

func TestTicketNotes14(t *testing.T) {
	want := unhex(t, `1B 40 1C 26 1B 61 01 1D 21 11 1B 45 01 41 30 30 31 0A 1D 21 00 1B 45 00
		C7 EB B5 BD 33 BA C5 B4 B0 BF DA 0A
		1D 28 6B 04 00 31 41 32 00  1D 28 6B 03 00 31 43 06  1D 28 6B 03 00 31 45 31
		1D 28 6B 20 00 31 50 30`)
	want = append(want, ticketURL...)
	want = append(want, unhex(t, `1D 28 6B 03 00 31 51 30 1B 64 03 1D 56 42 00`)...)
	got := buildTicket(t)
	if !bytes.Equal(got, want) {
		t.Fatalf("ticket:\n got % X\nwant % X", got, want)
	}
	golden(t, "ticket.bin", got)
}

func TestRasterVector(t *testing.T) {
	bm := NewBitmap(10, 2)
	for x := 0; x < 10; x++ {
		bm.Set(x, 0, true)
	}
	got, err := NewBuilder(Options{}).Image(bm).Bytes()
	if err != nil {
		t.Fatal(err)
	}
	want := unhex(t, "1D 76 30 00 02 00 02 00 FF C0 00 00")
	if !bytes.Equal(got, want) {
		t.Fatalf("raster: got % X want % X", got, want)
	}
	golden(t, "raster.bin", got)
}

func TestImageFromRGBAAndBands(t *testing.T) {
	img := image.NewRGBA(image.Rect(0, 0, 9, 300))
	img.Set(0, 0, color.Black)
	img.Set(8, 299, color.Black)
	img.Set(1, 0, color.RGBA{0, 0, 0, 10}) // transparent: white
	got, err := NewBuilder(Options{}).Image(img).Bytes()
	if err != nil {
		t.Fatal(err)
	}
	// Two bands: 255 rows then 45 rows of 2 bytes each.
	if len(got) != 8+255*2+8+45*2 {
		t.Fatalf("len %d", len(got))
	}
	if !bytes.Equal(got[:10], []byte{GS, 'v', '0', 0, 2, 0, 255, 0, 0x80, 0}) {
		t.Errorf("first band % X", got[:10])
	}
	second := got[8+255*2:]
	if !bytes.Equal(second[:8], []byte{GS, 'v', '0', 0, 2, 0, 45, 0}) || second[len(second)-1] != 0x80 {
		t.Errorf("second band % X … % X", second[:8], second[len(second)-2:])
	}
}

func TestBuilderCommands(t *testing.T) {
	tests := []struct {
		name string
		do   func(b *Builder)
		want string
	}{
		{"init", func(b *Builder) { b.Init() }, "1B40"},
		{"chinese on", func(b *Builder) { b.Chinese(true) }, "1C26"},
		{"chinese off", func(b *Builder) { b.Chinese(false) }, "1C2E"},
		{"align right", func(b *Builder) { b.Align(Right) }, "1B6102"},
		{"size 1x1", func(b *Builder) { b.Size(1, 1) }, "1D2100"},
		{"size 2 wide", func(b *Builder) { b.Size(2, 1) }, "1D2110"},
		{"size 8x8", func(b *Builder) { b.Size(8, 8) }, "1D2177"},
		{"bold", func(b *Builder) { b.Bold(true).Bold(false) }, "1B45011B4500"},
		{"underline", func(b *Builder) { b.Underline(2) }, "1B2D02"},
		{"feed", func(b *Builder) { b.Feed(255) }, "1B64FF"},
		{"cut", func(b *Builder) { b.Cut(16) }, "1D564210"},
		{"ack", func(b *Builder) { b.AckRequest() }, "1D7201"},
		{"line", func(b *Builder) { b.Line("请A001号到3号窗口办理") }, "C7EB41303031BAC5B5BD33BAC5B4B0BFDAB0ECC0ED0A"},
		{"qr level H module 16", func(b *Builder) { b.QR("x", 16, QRLevelH) },
			"1D286B040031413200 1D286B0300314310 1D286B0300314533 1D286B0400315030 78 1D286B0300315130"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := NewBuilder(Options{})
			tt.do(b)
			got, err := b.Bytes()
			if err != nil {
				t.Fatal(err)
			}
			if want := unhex(t, tt.want); !bytes.Equal(got, want) {
				t.Errorf("got % X want % X", got, want)
			}
		})
	}
}

func TestBuilderErrors(t *testing.T) {
	long := strings.Repeat("a", MaxQRData+1)
	tests := []struct {
		name string
		opt  Options
		do   func(b *Builder)
		want error
	}{
		{"size 0", Options{}, func(b *Builder) { b.Size(0, 1) }, ErrArgument},
		{"size 9", Options{}, func(b *Builder) { b.Size(1, 9) }, ErrArgument},
		{"align 3", Options{}, func(b *Builder) { b.Align(3) }, ErrArgument},
		{"feed 256", Options{}, func(b *Builder) { b.Feed(256) }, ErrArgument},
		{"cut -1", Options{}, func(b *Builder) { b.Cut(-1) }, ErrArgument},
		{"underline 3", Options{}, func(b *Builder) { b.Underline(3) }, ErrArgument},
		{"qr empty", Options{}, func(b *Builder) { b.QR("", 6, QRLevelM) }, ErrQRData},
		{"qr too long", Options{}, func(b *Builder) { b.QR(long, 6, QRLevelM) }, ErrQRData},
		{"qr clone limit", Options{MaxQRData: 1020}, func(b *Builder) { b.QR(strings.Repeat("a", 1021), 6, QRLevelM) }, ErrQRData},
		{"qr module 17", Options{}, func(b *Builder) { b.QR("x", 17, QRLevelM) }, ErrArgument},
		{"qr level", Options{}, func(b *Builder) { b.QR("x", 3, 4) }, ErrArgument},
		{"image empty", Options{}, func(b *Builder) { b.Image(NewBitmap(0, 0)) }, ErrImage},
		{"image too wide", Options{Paper: Paper58}, func(b *Builder) { b.Image(NewBitmap(385, 1)) }, ErrImage},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := NewBuilder(tt.opt)
			b.Init()
			tt.do(b)
			b.Line("after") // ignored after an error
			if _, err := b.Bytes(); !errors.Is(err, tt.want) {
				t.Fatalf("err %v, want %v", err, tt.want)
			}
			b.Reset()
			if p, err := b.Line("ok").Bytes(); err != nil || string(p) != "ok\n" {
				t.Fatalf("after reset: %q %v", p, err)
			}
		})
	}
	// The longest payload Epson allows is accepted.
	if _, err := NewBuilder(Options{}).QR(strings.Repeat("a", MaxQRData), 3, QRLevelL).Bytes(); err != nil {
		t.Fatal(err)
	}
}
