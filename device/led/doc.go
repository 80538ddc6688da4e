// Package led owns one LED board bus: a serial line (usually RS-485) shared
// by several window bars and hall boards, each at its own address and
// speaking its own protocol (bx, textproto, …).
//
// One goroutine (Run) owns the line. Callers only say what a board should
// show (Show with an address, lines and a Priority); the bus decides when:
//
//   - one frame at a time, never faster than the line (Config.Baud), with
//     Config.Gap of silence between frames and Config.ReplyTimeout to wait
//     for an answer from protocols that reply;
//   - calls (Priority Call) go before idle refreshes, oldest first;
//   - only the latest content per address is kept while it waits, and
//     content the board already confirmed is not sent again;
//   - a board that does not answer (or answers with an error) is marked
//     offline with its last error and retried with exponential backoff
//     while the other boards keep being served.
//
// Protocols plug in through the small Protocol interface, plus Replier when
// the boards answer. Content decisions (what a window shows) belong to the
// caller.
//
// Caveats: for protocols without replies "ok" only means the frame was
// written. Run does not reopen the line: when it fails it returns an error
// wrapping ErrIO and keeps all board state, so the caller can reopen the
// port and call Run again. A board that lost power keeps showing its own
// program until its content changes (no periodic resend).
package led
