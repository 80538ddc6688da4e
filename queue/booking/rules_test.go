package booking_test

import (
	"testing"

	"halld/queue"
	"halld/queue/booking"
)

// TestBookingWindow: from tomorrow to the fifth working day, holidays
// closed, a 调休 Saturday open with a working day's slots.
func TestBookingWindow(t *testing.T) {
	tests := []struct {
		name, date, start, want string
	}{
		{"today is too soon", "2026-09-29", "14:00", "outside_booking_window"},
		{"tomorrow, first working day", "2026-09-30", "09:00", ""},
		{"National Day holiday closed", "2026-10-02", "09:00", "no_such_slot"},
		{"a holiday on a weekday closed", "2026-10-07", "09:00", "no_such_slot"},
		{"third working day", "2026-10-09", "16:30", ""},
		{"调休 Saturday has Monday's slots", "2026-10-10", "14:00", ""},
		{"an ordinary Sunday has none", "2026-10-11", "09:00", "no_such_slot"},
		{"fifth working day", "2026-10-12", "09:30", ""},
		{"sixth working day too far", "2026-10-13", "09:00", "outside_booking_window"},
		{"not a slot's start", "2026-09-30", "09:10", "no_such_slot"},
		{"between the spans", "2026-09-30", "12:30", "no_such_slot"},
		{"bad date", "2026-9-30", "09:00", "bad_date"},
		{"bad time", "2026-09-30", "9:00", "bad_start"},
	}
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			v := newEnv(t, "", "")
			_, err := v.book("estate", tc.date, tc.start, idNumber(i))
			if code(err) != tc.want {
				t.Fatalf("code = %q (%v), want %q", code(err), err, tc.want)
			}
		})
	}
}

func TestBookingInput(t *testing.T) {
	v := newEnv(t, "", "")
	for _, tc := range []struct{ service, id, want string }{
		{"nope", idNumber(1), "unknown_service"},
		{"estate", idNumber(1)[:17] + map[bool]string{true: "1", false: "2"}[idNumber(1)[17] != '1'], "bad_id_number"}, // wrong check digit
		{"estate", "", "bad_id_number"},
	} {
		if _, err := v.book(tc.service, "2026-09-30", "09:00", tc.id); code(err) != tc.want {
			t.Errorf("%s/%q: code %q, want %q", tc.service, tc.id, code(err), tc.want)
		}
	}
	// A service without [[booking.service]] takes none.
	h := newEnv(t, "", "")
	if _, err := h.b.Slots("nope", ""); code(err) != "unknown_service" {
		t.Errorf("slots of an unknown service: %q", code(err))
	}
}

func TestSlotsListFreePlaces(t *testing.T) {
	v := newEnv(t, "", "")
	v.mustBook("estate", "2026-09-30", "09:00", idNumber(1))
	days, err := v.b.Slots("estate", "")
	if err != nil {
		t.Fatal(err)
	}
	var dates []string
	for _, d := range days {
		dates = append(dates, d.Date)
	}
	want := []string{"2026-09-30", "2026-10-08", "2026-10-09", "2026-10-10", "2026-10-12"}
	if len(dates) != len(want) {
		t.Fatalf("days %v, want %v", dates, want)
	}
	for i := range want {
		if dates[i] != want[i] {
			t.Fatalf("days %v, want %v", dates, want)
		}
	}
	first := days[0].Slots[0]
	if first.Start != "09:00" || first.End != "09:30" || first.Capacity != 2 || first.Booked != 1 || first.Free != 1 {
		t.Errorf("first slot %+v", first)
	}
	if n := len(days[0].Slots); n != 12 {
		t.Errorf("%d slots on a working day, want 12", n)
	}
	days, _ = v.b.Slots("estate", "2026-10-09")
	if len(days) != 3 || days[0].Date != "2026-10-09" {
		t.Errorf("from 10-09: %+v", days)
	}
}

func TestSlotCapacity(t *testing.T) {
	v := newEnv(t, "", "")
	v.mustBook("estate", "2026-09-30", "09:00", idNumber(1))
	second := v.mustBook("estate", "2026-09-30", "09:00", idNumber(2))
	if _, err := v.book("estate", "2026-09-30", "09:00", idNumber(3)); code(err) != "slot_full" {
		t.Fatalf("third booking of a slot for two: %q", code(err))
	}
	if _, err := v.b.Cancel(second.Code, "", false); err != nil {
		t.Fatal(err)
	}
	v.mustBook("estate", "2026-09-30", "09:00", idNumber(3)) // a cancellation frees its place
	// Saturday's own capacity (one per hour).
	v.mustBook("estate", "2026-10-10", "09:00", idNumber(4))
	if _, err := v.book("estate", "2026-10-10", "09:00", idNumber(5)); code(err) != "" {
		t.Fatalf("调休 Saturday keeps Monday's capacity of 2: %q", code(err))
	}
}

func TestCancelDeadline(t *testing.T) {
	tests := []struct {
		name, now, want string
	}{
		{"a day before", "2026-09-29 15:00", ""},
		{"exactly two hours before", "2026-09-30 07:00", ""},
		{"one minute late", "2026-09-30 07:01", "cancel_deadline"},
		{"during the slot", "2026-09-30 09:10", "cancel_deadline"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			v := newEnv(t, "", "")
			k := v.mustBook("estate", "2026-09-30", "09:00", idNumber(1))
			v.clock.Set(at(tc.now))
			_, err := v.b.Cancel(k.Code, "", false)
			if code(err) != tc.want {
				t.Fatalf("code %q (%v), want %q", code(err), err, tc.want)
			}
			got, _ := v.b.Lookup(k.Code)
			if want := map[bool]string{true: booking.Cancelled, false: booking.Booked}[tc.want == ""]; got.State != want {
				t.Errorf("state %s, want %s", got.State, want)
			}
		})
	}
}

func TestCancelNeedsTheIDOnThePhone(t *testing.T) {
	v := newEnv(t, "", "")
	k := v.mustBook("estate", "2026-09-30", "09:00", idNumber(1))
	if _, err := v.b.Cancel(k.Code, idNumber(2), true); code(err) != "booking_not_found" {
		t.Fatalf("someone else's ID: %q", code(err))
	}
	if _, err := v.b.Cancel("ZZZZZZZZ", "", false); code(err) != "booking_not_found" {
		t.Fatalf("unknown code: %q", code(err))
	}
	if _, err := v.b.Cancel(k.Code, idNumber(1), true); err != nil {
		t.Fatal(err)
	}
	if _, err := v.b.Cancel(k.Code, idNumber(1), true); code(err) != "not_cancellable" {
		t.Fatalf("twice: %q", code(err))
	}
}

func TestOneBookingPerPersonPerDay(t *testing.T) {
	v := newEnv(t, "", "")
	k := v.mustBook("estate", "2026-09-30", "09:00", idNumber(1))
	if _, err := v.book("social", "2026-09-30", "10:00", idNumber(1)); code(err) != "one_per_day" {
		t.Fatalf("second booking the same day, other service: %q", code(err))
	}
	v.mustBook("social", "2026-10-08", "10:00", idNumber(1)) // another day is fine
	v.b.Cancel(k.Code, "", false)
	v.mustBook("social", "2026-09-30", "10:00", idNumber(1)) // a cancelled one does not count
}

// TestBlocks: Quanzhou's three blocks, each its own count.
func TestBlockAfterTwoNoShowsInAMonth(t *testing.T) {
	v := newEnv(t, "2026-10-28 08:00", "")
	id := idNumber(1)
	v.mustBook("estate", "2026-10-29", "09:00", id)
	v.clock.Set(at("2026-10-29 10:00"))
	if n, err := v.b.Check(); err != nil || n != 1 {
		t.Fatalf("check: %d %v", n, err)
	}
	v.mustBook("estate", "2026-10-30", "09:00", id) // one no-show: still allowed
	v.clock.Set(at("2026-10-30 09:16"))
	if n, _ := v.b.Check(); n != 1 {
		t.Fatalf("second no-show not marked (%d)", n)
	}
	_, err := v.book("estate", "2026-11-02", "09:00", id)
	if code(err) != "blocked_no_shows" {
		t.Fatalf("after two no-shows: %q", code(err))
	}
	v.mustBook("estate", "2026-11-02", "09:00", idNumber(2)) // others are not blocked
	list, _ := v.b.List("2026-10-30")
	if len(list.Blocks) != 1 || list.Blocks[0].Reason != "no_shows" || list.Blocks[0].Until != "2026-10-31" || list.Blocks[0].IDMasked != queue.MaskID(id) {
		t.Fatalf("blocks %+v", list.Blocks)
	}
	v.clock.Set(at("2026-11-02 10:00")) // a new month
	v.mustBook("estate", "2026-11-03", "09:00", id)
}

func TestBlockAfterFiveCancellationsInAMonth(t *testing.T) {
	v := newEnv(t, "", "")
	id := idNumber(1)
	for _, s := range []struct{ svc, date, start string }{
		{"estate", "2026-09-30", "09:00"}, {"estate", "2026-10-08", "09:00"}, {"estate", "2026-10-09", "09:00"},
		{"social", "2026-09-30", "10:00"}, {"social", "2026-10-08", "10:00"},
	} {
		k := v.mustBook(s.svc, s.date, s.start, id)
		if _, err := v.b.Cancel(k.Code, "", false); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := v.book("social", "2026-10-09", "10:00", id); code(err) != "blocked_cancellations" {
		t.Fatalf("after five cancellations: %q", code(err))
	}
	v.clock.Set(at("2026-10-08 08:00")) // October: the count starts again
	v.mustBook("social", "2026-10-09", "10:00", id)
}

func TestBlockMoreThanThreeBookingsOfOneItemADay(t *testing.T) {
	v := newEnv(t, "", "")
	id := idNumber(1)
	for _, date := range []string{"2026-09-30", "2026-10-08", "2026-10-09"} {
		k := v.mustBook("estate", date, "09:00", id)
		v.b.Cancel(k.Code, "", false)
	}
	if _, err := v.book("estate", "2026-10-12", "09:00", id); code(err) != "blocked_item_bookings" {
		t.Fatalf("fourth booking of one item today: %q", code(err))
	}
	v.mustBook("social", "2026-10-12", "09:00", id) // another item is fine
	v.clock.Set(at("2026-09-30 06:00"))             // tomorrow again
	v.mustBook("estate", "2026-10-08", "09:00", id)
}

func TestBlocksConfigurableAndOff(t *testing.T) {
	h := newEnv(t, "", "block_item_bookings = 0\nper_person_per_day = 2")
	id := idNumber(1)
	for i := 0; i < 4; i++ {
		k := h.mustBook("estate", "2026-09-30", "09:00", id)
		h.b.Cancel(k.Code, "", false)
	}
	h.mustBook("estate", "2026-09-30", "09:30", id)
	h.mustBook("estate", "2026-09-30", "10:00", id) // two a day
	if _, err := h.book("estate", "2026-09-30", "10:30", id); code(err) != "one_per_day" {
		t.Fatalf("third the same day: %q", code(err))
	}
}

// TestNoShowCounting: a booking is a no-show once its check-in window has
// ended without a check-in, not before; checked-in and cancelled ones
// never are.
func TestNoShowCounting(t *testing.T) {
	v := newEnv(t, "", "")
	a := v.mustBook("estate", "2026-09-30", "09:00", idNumber(1))
	b := v.mustBook("estate", "2026-09-30", "09:00", idNumber(2))
	c := v.mustBook("estate", "2026-09-30", "10:00", idNumber(3))
	d := v.mustBook("estate", "2026-09-30", "14:00", idNumber(4))
	v.b.Cancel(d.Code, "", false)
	v.clock.Set(at("2026-09-30 09:05"))
	if _, err := v.b.CheckIn(booking.CheckInRequest{Code: b.Code}, nil); err != nil {
		t.Fatal(err)
	}
	v.clock.Set(at("2026-09-30 09:15"))
	if n, _ := v.b.Check(); n != 0 {
		t.Fatalf("marked %d at the window's last minute", n)
	}
	v.clock.Set(at("2026-09-30 09:16"))
	if n, _ := v.b.Check(); n != 1 {
		t.Fatalf("marked %d after the window", n)
	}
	v.clock.Set(at("2026-10-08 09:00"))
	if n, _ := v.b.Check(); n != 1 { // c, days later
		t.Fatalf("marked %d later", n)
	}
	for code, want := range map[string]string{a.Code: booking.NoShow, b.Code: booking.CheckedIn, c.Code: booking.NoShow, d.Code: booking.Cancelled} {
		if got, _ := v.b.Lookup(code); got.State != want {
			t.Errorf("%s: %s, want %s", code, got.State, want)
		}
	}
	st, err := v.b.Stats("2026-09-30", "2026-09-30")
	if err != nil {
		t.Fatal(err)
	}
	want := []booking.DayStats{
		{Date: "2026-09-30", Service: "estate", Places: 24, Booked: 4, Cancelled: 1, CheckedIn: 1, NoShows: 2},
		{Date: "2026-09-30", Service: "social", Places: 3},
	}
	if len(st) != 2 || st[0] != want[0] || st[1] != want[1] {
		t.Fatalf("stats %+v, want %+v", st, want)
	}
}

func TestRestartKeepsBookings(t *testing.T) {
	v := newEnv(t, "", "")
	k := v.mustBook("estate", "2026-09-30", "09:00", idNumber(1))
	c := v.mustBook("estate", "2026-10-08", "09:00", idNumber(2))
	v.b.Cancel(c.Code, "", false)
	v.reopen()
	got, err := v.b.Lookup(k.Code)
	if err != nil || got.State != booking.Booked || got.Start != "09:00" || got.IDMasked != queue.MaskID(idNumber(1)) {
		t.Fatalf("after restart: %+v %v", got, err)
	}
	if got, _ := v.b.Lookup(c.Code); got.State != booking.Cancelled {
		t.Fatalf("cancelled one after restart: %s", got.State)
	}
	// The rules still see it: one per day, and the slot's place.
	if _, err := v.book("social", "2026-09-30", "10:00", idNumber(1)); code(err) != "one_per_day" {
		t.Fatalf("one per day after restart: %q", code(err))
	}
	days, _ := v.b.Slots("estate", "")
	if days[0].Slots[0].Booked != 1 {
		t.Fatalf("slot after restart: %+v", days[0].Slots[0])
	}
}

func TestRefusedBookingChangesNothing(t *testing.T) {
	v := newEnv(t, "", "")
	before := v.e.Stats().Seq
	v.book("estate", "2026-10-02", "09:00", idNumber(1))
	v.book("estate", "2026-09-30", "09:00", "bad")
	if after := v.e.Stats().Seq; after != before {
		t.Fatalf("refusals wrote events: %d → %d", before, after)
	}
}
