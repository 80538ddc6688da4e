package queue

import (
	"testing"
	"time"
)

// jump sets the clock to t, days ahead, with the operator's confirmation.
func (hs *harness) jump(t time.Time) {
	hs.t.Helper()
	hs.clock.Set(t)
	if err := hs.e.ConfirmDay(hs.h.Day(t)); err != nil {
		hs.t.Fatalf("confirm %s: %v", hs.h.Day(t), err)
	}
}

// TestClockJumpNeedsConfirmation replays attack 8: a clock a year ahead
// used to commit that day, expiring today's tickets, and then refuse every
// change once the clock was corrected. Now the far day is refused until an
// operator confirms it, and the hall carries on when the clock comes back.
func TestClockJumpNeedsConfirmation(t *testing.T) {
	hs := newHarness(t)
	a1 := hs.issue("a")
	hs.clock.Set(monday10.AddDate(1, 0, 0))
	if _, err := hs.e.Issue(IssueRequest{Service: "a", Channel: "kiosk"}); code(err) != "clock_jump" {
		t.Fatalf("issue a year ahead: %v", err)
	}
	if err := hs.e.Tick(); code(err) != "clock_jump" {
		t.Fatalf("tick a year ahead: %v", err)
	}
	if v, _ := hs.e.Ticket(a1.ID); v.State != Waiting {
		t.Fatalf("today's ticket is %s after the jump", v.State)
	}
	if v, _ := hs.e.HallView(); !v.Starting || v.ConfirmDay != "2027-11-23" {
		t.Errorf("hall view while waiting for a confirmation: starting %v, confirm_day %q", v.Starting, v.ConfirmDay)
	}
	if err := hs.e.ConfirmDay("2026-11-24"); code(err) != "bad_day" {
		t.Errorf("confirming another day than the clock's: %v", err)
	}
	// The clock is corrected: the hall carries on as if nothing happened.
	hs.clock.Set(monday10.Add(time.Minute))
	if n := hs.issue("a").Number; n != "A002" {
		t.Errorf("after the correction: %s", n)
	}
	if v, _ := hs.e.HallView(); v.Starting || v.ConfirmDay != "" {
		t.Errorf("hall view after the correction: starting %v, confirm_day %q", v.Starting, v.ConfirmDay)
	}
	// The operator confirms a real long closure: the day starts.
	far := monday10.AddDate(0, 0, 14)
	hs.jump(far)
	if n := hs.issue("a").Number; n != "A001" {
		t.Errorf("first ticket of the confirmed day: %s", n)
	}
}

// TestClockGapsExplainedByTheCalendar: a weekend, a public holiday or one
// missed working day start the new day without anyone's confirmation.
func TestClockGapsExplainedByTheCalendar(t *testing.T) {
	friday := monday10.AddDate(0, 0, 4)
	tests := []struct {
		name     string
		from, to time.Time
		refused  bool
	}{
		{"next day", monday10, monday10.AddDate(0, 0, 1), false},
		{"weekend", friday, friday.AddDate(0, 0, 3), false},
		{"one working day missed", monday10, monday10.AddDate(0, 0, 2), false},
		{"two working days missed", monday10, monday10.AddDate(0, 0, 3), true},
		{"National Day week", time.Date(2026, 9, 30, 10, 0, 0, 0, monday10.Location()), time.Date(2026, 10, 8, 10, 0, 0, 0, monday10.Location()), false},
		{"a year", monday10, monday10.AddDate(1, 0, 0), true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			hs := newHarness(t)
			hs.jump(tc.from)
			hs.issue("a")
			hs.clock.Set(tc.to)
			_, err := hs.e.Issue(IssueRequest{Service: "a", Channel: "kiosk"})
			if refused := code(err) == "clock_jump"; refused != tc.refused {
				t.Errorf("%s → %s: %v", hs.h.Day(tc.from), hs.h.Day(tc.to), err)
			}
		})
	}
}

// TestClockConfirmedAtStart: -confirm-day lets the day start at once.
func TestClockConfirmedAtStart(t *testing.T) {
	hs := newHarness(t)
	hs.issue("a")
	hs.e.Close()
	hs.clock.Set(monday10.AddDate(0, 1, 0))
	e, err := Open(hs.path, hs.h, Options{Now: hs.clock.Now, ConfirmDay: hs.h.Day(hs.clock.Now())})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	if _, err := e.Issue(IssueRequest{Service: "a", Channel: "kiosk"}); err != nil {
		t.Errorf("issue on the confirmed day: %v", err)
	}
}

// TestSameDayBackwardStepKeepsOrder: NTP stepping a fast clock back within
// the day never stamps a later ticket before an earlier one.
func TestSameDayBackwardStepKeepsOrder(t *testing.T) {
	hs := newHarness(t)
	a1 := hs.issue("a")
	hs.clock.Set(monday10.Add(-20 * time.Minute))
	a2 := hs.issue("a")
	if a2.IssuedAt.Before(a1.IssuedAt) {
		t.Errorf("A002 stamped %s, before A001 at %s", a2.IssuedAt, a1.IssuedAt)
	}
	hs.clock.Set(monday10.Add(time.Minute))
	if a3 := hs.issue("a"); !a3.IssuedAt.Equal(monday10.Add(time.Minute)) {
		t.Errorf("once the clock passes the last stamp it is used again: %s", a3.IssuedAt)
	}
}
