package booking_test

import (
	"fmt"
	"testing"

	"halld/queue"
	"halld/queue/booking"
)

// TestFairness: checked-in appointments are called ahead of walk-ins who
// came earlier, but never more than policy.priority_streak (2) in a row
// while walk-ins wait; the i-th appointment is called by call
// i + i/2 + 1 at the latest (behind the earlier appointments and one
// walk-in per two of them) — the documented bound.
func TestFairness(t *testing.T) {
	for _, tc := range []struct{ appointments, walkIns int }{
		{1, 0}, {1, 3}, {2, 2}, {3, 1}, {4, 4}, {4, 0}, {0, 3},
	} {
		t.Run(fmt.Sprintf("%d appointments %d walk-ins", tc.appointments, tc.walkIns), func(t *testing.T) {
			v := newEnv(t, "", "")
			var codes []string
			for i := 0; i < tc.appointments; i++ {
				start := []string{"09:00", "09:00", "09:30", "09:30"}[i]
				codes = append(codes, v.mustBook("estate", "2026-09-30", start, idNumber(i)).Code)
			}
			v.clock.Set(at("2026-09-30 08:45"))
			walkIns := map[string]bool{}
			for i := 0; i < tc.walkIns; i++ {
				tk, err := v.e.Issue(queue.IssueRequest{Service: "estate", Channel: "kiosk"})
				if err != nil {
					t.Fatal(err)
				}
				walkIns[tk.Number] = true
			}
			v.clock.Set(at("2026-09-30 09:05"))
			var appts []string
			for _, c := range codes {
				got, err := v.b.CheckIn(booking.CheckInRequest{Code: c}, nil)
				if err != nil {
					t.Fatal(err)
				}
				appts = append(appts, got.Ticket.Number)
			}
			v.clock.Set(at("2026-09-30 09:30")) // every slot has begun
			tok, _, err := v.e.Login(queue.LoginRequest{Staff: "w1", PIN: "1234", Window: 1})
			if err != nil {
				t.Fatal(err)
			}
			act := queue.Act{Token: tok, Window: 1}
			var order []string
			for range tc.appointments + tc.walkIns {
				got, err := v.e.CallNext(act)
				if err != nil {
					t.Fatal(err)
				}
				order = append(order, got.Number)
				v.e.Start(act)
				v.e.Finish(act, "")
			}
			streak, walkInsLeft := 0, tc.walkIns
			for _, n := range order {
				if walkIns[n] {
					streak = 0
					walkInsLeft--
					continue
				}
				if streak++; streak > 2 && walkInsLeft > 0 {
					t.Fatalf("more than 2 appointments in a row while walk-ins wait: %v", order)
				}
			}
			for i, a := range appts {
				pos := -1
				for j, n := range order {
					if n == a {
						pos = j + 1
					}
				}
				if bound := i + i/2 + 1; pos < 1 || pos > bound {
					t.Fatalf("appointment %d (%s) called %d-th, bound %d: %v", i, a, pos, bound, order)
				}
			}
		})
	}
}

// TestPriorityFromTheSlot: an appointment checked in before its slot waits
// as a walk-in (by arrival) until the slot begins, then goes ahead of the
// walk-ins still waiting, even those who came before it.
func TestPriorityFromTheSlot(t *testing.T) {
	v := newEnv(t, "", "")
	code := v.mustBook("estate", "2026-09-30", "09:30", idNumber(0)).Code
	issue := func(when string) string {
		v.clock.Set(at(when))
		tk, err := v.e.Issue(queue.IssueRequest{Service: "estate", Channel: "kiosk"})
		if err != nil {
			t.Fatal(err)
		}
		return tk.Number
	}
	first, second := issue("2026-09-30 09:00"), issue("2026-09-30 09:02")
	v.clock.Set(at("2026-09-30 09:05"))
	got, err := v.b.CheckIn(booking.CheckInRequest{Code: code}, nil)
	if err != nil {
		t.Fatal(err)
	}
	appt := got.Ticket.Number

	tok, _, err := v.e.Login(queue.LoginRequest{Staff: "w1", PIN: "1234", Window: 1})
	if err != nil {
		t.Fatal(err)
	}
	act := queue.Act{Token: tok, Window: 1}
	for _, step := range []struct{ at, want, why string }{
		{"09:15", first, "before the slot the appointment waits by arrival"},
		{"09:30", appt, "from the slot it goes ahead of the earlier walk-in"},
		{"09:31", second, "then the walk-in"},
	} {
		v.clock.Set(at("2026-09-30 " + step.at))
		tk, err := v.e.CallNext(act)
		if err != nil {
			t.Fatal(err)
		}
		if tk.Number != step.want {
			t.Fatalf("%s called %s, want %s: %s", step.at, tk.Number, step.want, step.why)
		}
		v.e.Start(act)
		v.e.Finish(act, "")
	}
}
