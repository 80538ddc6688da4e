package serialkey

import (
	"errors"
	"fmt"
	"time"

	"halld/device/keypad"
)

// ErrConfig is wrapped by every configuration error.
var ErrConfig = errors.New("serialkey: invalid config")

// Config describes the keypad's frame. Offsets count from the first header
// byte. Layout: Header … [check bytes] Trailer, Length bytes in all.
type Config struct {
	Header     []byte // frame start, at least one byte
	Trailer    []byte // optional fixed frame end
	Length     int    // whole frame in bytes
	KeyOffset  int    // offset of the key-code byte
	AddrOffset int    // offset of the address byte; 0 means the frame has none

	Address    byte // expected address, when AddrOffset > 0 …
	AnyAddress bool // … unless any address is accepted

	Checksum     Checksum // check bytes sit just before the Trailer
	CheckFrom    int      // first byte covered by the check
	CheckTo      int      // end (exclusive) of the covered bytes; 0 means up to the check bytes
	CRCHighFirst bool     // CRC16 sent high byte first (Modbus sends low first)

	Keys map[byte]keypad.Level // key code → level

	Poll      []byte        // optional request the keypad must receive before it answers
	PollEvery time.Duration // period of Poll; required when Poll is set
}

// layout is a validated Config's derived positions.
type layout struct {
	checkAt, checkSize int
	checkTo            int
}

func (c Config) layout() (layout, error) {
	bad := func(field, format string, args ...any) error {
		return fmt.Errorf("%w: %s: %s", ErrConfig, field, fmt.Sprintf(format, args...))
	}
	var l layout
	size, err := c.Checksum.size()
	if err != nil {
		return l, bad("Checksum", "%v", err)
	}
	l.checkSize = size
	l.checkAt = c.Length - len(c.Trailer) - size
	body := len(c.Header)
	switch {
	case len(c.Header) == 0:
		return l, bad("Header", "empty")
	case c.Length <= 0 || c.Length > 256:
		return l, bad("Length", "%d not in 1..256", c.Length)
	case l.checkAt <= body:
		return l, bad("Length", "%d leaves no room after %d header, %d check and %d trailer bytes", c.Length, len(c.Header), size, len(c.Trailer))
	case c.KeyOffset < body || c.KeyOffset >= l.checkAt:
		return l, bad("KeyOffset", "%d not in %d..%d", c.KeyOffset, body, l.checkAt-1)
	case c.AddrOffset != 0 && (c.AddrOffset < body || c.AddrOffset >= l.checkAt):
		return l, bad("AddrOffset", "%d not in %d..%d (or 0 for none)", c.AddrOffset, body, l.checkAt-1)
	case c.AddrOffset != 0 && c.AddrOffset == c.KeyOffset:
		return l, bad("AddrOffset", "same as KeyOffset")
	case len(c.Keys) == 0:
		return l, bad("Keys", "empty")
	case len(c.Poll) > 0 && c.PollEvery <= 0:
		return l, bad("PollEvery", "must be positive when Poll is set")
	}
	for code, lv := range c.Keys {
		if !lv.Valid() {
			return l, bad("Keys", "code 0x%02X maps to invalid level %d", code, int(lv))
		}
	}
	l.checkTo = c.CheckTo
	if l.checkTo == 0 {
		l.checkTo = l.checkAt
	}
	if size > 0 && (c.CheckFrom < 0 || c.CheckFrom >= l.checkTo || l.checkTo > l.checkAt) {
		return l, bad("CheckFrom/CheckTo", "range %d..%d not inside 0..%d", c.CheckFrom, l.checkTo, l.checkAt)
	}
	return l, nil
}
