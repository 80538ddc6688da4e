package booking

import (
	"time"

	"halld/queue"
	"halld/queue/hall"
	"halld/queue/workday"
)

// Day is one bookable day of a service and its slots.
type Day struct {
	Date  string     `json:"date"`
	Slots []SlotView `json:"slots"`
}

// SlotView is one slot with what is left of it.
type SlotView struct {
	Start    string `json:"start"`
	End      string `json:"end"`
	Capacity int    `json:"capacity"`
	Booked   int    `json:"booked"`
	Free     int    `json:"free"`
}

// span is the first and last bookable day at now.
func (b *Book) span(now time.Time) (first, last workday.Date) {
	first = workday.DateOf(now, b.loc()).AddDays(b.cfg.AheadDays)
	cal := b.e.Calendar()
	n := 0
	for d, i := first, 0; i < 400; d, i = d.AddDays(1), i+1 {
		if w, _ := cal.IsWorkday(d); w {
			n++
			if n == b.cfg.Days {
				return first, d
			}
		}
	}
	return first, first.AddDays(-1) // no working day within a year: nothing bookable
}

// daySlots are the slots of service s on date d: none on a holiday, a
// 调休 working day's like hours.adjusted_workday's, and only those inside
// the hall's opening hours that day (hours.dates closes a day).
func (b *Book) daySlots(s *hall.BookingService, d workday.Date) []hall.Slot {
	kind, _ := b.e.Calendar().Kind(d)
	var slots []hall.Slot
	switch kind {
	case workday.Holiday:
		return nil
	case workday.Adjusted:
		slots = s.Slots(b.h.AdjustedWeekday())
	default:
		slots = s.Slots(d.Weekday())
	}
	open := b.h.OpenSpans(d.Time(b.loc()).Add(12*time.Hour), kind)
	var out []hall.Slot
	for _, sl := range slots {
		for _, sp := range open {
			if sl.Start >= sp.Start && sl.End <= sp.End {
				out = append(out, sl)
				break
			}
		}
	}
	return out
}

// taken counts the live (booked or checked-in) bookings of a slot.
func (b *Book) taken(service, date string, start int) int {
	n := 0
	for _, k := range b.byDate[date] {
		if k.Service == service && k.Start == start && k.State != Cancelled {
			n++
		}
	}
	return n
}

// Slots lists the bookable days of service from date from ("" for the
// first bookable day) to the last, with each slot's free places; slots
// that have begun are left out.
func (b *Book) Slots(service, from string) ([]Day, error) {
	s, err := b.bookable(service)
	if err != nil {
		return nil, err
	}
	now := b.now()
	first, last := b.span(now)
	if from != "" {
		d, err := workday.ParseDate(from)
		if err != nil {
			return nil, refuse(queue.ErrBadInput, "bad_date", "日期格式应为 YYYY-MM-DD")
		}
		if d.After(first) {
			first = d
		}
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	out := []Day{}
	for d := first; !d.After(last); d = d.AddDays(1) {
		var views []SlotView
		for _, sl := range b.daySlots(s, d) {
			if !b.at(d.String(), sl.Start).After(now) {
				continue
			}
			n := b.taken(s.ID, d.String(), sl.Start)
			views = append(views, SlotView{Start: clock(sl.Start), End: clock(sl.End), Capacity: sl.Capacity, Booked: n, Free: max(sl.Capacity-n, 0)})
		}
		if len(views) > 0 {
			out = append(out, Day{Date: d.String(), Slots: views})
		}
	}
	return out, nil
}

func (b *Book) bookable(service string) (*hall.BookingService, error) {
	if b.h.ServiceByID(service) == nil {
		return nil, refuse(queue.ErrBadInput, "unknown_service", "没有这项业务")
	}
	s := b.h.BookingService(service)
	if s == nil {
		return nil, refuse(queue.ErrBadInput, "not_bookable", "这项业务不接受预约")
	}
	return s, nil
}

// Services lists the bookable services in hall order.
func (b *Book) Services() []ServiceView {
	out := []ServiceView{}
	for _, s := range b.h.Services {
		if b.h.BookingService(s.ID) != nil {
			out = append(out, ServiceView{ID: s.ID, Name: s.Name, Department: s.Department})
		}
	}
	return out
}

// ServiceView names a bookable service.
type ServiceView struct {
	ID         string `json:"id"`
	Name       string `json:"name"`
	Department string `json:"department"`
}
