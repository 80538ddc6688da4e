package hall

import (
	"strings"
	"testing"
	"time"
)

const bookingHall = minimal + `
[[priority]]
id = "appointment"
name = "预约"
[booking]
%s
[[booking.service]]
id = "estate"
hours = ["09:00-12:00"]
%s
`

func parseBooking(top, svc string) (*Hall, error) {
	doc := strings.Replace(strings.Replace(bookingHall, "%s", top, 1), "%s", svc, 1)
	return Parse([]byte(doc), "t.toml")
}

func TestBookingDefaultsAndSlots(t *testing.T) {
	if h, err := Parse([]byte(minimal), "t.toml"); err != nil || h.Bookable() {
		t.Fatalf("a hall without [booking] takes none: %v %v", err, h)
	}
	h, err := parseBooking("", "[booking.service.saturday]\nhours = [\"09:00-10:00\"]\ncapacity = 3")
	if err != nil {
		t.Fatal(err)
	}
	b := h.Booking
	if b.Priority != "appointment" || b.AheadDays != 1 || b.Days != 5 || b.CancelBeforeMinutes != 120 || b.PerPersonPerDay != 1 ||
		b.CheckInBeforeMinutes != 30 || b.CheckInAfterMinutes != 15 || b.BlockNoShows != 2 || b.BlockCancels != 5 || b.BlockItemBookings != 3 {
		t.Errorf("defaults %+v", b)
	}
	s := h.BookingService("estate")
	if got := s.Slots(time.Monday); len(got) != 6 || got[0] != (Slot{540, 570, 1}) || got[5] != (Slot{690, 720, 1}) {
		t.Errorf("monday slots %v", got)
	}
	if got := s.Slots(time.Sunday); len(got) != 0 {
		t.Errorf("sunday slots %v", got)
	}
	if got := s.Slots(time.Saturday); len(got) != 2 || got[0].Capacity != 3 {
		t.Errorf("saturday slots %v", got)
	}
	if !h.Bookable() || h.BookingService("nope") != nil {
		t.Error("lookups")
	}
	if d := Demo(); !d.Bookable() || d.Booking.AheadDays != 0 {
		t.Error("the demo hall takes bookings from today")
	}
}

func TestBookingConfigErrorsNameTheField(t *testing.T) {
	tests := []struct{ top, svc, want string }{
		{`priority = "vip"`, "", "booking.priority"},
		{"ahead_days = -1", "", "booking.ahead_days"},
		{"days = 0", "", "booking.days"},
		{"per_person_per_day = 0", "", "booking.per_person_per_day"},
		{"checkin_after_minutes = 999", "", "booking.checkin_after_minutes"},
		{"colour = 1", "", "booking.colour"},
		{"", "slot_minutes = 1", "booking.service[0]: slot_minutes"},
		{"", "capacity = -2", "booking.service[0]: capacity"},
		{"", "[booking.service.monday]\nhours = [\"12:00-09:00\"]", "booking.service[0].monday: hours"},
		{"", "slot_minutes = 240", "shorter than one slot"},
		{"", "[booking.service.monday]\nslot_minutes = 2", "booking.service[0].monday: slot_minutes"},
		{"", "[booking.service.funday]\ncapacity = 2", "booking.service.funday"},
	}
	for _, tc := range tests {
		_, err := parseBooking(tc.top, tc.svc)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q/%q: %v, want %q", tc.top, tc.svc, err, tc.want)
		}
	}
	doc := strings.Replace(strings.Replace(bookingHall, "%s", "", 2), `id = "estate"`+"\nhours", `id = "tax"`+"\nhours", 1)
	if _, err := Parse([]byte(doc), "t.toml"); err == nil || !strings.Contains(err.Error(), "booking.service[0].id") {
		t.Errorf("unknown service: %v", err)
	}
}
