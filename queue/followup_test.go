package queue

import (
	"context"
	"strings"
	"testing"
	"time"
)

func TestFollowUpOfABadEvaluation(t *testing.T) {
	hs := newHarness(t)
	hs.login(4)
	t1 := hs.issue("a")
	t2 := hs.issue("a")
	hs.serve(4)
	hs.serve(4)
	hs.e.Evaluate(EvaluateRequest{Ticket: t1.ID, Level: 5, Channel: "keypad"}) // 好评: none
	hs.e.Evaluate(EvaluateRequest{Ticket: t2.ID, Level: 1, Channel: "keypad", Tags: []string{"态度不好"}})
	sup, _, _ := hs.e.Login(LoginRequest{Staff: "boss", PIN: "1234"})
	list, err := hs.e.FollowUps(sup)
	if err != nil || len(list) != 1 {
		t.Fatalf("follow-ups %+v %v", list, err)
	}
	f := list[0]
	// Opened Monday 11-23: verify by Tue 11-24, close within 15 working days: Mon 12-14.
	if f.Ticket != t2.ID || f.VerifyDue.String() != "2026-11-24" || f.CloseDue.String() != "2026-12-14" || f.Overdue {
		t.Errorf("follow-up %+v", f)
	}
	if _, err := hs.e.FollowUps(hs.tokens[4]); code(err) != "not_allowed" {
		t.Errorf("a clerk reads the follow-ups of 差评: %v", err)
	}
	hs.clock.Set(monday10.AddDate(0, 0, 2)) // Wednesday: not verified in time
	list, _ = hs.e.FollowUps(sup)
	if !list[0].Overdue {
		t.Error("verification overdue not flagged")
	}
	tests := []struct {
		u    FollowUpUpdate
		want string
	}{
		{FollowUpUpdate{State: FollowVerified}, "note_required"},
		{FollowUpUpdate{State: FollowRectifying, Note: "x"}, "bad_followup_state"},
		{FollowUpUpdate{State: FollowVerified, Note: "电话回访，申请人反映等候时工作人员态度生硬"}, ""},
		{FollowUpUpdate{State: FollowRectifying, Note: "约谈窗口人员，开展服务规范培训"}, ""},
		{FollowUpUpdate{State: FollowClosed, Note: "已向申请人反馈整改结果"}, ""},
		{FollowUpUpdate{State: FollowClosed, Note: "again"}, "followup_not_found"},
	}
	for i, tc := range tests {
		if _, err := hs.e.UpdateFollowUp(sup, t2.ID, tc.u); code(err) != tc.want {
			t.Errorf("%d: %v, want %q", i, err, tc.want)
		}
	}
	hs.reopen()
	if list, _ := hs.e.FollowUps(sup); len(list) != 0 {
		t.Errorf("a closed follow-up is still open after a restart: %+v", list)
	}
}

func TestDefaultEvaluationAfterDays(t *testing.T) {
	hs := newHarness(t, "default_evaluation_days = 7", "default_evaluation_level = 3")
	hs.login(4)
	rated := hs.issue("a")
	silent := hs.issue("a")
	waiting := hs.issue("a")
	hs.serve(4)
	hs.serve(4)
	hs.e.Evaluate(EvaluateRequest{Ticket: rated.ID, Level: 5, Channel: "keypad"})
	hs.jump(monday10.AddDate(0, 0, 6)) // Sunday: not yet
	if v, _ := hs.e.Ticket(silent.ID); v.Evaluated {
		t.Fatal("defaulted after 6 days")
	}
	hs.clock.Set(monday10.AddDate(0, 0, 7))
	if err := hs.e.Tick(); err != nil {
		t.Fatal(err)
	}
	if v, _ := hs.e.Ticket(silent.ID); !v.Evaluated {
		t.Error("no default evaluation after 7 days")
	}
	if v, _ := hs.e.Ticket(waiting.ID); v.Evaluated {
		t.Error("an expired ticket (never served) got an evaluation")
	}
	rows, _ := hs.e.Report("2026-11-23", "2026-11-30", ByHall)
	c := rows[0].Counts
	if c.Evaluated != 2 || c.Active != 1 {
		t.Errorf("evaluated %d, active %d; want 2 and 1 (the default is not active)", c.Evaluated, c.Active)
	}
}

// allEvents reads the log from the start to the last committed event.
func allEvents(t *testing.T, e *Engine) []Event {
	t.Helper()
	last := e.Stats().Seq
	sub := e.Subscribe(0)
	defer sub.Close()
	var out []Event
	for len(out) == 0 || out[len(out)-1].Seq < last {
		ev, err := sub.Next(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, ev)
	}
	return out
}

// badRating serves a ticket at window 4 and rates it 非常不满意 with a tag
// typed on the phone page, which opens a follow-up.
func badRating(t *testing.T, hs *harness) TicketView {
	t.Helper()
	hs.login(4)
	tk := hs.issue("a")
	hs.serve(4)
	if _, err := hs.e.EvaluateByKey(hs.e.TicketKey(tk.ID), EvaluateRequest{Ticket: tk.ID, Level: 1, Tags: []string{"张三丰13856781234"}}); err != nil {
		t.Fatal(err)
	}
	return tk
}

// TestFollowUpNoteNeverOnTheStream: the note of a 回访 (and a tag typed on
// the phone) reaches supervisors, never the public event stream.
func TestFollowUpNoteNeverOnTheStream(t *testing.T) {
	hs := newHarness(t)
	tk := badRating(t, hs)
	sup, _, _ := hs.e.Login(LoginRequest{Staff: "boss", PIN: "1234"})
	note := "已电话回访申请人张三丰（13856781234），反映等候时间过长"
	if _, err := hs.e.UpdateFollowUp(sup, tk.ID, FollowUpUpdate{State: FollowVerified, Note: note}); err != nil {
		t.Fatal(err)
	}
	seen := 0
	for _, ev := range allEvents(t, hs.e) {
		if !strings.HasPrefix(ev.Type, "followup.") {
			continue
		}
		seen++
		for _, leak := range []string{"13856781234", "张三丰", "等候时间过长"} {
			if strings.Contains(string(ev.JSON()), leak) {
				t.Errorf("%s carries %q: %s", ev.Type, leak, ev.JSON())
			}
		}
	}
	if seen != 2 {
		t.Errorf("%d follow-up events, want opened and updated", seen)
	}
	list, err := hs.e.FollowUps(sup)
	if err != nil || len(list) != 1 || len(list[0].Notes) != 1 || list[0].Notes[0].Note != note || len(list[0].Tags) != 1 {
		t.Errorf("supervisors lost the note or the tag: %+v %v", list, err)
	}
}

// TestFollowUpDeadlinesFollowTheCalendar: without next year's table a
// follow-up's due days skip 1 January (fixed by law) and are provisional;
// loading the table recomputes them, announces it and keeps it.
func TestFollowUpDeadlinesFollowTheCalendar(t *testing.T) {
	hs := newHarness(t)
	hs.clock.Set(time.Date(2026, 12, 31, 10, 0, 0, 0, monday10.Location())) // a Thursday
	tk := badRating(t, hs)
	sup, _, _ := hs.e.Login(LoginRequest{Staff: "boss", PIN: "1234"})
	list, _ := hs.e.FollowUps(sup)
	if f := list[0]; f.VerifyDue.String() != "2027-01-04" || !f.Provisional {
		t.Fatalf("before the 2027 table: verify by %s, provisional %v; want 2027-01-04, true", f.VerifyDue, f.Provisional)
	}
	// A made-up 2027 table (the real notice is not out) that also gives
	// Monday 4 January off.
	table := `{"year": 2027, "notice": "test fixture, not an official notice", "days": [
		{"date": "2027-01-01", "name": "元旦", "off": true},
		{"date": "2027-01-02", "name": "元旦", "off": true},
		{"date": "2027-01-03", "name": "元旦", "off": true},
		{"date": "2027-01-04", "name": "元旦", "off": true}]}`
	before := hs.e.Stats().Seq
	if _, err := hs.e.LoadHolidays([]byte(table)); err != nil {
		t.Fatal(err)
	}
	var updated bool
	for _, ev := range allEvents(t, hs.e)[before:] {
		if d, _ := ev.Decode(); ev.Type == EvFollowUpUpdated && d.FollowUp.Ticket == tk.ID && d.FollowUp.VerifyDue.String() == "2027-01-05" {
			updated = true
		}
	}
	if !updated {
		t.Error("no followup.updated with the new due day")
	}
	hs.reopen()
	list, _ = hs.e.FollowUps(sup)
	if f := list[0]; f.VerifyDue.String() != "2027-01-05" || f.Provisional || f.CloseDue.String() != "2027-01-25" {
		t.Errorf("after the table and a restart: %+v; want verify 2027-01-05, close 2027-01-25, final", f)
	}
}
