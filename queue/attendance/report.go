package attendance

import (
	"fmt"
	"slices"
	"time"

	"halld/queue"
	"halld/queue/hall"
	"halld/queue/workday"
)

// SlotInfo describes a slot for a board's header.
type SlotInfo struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	Kind string `json:"kind"`
	At   string `json:"at"`
}

// SlotMark is one slot of a row.
type SlotMark struct {
	Slot string `json:"slot"`
	Mark
}

// Row is one staff member's day.
type Row struct {
	Staff string     `json:"staff"`
	Name  string     `json:"name"`
	Marks []SlotMark `json:"marks"` // in slot order
}

// Board is a day's attendance: every staff member who must punch.
type Board struct {
	Day        string     `json:"day"`
	Workday    bool       `json:"workday"`
	Slots      []SlotInfo `json:"slots"`
	LeaveKinds []string   `json:"leave_kinds"` // for a leave form
	Rows       []Row      `json:"rows"`
}

// Today is the hall day now (YYYY-MM-DD).
func (b *Book) Today() string { return b.h.Day(b.now()) }

// Board returns day's attendance (YYYY-MM-DD); supervisors and admins only.
func (b *Book) Board(by queue.Session, day string) (Board, error) {
	if err := canManage(by); err != nil {
		return Board{}, err
	}
	if _, err := workday.ParseDate(day); err != nil {
		return Board{}, refuse(queue.ErrBadInput, "bad_date", "日期格式应为 YYYY-MM-DD")
	}
	now := b.now()
	b.mu.Lock()
	defer b.mu.Unlock()
	out := Board{Day: day, Workday: b.workday(day), Slots: b.slotInfo(), LeaveKinds: b.h.Attendance.LeaveKinds}
	for _, st := range b.staffOf(day) {
		out.Rows = append(out.Rows, b.row(st, day, now))
	}
	return out, nil
}

func (b *Book) slotInfo() []SlotInfo {
	var out []SlotInfo
	for _, s := range b.h.Attendance.Slots {
		out = append(out, SlotInfo{s.ID, s.Name, s.Kind, s.At})
	}
	return out
}

// staffOf lists who the day's board shows: those who must punch, in the
// hall file's order, and anyone else with a record that day (a member
// since removed from the file). Call with b.mu held.
func (b *Book) staffOf(day string) []hall.Staff {
	var out []hall.Staff
	seen := map[string]bool{}
	for _, st := range b.h.Staff {
		if b.h.Attendance.MustPunch(st.Role) || b.days[day][st.ID] != nil {
			out = append(out, st)
			seen[st.ID] = true
		}
	}
	var gone []string
	for id := range b.days[day] {
		if !seen[id] {
			gone = append(gone, id)
		}
	}
	slices.Sort(gone)
	for _, id := range gone {
		out = append(out, hall.Staff{ID: id, Name: id})
	}
	return out
}

func (b *Book) row(st hall.Staff, day string, now time.Time) Row {
	r := Row{Staff: st.ID, Name: st.Name}
	for _, s := range b.h.Attendance.Slots {
		r.Marks = append(r.Marks, SlotMark{s.ID, b.markFor(st.ID, day, s, now)})
	}
	return r
}

// markFor decides a slot's status as of now: the punch that counts (a late
// or early one excused by leave shows as leave), else leave, else — once
// the slot's window has closed on a working day since attendance began —
// absent. Call with b.mu held.
func (b *Book) markFor(staff, day string, s hall.AttendanceSlot, now time.Time) Mark {
	var mk Mark
	if rec := b.days[day][staff]; rec != nil && rec.Slots[s.ID] != nil {
		mk = *rec.Slots[s.ID]
	}
	if mk.At != nil && mk.Status == OnTime {
		return mk
	}
	if l := b.leaveFor(staff, day, s.ID); l != nil {
		// The leave decides the slot now: its event is the one to trace.
		mk.Status, mk.Leave, mk.Kind, mk.Seq = OnLeave, l.ID, l.Kind, l.Seq
		return mk
	}
	if mk.At != nil || mk.Status == Absent {
		return mk
	}
	today, m := b.minuteOf(now)
	_, _, until := s.Minutes()
	since := b.since
	if since == "" {
		since = today
	}
	switch {
	case !b.workday(day) || day < since:
		mk.Status = Rest
	case day < today || (day == today && m >= until):
		mk.Status = Absent // provisional until Sweep records it
	default:
		mk.Status = Pending
	}
	return mk
}

// Item is one mark that counts in a month: a late or early punch, an
// absent slot, a slot on leave — with the event it came from (Seq 0: an
// absence not yet recorded by Sweep).
type Item struct {
	Day  string `json:"day"`
	Slot string `json:"slot"`
	Mark
}

// MonthSummary is one staff member's month, as a 考核 scorer counts it.
// Only working days count, from the first day attendance was kept (the
// first Sweep) to today.
type MonthSummary struct {
	Staff      string             `json:"staff"`
	Name       string             `json:"name"`
	Month      string             `json:"month"`
	Workdays   int                `json:"workdays"` // working days so far
	Late       int                `json:"late"`     // late punches
	Early      int                `json:"early"`
	Absent     int                `json:"absent"` // absent slots
	LateDays   int                `json:"late_days"`
	EarlyDays  int                `json:"early_days"`
	AbsentDays int                `json:"absent_days"`
	LeaveDays  map[string]float64 `json:"leave_days"` // by kind; a part day is ½
	Items      []Item             `json:"items"`
}

// Month is staff's summary for month ("2026-12"); supervisors and admins
// only.
func (b *Book) Month(by queue.Session, staff, month string) (MonthSummary, error) {
	all, err := b.months(by, month, staff)
	if err != nil {
		return MonthSummary{}, err
	}
	if len(all) == 0 {
		return MonthSummary{}, refuse(queue.ErrNotFound, "staff_not_found", "没有工号为%s的工作人员", staff)
	}
	return all[0], nil
}

// Months is Month for everyone who must punch (or has records that month).
func (b *Book) Months(by queue.Session, month string) ([]MonthSummary, error) {
	return b.months(by, month, "")
}

// Summaries is Months for the daemon's own readers (the 考核 ledger),
// without the check of who asks.
func (b *Book) Summaries(month string) ([]MonthSummary, error) {
	return b.summaries(month, "")
}

func (b *Book) months(by queue.Session, month, only string) ([]MonthSummary, error) {
	if err := canManage(by); err != nil {
		return nil, err
	}
	return b.summaries(month, only)
}

func (b *Book) summaries(month, only string) ([]MonthSummary, error) {
	first, err := workday.ParseDate(month + "-01")
	if err != nil || len(month) != 7 {
		return nil, refuse(queue.ErrBadInput, "bad_month", "月份格式应为 YYYY-MM")
	}
	now := b.now()
	b.mu.Lock()
	defer b.mu.Unlock()
	today, _ := b.minuteOf(now)
	since := b.since
	if since == "" {
		since = today
	}
	var days []string
	for d := first; d.Month == first.Month; d = d.AddDays(1) {
		if s := d.String(); s >= since && s <= today && b.workday(s) {
			days = append(days, s)
		}
	}
	who := map[string]hall.Staff{}
	var order []string
	for _, d := range days {
		for _, st := range b.staffOf(d) {
			if _, ok := who[st.ID]; !ok && (only == "" || st.ID == only) {
				who[st.ID] = st
				order = append(order, st.ID)
			}
		}
	}
	if only != "" && len(order) == 0 {
		if st := b.h.StaffByID(only); st != nil {
			who[only], order = *st, []string{only}
		}
	}
	var out []MonthSummary
	for _, id := range order {
		st := who[id]
		sum := MonthSummary{Staff: id, Name: st.Name, Month: month, Workdays: len(days), LeaveDays: map[string]float64{}}
		for _, d := range days {
			late, early, absent, leave := false, false, false, 0
			kind := ""
			for _, s := range b.h.Attendance.Slots {
				mk := b.markFor(id, d, s, now)
				switch mk.Status {
				case Late:
					sum.Late++
					late = true
				case Early:
					sum.Early++
					early = true
				case Absent:
					sum.Absent++
					absent = true
				case OnLeave:
					leave++
					kind = mk.Kind
				default:
					continue
				}
				sum.Items = append(sum.Items, Item{Day: d, Slot: s.ID, Mark: mk})
			}
			sum.LateDays += b2i(late)
			sum.EarlyDays += b2i(early)
			sum.AbsentDays += b2i(absent)
			switch {
			case leave == len(b.h.Attendance.Slots):
				sum.LeaveDays[kind]++
			case leave > 0:
				sum.LeaveDays[kind] += 0.5
			}
		}
		out = append(out, sum)
	}
	return out, nil
}

func b2i(v bool) int {
	if v {
		return 1
	}
	return 0
}

// String is a one-line summary, for logs and examples.
func (s MonthSummary) String() string {
	return fmt.Sprintf("%s %s: 迟到%d次 早退%d次 缺勤%d次（%d天）", s.Staff, s.Month, s.Late, s.Early, s.Absent, s.AbsentDays)
}
