package bx

// maxEscaped bounds the bytes buffered for one frame: the longest packet,
// every byte escaped.
const maxEscaped = 2 * (headerLen + cmdLen + maxDataLen + crcLen)

// Decoder cuts frames out of a byte stream such as a serial line. It needs no
// timing: A5 always starts a frame and 5A always ends one, because escaping
// removes both from the packet. Bytes outside a frame, cut-off frames and
// frames with a bad length, escape or CRC are dropped and counted, and
// decoding resumes at the next A5.
type Decoder struct {
	buf     []byte
	inFrame bool
	// Dropped counts bytes discarded outside or with bad frames.
	Dropped int
	// Bad counts complete frames rejected for their length, escape or CRC.
	Bad int
	// LastErr is why the last bad frame was rejected.
	LastErr error
}

// Feed consumes p and returns the frames it completed, in order.
func (d *Decoder) Feed(p []byte) []Frame {
	var out []Frame
	for _, c := range p {
		switch {
		case c == preamble:
			d.Dropped += len(d.buf) // a frame cut off by a new preamble
			d.buf = d.buf[:0]
			d.inFrame = true
		case !d.inFrame:
			d.Dropped++
		case c == frameEnd:
			d.inFrame = false
			if len(d.buf) == 0 {
				d.Dropped++
				continue
			}
			f, err := parseBody(d.buf)
			if err != nil {
				d.Bad++
				d.LastErr = err
				d.Dropped += len(d.buf) + 1
			} else {
				out = append(out, f)
			}
			d.buf = d.buf[:0]
		case len(d.buf) >= maxEscaped:
			d.Dropped += len(d.buf) + 1
			d.buf = d.buf[:0]
			d.inFrame = false
		default:
			d.buf = append(d.buf, c)
		}
	}
	return out
}
