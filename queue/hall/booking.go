package hall

import (
	"fmt"
	"time"

	"github.com/BurntSushi/toml"
)

// Booking is the [booking] table: appointments (预约) per service. Without
// it (or without any [[booking.service]]) the hall takes no bookings. The
// defaults are Hangzhou's rules (book from one day ahead for the next five
// working days, cancel at least two hours before, one booking per person
// per day) and Quanzhou's blocks (two no-shows or five cancellations in a
// month, more than three bookings of one item in a day).
type Booking struct {
	// Priority is the [[priority]] class a checked-in appointment's ticket
	// carries (default "appointment"): it is called ahead of walk-ins under
	// the hall's priority_streak fairness cap.
	Priority string `toml:"priority"`
	// AheadDays: the first bookable day is this many days after today
	// (default 1: from tomorrow).
	AheadDays int `toml:"ahead_days"`
	// Days: the last bookable day is the Days-th working day counted from
	// the first bookable day (default 5).
	Days int `toml:"days"`
	// CancelBeforeMinutes: a booking may be cancelled until this long
	// before its slot (default 120).
	CancelBeforeMinutes int `toml:"cancel_before_minutes"`
	// PerPersonPerDay: bookings one ID number may hold on one day (default 1).
	PerPersonPerDay int `toml:"per_person_per_day"`
	// Check-in is open from CheckInBeforeMinutes before the slot's start to
	// CheckInAfterMinutes after it (defaults 30 and 15); later, the
	// booking is a no-show and the applicant takes a normal ticket.
	CheckInBeforeMinutes int `toml:"checkin_before_minutes"`
	CheckInAfterMinutes  int `toml:"checkin_after_minutes"`
	// Blocks, 0 turning one off: BlockNoShows no-shows or BlockCancels
	// cancellations in a calendar month block booking for the rest of that
	// month (defaults 2 and 5); more than BlockItemBookings bookings of one
	// service made in one day block it for the rest of that day (default 3).
	BlockNoShows      int `toml:"block_no_shows"`
	BlockCancels      int `toml:"block_cancels"`
	BlockItemBookings int `toml:"block_item_bookings"`
	// Services are the bookable services.
	Services []BookingService `toml:"service"`

	services map[string]*BookingService
}

// BookingService is one bookable service: its slots on working days
// (Monday to Friday, and 调休 working days like hours.adjusted_workday),
// and optionally other slots on a given weekday (a Saturday 延时服务).
type BookingService struct {
	ID          string      `toml:"id"`
	Hours       []string    `toml:"hours"`        // cut into slots of SlotMinutes
	SlotMinutes int         `toml:"slot_minutes"` // default 30
	Capacity    int         `toml:"capacity"`     // bookings per slot, default 1
	Monday      *BookingDay `toml:"monday"`
	Tuesday     *BookingDay `toml:"tuesday"`
	Wednesday   *BookingDay `toml:"wednesday"`
	Thursday    *BookingDay `toml:"thursday"`
	Friday      *BookingDay `toml:"friday"`
	Saturday    *BookingDay `toml:"saturday"`
	Sunday      *BookingDay `toml:"sunday"`

	week [7][]Slot
}

// BookingDay overrides a service's slots on one weekday; unset fields keep
// the service's. Saturday and Sunday have no slots unless given one.
type BookingDay struct {
	Hours       []string `toml:"hours"`
	SlotMinutes int      `toml:"slot_minutes"`
	Capacity    int      `toml:"capacity"`
}

// Slot is one bookable time: Start and End in minutes since hall-local
// midnight, and how many bookings it takes.
type Slot struct {
	Start    int `json:"start"`
	End      int `json:"end"`
	Capacity int `json:"capacity"`
}

func bookingDefaults(c *Config, md *toml.MetaData) {
	b := &c.Booking
	set := func(p *int, v int, key string) {
		if !md.IsDefined("booking", key) {
			*p = v
		}
	}
	if b.Priority == "" {
		b.Priority = "appointment"
	}
	set(&b.AheadDays, 1, "ahead_days")
	set(&b.Days, 5, "days")
	set(&b.CancelBeforeMinutes, 120, "cancel_before_minutes")
	set(&b.PerPersonPerDay, 1, "per_person_per_day")
	set(&b.CheckInBeforeMinutes, 30, "checkin_before_minutes")
	set(&b.CheckInAfterMinutes, 15, "checkin_after_minutes")
	set(&b.BlockNoShows, 2, "block_no_shows")
	set(&b.BlockCancels, 5, "block_cancels")
	set(&b.BlockItemBookings, 3, "block_item_bookings")
	for i := range b.Services {
		s := &b.Services[i]
		if s.SlotMinutes == 0 {
			s.SlotMinutes = 30
		}
		if s.Capacity == 0 {
			s.Capacity = 1
		}
	}
}

// buildBooking validates [booking] once services and priorities are known.
func (h *Hall) buildBooking() error {
	b := &h.Config.Booking
	b.services = map[string]*BookingService{}
	if len(b.Services) == 0 {
		return nil
	}
	if h.priorities[b.Priority] == nil {
		return fmt.Errorf("booking.priority: %q is not a [[priority]] id", b.Priority)
	}
	for _, c := range []struct {
		name   string
		v, max int
	}{
		{"ahead_days", b.AheadDays, 60}, {"days", b.Days, 60},
		{"cancel_before_minutes", b.CancelBeforeMinutes, 7 * 24 * 60},
		{"per_person_per_day", b.PerPersonPerDay, 20},
		{"checkin_before_minutes", b.CheckInBeforeMinutes, 240},
		{"checkin_after_minutes", b.CheckInAfterMinutes, 240},
		{"block_no_shows", b.BlockNoShows, 100}, {"block_cancels", b.BlockCancels, 100},
		{"block_item_bookings", b.BlockItemBookings, 100},
	} {
		if c.v < 0 || c.v > c.max {
			return fmt.Errorf("booking.%s: %d is outside 0…%d", c.name, c.v, c.max)
		}
	}
	if b.Days < 1 {
		return fmt.Errorf("booking.days: must be at least 1")
	}
	if b.PerPersonPerDay < 1 {
		return fmt.Errorf("booking.per_person_per_day: must be at least 1")
	}
	for i := range b.Services {
		s := &b.Services[i]
		f := fmt.Sprintf("booking.service[%d]", i)
		switch {
		case h.services[s.ID] == nil:
			return fmt.Errorf("%s.id: %q is not a [[service]] id", f, s.ID)
		case b.services[s.ID] != nil:
			return fmt.Errorf("%s.id: %q is booked twice", f, s.ID)
		}
		days := []struct {
			name string
			wd   time.Weekday
			d    *BookingDay
		}{
			{"monday", time.Monday, s.Monday}, {"tuesday", time.Tuesday, s.Tuesday},
			{"wednesday", time.Wednesday, s.Wednesday}, {"thursday", time.Thursday, s.Thursday},
			{"friday", time.Friday, s.Friday}, {"saturday", time.Saturday, s.Saturday},
			{"sunday", time.Sunday, s.Sunday},
		}
		for _, d := range days {
			hours, length, capacity := s.Hours, s.SlotMinutes, s.Capacity
			if d.wd == time.Saturday || d.wd == time.Sunday {
				hours = nil
			}
			if d.d != nil {
				if d.d.Hours != nil {
					hours = d.d.Hours
				}
				if d.d.SlotMinutes != 0 {
					length = d.d.SlotMinutes
				}
				if d.d.Capacity != 0 {
					capacity = d.d.Capacity
				}
			}
			name := f + "." + d.name
			if d.d == nil {
				name = f
			}
			slots, err := cutSlots(hours, length, capacity)
			if err != nil {
				return fmt.Errorf("%s: %v", name, err)
			}
			s.week[d.wd] = slots
		}
		b.services[s.ID] = s
	}
	return nil
}

func cutSlots(hours []string, length, capacity int) ([]Slot, error) {
	if length < 5 || length > 480 {
		return nil, fmt.Errorf("slot_minutes: %d is outside 5…480", length)
	}
	if capacity < 1 || capacity > 1000 {
		return nil, fmt.Errorf("capacity: %d is outside 1…1000", capacity)
	}
	spans, err := parseSpans(hours)
	if err != nil {
		return nil, fmt.Errorf("hours: %v", err)
	}
	var out []Slot
	for _, sp := range spans {
		if sp.End-sp.Start < length {
			return nil, fmt.Errorf("hours: %s–%s is shorter than one slot (%d minutes)", clockOf(sp.Start), clockOf(sp.End), length)
		}
		for m := sp.Start; m+length <= sp.End; m += length {
			out = append(out, Slot{Start: m, End: m + length, Capacity: capacity})
		}
	}
	return out, nil
}

func clockOf(m int) string { return fmt.Sprintf("%02d:%02d", m/60, m%60) }

// Bookable reports whether the hall takes bookings for any service.
func (h *Hall) Bookable() bool { return len(h.Booking.services) > 0 }

// BookingService returns the booking settings of service id, or nil when
// it takes no bookings.
func (h *Hall) BookingService(id string) *BookingService { return h.Booking.services[id] }

// Slots returns the service's slots on a day of weekday wd (for a 调休
// working day pass the hours.adjusted_workday weekday: AdjustedWeekday).
func (s *BookingService) Slots(wd time.Weekday) []Slot { return s.week[wd] }

// AdjustedWeekday is the weekday whose hours a 调休 working day keeps.
func (h *Hall) AdjustedWeekday() time.Weekday { return h.adjusted }
