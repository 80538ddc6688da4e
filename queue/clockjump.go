package queue

import (
	"time"

	"halld/queue/workday"
)

// maxSkippedWorkdays is how many working days may pass unseen between the
// last committed day and a new one before the clock is doubted: one (a
// power cut over a working day). Weekends and public holidays in between
// are explained by the calendar; a longer gap, or a clock a year ahead,
// needs an operator's ConfirmDay (admin API or -confirm-day). A committed
// wrong day expires the day's tickets and then refuses the right clock.
const maxSkippedWorkdays = 1

// maxGapDays: no calendar explains a gap longer than this (the longest
// Chinese holiday is 8 days with its weekends); the check stops counting.
const maxGapDays = 31

// errClockJump refuses a change that would start a day too far ahead.
func errClockJump(last, now string) error {
	return refuse(ErrUnavailable, "clock_jump", "系统日期（%s）比上一个营业日（%s）晚得太多，请管理员核对时间后确认", now, last)
}

// jumpedAhead reports whether starting day today needs an operator's
// confirmation: more than maxSkippedWorkdays working days lie unseen
// between the last committed day and it. Called under the lock.
func (e *Engine) jumpedAhead(today string) bool {
	if e.meta.Day == "" || today <= e.meta.Day || today == e.confirmedDay {
		return false
	}
	last, err1 := workday.ParseDate(e.meta.Day)
	now, err2 := workday.ParseDate(today)
	if err1 != nil || err2 != nil {
		return true
	}
	skipped := 0
	for d, n := last.AddDays(1), 0; d.Before(now); d, n = d.AddDays(1), n+1 {
		if n >= maxGapDays {
			return true
		}
		if work, _ := e.cal.IsWorkday(d); work {
			skipped++
		}
	}
	return skipped > maxSkippedWorkdays
}

// ConfirmDay is the operator's word that the clock is right and that day
// (YYYY-MM-DD, the hall day the clock shows now) may start although it is
// far ahead of the last committed one. The new day starts at once.
func (e *Engine) ConfirmDay(day string) error {
	e.mu.Lock()
	today := e.hall.Day(e.now().In(e.hall.Location))
	if day != today {
		e.mu.Unlock()
		return refuse(ErrBadInput, "bad_day", "确认的日期须为系统当前日期 %s", today)
	}
	if e.confirmedDay != day {
		e.log.Warn("operator confirmed a day far ahead of the last one", "day", day, "last_day", e.meta.Day)
	}
	e.confirmedDay = day
	e.mu.Unlock()
	return e.Tick()
}

// monotonic keeps event stamps in order when the clock steps back within
// the day (NTP correcting a fast clock): a later event is never stamped
// before an earlier one; it takes the last stamp until the clock passes it.
func (e *Engine) monotonic(t time.Time) time.Time {
	if t.Before(e.meta.LastAt) {
		return e.meta.LastAt.In(t.Location())
	}
	return t
}
