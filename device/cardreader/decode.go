package cardreader

import (
	"time"

	"halld/device/keypad/evdev"
)

// Key codes from linux/input-event-codes.h that readers type.
const (
	KeyEnter   = 28
	KeyKPEnter = 96
	keyLShift  = 42
	keyRShift  = 54
)

// chars maps the keys of a number to their characters: the digit row,
// the keypad's digits and the hex letters A–F.
var chars = map[uint16]byte{
	2: '1', 3: '2', 4: '3', 5: '4', 6: '5', 7: '6', 8: '7', 9: '8', 10: '9', 11: '0',
	79: '1', 80: '2', 81: '3', 75: '4', 76: '5', 77: '6', 71: '7', 72: '8', 73: '9', 82: '0',
	30: 'A', 48: 'B', 46: 'C', 32: 'D', 18: 'E', 33: 'F',
}

// KeyCodes returns the keys a reader presses to type card (digits and hex
// letters A–F, either case) followed by Enter; ok is false for any other
// character. Simulators type with it.
func KeyCodes(card string) (codes []uint16, ok bool) {
	rev := map[byte]uint16{}
	for code, c := range chars {
		if code < 71 || code > 82 { // the digit row, not the keypad
			rev[c] = code
		}
	}
	for i := 0; i < len(card); i++ {
		c := card[i]
		if c >= 'a' && c <= 'f' {
			c -= 'a' - 'A'
		}
		code, found := rev[c]
		if !found {
			return nil, false
		}
		codes = append(codes, code)
	}
	return append(codes, KeyEnter), true
}

// ReadCards reads events from r until it fails and calls card once per
// number typed and ended by Enter (see the package doc for what is
// dropped; dropped, when not nil, hears how many characters were). It
// returns the error that stopped the stream (io.EOF at a clean end).
func ReadCards(r *evdev.Reader, cfg Config, card func(string), dropped func(n int)) error {
	cfg.defaults()
	buf := make([]byte, 0, cfg.MaxLen)
	bad := false
	var last time.Time
	drop := func() {
		if (len(buf) > 0 || bad) && dropped != nil {
			dropped(len(buf))
		}
		buf, bad = buf[:0], false
	}
	for {
		e, err := r.Next()
		if err != nil {
			return err
		}
		if e.Type != evdev.EvKey || e.Value != evdev.ValuePress || e.Code == keyLShift || e.Code == keyRShift {
			continue
		}
		at := time.Unix(e.Sec, e.Usec*1000)
		if (len(buf) > 0 || bad) && (at.Sub(last) > cfg.Gap || at.Before(last)) {
			drop() // a stray key or a cut-off swipe before this one
		}
		last = at
		switch c, isChar := chars[e.Code]; {
		case e.Code == KeyEnter || e.Code == KeyKPEnter:
			if len(buf) >= cfg.MinLen && !bad {
				card(string(buf))
				buf = buf[:0]
			} else {
				drop()
			}
		case isChar && len(buf) < cfg.MaxLen:
			buf = append(buf, c)
		default:
			bad = true
		}
	}
}
