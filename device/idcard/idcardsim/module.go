// Package idcardsim plays an ID card module (the SAM reader behind a
// kiosk's card slot) as its host sees it on the serial line: it answers
// GA/T 467 frames — find card, select card, read base information, reset,
// status — with the frames a real module sends, including the 256 bytes
// of UCS-2 text and a 1024-byte stand-in for the encrypted photo.
//
// Its frame encoding is written apart from package idcard's decoder, so
// each tests the other. The daemon's "sim" card readers (equip, driven
// from /sim/) and tests use it over any io.ReadWriter: net.Pipe in
// memory, or the master side of a pseudo-terminal (serialport/serialtest).
//
// Caveats: no SAM authentication, no fingerprint data (30 10), no baud
// rate change; the photo bytes are filler, not a real image. Placing a
// card while another lies there makes the next find answer "no card"
// once, as the host sees when one card is swapped for another.
package idcardsim

import (
	"errors"
	"fmt"
	"io"
	"sync"
	"unicode/utf16"
)

var preamble = []byte{0xAA, 0xAA, 0xAA, 0x96, 0x69}

// Card is what a card's text holds. Empty fields are left blank.
type Card struct {
	Name, Sex, Nation, Birth, Address, Number, Authority, ValidFrom, ValidTo string
}

// TestCard returns a card with a valid test number: region 110105, a
// birth date from seq, the check character computed (GB 11643).
func TestCard(seq int) Card {
	y, m, d := 1950+seq%50, 1+seq%12, 1+seq%28
	pre := fmt.Sprintf("110105%04d%02d%02d%03d", y, m, d, seq%1000)
	return Card{Name: "测试", Sex: "1", Nation: "01", Birth: pre[6:14], Address: "北京市朝阳区测试路1号",
		Number: pre + string(checkChar(pre)), Authority: "北京市公安局朝阳分局", ValidFrom: "20200101", ValidTo: "20400101"}
}

// checkChar is ISO 7064 MOD 11-2 over 17 digits: weights 2^(17-i) mod 11.
func checkChar(pre string) byte {
	sum, w := 0, 1
	for i := 16; i >= 0; i-- {
		w = w * 2 % 11
		sum += int(pre[i]-'0') * w
	}
	return "10X98765432"[sum%11]
}

// Module is a simulated card module. Its methods are safe for concurrent
// use; Serve runs on one line at a time.
type Module struct {
	mu       sync.Mutex
	card     *Card
	gap      bool // a card was swapped: the next find sees none
	corrupt  int  // replies to send with a wrong check byte
	requests int
	reads    int

	// OnAnswer, if set before Serve, is called after each answer with the
	// number of requests answered so far (tests wait on it).
	OnAnswer func(requests int)
}

// New returns a module with no card on it.
func New() *Module { return &Module{} }

// Place lays c on the reader (replacing any card there).
func (m *Module) Place(c Card) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.gap = m.card != nil
	m.card = &c
}

// Remove takes the card away.
func (m *Module) Remove() {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.card, m.gap = nil, false
}

// Present reports whether a card lies on the reader.
func (m *Module) Present() bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.card != nil
}

// CorruptNext makes the next n replies carry a wrong check byte.
func (m *Module) CorruptNext(n int) {
	m.mu.Lock()
	m.corrupt = n
	m.mu.Unlock()
}

// Counts returns how many well-formed requests the module has answered
// and how many of them read a card's base information.
func (m *Module) Counts() (requests, reads int) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.requests, m.reads
}

// Serve answers the requests arriving on rw until reading fails; it
// returns that error (io.EOF when the line was closed).
func (m *Module) Serve(rw io.ReadWriter) error {
	var in []byte
	buf := make([]byte, 256)
	for {
		n, err := rw.Read(buf)
		in = append(in, buf[:n]...)
		for {
			req, used, bad := cutRequest(in)
			if used == 0 {
				break
			}
			in = in[used:]
			if req == nil && !bad {
				continue // line noise dropped
			}
			var out []byte
			if bad {
				out = m.reply(0x10, nil) // the module's "check byte wrong"
			} else {
				out = m.answer(req)
			}
			if _, werr := rw.Write(out); werr != nil {
				return werr
			}
			if m.OnAnswer != nil {
				r, _ := m.Counts()
				m.OnAnswer(r)
			}
		}
		if err != nil {
			if errors.Is(err, io.EOF) {
				return io.EOF
			}
			return err
		}
	}
}

// cutRequest takes one request (command, parameter, data) off the front
// of in; used is 0 while the frame is incomplete. Bytes before a preamble
// are skipped.
func cutRequest(in []byte) (req []byte, used int, bad bool) {
	start := -1
	for i := 0; i+len(preamble) <= len(in); i++ {
		if string(in[i:i+len(preamble)]) == string(preamble) {
			start = i
			break
		}
	}
	if start < 0 {
		if len(in) > 4 {
			return nil, len(in) - 4, false // noise: keep a possible partial preamble
		}
		return nil, 0, false
	}
	h := start + len(preamble)
	if len(in) < h+2 {
		return nil, 0, false
	}
	n := int(in[h])<<8 | int(in[h+1])
	if n < 3 || n > 1024 {
		return nil, h + 2, true
	}
	end := h + 2 + n
	if len(in) < end {
		return nil, 0, false
	}
	var x byte
	for _, c := range in[h : end-1] {
		x ^= c
	}
	if x != in[end-1] {
		return nil, end, true
	}
	return in[h+2 : end-1], end, false
}

func (m *Module) answer(req []byte) []byte {
	m.mu.Lock()
	m.requests++
	card, gap := m.card, m.gap
	m.mu.Unlock()
	cmd := [2]byte{req[0], req[1]}
	switch cmd {
	case [2]byte{0x20, 0x01}: // find
		if card == nil || gap {
			m.mu.Lock()
			m.gap = false
			m.mu.Unlock()
			return m.reply(0x80, nil)
		}
		return m.reply(0x9F, make([]byte, 4))
	case [2]byte{0x20, 0x02}: // select
		if card == nil {
			return m.reply(0x81, nil)
		}
		return m.reply(0x90, make([]byte, 8))
	case [2]byte{0x30, 0x01}: // read text and photo
		if card == nil {
			return m.reply(0x41, nil)
		}
		m.mu.Lock()
		m.reads++
		m.mu.Unlock()
		data := []byte{0x01, 0x00, 0x04, 0x00} // 256 bytes of text, 1024 of photo
		data = append(data, text(*card)...)
		return m.reply(0x90, append(data, photo()...))
	case [2]byte{0x10, 0xFF}, [2]byte{0x11, 0xFF}: // reset, status
		return m.reply(0x90, nil)
	}
	return m.reply(0x21, nil)
}

// reply frames SW1 SW2 SW3 and data: preamble, length (status, data and
// check byte), then the XOR of everything after the preamble.
func (m *Module) reply(sw3 byte, data []byte) []byte {
	n := 3 + len(data) + 1
	out := append([]byte{}, preamble...)
	out = append(out, byte(n>>8), byte(n), 0x00, 0x00, sw3)
	out = append(out, data...)
	var x byte
	for _, c := range out[len(preamble):] {
		x ^= c
	}
	m.mu.Lock()
	if m.corrupt > 0 {
		m.corrupt--
		x ^= 0x5A
	}
	m.mu.Unlock()
	return append(out, x)
}

// text lays out the card's 256 bytes: each field UCS-2 little-endian,
// padded with spaces to its width.
func text(c Card) []byte {
	var out []byte
	for _, f := range []struct {
		s     string
		bytes int
	}{{c.Name, 30}, {c.Sex, 2}, {c.Nation, 4}, {c.Birth, 16}, {c.Address, 70}, {c.Number, 36},
		{c.Authority, 30}, {c.ValidFrom, 16}, {c.ValidTo, 16}, {"", 36}} {
		u := utf16.Encode([]rune(f.s))
		for i := 0; i < f.bytes/2; i++ {
			v := uint16(' ')
			if i < len(u) {
				v = u[i]
			}
			out = append(out, byte(v), byte(v>>8))
		}
	}
	return out
}

// photo is filler of the photo's size (a real one is the encrypted
// image only the vendor's licensed library decodes).
func photo() []byte {
	b := make([]byte, 1024)
	for i := range b {
		b[i] = byte(i*7 + 0x57)
	}
	return b
}
