// Package attendance keeps the hall staff's attendance (考勤): the day's
// punches (打卡, by default three — 上午上班, 下午上班, 下午下班, 昆山's
// card rule), each on time, late (迟到) or leaving early (早退); the
// absences (缺勤) of slots nobody punched; and leave (请假: 事假, 病假,
// 公休…) recorded by a supervisor, which excuses absences. The slots, the
// grace and who must punch come from hall.toml's [attendance] table.
//
// A staff member punches by id and PIN at a terminal, checked by the
// engine's VerifyPIN under the same limits as logins, or with a staff card
// whose number the hall file maps to them. Records and events live in the
// engine's database and log (domain "attendance", see queue.Rec):
// attendance.punched, attendance.absent, attendance.leave and
// attendance.leave_cancelled. Month gives what a 考核 scorer needs — late,
// early and absent counts and days per staff member, each item with the
// sequence number of the event it came from.
//
// Rules and caveats:
//   - A punch counts for the slot whose window holds its time (see
//     hall.AttendanceSlot.From). The first punch of a start slot counts;
//     for an end slot the last does (leaving, coming back, leaving again).
//   - On a day that is not a working day (e.Calendar(): weekends and
//     holidays, but 调休 working weekend days are working days) punches
//     are recorded as on time and nothing is absent.
//   - Absence is decided when a slot's window has closed: shown at once
//     (provisional), recorded as attendance.absent events by Sweep once the
//     day is over. Days before the domain's first sweep are never marked:
//     installing halld does not make everyone absent for the past.
//   - A leave recorded after an absence event excuses it in Board and
//     Month; the event stays in the log (a later leave does not rewrite
//     history), so a scorer should count through Month.
//   - The hall's one set of slots applies to every working day; seasonal
//     schedules (夏令时作息) mean editing the file. No 补卡 (make-up punch)
//     yet: a forgotten punch is excused by a leave entry.
//   - Card numbers are never logged or put in events in full.
package attendance
