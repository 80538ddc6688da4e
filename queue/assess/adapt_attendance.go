package assess

import (
	"time"

	"halld/queue/attendance"
	"halld/queue/hall"
)

// AttendanceBook is what the Ledger reads of attendance: the month's
// summaries per staff member (queue/attendance's Book). Reading them, not
// the attendance events, is what lets a leave entered after an
// attendance.absent event excuse it.
type AttendanceBook interface {
	Summaries(month string) ([]attendance.MonthSummary, error)
}

// Leave kinds with a 考核 fact; other kinds (公休, 婚假…) count nowhere.
var leaveFacts = map[string]string{"事假": PersonalLeaveDay, "病假": SickLeaveDay}

// attendanceFacts turns month summaries into facts, each carrying the
// sequence number of the event that decided it (a punch, a Sweep's
// absence, a leave), against the staff member only (hall.toml gives staff
// no department):
//   - a late or early punch: one Late or EarlyLeave;
//   - absent slots: one AbsentHalfDay per half of a day (slots before
//     12:00 are the morning) with any slot absent — an absence counts once
//     Sweep has recorded it (a provisional one has no event to trace);
//   - leave: PersonalLeaveDay (事假) or SickLeaveDay (病假) per day, Qty 1
//     when every slot of the day is on leave, else ½, as the book counts.
//
// Ref is the day and slot ("2026-12-02 am_in") or the leave's id.
func attendanceFacts(sums []attendance.MonthSummary, h *hall.Hall) []Fact {
	loc, morning := time.UTC, map[string]bool{}
	nslots := 0
	if h != nil {
		loc = h.Location
		for _, s := range h.Attendance.Slots {
			morning[s.ID] = s.At < "12:00"
		}
		nslots = len(h.Attendance.Slots)
	}
	var out []Fact
	for _, sum := range sums {
		type half struct {
			day string
			am  bool
		}
		absent := map[half]bool{}
		leave := map[string][]attendance.Item{} // day → its leave items
		var days []string
		for _, it := range sum.Items {
			base := Fact{Seq: it.Seq, Staff: sum.Staff, Ref: it.Day + " " + it.Slot}
			if it.At != nil {
				base.At = *it.At
			} else if d, err := time.ParseInLocation(time.DateOnly, it.Day, loc); err == nil {
				base.At = d
			}
			switch it.Status {
			case attendance.Late:
				out = append(out, withKind(base, Late))
			case attendance.Early:
				out = append(out, withKind(base, EarlyLeave))
			case attendance.Absent:
				k := half{it.Day, morning[it.Slot]}
				if it.Seq == 0 || absent[k] {
					continue
				}
				absent[k] = true
				out = append(out, withKind(base, AbsentHalfDay))
			case attendance.OnLeave:
				if len(leave[it.Day]) == 0 {
					days = append(days, it.Day)
				}
				leave[it.Day] = append(leave[it.Day], it)
			}
		}
		for _, d := range days {
			its := leave[d]
			kind := leaveFacts[its[0].Kind]
			if kind == "" {
				continue
			}
			at, _ := time.ParseInLocation(time.DateOnly, d, loc)
			qty := 0.5
			if len(its) >= nslots {
				qty = 1
			}
			out = append(out, Fact{Seq: its[0].Seq, At: at, Kind: kind, Staff: sum.Staff, Ref: its[0].Leave, Qty: qty})
		}
	}
	return out
}
