// Package workday is the official working-day calendar used for promised
// deadlines (承诺时限) of cases (办件).
//
// 行政许可法 art. 82 counts periods in working days, statutory holidays
// excluded. A working day is Monday to Friday unless the State Council's
// notice for that year makes it a holiday, plus any weekend day the notice
// declares a working day (调休上班). Each year's notice is a holiday table in
// the JSON format of holidays/YYYY.json; the tables for 2025 and 2026 are
// built in, and an admin can load another year (or a corrected one) at run
// time with [Calendar.Load], which replaces the built-in table for that year.
//
// Counting (see [Calendar.DeadlineFrom]):
//   - The acceptance day never counts; day 1 is the first working day after it.
//   - A pause (补正 or 暂停计时, [Interval]) removes every day from its From day
//     to its To day inclusive from the count. The brief says "the clock pauses
//     and restarts the day after the materials arrive": restarting on the day
//     after arrival means the arrival day (To) does not count, and for the same
//     reason the day the clock stopped (From) does not count either — a day
//     counts only if the clock ran for the whole of it, which is also why the
//     acceptance day never counts. Working days before From that were already
//     counted stay counted; the working days inside the pause are added back
//     at the end, and weekends or holidays inside a pause cost nothing.
//
// Caveats:
//   - A year without a table is counted Monday to Friday less the holidays
//     《全国年节及纪念日放假办法》 fixes by Gregorian date (元旦 1 January,
//     劳动节 1–2 May, 国庆节 1–3 October under the law in force since 2025;
//     earlier versions for earlier years), and every result that depends on
//     such a year is marked provisional; recompute when the admin loads the
//     table (each November the next year's notice appears). The lunar
//     festivals (春节, 端午, 中秋), 清明 (a solar term), the 补假 of art. 6
//     and the 调休 working weekends come only with the table: see
//     statutory.go for why they are not guessed.
//   - [Calendar.Kind] tells a holiday from an ordinary weekend and a 调休
//     working weekend from an ordinary weekday, for opening hours.
//   - Tables loaded at run time live in memory only: the caller keeps the
//     uploaded bytes and loads them again at start-up.
//   - Dates are civil dates ([Date]) with no time zone; a time.Time becomes a
//     Date in the Calendar's location (the hall's, normally UTC+8), never in
//     the machine's zone by accident.
//   - Local or provincial extra days off (e.g. regional festivals) are not in
//     the national tables; put them in a loaded table if a hall needs them.
package workday
