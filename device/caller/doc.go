// Package caller speaks to hardware window callers (呼叫器): RS-485 keypads
// at a window with 呼叫/重呼/评价/暂停/转移/确认 keys, a digit pad and a
// three-digit display, and the evaluators (评价器) that share their bus.
//
// The default protocol (the one used by open Chinese queue systems) runs at
// 9600 baud, 8N1. Every frame, in both directions, is
//
//	FF 68 L L 68 ADDR FUNC DATA… CS 16
//
// FF is a wake-up byte; L (sent twice, the copies must agree) counts ADDR,
// FUNC and DATA, so L = 2 + len(DATA); CS is the sum mod 256 of ADDR, FUNC
// and DATA, the same bytes L counts (the M-Bus long-frame rule). The host
// acknowledges each frame from a caller by echoing it byte for byte.
//
// Caller → host FUNC codes: 0C 呼叫, 0D 重呼, 0B 评价, 12 暂停, 13 转移,
// 0F 确认 with the digits typed before it as DATA (one byte 0–9 per digit;
// a single 6 = 弃号, 0 = 挂起, 3 = 回呼; 确认 with no digits is the
// host's to interpret), 11 an evaluator's rating (DATA one
// byte, 1–5 stars). Host → caller: FUNC 20 display, DATA three characters
// (ASCII 0–9, '-', ' ', 'E', 'P', 'L', 'H', what a 7-segment shows).
//
// The package knows bytes only: it decodes frames (Decoder, resynchronising
// after garbage like device/keypad/serialkey, whose fixed-length decoder
// cannot follow a length byte), encodes them (Encode, Display), and runs a
// bus (Bus) that echoes and reports. Who is logged in and what a key means
// to a queue is the caller of this package's business.
//
// Caveats: the decoder keeps frames of any address (a shared bus); the host
// answers every address it hears, so two hosts on one bus would both echo.
// The display frame carries exactly three characters; longer numbers are cut
// to their last three digits by Display's caller.
package caller
