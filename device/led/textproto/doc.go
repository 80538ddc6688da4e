// Package textproto speaks the simple one-way text protocols that queue
// vendors put on their own LED board MCUs: a header, an address byte, fixed
// bytes, an optional checksum, GBK text and a terminator. A Format describes
// one such protocol; StripScreen and AtText are the two found in public code
// (hardware notes §2.3). Format.Encode implements the led package's
// Protocol interface; Decoder parses the same frames for the simulator.
//
// Caveats: these protocols are undocumented examples of a style, not
// standards; check a board's bytes against its vendor before trusting a
// preset. The boards do not answer, so a dead board cannot be detected.
// Lines are joined with Format.LineSep because the boards have one line.
// Text never contains control bytes or 0xFF (package gbk), which is what
// makes a 0x0D or 0xFF terminator safe.
package textproto
