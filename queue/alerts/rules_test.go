package alerts

import (
	"strings"
	"testing"
	"time"

	"halld/queue"
)

// Every rule: the condition raises one alert, a second Check while it
// persists raises none, ending it clears the alert, and the rule turned
// off (0 or false) raises nothing.
func TestRules(t *testing.T) {
	type step func(ev *env, st map[string]string)
	cases := []struct {
		name    string
		on      string        // the [alerts] keys turning the rule on
		make    step          // brings the condition about
		wait    time.Duration // then this passes
		rule    string
		key     string
		detail  string // in the alert's detail
		end     step   // ends the condition
		offWith string // the rule turned off
	}{
		{
			name: "a ticket waits too long", on: "wait_minutes = 30",
			make: func(ev *env, _ map[string]string) { ev.issue("estate") },
			wait: 31 * time.Minute, rule: RuleWait, key: "wait/estate", detail: "A001 号已等候31分钟",
			end: func(ev *env, st map[string]string) {
				tok := ev.login("w1", 1)
				ev.must(ev.e.CallNext(queue.Act{Token: tok, Window: 1}))
			},
			offWith: "wait_minutes = 0",
		},
		{
			name: "a queue too long", on: "queue_length = 2",
			make: func(ev *env, _ map[string]string) { ev.issue("social"); ev.issue("social"); ev.issue("social") },
			rule: RuleQueue, key: "queue/social", detail: "3人排队",
			end: func(ev *env, _ map[string]string) {
				tok := ev.login("w2", 2)
				ev.must(ev.e.CallNext(queue.Act{Token: tok, Window: 2}))
			},
			offWith: "queue_length = 0",
		},
		{
			name: "a window paused too long", on: "pause_minutes = 20",
			make: func(ev *env, st map[string]string) {
				st["tok"] = ev.login("w1", 1)
				ev.must(ev.e.Pause(queue.Act{Token: st["tok"], Window: 1}, "会议"))
			},
			wait: 21 * time.Minute, rule: RulePaused, key: "paused/1", detail: "1号窗口（王芳）暂停服务超过20分钟（会议）",
			end: func(ev *env, st map[string]string) {
				ev.must(ev.e.Resume(queue.Act{Token: st["tok"], Window: 1}))
			},
			offWith: "pause_minutes = 0",
		},
		{
			name: "a window unstaffed in opening hours", on: "unstaffed_minutes = 15\nunstaffed_windows = [2]",
			make: func(ev *env, _ map[string]string) {},
			wait: 16 * time.Minute, rule: RuleUnstaffed, key: "unstaffed/2", detail: "2号窗口（社保医保）开放时间内无人上岗",
			end:     func(ev *env, _ map[string]string) { ev.login("w2", 2) },
			offWith: "unstaffed_minutes = 0",
		},
		{
			name: "a case at its yellow card", on: "case_card = true",
			make: func(ev *env, st map[string]string) {
				ev.must(ev.e.CreateCase("sup", queue.CaseRequest{Number: "BDC-0001", Service: "estate",
					Applicant: queue.Applicant{Name: "张三"}, Type: queue.CasePromised, PromisedDays: 1}))
			},
			rule: RuleCaseCard, key: "case/BDC-0001/yellow", detail: "办件 BDC-0001（不动产登记）剩余",
			end: func(ev *env, _ map[string]string) {
				ev.must(ev.e.UpdateCase("sup", "BDC-0001", queue.CaseUpdate{State: queue.CaseDone}))
			},
			offWith: "case_card = false",
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ev := newEnv(t, testHall(t, only(tc.on)))
			st := map[string]string{}
			tc.make(ev, st)
			if r := ev.check(); tc.wait > 0 && len(r.Raised) != 0 {
				t.Fatalf("raised %v before the condition lasted", r.Raised)
			}
			ev.clock.advance(tc.wait)
			r := ev.check()
			if tc.wait == 0 {
				// raised at the first check already
				b := ev.m.Board(ev.clock.now())
				if len(b.Open) != 1 {
					t.Fatalf("open alerts %+v, want one", b.Open)
				}
				r.Raised = []string{b.Open[0].ID}
			}
			if len(r.Raised) != 1 {
				t.Fatalf("raised %v, want one alert", r.Raised)
			}
			a := ev.alert(r.Raised[0])
			if a.Rule != tc.rule || a.Key != tc.key || !strings.Contains(a.Detail, tc.detail) || a.ID != "20251120-001" {
				t.Fatalf("alert %+v, want rule %s key %s detail ~%q", a, tc.rule, tc.key, tc.detail)
			}
			if strings.Contains(a.Detail, "张三") || strings.Contains(a.Detail, "张*") {
				t.Fatalf("personal data in %q", a.Detail)
			}
			ev.clock.advance(time.Minute)
			if r := ev.check(); len(r.Raised)+len(r.Cleared) != 0 {
				t.Fatalf("while the condition persists: %+v", r)
			}
			tc.end(ev, st)
			if r := ev.check(); len(r.Cleared) != 1 || r.Cleared[0] != a.ID || len(r.Raised) != 0 {
				t.Fatalf("after the condition ended: %+v", r)
			}
			if a := ev.alert(a.ID); a.ClearedAt == nil || a.Open() {
				t.Fatalf("not cleared: %+v", a)
			}
			if b := ev.m.Board(ev.clock.now()); len(b.Open) != 0 || len(b.Today) != 1 || b.Unacked != 1 {
				t.Fatalf("board %+v, want no open and one in today's history", b)
			}
			evs, _ := ev.e.ReadEvents(0, 1000)
			var types []string
			for _, e := range evs {
				if strings.HasPrefix(e.Type, "alert.") {
					types = append(types, e.Type)
				}
			}
			if strings.Join(types, " ") != "alert.raised alert.cleared" {
				t.Fatalf("alert events %v", types)
			}
		})
		t.Run(tc.name+", off", func(t *testing.T) {
			ev := newEnv(t, testHall(t, only(tc.offWith)))
			tc.make(ev, map[string]string{})
			ev.check()
			ev.clock.advance(tc.wait + time.Minute)
			if r := ev.check(); len(r.Raised) != 0 {
				t.Fatalf("a rule turned off raised %v", r.Raised)
			}
		})
	}
}

// A service's override beats the hall's threshold, either way.
func TestServiceOverride(t *testing.T) {
	ev := newEnv(t, testHall(t, "[alerts.service.estate]\nwait_minutes = 60\ncase_card = false\n"+
		"[alerts.service.social]\nwait_minutes = 10\n"+only("wait_minutes = 30\ncase_card = true")))
	ev.issue("estate")
	ev.issue("social")
	ev.must(ev.e.CreateCase("sup", queue.CaseRequest{Number: "BDC-0002", Service: "estate",
		Applicant: queue.Applicant{Company: "某公司"}, Type: queue.CasePromised, PromisedDays: 1}))
	ev.clock.advance(11 * time.Minute)
	r := ev.check()
	if len(r.Raised) != 1 || ev.alert(r.Raised[0]).Key != "wait/social" {
		t.Fatalf("at 11 min raised %v, want social's wait only (estate's case card is off)", r.Raised)
	}
	ev.clock.advance(20 * time.Minute) // 31: over the hall's 30, under estate's 60
	if r := ev.check(); len(r.Raised) != 0 {
		t.Fatalf("at 31 min raised %v", r.Raised)
	}
	ev.clock.advance(30 * time.Minute)
	if r := ev.check(); len(r.Raised) != 1 || ev.alert(r.Raised[0]).Key != "wait/estate" {
		t.Fatalf("at 61 min raised %v, want estate's wait", r.Raised)
	}
}

// Unstaffed counts only in opening hours: the lunch break clears it, and
// the afternoon starts counting again.
func TestUnstaffedOnlyInOpeningHours(t *testing.T) {
	ev := newEnv(t, testHall(t, only("unstaffed_minutes = 15\nunstaffed_windows = [1]")))
	ev.clock.advance(-30 * time.Minute) // 08:30: closed
	ev.check()
	ev.clock.advance(30 * time.Minute) // 09:00: opens, the window unstaffed
	ev.check()
	ev.clock.advance(10 * time.Minute) // 09:10
	if r := ev.check(); len(r.Raised) != 0 {
		t.Fatalf("raised %v 10 minutes after opening", r.Raised)
	}
	ev.clock.advance(6 * time.Minute)
	r := ev.check()
	if len(r.Raised) != 1 {
		t.Fatalf("raised %v at 09:16", r.Raised)
	}
	ev.clock.advance(3 * time.Hour) // 12:16: lunch
	if r2 := ev.check(); len(r2.Cleared) != 1 || r2.Cleared[0] != r.Raised[0] {
		t.Fatalf("at lunch %+v", r2)
	}
	ev.clock.advance(80 * time.Minute) // 13:36
	if r := ev.check(); len(r.Raised) != 0 {
		t.Fatalf("raised %v at 13:36", r.Raised)
	}
	ev.clock.advance(16 * time.Minute) // 13:52: 16 min since seen at 13:36
	if r := ev.check(); len(r.Raised) != 1 || r.Raised[0] != "20251120-002" {
		t.Fatalf("raised %v at 13:52", r.Raised)
	}
}

// A case's card turning red clears its yellow alert and raises a red one.
func TestCaseCardTurnsRed(t *testing.T) {
	ev := newEnv(t, testHall(t, only("case_card = true")))
	ev.must(ev.e.CreateCase("sup", queue.CaseRequest{Number: "JB-0001", Service: "social",
		Applicant: queue.Applicant{Name: "李四"}, Type: queue.CaseInstant}))
	if r := ev.check(); len(r.Raised) != 0 {
		t.Fatalf("an instant case on its day raised %v", r.Raised)
	}
	ev.clock.advance(24 * time.Hour) // Friday: its day is over
	ev.issue("estate")               // a change, which refreshes the cards
	r := ev.check()
	if len(r.Raised) != 1 {
		t.Fatalf("raised %v", r.Raised)
	}
	if a := ev.alert(r.Raised[0]); a.Key != "case/JB-0001/red" || !strings.Contains(a.Detail, "已超期") || a.ID != "20251121-001" {
		t.Fatalf("alert %+v", a)
	}
}
