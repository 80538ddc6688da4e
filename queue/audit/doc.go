// Package audit is the hall's audit trail (操作日志): every change a staff
// member, an admin or an outside system made — who, what, when, and from
// which terminal — read-only, and exportable as CSV.
//
// Design: the trail is derived from the committed event log, not written
// beside it. Every engine verb and every domain beside the engine commits
// its events in the same transaction as its change, and the events name
// the actor (EventData.Staff, the window's staff for window verbs, the
// source of a notice, "by" in a domain's payload), so an action and its
// audit line cannot part: a crash loses both or neither. The one thing the
// log does not know is the request's origin (remote address, the
// terminal's id header, the user agent); the API notes it per successful
// change request, with the range of sequence numbers committed while the
// request ran, and Flush stores the notes (domain "audit") in a later
// transaction, batched. Reading joins an event to the note of the same
// actor whose range holds it.
//
// Caveats: an origin note is written after its action, so a crash between
// the two loses the origin (the entry then shows who, what and when, with
// no terminal), and so does an action whose request came through no API
// (a window's hardware keypad). Changes that commit no event — issuing or
// revoking a token, a supervisor's login without a window — are known only
// from their note, and a crash before Flush loses their line. Events of
// the hall's own (the daily close, deadlines recomputed, devices) and of
// applicants (tickets issued, evaluations) are not staff actions and are
// left out. Entries carry no personal data: no applicant, no free text
// (notes, reasons typed by staff), only ids and numbers. The window of time
// is found by a binary search of the log by time, which assumes event
// times do not run backwards (the engine's clock-jump guard keeps them so).
package audit
