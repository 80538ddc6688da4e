package booking

import (
	"time"

	"halld/queue"
	"halld/queue/workday"
)

// CheckInRequest checks a booking in by its code or by the applicant's ID
// number (typed, or read from the ID card by the kiosk's reader).
type CheckInRequest struct {
	Code     string `json:"code,omitempty"`
	IDNumber string `json:"id_number,omitempty"`
	// Channel is the ticket's channel (the engine's: "appointment" unless
	// the caller says otherwise).
	Channel string `json:"-"`
}

// Issuer issues the ticket of a check-in: the engine's Issue, or a
// kiosk's issue-and-print.
type Issuer func(queue.IssueRequest) (queue.TicketView, error)

// Arrival is the result of a check-in: the booking and its ticket. Late
// means the ticket is a walk-in's (the applicant came after the window).
type Arrival struct {
	Booking View             `json:"booking"`
	Ticket  queue.TicketView `json:"ticket"`
	Late    bool             `json:"late"`
}

// CheckIn checks today's booking in within its window and issues its
// ticket through issue (nil: the engine's Issue) with the booking's
// priority class; after the window it issues a normal ticket and the
// booking stays a no-show. Before the window it refuses.
func (b *Book) CheckIn(req CheckInRequest, issue Issuer) (Arrival, error) {
	if issue == nil {
		issue = b.e.Issue
	}
	var id, person string
	if req.Code == "" {
		var err error
		if id, err = idOf(req.IDNumber); err != nil {
			return Arrival{}, err
		}
		person = b.e.HashID(id)
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	now := b.now()
	today := b.h.Day(now)
	var k *Booking
	if req.Code != "" {
		k = b.byCode[normCode(req.Code)]
		if k == nil {
			return Arrival{}, errNoBooking()
		}
	} else {
		k = b.personToday(person, today, now)
		if k == nil {
			return Arrival{}, refuse(queue.ErrNotFound, "booking_not_found", "没有查到您今天的预约")
		}
	}
	v := b.view(k)
	// The window decides, not the date: a slot just after midnight opens
	// the evening before. Outside it, a booking of another day is told so.
	open := !now.Before(v.CheckInFrom) && !now.After(v.CheckInUntil)
	switch {
	case !open && k.Date != today:
		return Arrival{}, refuse(queue.ErrConflict, "not_today", "您的预约在%s %s，请当天来签到", k.Date, v.Start)
	case k.State == Closed:
		return Arrival{}, refuse(queue.ErrConflict, "booking_closed", "预约当天不办公，预约已作废，请改约")
	case k.State == Cancelled:
		return Arrival{}, refuse(queue.ErrConflict, "booking_cancelled", "这个预约已取消，请取号办理")
	case k.State == CheckedIn || k.Ticket != "":
		return Arrival{}, refuse(queue.ErrConflict, "already_checked_in", "这个预约已签到，号码 %s", k.Ticket)
	case now.Before(v.CheckInFrom):
		return Arrival{}, refuse(queue.ErrConflict, "too_early", "请于%s后签到（预约时段 %s–%s）", v.CheckInFrom.Format("15:04"), v.Start, v.End)
	}
	late := now.After(v.CheckInUntil)
	// The priority counts from the slot's start: checked in early, the
	// applicant waits as a walk-in until then.
	ir := queue.IssueRequest{Service: k.Service, Channel: "appointment", Priority: b.cfg.Priority, IDNumber: id,
		PriorityFrom: b.at(k.Date, k.Start)}
	if req.Channel != "" {
		ir.Channel = req.Channel
	}
	if late {
		ir.Priority = ""
	}
	t, err := issue(ir)
	if err != nil {
		return Arrival{}, err
	}
	n := *k
	n.Ticket, n.Late = t.Number, late
	if !late {
		n.State, n.DoneAt = CheckedIn, &now
	} else if n.State == Booked {
		n.State, n.DoneAt = NoShow, &now
	}
	if err := b.save(&n, "checked_in", event{Code: n.Code, Service: n.Service, Date: n.Date, Start: clock(n.Start), Ticket: n.Ticket, Late: late}); err != nil {
		// The ticket exists but the booking does not say so: the
		// applicant is served, a second check-in could give another.
		b.log.Error("booking check-in not recorded", "code", n.Code, "ticket", t.Number, "err", err)
		return Arrival{}, err
	}
	b.log.Info("booking checked in", "code", n.Code, "ticket", t.Number, "late", late)
	return Arrival{Booking: b.view(&n), Ticket: t, Late: late}, nil
}

// personToday picks the person's booking to check in: the first one whose
// window is open now (whatever its date: see CheckIn), else today's next
// to come, else today's last one.
func (b *Book) personToday(person, today string, now time.Time) *Booking {
	var open, next, past *Booking
	for _, k := range b.byPerson[person] {
		if k.State == Cancelled || k.State == Closed || k.Ticket != "" {
			continue
		}
		v := b.view(k)
		inWindow := !now.Before(v.CheckInFrom) && !now.After(v.CheckInUntil)
		if k.Date != today && !inWindow {
			continue
		}
		switch {
		case inWindow:
			if open == nil || k.Start < open.Start {
				open = k
			}
		case now.Before(v.CheckInFrom):
			if next == nil || k.Start < next.Start {
				next = k
			}
		default:
			if past == nil || k.Start > past.Start {
				past = k
			}
		}
	}
	switch {
	case open != nil:
		return open
	case next != nil:
		return next
	}
	return past
}

// Check marks as no-shows the bookings still not checked in when their
// check-in window has ended, and returns how many it marked. A booking
// whose day turned out closed (a holiday table loaded after it was made,
// an hours.dates closure) is marked closed instead: it counts towards no
// block. The daemon
// calls it every minute; the blocks count what it marks.
func (b *Book) Check() (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	now := b.now()
	today := b.h.Day(now)
	var due []Booking
	for date, list := range b.byDate {
		if date > today {
			continue
		}
		for _, k := range list {
			if k.State == Booked && now.After(b.view(k).CheckInUntil) {
				n := *k
				n.State, n.DoneAt = NoShow, &now
				if !b.slotOpen(&n) {
					n.State = Closed // nobody could come: not a no-show
				}
				due = append(due, n)
			}
		}
	}
	if len(due) == 0 {
		return 0, nil
	}
	err := b.e.Update(func(r *queue.Rec) error {
		for i := range due {
			k := &due[i]
			what := ".no_show"
			if k.State == Closed {
				what = ".closed"
			}
			if _, err := r.Emit(Domain+what, event{Code: k.Code, Service: k.Service, Date: k.Date, Start: clock(k.Start)}); err != nil {
				return err
			}
			if err := r.Put(Domain, k.Code, k); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	for i := range due {
		b.index(&due[i])
	}
	b.log.Info("booking no-shows marked", "count", len(due))
	return len(due), nil
}

// slotOpen reports whether k's slot is still one of its day's: a holiday
// table or a closure loaded after the booking may have closed the day.
func (b *Book) slotOpen(k *Booking) bool {
	s := b.h.BookingService(k.Service)
	d, err := workday.ParseDate(k.Date)
	if s == nil || err != nil {
		return false
	}
	for _, sl := range b.daySlots(s, d) {
		if sl.Start == k.Start {
			return true
		}
	}
	return false
}
