package evdev

import "halld/device/keypad"

// Key codes from linux/input-event-codes.h used by DefaultKeys.
const (
	Key1, Key2, Key3, Key4, Key5      = 2, 3, 4, 5, 6
	KeyF1, KeyF2, KeyF3, KeyF4, KeyF5 = 59, 60, 61, 62, 63
	KeyKP4, KeyKP5                    = 75, 76
	KeyKP1, KeyKP2, KeyKP3            = 79, 80, 81
)

// DefaultKeys maps KEY_n, KEY_KPn and KEY_Fn to level n for n in 1..5. Real
// keypads differ (some send 1 for 非常满意): check with evtest and set
// Config.Keys.
func DefaultKeys() map[uint16]keypad.Level {
	return map[uint16]keypad.Level{
		Key1: 1, Key2: 2, Key3: 3, Key4: 4, Key5: 5,
		KeyKP1: 1, KeyKP2: 2, KeyKP3: 3, KeyKP4: 4, KeyKP5: 5,
		KeyF1: 1, KeyF2: 2, KeyF3: 3, KeyF4: 4, KeyF5: 5,
	}
}

// ReadPresses reads events from r until it fails and calls press once per
// EV_KEY press (value 1) of a key in keys. Repeats, releases, other event
// types and unmapped keys are skipped; unmapped presses are passed to
// unmapped when it is not nil. It returns the error that stopped the stream
// (io.EOF at a clean end).
func ReadPresses(r *Reader, keys map[uint16]keypad.Level, press func(keypad.Level), unmapped func(code uint16)) error {
	for {
		e, err := r.Next()
		if err != nil {
			return err
		}
		if e.Type != EvKey || e.Value != ValuePress {
			continue
		}
		if l, ok := keys[e.Code]; ok {
			press(l)
		} else if unmapped != nil {
			unmapped(e.Code)
		}
	}
}
