// Package serialkey reads evaluation keypads that send key codes in frames
// over RS-232 or RS-485. No vendor publishes its frame, so the decoder is
// configured: header bytes, frame length, address and key byte offsets,
// optional trailer, checksum kind (none, sum mod 256, XOR, CRC-16/Modbus)
// over a byte range, the expected address and the key-code → level table.
//
// Decoder finds frames in any byte stream: it resynchronises on the header
// after garbage, a broken frame or a frame cut across reads. A frame with a
// good checksum for another address (a shared RS-485 bus) is skipped whole.
// Keypad runs the decoder over a serial line (serialport) or any
// io.ReadWriter, and can send a configured poll frame for keypads that only
// answer when asked.
//
// Caveats:
//   - With Checksum "none" a header-like byte pair inside garbage can frame
//     a false key; prefer a checksum and a trailer when the keypad has them.
//   - The poll is sent between reads, so its period is rounded up to the
//     read timeout; the poll bytes are taken as given (build them once with
//     serialkeytest or from the vendor's capture).
//   - One key code is one press: keypads that repeat frames while a key is
//     held are left to keypad.Gate, which takes only the first press.
package serialkey
