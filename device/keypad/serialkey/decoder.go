package serialkey

import (
	"bytes"

	"halld/device/keypad"
)

// Key is one decoded key frame. Level is valid only when Known.
type Key struct {
	Addr  byte // 0 when the frame has no address
	Code  byte
	Level keypad.Level
	Known bool
}

// DecoderStats counts what the decoder saw.
type DecoderStats struct {
	Frames       uint64 // frames for this keypad (known or not)
	OtherAddress uint64 // good frames for another address
	BadFrames    uint64 // header found but trailer or check wrong
	Skipped      uint64 // bytes dropped while resynchronising
}

// Decoder cuts key frames out of a byte stream. It is not safe for
// concurrent use.
type Decoder struct {
	cfg   Config
	l     layout
	buf   []byte
	stats DecoderStats
}

// NewDecoder validates cfg.
func NewDecoder(cfg Config) (*Decoder, error) {
	l, err := cfg.layout()
	if err != nil {
		return nil, err
	}
	return &Decoder{cfg: cfg, l: l, buf: make([]byte, 0, 2*cfg.Length)}, nil
}

// Stats returns the counters so far.
func (d *Decoder) Stats() DecoderStats { return d.stats }

// Feed adds bytes as they came from the line and returns the keys of the
// frames completed by them. It keeps at most Length-1 bytes between calls.
func (d *Decoder) Feed(p []byte) []Key {
	d.buf = append(d.buf, p...)
	var keys []Key
	b := d.buf
	for {
		i := bytes.Index(b, d.cfg.Header)
		if i < 0 {
			// Keep a tail that may be the start of a header.
			keep := min(len(b), len(d.cfg.Header)-1)
			d.stats.Skipped += uint64(len(b) - keep)
			b = b[len(b)-keep:]
			break
		}
		d.stats.Skipped += uint64(i)
		b = b[i:]
		if len(b) < d.cfg.Length {
			break
		}
		k, verdict := d.check(b[:d.cfg.Length])
		switch verdict {
		case frameOurs:
			d.stats.Frames++
			keys = append(keys, k)
			b = b[d.cfg.Length:]
		case frameOther:
			d.stats.OtherAddress++
			b = b[d.cfg.Length:]
		default:
			// Not a frame after all: the header was data. Look again one
			// byte further.
			d.stats.BadFrames++
			d.stats.Skipped++
			b = b[1:]
		}
	}
	d.buf = append(d.buf[:0], b...)
	return keys
}

type verdict int

const (
	frameBad verdict = iota
	frameOther
	frameOurs
)

func (d *Decoder) check(f []byte) (Key, verdict) {
	c := &d.cfg
	if !bytes.Equal(f[len(f)-len(c.Trailer):], c.Trailer) {
		return Key{}, frameBad
	}
	if d.l.checkSize > 0 {
		want := c.Checksum.compute(f[c.CheckFrom:d.l.checkTo])
		var got uint16
		if d.l.checkSize == 1 {
			got = uint16(f[d.l.checkAt])
		} else if c.CRCHighFirst {
			got = uint16(f[d.l.checkAt])<<8 | uint16(f[d.l.checkAt+1])
		} else {
			got = uint16(f[d.l.checkAt]) | uint16(f[d.l.checkAt+1])<<8
		}
		if got != want {
			return Key{}, frameBad
		}
	}
	k := Key{Code: f[c.KeyOffset]}
	if c.AddrOffset > 0 {
		k.Addr = f[c.AddrOffset]
		if !c.AnyAddress && k.Addr != c.Address {
			return k, frameOther
		}
	}
	k.Level, k.Known = c.Keys[k.Code]
	return k, frameOurs
}
