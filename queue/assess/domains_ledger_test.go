package assess

import (
	"testing"

	"halld/queue"
	"halld/queue/attendance"
	"halld/queue/complaints"
	"halld/queue/hall"
	"halld/queue/queuetest"
)

// TestLedgerCountsComplaintsAndAttendance drives the real domains beside
// a real engine: a complaint against w3 concluded 属实 and w3's late punch
// are in the month's report, each point naming the event it came from.
func TestLedgerCountsComplaintsAndAttendance(t *testing.T) {
	clk := &clock{t: at("2026-11-10 09:07")}
	e := queuetest.Open(t, hall.Demo(), queue.Options{Now: clk.now})
	book, err := attendance.Open(e, attendance.Options{Now: clk.now})
	if err != nil {
		t.Fatal(err)
	}
	p, err := book.Punch(attendance.PunchRequest{Card: "0001000003"}) // w3, 7 minutes late
	if err != nil || p.Status != attendance.Late || p.Staff != "w3" {
		t.Fatalf("punch %+v %v", p, err)
	}
	desk, err := complaints.New(e, complaints.Options{Now: clk.now})
	if err != nil {
		t.Fatal(err)
	}
	sup := queue.Session{Staff: "s1", Role: hall.RoleSupervisor}
	c, err := desk.File(sup, complaints.Filing{Window: 3, Staff: "w3", Service: "estate", Summary: "推诿"})
	if err != nil {
		t.Fatal(err)
	}
	clk.to(t, e, at("2026-11-10 11:00"))
	for _, st := range []complaints.Step{{State: complaints.Investigating}, {State: complaints.Concluded, Finding: complaints.Substantiated, Note: "查实"}} {
		if _, err := desk.Advance(sup, c.ID, st); err != nil {
			t.Fatal(err)
		}
	}
	r, err := NewLedger(e, e.Hall(), e.Calendar()).WithAttendance(book).Month("2026-11")
	if err != nil {
		t.Fatal(err)
	}
	w3 := scoreOf(t, r, "w3")
	if g := got(w3); g.total != 97 || !equalItems(g.items, []wantItem{{ComplaintUpheld, 1, -2, false}, {Late, 1, -1, false}}) {
		t.Errorf("w3 = %+v", g)
	}
	if g := got(scoreOf(t, r, "自然资源和规划局")); g.total != 98 || !equalItems(g.items, []wantItem{{ComplaintUpheld, 1, -2, false}}) {
		t.Errorf("自然资源和规划局 = %+v", g)
	}
	for _, it := range w3.Items {
		s := it.Sources[0]
		evs, err := e.ReadEvents(s.Seq-1, 1)
		if err != nil || len(evs) != 1 {
			t.Fatalf("%s: no event %d", it.Kind, s.Seq)
		}
		want := map[string]string{ComplaintUpheld: "complaint.updated", Late: "attendance.punched"}[it.Kind]
		if evs[0].Type != want {
			t.Errorf("%s traces to %s #%d, want %s", it.Kind, evs[0].Type, s.Seq, want)
		}
	}
	if w3.Items[1].Sources[0].Seq != p.Seq {
		t.Errorf("late traces to %d, the punch was %d", w3.Items[1].Sources[0].Seq, p.Seq)
	}
}
