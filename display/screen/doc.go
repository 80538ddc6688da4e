// Package screen is the hall's big screen (叫号大屏): a 1920×1080 web page
// served by halld at /screen/ that shows the latest call large and flashing,
// the recent calls, every window's number and state, the waiting count per
// service, the date and clock, a scrolling notice line and an area (#cases)
// reserved for the case-progress board (办件公示); and the voice endpoint
// GET /api/v1/voice/call.wav?number=A001&window=3 the page plays for every
// call and recall.
//
// The page is a client of the public API (docs/api.md): it follows the
// hall with the shared Stream of /assets/halld.js and announces each
// ticket.called and ticket.recalled event through one audio queue, so
// announcements never overlap and are never cut off. The voice is rendered
// by halld from a voice pack (package display/voice), because Chromium on
// Linux has no offline Chinese voice; browser speech synthesis is used only
// when the WAV cannot be played and a local zh-CN voice exists.
//
// Several screens may run at once, each configured by its URL:
//
//	/screen/?windows=1,2,3        only these windows (display and voice)
//	/screen/?services=estate,tax  only windows serving these services, and
//	                              only calls of these services
//	/screen/?notice=…             the scrolling notice (default: Options.Notice)
//	/screen/?voice=off            a silent screen (another one speaks)
//
// Launching (the boards' kiosk launcher must pass both flags; without the
// first, Chromium refuses to play sound until someone touches the screen):
//
//	chromium --kiosk --autoplay-policy=no-user-gesture-required \
//	  --noerrdialogs --disable-translate http://127.0.0.1:8080/screen/
//
// The launcher should wait until that URL answers: a page that failed to
// load is Chromium's error page, which does not retry. Once loaded, the page
// reconnects by itself.
//
// The page reads GET /screen/config.json (the notice, halld's clock and
// zone, the announce age limit) at start and after each reconnect. For tests
// and diagnosis it exposes window.halldScreen: the stream (stream.drop()
// simulates a network blip), the announcement log (log: url, number,
// window, kind, start/end in performance.now() ms, the audio's duration in
// s, ended, via "wav" or "speech", error, done) and its state.
//
// Caveats: calls made while the screen was disconnected are announced after
// it reconnects only if they are at most three minutes old (older ones are
// shown, not said); the first load announces nothing. The screen's clock is
// corrected to halld's (GET /screen/config.json) so that rule holds when
// the two clocks differ. The hall view carries no call history, so after a
// reload the recent-calls list starts from the windows' current tickets.
// The layout is made for 1920×1080; other sizes scale but are not tuned.
package screen
