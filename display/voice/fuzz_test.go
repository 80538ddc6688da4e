package voice

import (
	"bytes"
	"testing"
)

// FuzzReadWAV: any input either fails with an error or gives a valid format
// and whole frames that survive a write/read round trip.
func FuzzReadWAV(f *testing.F) {
	pcm := samples(1, 2, 3, 4)
	f.Add(riff(chunk("fmt ", fmtPCM(1, 1, 16000, 16)), chunk("data", pcm)))
	f.Add(riff(chunk("LIST", []byte("INFOabc")), chunk("fmt ", fmtPCM(1, 2, 22050, 16)), chunk("data", pcm)))
	f.Add(riff(chunk("fmt ", fmtExtensible(2, 48000, 1)), chunk("data", pcm)))
	f.Add(riff(chunk("data", pcm[:3]), chunk("fmt ", fmtPCM(1, 1, 8000, 16))))
	f.Add([]byte("RIFF\xff\xff\xff\x7fWAVEdata\xff\xff\xff\xff"))
	f.Fuzz(func(t *testing.T, b []byte) {
		format, got, err := ReadWAV(b)
		if err != nil {
			return
		}
		if format.valid() != nil {
			t.Fatalf("accepted invalid format %+v", format)
		}
		if len(got)%format.FrameSize() != 0 {
			t.Fatalf("%d bytes of PCM is not whole frames of %v", len(got), format)
		}
		w, err := EncodeWAV(format, got)
		if err != nil {
			t.Fatalf("EncodeWAV: %v", err)
		}
		f2, pcm2, err := ReadWAV(w)
		if err != nil || f2 != format || !bytes.Equal(pcm2, got) {
			t.Fatalf("round trip: %v %v", err, f2)
		}
	})
}
