package assess

import (
	"encoding/json"
	"slices"
	"testing"
	"time"

	"halld/queue"
	"halld/queue/hall"
)

// TestKindsAreTheHallsKinds: every kind this package documents has a rule
// in the hall file's table, and the other way round.
func TestKindsAreTheHallsKinds(t *testing.T) {
	ours := []string{BadRating, Rating, RatingVerySatisfied, Praise, ComplaintUpheld, Late, EarlyLeave, AbsentHalfDay,
		PersonalLeaveDay, SickLeaveDay, LeaveOverLimit, OverdueCaseDay, OverdueFollowUp, UnackedAlert}
	var theirs []string
	for _, r := range hall.AssessKinds {
		theirs = append(theirs, r.Kind)
	}
	slices.Sort(ours)
	slices.Sort(theirs)
	if !slices.Equal(ours, theirs) {
		t.Errorf("assess kinds %v\nhall kinds   %v", ours, theirs)
	}
}

func event(seq uint64, typ string, at time.Time, d queue.EventData) queue.Event {
	raw, _ := json.Marshal(d)
	return queue.Event{Seq: seq, Type: typ, At: at, Data: raw}
}

func TestAdapters(t *testing.T) {
	h := hall.Demo()
	ctx := &Context{Hall: h}
	at := time.Date(2026, 11, 3, 10, 0, 0, 0, h.Location)
	tv := &queue.TicketView{Number: "B007", Service: "social", Day: "2026-11-03", Window: 5}
	ev := func(level int, active bool) queue.EvaluationView {
		return queue.EvaluationView{Level: level, Active: active, Staff: "w4", Channel: "keypad"}
	}
	finished := at.Add(48 * time.Hour)
	late := queue.CaseView{Number: "C1", Service: "estate", Department: "自然资源和规划局", Window: 3, State: queue.CaseDone, FinishedAt: &finished}
	late.Due.Year, late.Due.Month, late.Due.Day = 2026, 11, 4
	onTime := late
	onTime.Due.Day = 5
	picked := late
	picked.State = queue.CasePickedUp
	for _, c := range []struct {
		name  string
		ev    queue.Event
		kinds []string
		dept  string
	}{
		{"非常满意", event(1, queue.EvEvaluated, at, queue.EventData{Ticket: tv, FromWindow: 5, Evaluation: ptr(ev(5, true))}),
			[]string{Rating, RatingVerySatisfied}, "人力资源和社会保障局"},
		{"满意", event(2, queue.EvEvaluated, at, queue.EventData{Ticket: tv, Evaluation: ptr(ev(4, true))}), []string{Rating}, "人力资源和社会保障局"},
		{"不满意", event(3, queue.EvEvaluated, at, queue.EventData{Ticket: tv, Evaluation: ptr(ev(2, true))}), []string{Rating, BadRating}, "人力资源和社会保障局"},
		{"a policy's default", event(4, queue.EvEvaluated, at, queue.EventData{Ticket: tv, Evaluation: ptr(ev(5, false))}), nil, ""},
		{"a case's 办结 node", event(5, queue.EvCaseEvaluated, at, queue.EventData{Case: &late, Evaluation: ptr(ev(1, true))}),
			[]string{Rating, BadRating}, "自然资源和规划局"},
		{"a case finished a day late", event(6, queue.EvCaseUpdated, finished, queue.EventData{Case: &late}), []string{OverdueCaseDay}, "自然资源和规划局"},
		{"a case finished on its due day", event(7, queue.EvCaseUpdated, finished, queue.EventData{Case: &onTime}), nil, ""},
		{"a late case collected later", event(8, queue.EvCaseUpdated, finished.Add(time.Hour), queue.EventData{Case: &picked}), nil, ""},
		{"a ticket finished", event(9, queue.EvFinished, at, queue.EventData{Ticket: tv}), nil, ""},
		{"another domain's event", event(10, "attendance.punched", at, queue.EventData{}), nil, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			fs, err := FactsFromEvents([]queue.Event{c.ev}, ctx)
			if err != nil {
				t.Fatal(err)
			}
			var kinds []string
			for _, f := range fs {
				kinds = append(kinds, f.Kind)
				if f.Department != c.dept || f.Seq != c.ev.Seq || !f.At.Equal(c.ev.At) || f.Ref == "" {
					t.Errorf("fact %+v", f)
				}
			}
			if !slices.Equal(kinds, c.kinds) {
				t.Errorf("kinds %v, want %v", kinds, c.kinds)
			}
		})
	}
	// Damage is an error naming the event, not a fact left out.
	bad := queue.Event{Seq: 42, Type: queue.EvEvaluated, At: at, Data: json.RawMessage(`{"ticket":7}`)}
	if _, err := FactsFromEvents([]queue.Event{bad}, ctx); err == nil {
		t.Error("an undecodable evaluation was skipped")
	}
}

func ptr[T any](v T) *T { return &v }

func TestSeekFindsTheMonth(t *testing.T) {
	h := hall.Demo()
	log := busyMonth(h) // 2026-10-01 09:00 on, two months
	l := NewLedger(log, h, nil)
	for _, c := range []struct {
		at   time.Time
		want uint64
	}{
		{time.Date(2020, 1, 1, 0, 0, 0, 0, h.Location), 0},
		{log[0].At, 0},
		{log[0].At.Add(time.Second), 5}, // the first ticket's five events share a stamp
		{time.Date(2030, 1, 1, 0, 0, 0, 0, h.Location), uint64(len(log))},
	} {
		got, err := l.seek(c.at)
		if err != nil || got != c.want {
			t.Errorf("seek(%v) = %d, %v; want %d", c.at, got, err, c.want)
		}
	}
	empty := NewLedger(memLog(nil), h, nil)
	if r, err := empty.Month("2026-11"); err != nil || len(r.Departments) != 6 || r.Departments[0].Total != 100 {
		t.Errorf("an empty log: %+v, %v", r.Departments, err)
	}
}
