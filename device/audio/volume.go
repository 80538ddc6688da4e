package audio

import (
	"encoding/binary"
	"math"
	"time"
)

// prepare returns the PCM to hand to the player: pcm scaled by gain,
// repeated n times with pause of silence between. It never modifies pcm.
func prepare(f Format, pcm []byte, gain float64, n int, pause time.Duration) []byte {
	frames := int((pause.Nanoseconds()*int64(f.SampleRate) + int64(time.Second)/2) / int64(time.Second))
	gap := frames * f.FrameSize()
	out := make([]byte, 0, n*len(pcm)+(n-1)*gap)
	out = append(out, scale(pcm, gain)...)
	one := out[:len(pcm)]
	for range n - 1 {
		out = append(out, make([]byte, gap)...)
		out = append(out, one...)
	}
	return out
}

// scale multiplies every S16_LE sample by gain, rounding to nearest and
// clamping to [-32768, 32767], into a new slice.
func scale(pcm []byte, gain float64) []byte {
	out := make([]byte, len(pcm))
	if gain == 1 {
		copy(out, pcm)
		return out
	}
	for i := 0; i+1 < len(pcm); i += 2 {
		v := math.Round(float64(int16(binary.LittleEndian.Uint16(pcm[i:]))) * gain)
		v = max(min(v, math.MaxInt16), math.MinInt16)
		binary.LittleEndian.PutUint16(out[i:], uint16(int16(v)))
	}
	return out
}
