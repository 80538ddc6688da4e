package voice

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"time"
)

// Format is the PCM layout of a clip: always signed 16-bit little-endian
// samples, interleaved when stereo.
type Format struct {
	SampleRate int // frames per second, e.g. 16000
	Channels   int // 1 or 2
}

// BitsPerSample is the only sample size this package handles.
const BitsPerSample = 16

// FrameSize is the number of bytes of one frame (one sample per channel).
func (f Format) FrameSize() int { return f.Channels * BitsPerSample / 8 }

// Frames is the number of whole frames in n bytes of PCM.
func (f Format) Frames(n int) int { return n / f.FrameSize() }

// Duration is the playing time of n bytes of PCM, rounded down to the
// nanosecond.
func (f Format) Duration(n int) time.Duration {
	return time.Duration(int64(f.Frames(n)) * int64(time.Second) / int64(f.SampleRate))
}

// framesFor is the number of frames closest to d, for silences.
func (f Format) framesFor(d time.Duration) int {
	return int((d.Nanoseconds()*int64(f.SampleRate) + int64(time.Second)/2) / int64(time.Second))
}

func (f Format) String() string {
	ch := "mono"
	if f.Channels == 2 {
		ch = "stereo"
	}
	return fmt.Sprintf("%d Hz %s 16-bit", f.SampleRate, ch)
}

func (f Format) valid() error {
	if f.Channels != 1 && f.Channels != 2 {
		return fmt.Errorf("%w: %d channels", ErrUnsupportedFormat, f.Channels)
	}
	if f.SampleRate < 1000 || f.SampleRate > 384000 {
		return fmt.Errorf("%w: sample rate %d Hz", ErrUnsupportedFormat, f.SampleRate)
	}
	return nil
}

// WAVE format tags and the PCM sub-format GUID of WAVE_FORMAT_EXTENSIBLE
// (KSDATAFORMAT_SUBTYPE_PCM, 00000001-0000-0010-8000-00aa00389b71).
const (
	tagPCM        = 0x0001
	tagExtensible = 0xFFFE
)

var pcmGUIDTail = []byte{0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71}

// streamingSize is the smallest chunk size taken for "unknown, read to the
// end": streaming writers (espeak-ng --stdout, arecord to a pipe) put
// 0x7FFFFFFF or 0xFFFFFFFF there.
const streamingSize = 0x7FFFF000

// ReadWAV parses a RIFF/WAVE file and returns its format and PCM data. It
// walks the chunks (fmt and data may be anywhere; LIST, fact, cue and other
// chunks are skipped; odd-sized chunks are padded to an even length), so it
// does not depend on a 44-byte header. A trailing partial frame is dropped.
// The PCM slice aliases b.
func ReadWAV(b []byte) (Format, []byte, error) {
	if len(b) < 12 || string(b[0:4]) != "RIFF" || string(b[8:12]) != "WAVE" {
		return Format{}, nil, ErrNotWAV
	}
	end := len(b)
	if riff := binary.LittleEndian.Uint32(b[4:8]); riff < streamingSize && int64(riff)+8 < int64(end) {
		end = int(riff) + 8 // ignore bytes after the RIFF chunk
	}
	var (
		f       Format
		haveFmt bool
		data    []byte
		hasData bool
	)
	for off := 12; off+8 <= end; {
		id := string(b[off : off+4])
		size := int64(binary.LittleEndian.Uint32(b[off+4 : off+8]))
		body := int64(off + 8)
		if body+size > int64(end) {
			if id != "data" || size < streamingSize {
				return Format{}, nil, fmt.Errorf("%w: chunk %q at %d claims %d bytes, %d left", ErrMalformedWAV, id, off, size, int64(end)-body)
			}
			size = int64(end) - body
		}
		chunk := b[body : body+size]
		switch id {
		case "fmt ":
			if haveFmt {
				return Format{}, nil, fmt.Errorf("%w: second fmt chunk", ErrMalformedWAV)
			}
			var err error
			if f, err = parseFmt(chunk); err != nil {
				return Format{}, nil, err
			}
			haveFmt = true
		case "data":
			if !hasData { // the first data chunk is the sound; others are ignored
				data, hasData = chunk, true
			}
		}
		off = int(body + size + size&1)
	}
	if !haveFmt {
		return Format{}, nil, fmt.Errorf("%w: no fmt chunk", ErrMalformedWAV)
	}
	if !hasData {
		return Format{}, nil, fmt.Errorf("%w: no data chunk", ErrMalformedWAV)
	}
	n := len(data) - len(data)%f.FrameSize()
	return f, data[:n:n], nil
}

func parseFmt(c []byte) (Format, error) {
	if len(c) < 16 {
		return Format{}, fmt.Errorf("%w: fmt chunk of %d bytes", ErrMalformedWAV, len(c))
	}
	le := binary.LittleEndian
	tag := le.Uint16(c[0:2])
	f := Format{Channels: int(le.Uint16(c[2:4])), SampleRate: int(le.Uint32(c[4:8]))}
	byteRate := le.Uint32(c[8:12])
	align := int(le.Uint16(c[12:14]))
	bits := int(le.Uint16(c[14:16]))
	switch tag {
	case tagPCM:
	case tagExtensible:
		// cbSize(2) validBits(2) channelMask(4) subFormat GUID(16)
		if len(c) < 40 || le.Uint16(c[16:18]) < 22 {
			return Format{}, fmt.Errorf("%w: short WAVE_FORMAT_EXTENSIBLE fmt chunk", ErrMalformedWAV)
		}
		if le.Uint16(c[24:26]) != tagPCM || !bytes.Equal(c[26:40], pcmGUIDTail) {
			return Format{}, fmt.Errorf("%w: extensible sub-format is not integer PCM", ErrUnsupportedFormat)
		}
		if valid := int(le.Uint16(c[18:20])); valid != bits && valid != 0 {
			return Format{}, fmt.Errorf("%w: %d valid bits in %d-bit samples", ErrUnsupportedFormat, valid, bits)
		}
	default:
		return Format{}, fmt.Errorf("%w: format tag 0x%04X", ErrUnsupportedFormat, tag)
	}
	if bits != BitsPerSample {
		return Format{}, fmt.Errorf("%w: %d bits per sample", ErrUnsupportedFormat, bits)
	}
	if err := f.valid(); err != nil {
		return Format{}, err
	}
	if align != f.FrameSize() || byteRate != uint32(f.SampleRate*f.FrameSize()) {
		return Format{}, fmt.Errorf("%w: block align %d, byte rate %d for %s", ErrMalformedWAV, align, byteRate, f)
	}
	return f, nil
}

// WriteWAV writes pcm as a canonical 44-byte-header WAV file of format f.
// pcm must hold whole frames.
func WriteWAV(w io.Writer, f Format, pcm []byte) error {
	if err := f.valid(); err != nil {
		return err
	}
	if len(pcm)%f.FrameSize() != 0 {
		return fmt.Errorf("%w: %d bytes of PCM is not whole %d-byte frames", ErrBadCall, len(pcm), f.FrameSize())
	}
	if int64(len(pcm)) > 0xFFFFFFFF-36 {
		return fmt.Errorf("%w: %d bytes of PCM is too long for a WAV file", ErrBadCall, len(pcm))
	}
	var h [44]byte
	le := binary.LittleEndian
	copy(h[0:4], "RIFF")
	le.PutUint32(h[4:8], uint32(36+len(pcm)))
	copy(h[8:16], "WAVEfmt ")
	le.PutUint32(h[16:20], 16)
	le.PutUint16(h[20:22], tagPCM)
	le.PutUint16(h[22:24], uint16(f.Channels))
	le.PutUint32(h[24:28], uint32(f.SampleRate))
	le.PutUint32(h[28:32], uint32(f.SampleRate*f.FrameSize()))
	le.PutUint16(h[32:34], uint16(f.FrameSize()))
	le.PutUint16(h[34:36], BitsPerSample)
	copy(h[36:40], "data")
	le.PutUint32(h[40:44], uint32(len(pcm)))
	if _, err := w.Write(h[:]); err != nil {
		return err
	}
	_, err := w.Write(pcm)
	return err
}

// EncodeWAV is WriteWAV into a new byte slice.
func EncodeWAV(f Format, pcm []byte) ([]byte, error) {
	var buf bytes.Buffer
	buf.Grow(44 + len(pcm))
	if err := WriteWAV(&buf, f, pcm); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
