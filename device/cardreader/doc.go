// Package cardreader reads staff-card readers that type like a keyboard
// (USB ID/IC card readers in HID keyboard mode, "免驱"): a swipe types the
// card's number — decimal digits, or hex digits on some readers — and then
// Enter. Open grabs the Linux input device (see package evdev) so the
// digits never reach a console or a browser, and Run passes each number
// read to a callback.
//
// The decoder (ReadCards) works on any evdev.Reader, so tests and the
// simulator feed it bytes.
//
// Caveats:
//   - Only key presses count (EV_KEY value 1); releases and auto-repeat
//     are ignored. Shift is ignored: numbers are upper-cased.
//   - A swipe is one burst: when the keys of a number are further apart
//     than Config.Gap (by the kernel's own event timestamps), the part
//     before the pause is dropped as a stray key press or a cut-off swipe.
//   - A line holding any other key, or shorter than MinLen or longer than
//     MaxLen, is dropped whole at its Enter: a misread number must not
//     punch for someone.
//   - Which format (decimal of 10 digits, hex of 8…) a reader types is its
//     own setting; the hall file must hold cards as the reader types them.
//   - Linux only, as package evdev.
package cardreader
