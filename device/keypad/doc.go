// Package keypad turns presses on an evaluation keypad (评价器) into
// evaluations: one of the five national 好差评 levels for one reference (a
// case or ticket number), or "no answer".
//
// The keypad hardware is read by the subpackages, which all call a
// func(Level) for each key press:
//
//   - evdev: USB keypads that act as keyboards, read from /dev/input with an
//     exclusive grab;
//   - serialkey: RS-232/RS-485 keypads through a configurable frame decoder;
//   - gpiokey: five buttons on GPIO pins.
//
// Gate decides which presses count: Arm opens it for one reference and a
// timeout, the first valid press answers it, everything else is ignored,
// logged and counted. Every Arm ends in exactly one Result.
//
// Caveats: there is no public keypad wire protocol, so the key-to-level maps
// are configuration with defaults documented per driver. Upload codes for
// the provincial 好差评 platform are not this package's business. The keypad
// shows nothing: telling the citizen that the keypad waits is up to the
// caller (a lamp, the window screen).
package keypad
