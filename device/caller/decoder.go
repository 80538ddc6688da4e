package caller

import (
	"bytes"

	"halld/device/checksum"
)

// DecoderStats counts what the decoder saw.
type DecoderStats struct {
	Frames    uint64 // good frames
	BadFrames uint64 // start found but length copies, check or stop wrong
	Skipped   uint64 // bytes dropped while resynchronising
}

// Decoder cuts frames out of a byte stream. The FF wake-up byte is optional
// on input (some callers omit it); a frame starts at 68 L L 68. It is not
// safe for concurrent use.
type Decoder struct {
	buf   []byte
	stats DecoderStats
	raw   [][]byte
}

// Stats returns the counters so far.
func (d *Decoder) Stats() DecoderStats { return d.stats }

// Feed adds bytes as they came from the line and returns the frames they
// complete. Raw returns the same frames' wire bytes (for the echo). At most
// one frame's worth of bytes is kept between calls.
func (d *Decoder) Feed(p []byte) []Frame {
	d.buf = append(d.buf, p...)
	d.raw = d.raw[:0]
	var out []Frame
	b := d.buf
	for {
		i := bytes.IndexByte(b, Start)
		if i < 0 {
			keep := 0
			if len(b) > 0 && b[len(b)-1] == Wake {
				keep = 1 // may be the wake byte of a frame still coming
			}
			d.stats.Skipped += uint64(len(b) - keep)
			b = b[len(b)-keep:]
			break
		}
		s := 0
		if i > 0 && b[i-1] == Wake {
			s = 1 // keep the wake byte with its frame, for the echo
		}
		d.stats.Skipped += uint64(i - s)
		b = b[i-s:]
		if len(b) < s+4 {
			break
		}
		l := int(b[s+1])
		if b[s+2] != b[s+1] || b[s+3] != Start || l < 2 {
			d.stats.BadFrames++
			d.stats.Skipped += uint64(s + 1)
			b = b[s+1:]
			continue
		}
		end := s + 4 + l + 2 // 68 L L 68, L bytes, CS, 16
		if len(b) < end {
			break
		}
		body := b[s+4 : s+4+l]
		if b[end-1] != Stop || b[end-2] != checksum.Sum8(body) {
			d.stats.BadFrames++
			d.stats.Skipped += uint64(s + 1)
			b = b[s+1:]
			continue
		}
		d.stats.Frames++
		out = append(out, Frame{Addr: body[0], Func: body[1], Data: append([]byte(nil), body[2:]...)})
		d.raw = append(d.raw, append([]byte(nil), b[:end]...))
		b = b[end:]
	}
	d.buf = append(d.buf[:0], b...)
	return out
}

// Raw returns the wire bytes of the frames the last Feed returned, in order.
func (d *Decoder) Raw() [][]byte { return d.raw }
