// Package agent links a satellite board to the hall's hub.
//
// A hall is wired, not installed on one board: the kiosk cabinet's board
// drives the printer and the dispenser buttons, window boards drive LED
// bars and evaluation keypads, and one board (the hub) runs the queue. On a
// satellite board halld runs as an agent (Run): it drives only that board's
// devices (package equip, through a Link instead of the engine), follows
// the hub's event stream from the last event it saw, reports its devices'
// health, and keeps every keypad and button press in its own bbolt outbox
// (package outbox) until the hub has answered it. The hub (Hub) applies
// each press exactly once (queue.Engine.Deliver), shows every board as a
// device of kind "agent" (online, silent, presses waiting) and lets the
// admin issue and revoke the boards' tokens.
//
// Caveats: a button press that reaches the hub more than the policy's
// late_press_minutes after it was made issues no ticket (the applicant has
// gone). A ticket issued for a button press is printed again if the board
// loses power between the hub's answer and recording it (the hub issues it
// once). Touch kiosks and evaluation tablets are web pages of the hub; only
// devices wired to the board belong in its file.
package agent
