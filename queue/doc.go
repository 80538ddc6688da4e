// Package queue is the hall's queue engine: tickets, windows, staff sessions
// and every window verb, kept durable in bbolt.
//
// Every state change is one or more events. A verb decides under the engine
// lock, applies its change in memory and hands the events, together with the
// records they touch, to a group committer that writes them in one bbolt
// transaction with fsync. The verb returns only after that commit, and events
// are published to subscribers only after it, in commit order. Start-up reads
// the current records (meta, windows, sessions, live and today's tickets),
// never the event history, so it stays fast after years of operation.
//
// Routing (who is called next at a window) is, in this order:
//  1. Eligibility: waiting tickets of the services the window serves, plus
//     tickets transferred to this window by number; tickets transferred to
//     another window are not eligible.
//  2. Priority with fairness: priority tickets (绿色通道, 老年人…) go first,
//     but after K priority calls in a row at this window (policy
//     priority_streak, default 2) the next call takes a normal ticket if one
//     is waiting. A specific call (指定叫号) does not count either way. A
//     ticket issued with a later PriorityFrom (an appointment checked in
//     before its slot) is a normal ticket until that time.
//  3. Service weight: within the chosen group, tickets transferred to this
//     window come first, then services with a higher weight at this window.
//  4. Arrival: the oldest first. A ticket keeps its arrival place when it is
//     transferred (unless sent to the end) and gets a place behind the next
//     M waiting tickets of its service after a no-show (policy
//     reinsert_behind, default 3).
//
// Numbers: prefix + zero-padded per-day sequence (A001). The sequence and the
// day are committed with the ticket, so a number is never issued twice.
//
// Clock safety: a clock earlier than 2025 or earlier than the last committed
// day is not trusted and every verb is refused (clock_untrusted) until it
// is. A board without an RTC needs more: fake-hwclock restores the time of
// the last shutdown, a plausible time that may be hours or days old, so a
// new day must not start on an unsynchronised clock. When Options.Synced is
// set and reports false, a change is allowed only at a time within the last
// committed day and not earlier than the last committed event; otherwise
// (a new database too) every verb is refused with clock_unsynced and
// HallView.Starting is true, until Synced reports true. A stale time that
// passes is used: it neither starts a day nor goes backwards, but until NTP
// steps the clock events carry it and the hall may look closed (a time from
// last evening). A day far ahead of the last committed one (more than one
// working day unseen) is refused (clock_jump) until an operator confirms it
// (ConfirmDay, Options.ConfirmDay); within a day, stamps never go back.
//
// Integrity: a commit mark beside the database (mark.go) records clean
// shutdowns and the last commit; after an unclean one, or on a file changed
// since, Open verifies every page and record (verify.go), and it refuses a
// database that ends before the mark (a damaged meta page rolled it back).
// Readers of the log check its sequence: damage is a *DamageError with the
// event range, never a silent gap. Backup verifies before copying.
//
// Personal data: the keys (keys.go) live in a key file outside the database;
// case applicants are sealed with AES-GCM (personal.go); personal data is
// erased after Options.RetentionDays (retention.go).
//
// Logins: every attempt is counted before the PIN hash, per source address
// and per staff member, with a home address that a stranger cannot lock
// (see loginguard.go); staff sessions expire when idle and after a maximum
// (policy session_idle_minutes, session_max_hours).
//
// Caveats: after a failed commit the engine refuses every further operation
// (Err reports why); the daemon is expected to exit and be restarted, which
// reloads the committed state. ID numbers are never stored on tickets: only a keyed
// hash (for the one-ticket-per-ID rule) and the last four characters.
package queue
