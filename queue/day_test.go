package queue

import (
	"testing"
	"time"
)

func TestDailyCloseExpiresWaiting(t *testing.T) {
	hs := newHarness(t) // closing 17:00, grace 60 min
	hs.login(4)
	w := hs.issue("a")
	hs.issue("a")
	hs.callNext(4)
	hs.e.Start(hs.act(4)) // A001 in service across the close
	hs.clock.Set(monday10.Add(7*time.Hour + 59*time.Minute))
	if err := hs.e.Tick(); err != nil {
		t.Fatal(err)
	}
	if v, _ := hs.e.Ticket(w.ID); v.State != Serving {
		t.Fatalf("before close+grace A001 is %s", v.State)
	}
	hs.clock.Advance(2 * time.Minute) // 18:01
	if err := hs.e.Tick(); err != nil {
		t.Fatal(err)
	}
	tk, _ := hs.e.Ticket(hs.findNumber("A002"))
	if tk.State != Expired {
		t.Errorf("A002 after close is %s, want expired", tk.State)
	}
	if v, _ := hs.e.Ticket(w.ID); v.State != Serving {
		t.Errorf("the ticket in service was touched: %s", v.State)
	}
	// Next day: numbers restart, but never onto a live number: A001 is
	// still in service from yesterday. The old ticket can still be read.
	hs.clock.Set(monday10.AddDate(0, 0, 1))
	if n := hs.issue("a").Number; n != "A002" {
		t.Errorf("next day first number %s, want A002 (A001 is still live)", n)
	}
	hs.e.Finish(hs.act(4), "")
	if n := hs.issue("a").Number; n != "A003" {
		t.Errorf("next number %s", n)
	}
	if v, err := hs.e.Ticket(tk.ID); err != nil || v.State != Expired {
		t.Errorf("yesterday's ticket: %+v %v", v, err)
	}
}

func TestKeepOvernightSkipsLiveNumbers(t *testing.T) {
	hs := newHarness(t, "keep_overnight = true")
	hs.issue("a") // A001 stays waiting overnight
	hs.clock.Set(monday10.AddDate(0, 0, 1))
	if n := hs.issue("a").Number; n != "A002" {
		t.Errorf("new day issued %s while A001 still waits; want A002", n)
	}
	hs.login(4)
	if n := hs.callNext(4); n != "A001" {
		t.Errorf("overnight ticket not first: %s", n)
	}
}

func TestUntrustedClockRefusesEverything(t *testing.T) {
	hs := newHarness(t)
	a := hs.login(4)
	hs.issue("a")
	hs.clock.Set(time.Date(1970, 1, 1, 0, 0, 5, 0, time.UTC))
	if _, err := hs.e.CallNext(a); code(err) != "clock_untrusted" {
		t.Errorf("call with the clock at 1970: %v", err)
	}
	if err := hs.e.Tick(); code(err) != "clock_untrusted" {
		t.Errorf("tick: %v", err)
	}
	hs.clock.Set(monday10.Add(time.Minute))
	if n := hs.issue("a").Number; n != "A002" {
		t.Errorf("after the clock returns: %s", n)
	}
}
