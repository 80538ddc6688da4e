package escpos

import "fmt"

// Kind is the class of one byte a printer sends, from its fixed bits
// (Epson "identification of send status").
type Kind uint8

const (
	KindUnknown    Kind = iota // no known pattern (bit 7 set, …)
	KindStatus                 // DLE EOT reply, 0xx1xx10
	KindASB                    // first byte of Automatic Status Back, 0xx1xx00
	KindInSequence             // 0xx0xxxx: GS r / GS I reply, or ASB bytes 2–4
	KindXON                    // 0x11
	KindXOFF                   // 0x13
)

var kindNames = [...]string{"unknown", "status", "asb", "in-sequence", "xon", "xoff"}

func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return fmt.Sprintf("kind(%d)", uint8(k))
}

// Classify sorts one byte by its fixed bits, without context.
func Classify(c byte) Kind {
	switch {
	case c == 0x11:
		return KindXON
	case c == 0x13:
		return KindXOFF
	case c&0x93 == 0x12:
		return KindStatus
	case c&0x93 == 0x10:
		return KindASB
	case c&0x90 == 0x00:
		return KindInSequence
	}
	return KindUnknown
}

// Reply is one message from the printer. For KindASB, ASB holds the four
// bytes and Byte the first; otherwise Byte is the single byte.
type Reply struct {
	Kind Kind
	Byte byte
	ASB  [4]byte
}

// ReplyParser splits the byte stream from a printer into Replies. It keeps
// the state of an Automatic Status Back in progress across calls, so bytes
// may be fed as they are read. Bytes that break an ASB are reported on their
// own; nothing is ever lost or blocks the stream. Not safe for concurrent use.
type ReplyParser struct {
	asb [4]byte
	n   int // ASB bytes held; 0 = none
}

// Parse appends the replies found in p to dst and returns it.
func (r *ReplyParser) Parse(dst []Reply, p []byte) []Reply {
	for _, c := range p {
		dst = r.feed(dst, c)
	}
	return dst
}

func (r *ReplyParser) feed(dst []Reply, c byte) []Reply {
	k := Classify(c)
	if r.n > 0 {
		switch {
		case k == KindXON || k == KindXOFF:
			// Flow control may interleave with ASB (TM-T88III).
			return append(dst, Reply{Kind: k, Byte: c})
		case k == KindInSequence:
			r.asb[r.n] = c
			r.n++
			if r.n == 4 {
				r.n = 0
				return append(dst, Reply{Kind: KindASB, Byte: r.asb[0], ASB: r.asb})
			}
			return dst
		}
		// Broken ASB: the first byte was something else; report it alone.
		dst = r.flush(dst)
	}
	if k == KindASB {
		r.asb = [4]byte{c}
		r.n = 1
		return dst
	}
	return append(dst, Reply{Kind: k, Byte: c})
}

// flush reports the bytes of an unfinished ASB as unknown.
func (r *ReplyParser) flush(dst []Reply) []Reply {
	for i := 0; i < r.n; i++ {
		dst = append(dst, Reply{Kind: KindUnknown, Byte: r.asb[i]})
	}
	r.n = 0
	return dst
}

// Pending reports whether an ASB is partly received.
func (r *ReplyParser) Pending() bool { return r.n > 0 }
