// Package gbk is the one place where display text becomes the GBK bytes that
// Chinese LED cards and thermal printers take, and back.
//
// Both kinds of device read framing or commands out of the same byte stream
// as the text (LED terminators such as 0x0D or 0xFF, ESC/POS ESC, GS, DLE,
// LF), so an Encoder guarantees that every byte it writes is either printable
// ASCII (0x20..0x7E) or half of a two-byte code of its Charset (lead
// 0x81..0xFE, trail 0x40..0xFE without 0x7F; GB2312: both A1..FE, lead at most
// F7). Whatever the input, a missing glyph stays visible: a character the
// font lacks becomes a replacement character, wide characters (CJK, emoji)
// optionally a wide one so that layouts keep their width. Tabs, line breaks,
// vertical tabs and form feeds become spaces; other control characters are
// replaced.
//
// Width is in half-width columns: printable ASCII takes one, every two-byte
// character two, which is what both LED cards and printers do. The width of
// text is therefore the length of its encoding.
//
// One replacement everywhere: '?' for a narrow character and '□' (A1 F5)
// for a wide one, on printers (escpos's default) and LED boards alike.
// Codes in GBK's user-defined areas and FE50–FEA0 — where GB18030 put CJK
// Extension A characters such as 䶮 (FE 9F), which GBK fonts draw as a
// private-use glyph — count as missing.
//
// Caveats: many cheap fonts hold GB2312 only; GBK extension characters
// (81..A0 lead, common in personal names) then print as blanks or garbage
// unless the Encoder is made for GB2312 (see Covers). GBK's lone 0x80 for '€'
// and GB18030's four-byte codes are never written: devices mishandle them.
package gbk
