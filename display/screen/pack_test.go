package screen

import (
	"encoding/binary"
	"math"
	"testing"
	"testing/fstest"
	"time"

	"halld/display/voice"
)

// tonePack is a voice pack of short sine tones (one pitch per clip) in
// format f with the letters A–F: a hall's own pack, and quick to play in
// browser tests.
func tonePack(t testing.TB, f voice.Format, clip time.Duration) *voice.Pack {
	return tonePackLetters(t, f, clip, "ABCDEF")
}

// tonePackLetters is tonePack with only the given letters.
func tonePackLetters(t testing.TB, f voice.Format, clip time.Duration, letters string) *voice.Pack {
	t.Helper()
	names := []string{voice.ClipChime, voice.ClipQing, voice.ClipHao, voice.ClipDao, voice.ClipChuangkou,
		voice.ClipBanli, voice.ClipShi, voice.ClipBai, voice.ClipQian}
	names = append(names, voice.DigitClips[:]...)
	for _, c := range letters {
		names = append(names, string(c))
	}
	fsys := fstest.MapFS{}
	frames := int(clip.Seconds() * float64(f.SampleRate))
	for i, name := range names {
		hz := 300 + 40*float64(i)
		pcm := make([]byte, 0, frames*f.FrameSize())
		for n := range frames {
			v := int16(0.4 * 32767 * math.Sin(2*math.Pi*hz*float64(n)/float64(f.SampleRate)))
			for range f.Channels {
				pcm = binary.LittleEndian.AppendUint16(pcm, uint16(v))
			}
		}
		wav, err := voice.EncodeWAV(f, pcm)
		if err != nil {
			t.Fatal(err)
		}
		fsys[name+".wav"] = &fstest.MapFile{Data: wav}
	}
	p, err := voice.LoadPack(fsys, voice.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return p
}
