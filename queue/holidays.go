package queue

import (
	"slices"
	"time"

	"halld/queue/workday"
)

// LoadHolidays takes a year's official holiday table (the same JSON as the
// built-in ones) from the admin, without a new build: it is checked, kept
// in the database, and the deadlines of the open cases and follow-ups are
// recomputed (a provisional one becomes final).
func (e *Engine) LoadHolidays(data []byte) (int, error) { return e.LoadHolidaysFrom(data, "admin") }

// LoadHolidaysFrom is LoadHolidays recording who loaded the table (source,
// as in NoticeView) in a holidays.loaded event: the hall's centre pushes
// tables through it, checked exactly as an admin's.
func (e *Engine) LoadHolidaysFrom(data []byte, source string) (int, error) {
	t, err := workday.ParseTable(data)
	if err != nil {
		return 0, refuse(ErrBadInput, "bad_holiday_table", "节假日表格式不正确：%v", err)
	}
	c, err := e.begin()
	if err != nil {
		return 0, err
	}
	if _, err := e.cal.Load(data); err != nil {
		return 0, e.finish(c, refuse(ErrBadInput, "bad_holiday_table", "节假日表格式不正确：%v", err))
	}
	c.holidays = map[int][]byte{t.Year: data}
	c.emit(EvHolidays, EventData{Holidays: &HolidaysView{Year: t.Year, Source: source}})
	for _, k := range e.cases {
		if !k.State.Open() {
			continue
		}
		due, prov := k.Due, k.Provisional
		e.deadline(k)
		if k.Due != due || k.Provisional != prov {
			c.caseEvent(EvCaseUpdated, k, "")
		}
	}
	for _, f := range e.follow {
		if e.followDeadlines(f) {
			c.followUp(EvFollowUpUpdated, f, "")
		}
	}
	return t.Year, e.finish(c, nil)
}

// HolidayStatus says which years have official tables and whether next
// year's is missing although its notice is due (from November on).
type HolidayStatus struct {
	Years       []int `json:"years"`
	MissingNext bool  `json:"missing_next"`
}

// Holidays reports the calendar's tables.
func (e *Engine) Holidays() HolidayStatus {
	now := e.now().In(e.hall.Location)
	ys := e.cal.Years()
	return HolidayStatus{Years: ys, MissingNext: now.Month() >= time.November && !slices.Contains(ys, now.Year()+1)}
}
