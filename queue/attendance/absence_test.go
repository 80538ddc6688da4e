package attendance_test

import (
	"testing"

	"halld/queue/attendance"
)

// Absences over 2026's National Day: 10-01…10-07 are holidays, Saturday
// 10-10 is a 调休 working day, Sunday 10-11 is off.
func TestAbsenceOnWorkingDaysOnly(t *testing.T) {
	v := newEnv(t, "2026-09-28 07:00")
	if n := v.sweep(); n != 0 {
		t.Fatalf("the first sweep marked %d absences; it must only start the book", n)
	}
	// w1 works all of Monday; w2 is on leave on Tuesday.
	v.card("w1", "2026-09-28 08:59")
	v.card("w1", "2026-09-28 13:20")
	v.card("w1", "2026-09-28 17:01")
	if _, err := v.b.AddLeave(boss, attendance.LeaveRequest{Staff: "w2", From: "2026-09-29", To: "2026-09-29", Kind: "事假"}); err != nil {
		t.Fatal(err)
	}
	// Still Monday: w2's closed morning is absent at once (provisional),
	// the afternoon's end is not decided yet.
	v.clock.Set("2026-09-28 16:00")
	if m := v.status("w2", "2026-09-28", "am_in"); m.Status != attendance.Absent || m.Seq != 0 {
		t.Errorf("w2's morning = %+v, want a provisional absence", m)
	}
	if m := v.status("w2", "2026-09-28", "pm_out"); m.Status != attendance.Pending {
		t.Errorf("w2's leaving slot = %+v, want pending", m)
	}

	v.clock.Set("2026-10-12 08:00")
	if err := v.e.ConfirmDay("2026-10-12"); err != nil { // the engine's guard against clock jumps
		t.Fatal(err)
	}
	n := v.sweep()
	// w1: 09-29, 09-30, 10-08, 10-09, 10-10 × 3 slots = 15; w2 the same
	// less the day on leave, plus all of 09-28 = 15; the supervisor, who
	// never punched, 6 days × 3 = 18.
	if n != 48 {
		t.Errorf("sweep recorded %d absences, want 48", n)
	}
	tests := []struct {
		staff, day, slot, want string
	}{
		{"w1", "2026-09-28", "am_in", attendance.OnTime},
		{"w1", "2026-09-29", "am_in", attendance.Absent},
		{"w2", "2026-09-29", "pm_in", attendance.OnLeave},
		{"w1", "2026-10-01", "am_in", attendance.Rest}, // 国庆节
		{"w1", "2026-10-07", "pm_out", attendance.Rest},
		{"w1", "2026-10-08", "am_in", attendance.Absent},
		{"w1", "2026-10-10", "pm_out", attendance.Absent}, // 调休上班 Saturday
		{"w1", "2026-10-11", "am_in", attendance.Rest},    // Sunday
		{"w1", "2026-09-25", "am_in", attendance.Rest},    // before the book began
		{"w1", "2026-10-12", "am_in", attendance.Pending}, // today, not yet 09:00
	}
	for _, tc := range tests {
		m := v.status(tc.staff, tc.day, tc.slot)
		if m.Status != tc.want {
			t.Errorf("%s %s %s = %s, want %s", tc.staff, tc.day, tc.slot, m.Status, tc.want)
		}
		if tc.want == attendance.Absent && m.Seq == 0 {
			t.Errorf("%s %s %s: the absence names no event", tc.staff, tc.day, tc.slot)
		}
	}
	if again := v.sweep(); again != 0 {
		t.Errorf("a second sweep recorded %d more", again)
	}

	// A leave entered afterwards excuses recorded absences.
	if _, err := v.b.AddLeave(boss, attendance.LeaveRequest{Staff: "w1", From: "2026-10-08", To: "2026-10-10", Kind: "病假"}); err != nil {
		t.Fatal(err)
	}
	sep, err := v.b.Month(boss, "w1", "2026-09")
	if err != nil {
		t.Fatal(err)
	}
	oct, err := v.b.Month(boss, "w1", "2026-10")
	if err != nil {
		t.Fatal(err)
	}
	if sep.Workdays != 3 || sep.Absent != 6 || sep.AbsentDays != 2 || sep.Late != 0 {
		t.Errorf("w1 in September: %+v", sep)
	}
	if oct.Workdays != 4 || oct.Absent != 0 || oct.LeaveDays["病假"] != 3 {
		t.Errorf("w1 in October (through the 12th): %+v", oct)
	}
	for _, it := range sep.Items {
		if it.Status == attendance.Absent && it.Seq == 0 {
			t.Errorf("item without its event: %+v", it)
		}
	}

	// The book and its absences survive a restart.
	v.reopen()
	if m := v.status("w1", "2026-09-30", "pm_in"); m.Status != attendance.Absent || m.Seq == 0 {
		t.Errorf("after restart: %+v", m)
	}
	again, err := v.b.Month(boss, "w1", "2026-10")
	if err != nil || again.LeaveDays["病假"] != 3 || again.Absent != 0 {
		t.Errorf("month after restart: %+v %v", again, err)
	}
	if n := v.sweep(); n != 0 {
		t.Errorf("sweep after restart recorded %d", n)
	}
}

func TestLateAndEarlyCountPerMonth(t *testing.T) {
	v := newEnv(t, "2026-12-01 07:00")
	v.sweep()
	v.card("w1", "2026-12-01 09:10") // late
	v.card("w1", "2026-12-01 13:45") // late again, same day
	v.card("w1", "2026-12-01 16:40") // early
	v.card("w1", "2026-12-02 08:50")
	v.card("w1", "2026-12-02 13:20")
	v.card("w1", "2026-12-02 16:55") // early
	// A half day of leave excuses the afternoon's early leave.
	if _, err := v.b.AddLeave(boss, attendance.LeaveRequest{Staff: "w1", From: "2026-12-02", To: "2026-12-02", Kind: "事假", Slots: []string{"pm_out"}}); err != nil {
		t.Fatal(err)
	}
	v.clock.Set("2026-12-03 08:00")
	v.sweep()
	s, err := v.b.Month(boss, "w1", "2026-12")
	if err != nil {
		t.Fatal(err)
	}
	if s.Late != 2 || s.LateDays != 1 || s.Early != 1 || s.EarlyDays != 1 || s.Absent != 0 || s.LeaveDays["事假"] != 0.5 || s.Workdays != 3 {
		t.Errorf("w1's December: %+v", s)
	}
	all, err := v.b.Months(boss, "2026-12")
	if err != nil || len(all) != 3 {
		t.Fatalf("everyone's month: %d rows, %v", len(all), err)
	}
	if all[1].Staff != "w2" || all[1].Absent != 6 || all[1].AbsentDays != 2 {
		t.Errorf("w2's December: %+v", all[1])
	}
}

func TestLeaveRules(t *testing.T) {
	v := newEnv(t, "2026-12-02 10:00")
	clerk := boss
	clerk.Role = "clerk"
	tests := []struct {
		name string
		req  attendance.LeaveRequest
		want string
	}{
		{"unknown staff", attendance.LeaveRequest{Staff: "nobody", From: "2026-12-02", To: "2026-12-02", Kind: "事假"}, "staff_not_found"},
		{"bad date", attendance.LeaveRequest{Staff: "w1", From: "2026-12-32", To: "2026-12-02", Kind: "事假"}, "bad_date"},
		{"backwards", attendance.LeaveRequest{Staff: "w1", From: "2026-12-03", To: "2026-12-02", Kind: "事假"}, "bad_range"},
		{"too long", attendance.LeaveRequest{Staff: "w1", From: "2026-01-01", To: "2027-06-01", Kind: "事假"}, "bad_range"},
		{"kind", attendance.LeaveRequest{Staff: "w1", From: "2026-12-02", To: "2026-12-02", Kind: "旅游"}, "bad_leave_kind"},
		{"slot", attendance.LeaveRequest{Staff: "w1", From: "2026-12-02", To: "2026-12-02", Kind: "事假", Slots: []string{"noon"}}, "bad_slot"},
	}
	for _, tc := range tests {
		if _, err := v.b.AddLeave(boss, tc.req); code(err) != tc.want {
			t.Errorf("%s: %v, want %s", tc.name, err, tc.want)
		}
	}
	ok := attendance.LeaveRequest{Staff: "w1", From: "2026-12-02", To: "2026-12-02", Kind: "病假", Note: "发烧"}
	if _, err := v.b.AddLeave(clerk, ok); code(err) != "supervisor_only" {
		t.Errorf("a clerk recorded leave: %v", err)
	}
	l, err := v.b.AddLeave(boss, ok)
	if err != nil {
		t.Fatal(err)
	}
	if m := v.status("w1", "2026-12-02", "am_in"); m.Status != attendance.OnLeave || m.Leave != l.ID || m.Kind != "病假" {
		t.Errorf("on leave: %+v", m)
	}
	evs, _ := v.e.ReadEvents(0, 100)
	for _, ev := range evs {
		if ev.Type == attendance.EvLeave && (len(ev.Data) == 0 || contains(string(ev.Data), "发烧")) {
			t.Errorf("the leave event carries the note: %s", ev.Data)
		}
	}
	v.clock.Set("2026-12-02 12:00")
	if _, err := v.b.CancelLeave(boss, l.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := v.b.CancelLeave(boss, l.ID); code(err) != "leave_cancelled" {
		t.Errorf("cancelled twice: %v", err)
	}
	if m := v.status("w1", "2026-12-02", "am_in"); m.Status != attendance.Absent {
		t.Errorf("after the leave was withdrawn: %+v", m)
	}
	ls, _ := v.b.Leaves(boss, "2026-12-01", "2026-12-31")
	if len(ls) != 1 || ls[0].Cancelled != "boss" {
		t.Errorf("leaves %+v", ls)
	}
	v.reopen()
	ls, _ = v.b.Leaves(boss, "2026-12-01", "2026-12-31")
	if len(ls) != 1 || ls[0].Cancelled != "boss" || ls[0].Note != "发烧" {
		t.Errorf("leaves after restart %+v", ls)
	}
	l2, err := v.b.AddLeave(boss, ok)
	if err != nil || l2.ID == l.ID {
		t.Errorf("a new leave after restart: %+v %v (ids must not repeat)", l2, err)
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
