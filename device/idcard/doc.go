// Package idcard reads the number of a Chinese resident identity card
// (二代身份证) from the three kinds of reader halls have, and nothing else:
//
//   - Module speaks the readers' public host protocol (GA/T 467, the
//     "SAM" serial protocol) on any io.ReadWriter — a serial port in a
//     hall, an in-memory pipe to idcardsim in tests and the demo. It polls
//     find card (20 01), select (20 02) and read base information (30 01),
//     and takes the 18-character number from its fixed place in the
//     256-byte UCS-2 text.
//   - Lines reads readers that send the number as text: a serial reader
//     sending one line per card, or (ReadKeys) a USB reader that types it
//     like a keyboard, through the evdev decoder of device/keypad/evdev.
//   - Helper runs an external program wrapping a vendor's SDK and reads
//     one JSON object per card from its standard output
//     ({"id":"…"}; other fields are ignored unread).
//
// Each gives the caller a card's number as a string, once per card placed;
// the caller checks it (package queue/idnum) — a reader's line or a typed
// string may be anything.
//
// Privacy: the card's text also holds the holder's name, address and
// photo. Only the number is copied out; the rest of the reply (and the
// photo, which needs the vendor's licensed decoder and is never decoded)
// is overwritten with zeros as soon as the number is taken. Nothing here
// logs a number.
//
// Caveats: only the text of base information is used (no fingerprint
// data, 30 10, nor the foreigner's permanent residence card layout); a
// card left on the reader is reported once, and again only after the
// reader found no card in between. The module's baud rate (115200 by
// default on most) is the caller's config.
package idcard
