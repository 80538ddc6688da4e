package queue

import (
	"testing"
	"time"
)

func TestReport(t *testing.T) {
	hs := newHarness(t)
	a := hs.login(4)
	b := hs.login(2)
	a1 := hs.issue("a")
	hs.issue("a")
	hs.issue("b")
	hs.clock.Advance(10 * time.Minute)
	hs.callNext(4) // A001 waited 10 min
	hs.e.Start(a)
	hs.clock.Advance(6 * time.Minute)
	hs.e.Finish(a, "") // served 6 min
	hs.e.Evaluate(EvaluateRequest{Ticket: a1.ID, Level: 5, Channel: "keypad"})
	hs.clock.Advance(4 * time.Minute)
	hs.callNext(4)       // A002 waited 20 min
	hs.e.NoShowTicket(a) // re-inserted: not a no-show yet
	hs.callNext(4)
	hs.e.NoShowTicket(a) // the second time it is
	hs.callNext(2)       // B001 waited 20 min
	hs.e.Transfer(b, TransferRequest{Service: "a"})
	hs.e.CreateCase("api:x", CaseRequest{Service: "a", Applicant: Applicant{Name: "张三"}, Type: CaseInstant})

	rows, err := hs.e.Report("2026-11-23", "2026-11-23", ByService)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 || rows[0].Key != "a" || rows[1].Key != "b" {
		t.Fatalf("rows %+v", rows)
	}
	ra, rb := rows[0], rows[1]
	c := ra.Counts
	if c.Issued != 2 || c.Served != 1 || c.NoShow != 1 || c.WaitN != 2 || c.Evaluated != 1 || c.Cases != 1 || c.Instant != 1 {
		t.Errorf("service a counts %+v", c)
	}
	if *ra.WaitAvgS != 900 || ra.WaitMaxS != 1200 || *ra.WaitP90S != 1200 || *ra.ServiceAvgS != 360 {
		t.Errorf("service a waits avg %v p90 %v max %v service %v", *ra.WaitAvgS, *ra.WaitP90S, ra.WaitMaxS, *ra.ServiceAvgS)
	}
	if c.IssuedHour[10] != 2 || c.WaitHist[2] != 1 || c.WaitHist[4] != 1 || c.Levels[5] != 1 { // 10:00; 10 and 20 min; one 非常满意
		t.Errorf("histograms: hours %v waits %v levels %v", c.IssuedHour, c.WaitHist, c.Levels)
	}
	if *ra.GoodRate != 1 || *ra.ActiveRate != 1 || *ra.UnevaluatedRate != 0 {
		t.Errorf("service a rates good %v active %v uneval %v", *ra.GoodRate, *ra.ActiveRate, *ra.UnevaluatedRate)
	}
	if rb.Counts.Issued != 1 || rb.Counts.Transferred != 1 || rb.Counts.WaitN != 1 {
		t.Errorf("service b %+v", rb.Counts)
	}
	byStaff, _ := hs.e.Report("2026-11-23", "2026-11-23", ByStaff)
	if len(byStaff) != 2 || byStaff[1].Key != "w4" || byStaff[1].Name != "刘洋" || byStaff[1].Counts.Served != 1 {
		t.Errorf("by staff %+v", byStaff)
	}

	// Expiry at the close (B001, waiting after its transfer) counts for the
	// day that closed; figures survive
	// a restart; the next day is its own.
	hs.reopen()
	hs.clock.Set(monday10.AddDate(0, 0, 1))
	hs.issue("a")
	days, _ := hs.e.Report("2026-11-23", "2026-11-24", ByDay)
	if len(days) != 2 || days[0].Counts.Expired != 1 || days[0].Counts.Issued != 3 || days[1].Counts.Issued != 1 {
		t.Errorf("by day %+v", days)
	}
	if _, err := hs.e.Report("2026-11-24", "2026-11-23", ByDay); code(err) != "bad_date" {
		t.Errorf("reversed range: %v", err)
	}
	if _, err := hs.e.Report("2026-11-23", "2026-11-23", "moon"); code(err) != "bad_dimension" {
		t.Errorf("bad dimension: %v", err)
	}
}

func BenchmarkMonthReport(b *testing.B) {
	hs := newHarness(b)
	a := hs.login(4)
	// A month of working days with hundreds of tickets each would take long
	// to build through fsync'd verbs; 20 tickets a day exercise the same
	// code: the report reads one record per day, whatever the traffic.
	for d := range 31 {
		day := monday10.AddDate(0, 0, d)
		if wd := day.Weekday(); wd == time.Saturday || wd == time.Sunday {
			continue
		}
		hs.clock.Set(day)
		for range 20 {
			hs.issue("a")
			hs.callNext(4)
			hs.e.Start(a)
			hs.e.Finish(a, "")
		}
	}
	b.ResetTimer()
	for b.Loop() {
		if _, err := hs.e.Report("2026-11-01", "2026-12-31", ByStaff); err != nil {
			b.Fatal(err)
		}
	}
}

// TestUtilisationWhileOpen: a window still open counts its open time up to
// now, so the day's utilisation is never above 1 (it was 6 min ÷ 0 before
// the first pause or logout, and service ÷ earlier intervals after one).
func TestUtilisationWhileOpen(t *testing.T) {
	hs := newHarness(t)
	a := hs.login(4)
	hs.clock.Advance(10 * time.Minute)
	if _, err := hs.e.Pause(a, "会议"); err != nil { // 10 open minutes recorded
		t.Fatal(err)
	}
	hs.e.Resume(a)
	hs.issue("a")
	hs.callNext(4)
	hs.e.Start(a)
	hs.clock.Advance(12 * time.Minute)
	hs.e.Finish(a, "")
	hs.clock.Advance(8 * time.Minute) // open, not yet recorded: 20 more minutes
	for _, by := range []string{ByWindow, ByStaff, ByHall, ByDay} {
		rows, err := hs.e.Report("2026-11-23", "2026-11-23", by)
		if err != nil || len(rows) != 1 || rows[0].Counts.OpenSecs != 30*60 || rows[0].Utilisation == nil || *rows[0].Utilisation != 0.4 {
			t.Errorf("by %s: %+v %v", by, rows, err)
		}
	}
	if rows, _ := hs.e.Report("2026-11-22", "2026-11-22", ByHall); len(rows) != 0 {
		t.Errorf("yesterday counts today's open window: %+v", rows)
	}
}

// TestUtilisation: window 4 is open 10:00–10:30 (then paused) and serves
// for 6 minutes of it: 20 %, for the window, its clerk and the hall.
func TestUtilisation(t *testing.T) {
	hs := newHarness(t)
	a := hs.login(4)
	hs.issue("a")
	hs.callNext(4)
	hs.e.Start(a)
	hs.clock.Advance(6 * time.Minute)
	hs.e.Finish(a, "")
	hs.clock.Advance(24 * time.Minute)
	if _, err := hs.e.Pause(a, "会议"); err != nil {
		t.Fatal(err)
	}
	hs.clock.Advance(time.Hour) // paused: not open
	hs.e.Resume(a)
	hs.clock.Advance(10 * time.Minute)
	hs.e.Logout(a.Token) // 10 more open minutes, no service
	for _, by := range []string{ByWindow, ByStaff, ByHall} {
		rows, _ := hs.e.Report("2026-11-23", "2026-11-23", by)
		if len(rows) != 1 || rows[0].Counts.OpenSecs != 40*60 || rows[0].Utilisation == nil || *rows[0].Utilisation != 0.15 {
			t.Errorf("by %s: %+v", by, rows)
		}
	}
}
