package textproto

import (
	"bytes"
	"fmt"
)

// Message is one decoded frame.
type Message struct {
	Addr byte
	Text []byte // GBK, as sent
}

// textStart is the offset of the text in a frame of f.
func (f Format) textStart() int {
	n := len(f.Header) + 1 + len(f.Prefix) + len(f.Fixed)
	if f.ChecksumAt == ChecksumAfterPrefix {
		n += f.Checksum.Len()
	}
	return n
}

// tailLen is the number of bytes after the text.
func (f Format) tailLen() int {
	n := len(f.Terminator)
	if f.ChecksumAt == ChecksumBeforeTerminator {
		n += f.Checksum.Len()
	}
	return n
}

// Parse decodes exactly one complete frame.
func (f Format) Parse(b []byte) (Message, error) {
	if err := f.Validate(); err != nil {
		return Message{}, err
	}
	ts, tl := f.textStart(), f.tailLen()
	if len(b) < ts+tl {
		return Message{}, fmt.Errorf("%w: %d bytes is too short", ErrFrame, len(b))
	}
	if err := f.matchHead(b); err != nil {
		return Message{}, err
	}
	if !bytes.HasSuffix(b, f.Terminator) {
		return Message{}, fmt.Errorf("%w: no terminator", ErrFrame)
	}
	text := b[ts : len(b)-tl]
	for _, c := range text { // also rejects the terminator: text is what package gbk emits
		if neverInText(c) {
			return Message{}, fmt.Errorf("%w: byte %02X inside text", ErrFrame, c)
		}
	}
	if len(text) > f.maxText() {
		return Message{}, fmt.Errorf("%w: %d bytes", ErrTooLong, len(text))
	}
	n := f.Checksum.Len()
	at := len(f.Header) + 1 + len(f.Prefix)
	if f.ChecksumAt == ChecksumBeforeTerminator {
		at = len(b) - tl
	}
	want, err := f.sum(b, at)
	if err != nil {
		return Message{}, fmt.Errorf("%w: %v", ErrFrame, err)
	}
	if !bytes.Equal(b[at:at+n], want) {
		return Message{}, fmt.Errorf("%w: got % X, computed % X", ErrChecksum, b[at:at+n], want)
	}
	return Message{Addr: b[len(f.Header)], Text: bytes.Clone(text)}, nil
}

// matchHead checks the fixed bytes before the text, as far as b reaches.
func (f Format) matchHead(b []byte) error {
	check := func(off int, want []byte, what string) error {
		for i, w := range want {
			if off+i < len(b) && b[off+i] != w {
				return fmt.Errorf("%w: %s byte %d is %02X, want %02X", ErrFrame, what, i, b[off+i], w)
			}
		}
		return nil
	}
	off := 0
	if err := check(off, f.Header, "header"); err != nil {
		return err
	}
	off += len(f.Header) + 1
	if err := check(off, f.Prefix, "prefix"); err != nil {
		return err
	}
	off += len(f.Prefix)
	if f.ChecksumAt == ChecksumAfterPrefix {
		off += f.Checksum.Len()
	}
	return check(off, f.Fixed, "fixed")
}

// Decoder cuts frames of one Format out of a byte stream, dropping noise and
// bad frames and resuming at the next header. The zero value is not usable;
// set Format.
type Decoder struct {
	Format  Format
	buf     []byte
	Dropped int   // bytes discarded
	Bad     int   // candidate frames rejected
	LastErr error // why the last candidate was rejected
}

// Feed consumes p and returns the frames it completed.
func (d *Decoder) Feed(p []byte) []Message {
	d.buf = append(d.buf, p...)
	var out []Message
	for {
		h := bytes.Index(d.buf, d.Format.Header)
		if h < 0 {
			keep := min(len(d.buf), len(d.Format.Header)-1) // may be a split header
			d.Dropped += len(d.buf) - keep
			d.buf = append(d.buf[:0], d.buf[len(d.buf)-keep:]...)
			return out
		}
		d.Dropped += h
		d.buf = d.buf[h:]
		m, n, err := d.next()
		switch {
		case err != nil:
			d.Bad++
			d.LastErr = err
			d.Dropped++
			d.buf = d.buf[1:]
		case n == 0:
			return out // need more bytes
		default:
			out = append(out, m)
			d.buf = d.buf[n:]
		}
	}
}

// next tries to decode a frame at the start of d.buf, which starts with the
// header. It returns n == 0 and no error when more bytes are needed.
func (d *Decoder) next() (Message, int, error) {
	f := d.Format
	if err := f.matchHead(d.buf); err != nil {
		return Message{}, 0, err
	}
	ts := f.textStart()
	if len(d.buf) <= ts {
		return Message{}, 0, nil
	}
	first := bytes.IndexByte(d.buf[ts:], f.Terminator[0])
	if first < 0 {
		if len(d.buf)-ts > f.maxText()+f.tailLen() {
			return Message{}, 0, fmt.Errorf("%w: no terminator within %d bytes", ErrFrame, len(d.buf))
		}
		return Message{}, 0, nil
	}
	first += ts
	// Text never holds the terminator's first byte, but check bytes before
	// the terminator may: try each place the terminator could start.
	last := first
	if f.ChecksumAt == ChecksumBeforeTerminator {
		last += f.Checksum.Len()
	}
	var err error
	for j := first; j <= last; j++ {
		if j < len(d.buf) && d.buf[j] != f.Terminator[0] {
			continue
		}
		end := j + len(f.Terminator)
		if end > len(d.buf) {
			return Message{}, 0, nil
		}
		var m Message
		if m, err = f.Parse(d.buf[:end]); err == nil {
			return m, end, nil
		}
	}
	return Message{}, 0, err
}
