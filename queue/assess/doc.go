// Package assess is the hall's monthly 考核: a score per window unit
// (进驻部门) and per staff member, from facts taken out of the committed
// event log, by the rules of hall.toml's [assessment] table (defaults from
// the 昆山 窗口单位和工作人员考核办法).
//
// The scoring (Score) is pure computation: facts in, a Report out, the
// same Report for the same facts, rules and roster, and every point in it
// names the facts (event sequence number and reference) it came from. The
// facts come from events through a registry of adapters keyed by event
// type (adapters in adapt.go): the engine's own 好差评, cases finished
// late and 差评 follow-ups closed late are there, and complaints found 属实
// at 办结. Unacknowledged alerts are judged over the whole month (an alert
// raised in it and not acknowledged before it ends, cleared or not).
// Attendance comes from the attendance book's month summaries, not its
// events (Ledger.WithAttendance): a leave entered after an absence excuses
// it there, and so here. Ledger reads a month's events from the engine's
// log (finding the month by binary search on the sequence numbers, since
// event stamps never go back) and keeps the facts of months that are over;
// attendance is read again on every request.
//
// Caveats: a case is counted when it is finished late (all its overdue
// working days, in the month of 办结), and a follow-up when it is closed
// late; work still overdue at the month's end counts in the month it ends
// (the 电子监察 view shows it meanwhile). Defaults a province gives
// (not the applicant's own rating) do not count as ratings. 流动红旗 and
// 先进个人 are declared with the second month of each pair (Jan–Feb, …,
// Nov–Dec). A case's overdue days count for its department only (the
// public case view names no clerk). The facts of every month read once it
// is over stay in memory (some 100 bytes a fact) until halld restarts.
package assess
