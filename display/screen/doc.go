// Package screen is the hall's big screen (叫号大屏): a 1920×1080 web page
// served by halld at /screen/ that shows the latest call large and flashing,
// the recent calls (the last eight today, read back from the event log
// when the page starts), every window's number and state, the waiting count per
// service, the date and clock, a scrolling notice line (led, when a device
// is out of service, by a plain notice such as 取号机暂停出票: no device id
// or fault, which are for staff) and the case-progress board (办件公示, see
// below); and the voice endpoint
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
//	/screen/?case_page=10         seconds per page of the case board (1–120)
//
// The case board (assets/cases.js) lists the open cases of
// GET /api/v1/cases — number, service, applicant as the API masks it,
// window (or the department when the case has none), deadline (MM-DD; a provisional one with * and a footnote on that page),
// state and the remaining working days (暂停计时 while suspended) — with
// red and yellow cards as coloured rows and the summary line. Cases
// finished today (已办结, 待领取, 已领取; not 不予受理) follow, latest first,
// only to fill the last page (they never add a page), with 按期办结 or
// 超期办结 in the last column. It reads
// ?state=all at start, after a reconnect and at midnight, and ?state=open
// (debounced) after each case.created, case.updated and case.card event;
// today's finished cases are then kept from the events. The page holds as
// many 42 px rows of 32 px text as the area's height allows (four at the
// current layout) and turns every ?case_page= seconds. No cell is cut: a
// long 受理编号, company or department is shrunk to fit its column (down to
// 20 px), then wrapped onto two lines. ?windows= and ?services=
// filter it too (a case without a window shows only on an unfiltered
// screen); the summary is always the whole hall's, and then says 全厅.
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
// the two clocks differ. Dates on the case board have no year, and a
// busy month's finished cases make the ?state=all reads large (they are
// rare). The hall view carries no call history, so after a
// reload the recent-calls list starts from the windows' current tickets.
// The layout is made for 1920×1080; other sizes scale but are not tuned.
package screen
