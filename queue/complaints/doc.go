// Package complaints is the 监察投诉窗口's register of complaints (投诉)
// about a window, a staff member, a service or a case. A complaint is
// registered at the complaints window (a supervisor, an admin, or a clerk
// logged in at a window the [complaints] table names), turned from a 差评
// follow-up (linked by the ticket id), or filed by an outside system with
// an API token. It moves 受理 (received) → 调查 (investigating) → 办结
// (concluded, with a finding 属实 or 不属实 and a note), each step within
// the [complaints] table's working days, counted in the hall's calendar so
// holidays and 调休 count as the cases' deadlines do.
//
// The register lives beside the engine (domain "complaint"): every step is
// one engine Update, its record and its event (complaint.filed,
// complaint.updated) committed together. The events carry the attribution
// (window, staff, service, department, case) and the finding, and who acted,
// so the monthly 考核 can be scored from the log alone; they carry no
// personal data and no free text (the complaint and the notes may name
// people). The complainant's name and phone are sealed with the hall's key;
// everywhere else, the API's answers included, they are masked (张*, the
// phone's last four digits); only Contact unseals them, for those who
// handle complaints.
//
// Caveats: due days are counted when a complaint is registered; when a
// year's holiday table was missing then, they are marked provisional,
// shown as the calendar counts once the table is loaded, and stored so at
// the complaint's next step (its event carries them then). A clerk
// at the complaints window may not handle a complaint about himself. All
// complaints are kept in memory (a hall has dozens a year, not thousands).
// The complainant's contact is not purged by the retention period.
package complaints
