package queue

import "testing"

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
