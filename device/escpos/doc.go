// Package escpos builds and reads the ESC/POS byte streams spoken by Chinese
// thermal ticket printers (Xprinter, GPrinter, HPRT, SPRT and their clones).
//
// It does no I/O. It has four parts:
//
//   - Builder encodes a ticket: init, Chinese mode, alignment, size, bold,
//     GBK text, feeds, native QR codes, GS v 0 raster images, partial cut and
//     the GS r 1 in-sequence acknowledgement request.
//   - Layout wraps, centres and justifies text by display width (ASCII = 1
//     column, Chinese = 2) for 58 mm and 80 mm paper (see Paper); encoding
//     and measuring text is package gbk's, which Builder uses for all text.
//   - ReplyParser and Status sort and decode the bytes a printer sends back
//     (DLE EOT replies, Automatic Status Back, GS r replies, XON/XOFF) by
//     their fixed bits, tolerating unsolicited bytes.
//   - Decoder reads an ESC/POS stream back into a Document (text lines with
//     their style, QR payloads, images, cuts, requests) so that a simulated
//     printer can show what a real one would print.
//
// Caveats: user text never produces control bytes, but characters outside
// the configured character set degrade to a replacement character; printers
// with a GB2312-only font need Charset gbk.GB2312 or rare name characters
// print as garbage. QR data should be ASCII (phones expect UTF-8, not GBK).
// Real printers answer DLE EOT (10 04 n) even when it appears inside QR or
// image data, so a reader must expect unsolicited status bytes.
package escpos
