package alerts

import (
	"errors"
	"testing"
	"time"

	"halld/queue"
)

// raisePaused pauses window 1 for 21 minutes and returns the alert's id.
func raisePaused(ev *env) string {
	ev.t.Helper()
	tok := ev.login("w1", 1)
	ev.must(ev.e.Pause(queue.Act{Token: tok, Window: 1}, "临时离开"))
	ev.check()
	ev.clock.advance(21 * time.Minute)
	for _, id := range ev.check().Raised {
		if ev.alert(id).Key == "paused/1" {
			return id
		}
	}
	ev.t.Fatal("window 1's pause raised no alert")
	return ""
}

func TestAck(t *testing.T) {
	ev := newEnv(t, testHall(t, only("pause_minutes = 20")))
	id := raisePaused(ev)
	clerk := ev.login("w2", 2)
	sup := ev.login("sup", 0)
	admin := ev.login("admin", 0)
	cases := []struct {
		name  string
		token string
		id    string
		kind  error
		code  string
	}{
		{"a clerk may not", clerk, id, queue.ErrForbidden, "supervisor_only"},
		{"nobody logged in", "nope", id, queue.ErrAuth, "session_invalid"},
		{"unknown alert", sup, "20251120-999", queue.ErrNotFound, "alert_not_found"},
		{"the supervisor acknowledges", sup, id, nil, ""},
		{"only once", admin, id, queue.ErrConflict, "already_acked"},
	}
	for _, tc := range cases {
		a, err := ev.m.Ack(tc.token, tc.id)
		var qe *queue.Error
		switch {
		case tc.kind == nil && err != nil:
			t.Fatalf("%s: %v", tc.name, err)
		case tc.kind != nil && (!errors.Is(err, tc.kind) || !errors.As(err, &qe) || qe.Code != tc.code):
			t.Fatalf("%s: %v, want %s", tc.name, err, tc.code)
		case tc.kind == nil && (a.AckedBy != "sup" || a.AckedAt == nil || !a.AckedAt.Equal(ev.clock.now())):
			t.Fatalf("%s: %+v", tc.name, a)
		}
	}
	if _, err := ev.m.List(clerk); !errors.Is(err, queue.ErrForbidden) {
		t.Fatalf("a clerk listed alerts: %v", err)
	}
	b, err := ev.m.List(admin)
	if err != nil || len(b.Open) != 1 || b.Open[0].AckedBy != "sup" || b.Unacked != 0 {
		t.Fatalf("List = %+v, %v", b, err)
	}
	// Acknowledged is not cleared: the window is still paused.
	ev.clock.advance(time.Minute)
	if r := ev.check(); len(r.Cleared)+len(r.Raised) != 0 {
		t.Fatalf("%+v after the ack", r)
	}
	evs, _ := ev.e.ReadEvents(0, 1000)
	last := evs[len(evs)-1]
	if last.Type != EvAcked || string(last.Data) != `{"id":"`+id+`","by":"sup","at":"2025-11-20T09:21:00+08:00"}` {
		t.Fatalf("last event %s %s", last.Type, last.Data)
	}
}

// A restart keeps open alerts, their ack, history and the watches: the
// condition still holding raises nothing new, and a paused window's time
// counts from before the restart.
func TestRestartKeepsState(t *testing.T) {
	ev := newEnv(t, testHall(t, only("pause_minutes = 20\nunstaffed_minutes = 15\nunstaffed_windows = [2]")))
	id := raisePaused(ev) // also watches window 2 since 09:00 and raised it at 09:21
	sup := ev.login("sup", 0)
	ev.must(ev.m.Ack(sup, id))
	b0 := ev.m.Board(ev.clock.now())
	ev.restart()
	b := ev.m.Board(ev.clock.now())
	if len(b.Open) != len(b0.Open) || len(b.Open) != 2 || b.Unacked != 1 {
		t.Fatalf("after restart %+v, before %+v", b, b0)
	}
	if a := ev.alert(id); a.AckedBy != "sup" || !a.Open() {
		t.Fatalf("after restart %+v", a)
	}
	ev.clock.advance(time.Minute)
	if r := ev.check(); len(r.Raised)+len(r.Cleared) != 0 {
		t.Fatalf("after restart: %+v", r)
	}
	// Window 1 resumes, the alert clears; paused again the watch starts anew
	// and survives a restart.
	tok := ev.login("w1", 1) // the same person again at the same window
	ev.must(ev.e.Resume(queue.Act{Token: tok, Window: 1}))
	if r := ev.check(); len(r.Cleared) != 1 || r.Cleared[0] != id {
		t.Fatalf("resumed: %+v", r)
	}
	ev.must(ev.e.Pause(queue.Act{Token: tok, Window: 1}, "会议"))
	ev.check()
	ev.clock.advance(15 * time.Minute)
	ev.restart()
	ev.clock.advance(6 * time.Minute)
	r := ev.check()
	if len(r.Raised) != 1 || ev.alert(r.Raised[0]).Key != "paused/1" || r.Raised[0] != "20251120-003" {
		t.Fatalf("21 min paused across a restart: %+v", r)
	}
}

func TestStats(t *testing.T) {
	ev := newEnv(t, testHall(t, only("pause_minutes = 20\nqueue_length = 1")))
	id := raisePaused(ev)
	ev.issue("estate")
	ev.issue("estate")
	ev.check()
	sup := ev.login("sup", 0)
	ev.must(ev.m.Ack(sup, id))
	got, err := ev.m.Stats(sup, "2025-11-01", "2025-11-30")
	if err != nil {
		t.Fatal(err)
	}
	want := []DayCount{
		{Day: "2025-11-20", Rule: RulePaused, Name: "暂停超时", Raised: 1, Acked: 1, Open: 1},
		{Day: "2025-11-20", Rule: RuleQueue, Name: "排队过长", Raised: 1, Unacked: 1, Open: 1},
	}
	if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] {
		t.Fatalf("Stats = %+v, want %+v", got, want)
	}
	for _, r := range [][2]string{{"2025-11-30", "2025-11-01"}, {"x", "2025-11-01"}, {"2024-01-01", "2025-11-30"}} {
		if _, err := ev.m.Stats(sup, r[0], r[1]); !errors.Is(err, queue.ErrBadInput) {
			t.Errorf("Stats(%s, %s) = %v, want bad input", r[0], r[1], err)
		}
	}
	if _, err := ev.m.Stats(ev.login("w2", 2), "2025-11-01", "2025-11-30"); !errors.Is(err, queue.ErrForbidden) {
		t.Errorf("a clerk's Stats: %v", err)
	}
}
