package audio

import (
	"bytes"
	"encoding/binary"
	"testing"
	"time"
)

func s16(v ...int16) []byte {
	b := make([]byte, 2*len(v))
	for i, s := range v {
		binary.LittleEndian.PutUint16(b[2*i:], uint16(s))
	}
	return b
}

func TestScale(t *testing.T) {
	in := s16(0, 1, -1, 1000, -1000, 20000, -20000, 32767, -32768)
	tests := []struct {
		gain float64
		want []byte
	}{
		{1, in},
		{0.5, s16(0, 1, -1, 500, -500, 10000, -10000, 16384, -16384)}, // ±0.5 rounds away from zero
		{2, s16(0, 2, -2, 2000, -2000, 32767, -32768, 32767, -32768)}, // clamped
		{0.001, s16(0, 0, 0, 1, -1, 20, -20, 33, -33)},
		{0, s16(0, 0, 0, 0, 0, 0, 0, 0, 0)},
	}
	for _, tt := range tests {
		orig := bytes.Clone(in)
		got := scale(in, tt.gain)
		if !bytes.Equal(got, tt.want) {
			t.Errorf("scale(%g) = % x, want % x", tt.gain, got, tt.want)
		}
		if !bytes.Equal(in, orig) {
			t.Fatalf("scale(%g) modified its input", tt.gain)
		}
	}
}

func TestPrepare(t *testing.T) {
	f := Format{SampleRate: 1000, Channels: 2} // 1 frame = 4 bytes = 1 ms
	pcm := s16(100, -100)
	tests := []struct {
		name  string
		gain  float64
		n     int
		pause time.Duration
		want  []byte
	}{
		{"once", 1, 1, time.Second, s16(100, -100)},
		{"twice, 2 ms apart", 1, 2, 2 * time.Millisecond, s16(100, -100, 0, 0, 0, 0, 100, -100)},
		{"three times, no pause, louder", 3, 3, 0, s16(300, -300, 300, -300, 300, -300)},
	}
	for _, tt := range tests {
		if got := prepare(f, pcm, tt.gain, tt.n, tt.pause); !bytes.Equal(got, tt.want) {
			t.Errorf("%s: % x, want % x", tt.name, got, tt.want)
		}
	}
}
