package voice

import (
	"bytes"
	"encoding/binary"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files")

// chunk builds one RIFF chunk, padded to an even length.
func chunk(id string, body []byte) []byte {
	b := append([]byte(id), 0, 0, 0, 0)
	binary.LittleEndian.PutUint32(b[4:], uint32(len(body)))
	b = append(b, body...)
	if len(body)%2 == 1 {
		b = append(b, 0)
	}
	return b
}

// riff wraps chunks in a RIFF/WAVE header with a correct size.
func riff(chunks ...[]byte) []byte {
	body := []byte("WAVE")
	for _, c := range chunks {
		body = append(body, c...)
	}
	return chunk("RIFF", body)
}

// fmtPCM is a plain PCM fmt chunk body.
func fmtPCM(tag, channels, rate, bits int) []byte {
	b := make([]byte, 16)
	le := binary.LittleEndian
	le.PutUint16(b[0:], uint16(tag))
	le.PutUint16(b[2:], uint16(channels))
	le.PutUint32(b[4:], uint32(rate))
	le.PutUint32(b[8:], uint32(rate*channels*bits/8))
	le.PutUint16(b[12:], uint16(channels*bits/8))
	le.PutUint16(b[14:], uint16(bits))
	return b
}

// fmtExtensible is a WAVE_FORMAT_EXTENSIBLE fmt chunk body with the given
// sub-format tag.
func fmtExtensible(channels, rate, sub int) []byte {
	b := fmtPCM(tagExtensible, channels, rate, 16)
	ext := make([]byte, 24)
	le := binary.LittleEndian
	le.PutUint16(ext[0:], 22)
	le.PutUint16(ext[2:], 16)
	le.PutUint32(ext[4:], 4)
	le.PutUint16(ext[8:], uint16(sub))
	copy(ext[10:], pcmGUIDTail)
	return append(b, ext...)
}

func samples(v ...int16) []byte {
	b := make([]byte, 2*len(v))
	for i, s := range v {
		binary.LittleEndian.PutUint16(b[2*i:], uint16(s))
	}
	return b
}

func TestReadWAV(t *testing.T) {
	pcm := samples(1, -2, 300, -32768, 32767, 0)
	mono := Format{SampleRate: 16000, Channels: 1}
	stereo := Format{SampleRate: 44100, Channels: 2}
	list := chunk("LIST", append([]byte("INFOISFT"), chunk("ISFT", []byte("Lavf58.76.100"))...)) // odd inner size
	streaming := riff(chunk("fmt ", fmtPCM(1, 1, 22050, 16)), chunk("data", pcm))
	binary.LittleEndian.PutUint32(streaming[4:], 0x7FFFFFFF)
	binary.LittleEndian.PutUint32(streaming[40:], 0x7FFFFFFF)
	trailing := append(riff(chunk("fmt ", fmtPCM(1, 1, 16000, 16)), chunk("data", pcm)), "junk after RIFF"...)

	tests := []struct {
		name    string
		in      []byte
		format  Format
		pcm     []byte
		wantErr error
	}{
		{"plain 44-byte header", riff(chunk("fmt ", fmtPCM(1, 1, 16000, 16)), chunk("data", pcm)), mono, pcm, nil},
		{"LIST before fmt", riff(list, chunk("fmt ", fmtPCM(1, 1, 16000, 16)), chunk("data", pcm)), mono, pcm, nil},
		{"odd-sized chunk padded", riff(chunk("fmt ", fmtPCM(1, 1, 16000, 16)), chunk("odd ", []byte{1, 2, 3}), chunk("data", pcm)), mono, pcm, nil},
		{"data before fmt", riff(chunk("data", pcm), chunk("fmt ", fmtPCM(1, 1, 16000, 16))), mono, pcm, nil},
		{"fmt with cbSize 0", riff(chunk("fmt ", append(fmtPCM(1, 1, 16000, 16), 0, 0)), chunk("data", pcm)), mono, pcm, nil},
		{"stereo", riff(chunk("fmt ", fmtPCM(1, 2, 44100, 16)), chunk("data", pcm)), stereo, pcm, nil},
		{"extensible PCM", riff(chunk("fmt ", fmtExtensible(2, 44100, 1)), chunk("fact", []byte{3, 0, 0, 0}), chunk("data", pcm)), stereo, pcm, nil},
		{"partial frame dropped", riff(chunk("fmt ", fmtPCM(1, 2, 44100, 16)), chunk("data", pcm[:10])), stereo, pcm[:8], nil},
		{"streaming sizes", streaming, Format{SampleRate: 22050, Channels: 1}, pcm, nil},
		{"bytes after RIFF ignored", trailing, mono, pcm, nil},
		{"second data chunk ignored", riff(chunk("fmt ", fmtPCM(1, 1, 16000, 16)), chunk("data", pcm), chunk("data", samples(9))), mono, pcm, nil},
		{"empty data", riff(chunk("fmt ", fmtPCM(1, 1, 16000, 16)), chunk("data", nil)), mono, []byte{}, nil},

		{"empty", nil, Format{}, nil, ErrNotWAV},
		{"RIFF but not WAVE", append([]byte("RIFF\x04\x00\x00\x00AVI "), chunk("data", pcm)...), Format{}, nil, ErrNotWAV},
		{"RIFX big-endian", append([]byte("RIFX"), riff(chunk("fmt ", fmtPCM(1, 1, 16000, 16)))[4:]...), Format{}, nil, ErrNotWAV},
		{"no fmt", riff(chunk("data", pcm)), Format{}, nil, ErrMalformedWAV},
		{"no data", riff(chunk("fmt ", fmtPCM(1, 1, 16000, 16))), Format{}, nil, ErrMalformedWAV},
		{"short fmt", riff(chunk("fmt ", fmtPCM(1, 1, 16000, 16)[:14]), chunk("data", pcm)), Format{}, nil, ErrMalformedWAV},
		{"two fmt", riff(chunk("fmt ", fmtPCM(1, 1, 16000, 16)), chunk("fmt ", fmtPCM(1, 1, 8000, 16)), chunk("data", pcm)), Format{}, nil, ErrMalformedWAV},
		{"truncated data", riff(chunk("fmt ", fmtPCM(1, 1, 16000, 16)), chunk("data", pcm))[:50], Format{}, nil, ErrMalformedWAV},
		{"bad block align", riff(chunk("fmt ", func() []byte { b := fmtPCM(1, 1, 16000, 16); b[12] = 4; return b }()), chunk("data", pcm)), Format{}, nil, ErrMalformedWAV},
		{"8-bit", riff(chunk("fmt ", fmtPCM(1, 1, 16000, 8)), chunk("data", pcm)), Format{}, nil, ErrUnsupportedFormat},
		{"24-bit", riff(chunk("fmt ", fmtPCM(1, 1, 16000, 24)), chunk("data", pcm)), Format{}, nil, ErrUnsupportedFormat},
		{"float", riff(chunk("fmt ", fmtPCM(3, 1, 16000, 32)), chunk("data", pcm)), Format{}, nil, ErrUnsupportedFormat},
		{"A-law", riff(chunk("fmt ", fmtPCM(6, 1, 8000, 8)), chunk("data", pcm)), Format{}, nil, ErrUnsupportedFormat},
		{"extensible float", riff(chunk("fmt ", fmtExtensible(1, 16000, 3)), chunk("data", pcm)), Format{}, nil, ErrUnsupportedFormat},
		{"3 channels", riff(chunk("fmt ", fmtPCM(1, 3, 16000, 16)), chunk("data", pcm)), Format{}, nil, ErrUnsupportedFormat},
		{"0 Hz", riff(chunk("fmt ", fmtPCM(1, 1, 0, 16)), chunk("data", pcm)), Format{}, nil, ErrUnsupportedFormat},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, got, err := ReadWAV(tt.in)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
			if err != nil {
				return
			}
			if f != tt.format || !bytes.Equal(got, tt.pcm) {
				t.Errorf("got %v % x, want %v % x", f, got, tt.format, tt.pcm)
			}
		})
	}
}

func TestWriteWAVGolden(t *testing.T) {
	f := Format{SampleRate: 16000, Channels: 1}
	pcm := samples(0, 1000, -1000, 32767, -32768)
	got, err := EncodeWAV(f, pcm)
	if err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "mono16k.wav")
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("EncodeWAV:\n got % x\nwant % x", got, want)
	}
	if len(got) != 44+len(pcm) {
		t.Errorf("len = %d, want %d", len(got), 44+len(pcm))
	}
	f2, pcm2, err := ReadWAV(got)
	if err != nil || f2 != f || !bytes.Equal(pcm2, pcm) {
		t.Errorf("round trip: %v %v % x", err, f2, pcm2)
	}
}

func TestWriteWAVRefuses(t *testing.T) {
	tests := []struct {
		name string
		f    Format
		pcm  []byte
		want error
	}{
		{"3 channels", Format{SampleRate: 16000, Channels: 3}, nil, ErrUnsupportedFormat},
		{"no rate", Format{Channels: 1}, nil, ErrUnsupportedFormat},
		{"partial stereo frame", Format{SampleRate: 16000, Channels: 2}, samples(1), ErrBadCall},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := EncodeWAV(tt.f, tt.pcm); !errors.Is(err, tt.want) {
				t.Errorf("err = %v, want %v", err, tt.want)
			}
		})
	}
}

func TestFormatDuration(t *testing.T) {
	f := Format{SampleRate: 16000, Channels: 2}
	if got := f.Duration(16000 * 4); got.Seconds() != 1 {
		t.Errorf("Duration = %v, want 1s", got)
	}
	if got := f.framesFor(DefaultTiming.ClipGap); got != 640 {
		t.Errorf("framesFor(40ms) = %d, want 640", got)
	}
}
