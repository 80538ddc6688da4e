// Package evdev reads USB evaluation keypads that present themselves as
// keyboards (the "免驱" kind) from a Linux input device such as
// /dev/input/by-id/usb-…-event-kbd, and turns key presses into keypad levels.
//
// Open takes an exclusive grab (EVIOCGRAB) so the keys never reach the
// console or the kiosk browser while halld reads them. Only EV_KEY events with
// value 1 (press) count; auto-repeat (2) and release (0) are ignored, so a held
// key is one press. Keys map to levels through Config.Keys; DefaultKeys maps
// the digit row, the keypad digits and F1–F5 so that key n is level n
// (n stars).
//
// The decoder (Reader) works on any io.Reader, so tests feed it bytes.
//
// Caveats:
//   - struct input_event is two C longs of timestamp plus type, code and
//     value: 24 bytes on 64-bit and 16 bytes on 32-bit ARM. The size is that
//     of the running process (NativeEventSize): a 32-bit halld on a 64-bit
//     kernel gets 16-byte events from the kernel's compat layer.
//   - Events use the host byte order.
//   - The grab ends when the device is closed; a keypad that is unplugged and
//     plugged back in makes Run fail, and the caller must Open it again.
//   - The grab ioctl runs through SyscallConn().Control, never Fd(), so the
//     file stays in the poller and Run can be interrupted with a deadline.
//   - Linux only; elsewhere Open fails with ErrGrab.
package evdev
