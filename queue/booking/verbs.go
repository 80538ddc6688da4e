package booking

import (
	"strings"
	"time"

	"halld/queue"
	"halld/queue/workday"
)

// Request books a slot.
type Request struct {
	Service  string `json:"service"`
	Date     string `json:"date"`  // YYYY-MM-DD
	Start    string `json:"start"` // HH:MM, a slot's start
	IDNumber string `json:"id_number"`
	// Channel is set by the caller (portal, phone), never by the body.
	Channel string `json:"-"`
}

func idOf(s string) (string, error) {
	id := strings.ToUpper(strings.TrimSpace(s))
	if !queue.ValidIDNumber(id) {
		return "", refuse(queue.ErrBadInput, "bad_id_number", "身份证号码不正确，请核对")
	}
	return id, nil
}

// Make books a slot, enforcing every rule (see the package doc), and
// returns the booking with its confirmation code.
func (b *Book) Make(req Request) (View, error) {
	s, err := b.bookable(req.Service)
	if err != nil {
		return View{}, err
	}
	id, err := idOf(req.IDNumber)
	if err != nil {
		return View{}, err
	}
	d, err := workday.ParseDate(req.Date)
	if err != nil {
		return View{}, refuse(queue.ErrBadInput, "bad_date", "日期格式应为 YYYY-MM-DD")
	}
	start, ok := parseClock(req.Start)
	if !ok {
		return View{}, refuse(queue.ErrBadInput, "bad_start", "时段格式应为 HH:MM")
	}
	person := b.e.HashID(id)

	b.mu.Lock()
	defer b.mu.Unlock()
	now := b.now()
	first, last := b.span(now)
	if d.Before(first) || d.After(last) {
		return View{}, refuse(queue.ErrConflict, "outside_booking_window", "只能预约%s至%s的时段", first, last)
	}
	var slot *struct{ end, capacity int }
	for _, sl := range b.daySlots(s, d) {
		if sl.Start == start {
			slot = &struct{ end, capacity int }{sl.End, sl.Capacity}
		}
	}
	switch {
	case slot == nil:
		return View{}, refuse(queue.ErrConflict, "no_such_slot", "%s %s 没有可预约的时段（节假日不办理预约）", d, req.Start)
	case !b.at(d.String(), start).After(now):
		return View{}, refuse(queue.ErrConflict, "slot_begun", "这个时段已经开始，不能预约")
	case b.taken(s.ID, d.String(), start) >= slot.capacity:
		return View{}, refuse(queue.ErrConflict, "slot_full", "这个时段已约满，请选择其他时段")
	}
	if err := b.blocked(person, s.ID, now); err != nil {
		return View{}, err
	}
	n := 0
	for _, k := range b.byPerson[person] {
		if k.Date == d.String() && k.State != Cancelled {
			n++
		}
	}
	if n >= b.cfg.PerPersonPerDay {
		return View{}, refuse(queue.ErrConflict, "one_per_day", "同一身份证号每天只能预约%d次", b.cfg.PerPersonPerDay)
	}
	k := &Booking{Service: s.ID, Date: d.String(), Start: start, End: slot.end, Person: person,
		IDMasked: queue.MaskID(id), Channel: req.Channel, State: Booked, BookedAt: now}
	for {
		k.Code = newCode()
		if b.byCode[k.Code] == nil {
			break
		}
	}
	if err := b.save(k, "booked", event{Code: k.Code, Service: k.Service, Date: k.Date, Start: clock(k.Start), Channel: k.Channel}); err != nil {
		return View{}, err
	}
	b.log.Info("booking made", "code", k.Code, "service", k.Service, "date", k.Date, "start", clock(k.Start), "channel", k.Channel)
	return b.view(k), nil
}

// event is the payload of the domain's events: no personal data.
type event struct {
	Code    string `json:"code"`
	Service string `json:"service"`
	Date    string `json:"date"`
	Start   string `json:"start"`
	Channel string `json:"channel,omitempty"`
	Ticket  string `json:"ticket,omitempty"`
	Late    bool   `json:"late,omitempty"`
}

// Block is why a person may not book now.
type Block struct {
	Person   string `json:"-"`
	IDMasked string `json:"id_masked"`
	Reason   string `json:"reason"` // no_shows, cancellations, item_bookings
	Service  string `json:"service,omitempty"`
	Count    int    `json:"count"`
	Until    string `json:"until"` // last day of the block
}

// blocks lists person's blocks at now (service "" : those of any service).
func (b *Book) blocks(person string, now time.Time) []Block {
	loc := b.loc()
	today := workday.DateOf(now, loc)
	month := today.String()[:7]
	monthEnd := workday.Date{Year: today.Year, Month: today.Month + 1, Day: 0}.AddDays(0).String()
	var noShows, cancels int
	items := map[string]int{}
	masked := ""
	for _, k := range b.byPerson[person] {
		masked = k.IDMasked
		if k.State == NoShow && strings.HasPrefix(k.Date, month) {
			noShows++
		}
		if k.State == Cancelled && k.DoneAt != nil && workday.DateOf(*k.DoneAt, loc).String()[:7] == month {
			cancels++
		}
		if workday.DateOf(k.BookedAt, loc) == today {
			items[k.Service]++
		}
	}
	var out []Block
	if c := b.cfg.BlockNoShows; c > 0 && noShows >= c {
		out = append(out, Block{Person: person, IDMasked: masked, Reason: "no_shows", Count: noShows, Until: monthEnd})
	}
	if c := b.cfg.BlockCancels; c > 0 && cancels >= c {
		out = append(out, Block{Person: person, IDMasked: masked, Reason: "cancellations", Count: cancels, Until: monthEnd})
	}
	if c := b.cfg.BlockItemBookings; c > 0 {
		for svc, n := range items {
			if n >= c {
				out = append(out, Block{Person: person, IDMasked: masked, Reason: "item_bookings", Service: svc, Count: n, Until: today.String()})
			}
		}
	}
	return out
}

// blocked refuses a booking of service by a blocked person.
func (b *Book) blocked(person, service string, now time.Time) error {
	for _, k := range b.blocks(person, now) {
		switch {
		case k.Reason == "no_shows":
			return refuse(queue.ErrForbidden, "blocked_no_shows", "本月已爽约%d次，%s前不能预约", k.Count, k.Until)
		case k.Reason == "cancellations":
			return refuse(queue.ErrForbidden, "blocked_cancellations", "本月已取消预约%d次，%s前不能预约", k.Count, k.Until)
		case k.Service == service:
			return refuse(queue.ErrForbidden, "blocked_item_bookings", "今天已预约该事项%d次，今天不能再预约", k.Count)
		}
	}
	return nil
}

// Cancel cancels a booking until its deadline. idNumber, when the caller
// must prove who it is (the phone page), must be the booking's.
func (b *Book) Cancel(code, idNumber string, needID bool) (View, error) {
	var person string
	if needID {
		id, err := idOf(idNumber)
		if err != nil {
			return View{}, err
		}
		person = b.e.HashID(id)
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	old := b.byCode[normCode(code)]
	if old == nil || (needID && old.Person != person) {
		return View{}, errNoBooking()
	}
	now := b.now()
	switch {
	case old.State != Booked:
		return View{}, refuse(queue.ErrConflict, "not_cancellable", "这个预约已%s，不能取消", stateName[old.State])
	case now.After(b.view(old).CancelUntil):
		return View{}, refuse(queue.ErrConflict, "cancel_deadline", "预约时段前%d分钟内不能取消", b.cfg.CancelBeforeMinutes)
	}
	k := *old
	k.State, k.DoneAt = Cancelled, &now
	if err := b.save(&k, "cancelled", event{Code: k.Code, Service: k.Service, Date: k.Date, Start: clock(k.Start)}); err != nil {
		return View{}, err
	}
	b.log.Info("booking cancelled", "code", k.Code)
	return b.view(&k), nil
}

var stateName = map[string]string{Booked: "预约", Cancelled: "取消", CheckedIn: "签到", NoShow: "过时未签到（爽约）", Closed: "因当天不办公作废"}
