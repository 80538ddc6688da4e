package booking_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"halld/queue"
	"halld/queue/booking"
	"halld/queue/hall"
)

// TestCheckInWindow: from 30 minutes before the slot to 15 after, a ticket
// of the appointment class; later a walk-in's ticket and the booking stays
// a no-show; before, nothing.
func TestCheckInWindow(t *testing.T) {
	tests := []struct {
		name, now, want string
		late            bool
	}{
		{"the day before", "2026-09-29 15:00", "not_today", false},
		{"31 minutes early", "2026-09-30 08:29", "too_early", false},
		{"30 minutes early", "2026-09-30 08:30", "", false},
		{"on time", "2026-09-30 09:00", "", false},
		{"15 minutes late", "2026-09-30 09:15", "", false},
		{"16 minutes late: a walk-in", "2026-09-30 09:16", "", true},
		{"in the afternoon: a walk-in", "2026-09-30 15:00", "", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			v := newEnv(t, "", "")
			k := v.mustBook("estate", "2026-09-30", "09:00", idNumber(1))
			v.clock.Set(at(tc.now))
			seq := v.e.Stats().Seq
			got, err := v.b.CheckIn(booking.CheckInRequest{Code: k.Code}, nil)
			if code(err) != tc.want {
				t.Fatalf("code %q (%v), want %q", code(err), err, tc.want)
			}
			if tc.want != "" {
				if v.e.Stats().Seq != seq {
					t.Fatal("a refused check-in wrote events")
				}
				return
			}
			wantPrio, wantState := "appointment", booking.CheckedIn
			if tc.late {
				wantPrio, wantState = "", booking.NoShow
			}
			if got.Late != tc.late || got.Ticket.Priority != wantPrio || got.Ticket.Channel != "appointment" || got.Ticket.Service != "estate" {
				t.Fatalf("check-in %+v", got)
			}
			if got.Booking.State != wantState || got.Booking.Ticket != got.Ticket.Number {
				t.Fatalf("booking after check-in %+v", got.Booking)
			}
			if _, err := v.b.CheckIn(booking.CheckInRequest{Code: k.Code}, nil); code(err) != "already_checked_in" {
				t.Fatalf("second check-in: %q", code(err))
			}
		})
	}
}

func TestCheckInRefusals(t *testing.T) {
	v := newEnv(t, "", "")
	k := v.mustBook("estate", "2026-09-30", "09:00", idNumber(1))
	c := v.mustBook("estate", "2026-09-30", "09:00", idNumber(2))
	v.b.Cancel(c.Code, "", false)
	v.clock.Set(at("2026-09-30 09:00"))
	for _, tc := range []struct {
		req  booking.CheckInRequest
		want string
	}{
		{booking.CheckInRequest{Code: "ZZZZZZZZ"}, "booking_not_found"},
		{booking.CheckInRequest{Code: "no"}, "booking_not_found"},
		{booking.CheckInRequest{Code: c.Code}, "booking_cancelled"},
		{booking.CheckInRequest{IDNumber: idNumber(3)}, "booking_not_found"},
		{booking.CheckInRequest{IDNumber: "123"}, "bad_id_number"},
	} {
		if _, err := v.b.CheckIn(tc.req, nil); code(err) != tc.want {
			t.Errorf("%+v: %q, want %q", tc.req, code(err), tc.want)
		}
	}
	// A typed code in lower case with a dash is the same code.
	typed := k.Code[:4] + "-" + k.Code[4:]
	if _, err := v.b.CheckIn(booking.CheckInRequest{Code: typed}, nil); err != nil {
		t.Fatal(err)
	}
}

// TestCheckInByIDNumber: the ID card reader (or a typed number) finds
// today's booking whose window is open.
func TestCheckInByIDNumber(t *testing.T) {
	v := newEnv(t, "", "per_person_per_day = 2")
	v.mustBook("estate", "2026-09-30", "09:00", idNumber(1))
	later := v.mustBook("social", "2026-09-30", "11:00", idNumber(1))
	v.clock.Set(at("2026-09-30 08:00"))
	if _, err := v.b.CheckIn(booking.CheckInRequest{IDNumber: idNumber(1)}, nil); code(err) != "too_early" {
		t.Fatalf("before every window: %q", code(err))
	}
	v.clock.Set(at("2026-09-30 10:45"))
	got, err := v.b.CheckIn(booking.CheckInRequest{IDNumber: idNumber(1)}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got.Booking.Code != later.Code || got.Late || got.Ticket.Priority != "appointment" {
		t.Fatalf("checked in %+v", got)
	}
}

// TestCheckedInAppointmentCalledAheadOfWalkIns: a walk-in who came first
// waits while the checked-in appointment is called; the fairness cap
// (policy.priority_streak, 2 here) still gives the walk-in the third call.
func TestCheckedInAppointmentCalledAheadOfWalkIns(t *testing.T) {
	v := newEnv(t, "", "per_person_per_day = 1")
	var codes []string
	for i := 1; i <= 3; i++ {
		start := []string{"09:00", "09:00", "09:30"}[i-1]
		codes = append(codes, v.mustBook("estate", "2026-09-30", start, idNumber(i)).Code)
	}
	v.clock.Set(at("2026-09-30 08:50"))
	walkIn, err := v.e.Issue(queue.IssueRequest{Service: "estate", Channel: "kiosk"})
	if err != nil {
		t.Fatal(err)
	}
	v.clock.Set(at("2026-09-30 09:05"))
	var tickets []string
	for _, c := range codes {
		got, err := v.b.CheckIn(booking.CheckInRequest{Code: c}, nil)
		if err != nil {
			t.Fatal(err)
		}
		tickets = append(tickets, got.Ticket.Number)
	}
	tok, _, err := v.e.Login(queue.LoginRequest{Staff: "w1", PIN: "1234", Window: 1})
	if err != nil {
		t.Fatal(err)
	}
	act := queue.Act{Token: tok, Window: 1}
	want := []string{tickets[0], tickets[1], walkIn.Number, tickets[2]}
	for i, w := range want {
		got, err := v.e.CallNext(act)
		if err != nil {
			t.Fatal(err)
		}
		if got.Number != w {
			t.Fatalf("call %d: %s, want %s (order %v)", i+1, got.Number, w, want)
		}
		if _, err := v.e.Start(act); err != nil {
			t.Fatal(err)
		}
		if _, err := v.e.Finish(act, ""); err != nil {
			t.Fatal(err)
		}
	}
}

// TestCheckInRecordsAndStats: the check-in survives a restart and counts.
func TestCheckInSurvivesRestart(t *testing.T) {
	v := newEnv(t, "", "")
	k := v.mustBook("estate", "2026-09-30", "09:00", idNumber(1))
	v.clock.Set(at("2026-09-30 09:00"))
	got, err := v.b.CheckIn(booking.CheckInRequest{Code: k.Code}, nil)
	if err != nil {
		t.Fatal(err)
	}
	v.reopen()
	if _, err := v.b.CheckIn(booking.CheckInRequest{Code: k.Code}, nil); code(err) != "already_checked_in" {
		t.Fatalf("after restart: %q", code(err))
	}
	if again, _ := v.b.Lookup(k.Code); again.Ticket != got.Ticket.Number {
		t.Fatalf("ticket after restart %q, want %q", again.Ticket, got.Ticket.Number)
	}
	st, _ := v.b.Stats("2026-09-30", "2026-09-30")
	if st[0].CheckedIn != 1 {
		t.Fatalf("stats %+v", st)
	}
	evs, _ := v.e.ReadEvents(0, 1000)
	var types []string
	for _, e := range evs {
		if len(e.Type) > 8 && e.Type[:8] == "booking." {
			types = append(types, e.Type)
			if s := string(e.Data); contains(s, idNumber(1)) || contains(s, idNumber(1)[14:]) {
				t.Errorf("event %s carries the ID number: %s", e.Type, s)
			}
		}
	}
	if len(types) != 2 || types[0] != "booking.booked" || types[1] != "booking.checked_in" {
		t.Fatalf("events %v", types)
	}
}

func contains(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return true
		}
	}
	return false
}

// TestCheckInAcrossMidnight: a slot at 00:00 opens its check-in the
// evening before (the demo hall is open around the clock).
func TestCheckInAcrossMidnight(t *testing.T) {
	h := hall.Demo()
	v := &env{t: t, clock: &clock{t: at("2026-11-23 10:00")}, path: filepath.Join(t.TempDir(), "halld.db"), h: h}
	v.open()
	k := v.mustBook("estate", "2026-11-24", "00:00", idNumber(1))
	tests := []struct {
		now, want string
		late      bool
	}{
		{"2026-11-23 23:29", "not_today", false},
		{"2026-11-23 23:30", "", false},
	}
	for i, tc := range tests {
		v.clock.Set(at(tc.now))
		req := booking.CheckInRequest{Code: k.Code}
		if i == 1 {
			req = booking.CheckInRequest{IDNumber: idNumber(1)} // the card finds tomorrow's booking in its window
		}
		got, err := v.b.CheckIn(req, nil)
		if code(err) != tc.want {
			t.Fatalf("%s: code %q (%v), want %q", tc.now, code(err), err, tc.want)
		}
		if err == nil && (got.Booking.Code != k.Code || got.Ticket.Priority != "appointment" || got.Late) {
			t.Fatalf("%s: %+v", tc.now, got)
		}
	}
	// Another one, checked in after its window the next day: a walk-in.
	late := v.mustBook("social", "2026-11-25", "00:00", idNumber(2))
	v.clock.Set(at("2026-11-25 00:16"))
	got, err := v.b.CheckIn(booking.CheckInRequest{Code: late.Code}, nil)
	if err != nil || !got.Late || got.Ticket.Priority != "" {
		t.Fatalf("late after midnight: %+v %v", got, err)
	}
}

// TestBookingOnADayClosedLaterIsNoNoShow: a holiday table loaded after the
// booking closes its day; the booking is marked closed, not a no-show, and
// counts towards no block.
func TestBookingOnADayClosedLaterIsNoNoShow(t *testing.T) {
	v := newEnv(t, "2026-10-09 10:00", "")
	k := v.mustBook("estate", "2026-10-12", "09:00", idNumber(1))
	raw, err := os.ReadFile(filepath.Join("..", "workday", "holidays", "2026.json"))
	if err != nil {
		t.Fatal(err)
	}
	var table map[string]any
	json.Unmarshal(raw, &table)
	table["days"] = append(table["days"].([]any), map[string]any{"date": "2026-10-12", "name": "国庆节", "off": true})
	raw, _ = json.Marshal(table)
	if _, err := v.e.Calendar().Load(raw); err != nil {
		t.Fatal(err)
	}
	v.clock.Set(at("2026-10-12 10:00"))
	if _, err := v.b.CheckIn(booking.CheckInRequest{Code: k.Code}, nil); err == nil {
		t.Fatal("checked in on a closed day")
	}
	if n, err := v.b.Check(); n != 1 || err != nil {
		t.Fatalf("check %d %v", n, err)
	}
	got, _ := v.b.Lookup(k.Code)
	if got.State != booking.Closed {
		t.Fatalf("state %s, want closed", got.State)
	}
	if _, err := v.b.CheckIn(booking.CheckInRequest{Code: k.Code}, nil); code(err) != "booking_closed" {
		t.Fatalf("check-in of a closed booking: %q", code(err))
	}
	if st, _ := v.b.Stats("2026-10-12", "2026-10-12"); len(st) != 1 || st[0].NoShows != 0 || st[0].Places != 0 {
		t.Fatalf("stats %+v", st)
	}
}
