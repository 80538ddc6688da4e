package assess

import "time"

// Fact kinds. Qty is the count a fact stands for (1 when zero).
const (
	// BadRating is a 差评 (不满意 or 非常不满意) of a service or of a
	// case's 办结 node, against the window's department and staff.
	BadRating = "bad_rating"
	// Rating is any applicant's own rating; the denominator of shares.
	Rating = "rating"
	// RatingVerySatisfied is a 非常满意 rating; the numerator of shares.
	RatingVerySatisfied = "rating_very_satisfied"
	// Praise is a recorded 表扬 (a letter, a banner), an addition.
	Praise = "praise"
	// ComplaintUpheld is a complaint found 属实 (substantiated).
	ComplaintUpheld = "complaint_upheld"
	// Late and EarlyLeave are one late arrival or early departure.
	Late       = "late"
	EarlyLeave = "early_leave"
	// AbsentHalfDay is 旷工 / 擅自脱岗; Qty half-days.
	AbsentHalfDay = "absent_half_day"
	// PersonalLeaveDay and SickLeaveDay are leave taken (事假, 病假);
	// Qty days. They cost no points; over the limits they withhold the
	// month's 考核奖.
	PersonalLeaveDay = "personal_leave_day"
	SickLeaveDay     = "sick_leave_day"
	// LeaveOverLimit is leave the attendance domain already judged over a
	// limit; it withholds the month's 考核奖.
	LeaveOverLimit = "leave_over_limit"
	// OverdueCaseDay is a case finished after its promised day; Qty
	// working days late (限时承诺：每超一天每件次扣分).
	OverdueCaseDay = "overdue_case_day"
	// OverdueFollowUp is a 差评 follow-up verified or closed after its due
	// day.
	OverdueFollowUp = "overdue_followup"
	// UnackedAlert is an alert (超时预警) nobody acknowledged.
	UnackedAlert = "unacked_alert"
)

// Fact is one thing the month's 考核 counts, taken from one event.
type Fact struct {
	Seq        uint64    `json:"seq"` // the event it came from
	At         time.Time `json:"at"`
	Kind       string    `json:"kind"`
	Department string    `json:"department,omitempty"` // the window unit it counts against ("" = none)
	Staff      string    `json:"staff,omitempty"`      // 工号 ("" = none)
	Window     int       `json:"window,omitempty"`
	// Ref is the ticket, case or complaint number: never personal data.
	Ref string  `json:"ref,omitempty"`
	Qty float64 `json:"qty,omitempty"` // days overdue, half-days absent; 1 when zero
}

func (f Fact) qty() float64 {
	if f.Qty == 0 {
		return 1
	}
	return f.Qty
}
