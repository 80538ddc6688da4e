// Package bx speaks the serial protocol of Onbon (仰邦) BX-5K/BX-6K LED
// controller cards, the "BX-4K" framing:
//
//	A5×8 | escape(dst src reserved devtype protover len group cmd resp res res data crc) | 5A
//
// It builds request frames (ping A2 00, status A1 02, clear A3 10 and
// real-time dynamic area text A3 06), decodes frames from a byte stream
// (resynchronising on garbage), and maps the reply's CmdError byte to
// documented errors. Protocol adapts it to the bus owner in package led.
//
// Byte values follow hardware notes §2.2 and reproduce its four published
// frames exactly (see bx_test.go).
//
// Caveats, not confirmed on a real card:
//   - The first "reserved" byte after Response is a process mode: 00 in one
//     public implementation, 2D in another; it is Config.ProcessMode.
//   - A reply is assumed to carry the board's address in Src (or Dst) and is
//     accepted whatever its group/cmd; only CmdError is interpreted.
//   - Cards have no newline escape that we rely on: several lines are laid out
//     by padding each to the area width in half-width cells, which assumes a
//     16-px font (8-px half-width cells, Config.CharWidth) and auto newline.
//   - Real-time dynamic areas live in RAM: a card that lost power shows its
//     stored program until the text is sent again.
package bx
