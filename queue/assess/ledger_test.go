package assess

import (
	"sync"
	"testing"
	"time"

	"halld/queue"
	"halld/queue/hall"
	"halld/queue/queuetest"
)

// clock is the engine's injected time.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }

// to moves the clock to t a day at a time, as a hall that runs every day
// (the engine doubts a clock that skips working days).
func (c *clock) to(t *testing.T, e *queue.Engine, at time.Time) {
	t.Helper()
	for {
		c.mu.Lock()
		next := c.t.Add(24 * time.Hour)
		if !next.Before(at) {
			c.t = at
		} else {
			c.t = next
		}
		done := c.t.Equal(at)
		c.mu.Unlock()
		if err := e.Tick(); err != nil {
			t.Fatal(err)
		}
		if done {
			return
		}
	}
}

func at(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, shanghai)
	if err != nil {
		panic(err)
	}
	return t
}

// served issues, calls, finishes and rates one estate ticket at window 3.
func served(t *testing.T, e *queue.Engine, tok string, level int) queue.TicketView {
	t.Helper()
	tv, err := e.Issue(queue.IssueRequest{Service: "estate", Channel: "kiosk"})
	if err != nil {
		t.Fatal(err)
	}
	a := queue.Act{Token: tok, Window: 3}
	if _, err := e.CallNext(a); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Start(a); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Finish(a, queue.OutcomeHandled); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Evaluate(queue.EvaluateRequest{Ticket: tv.ID, Level: level, Channel: "keypad"}); err != nil {
		t.Fatal(err)
	}
	return tv
}

// TestLedgerScoresTheEnginesMonth drives a real engine through November:
// ratings, a 差评 whose follow-up closes late, a case finished late; the
// ledger finds them in the log and every point names its event.
func TestLedgerScoresTheEnginesMonth(t *testing.T) {
	clk := &clock{t: at("2026-11-02 09:00")}
	e := queuetest.Open(t, hall.Demo(), queue.Options{Now: clk.now})
	login := func(staff string, window int) string {
		tok, _, err := e.Login(queue.LoginRequest{Staff: staff, PIN: "1234", Window: window})
		if err != nil {
			t.Fatal(err)
		}
		return tok
	}
	w3 := login("w3", 3)
	bad := served(t, e, w3, 1)
	for range 2 {
		served(t, e, w3, 5)
	}
	served(t, e, w3, 3)
	k, err := e.CreateCase("w3", queue.CaseRequest{Service: "estate", Window: 3, Staff: "w3",
		Applicant: queue.Applicant{Name: "张三"}, Type: queue.CasePromised, PromisedDays: 2})
	if err != nil {
		t.Fatal(err)
	}
	// Due Wednesday 4 November; finished Tuesday 10th: 4 working days late
	// (5, 6, 9, 10). The follow-up (due by the 3rd for verification, 15
	// working days to close) is verified late on the 10th and closed.
	clk.to(t, e, at("2026-11-10 15:00"))
	if _, err := e.UpdateCase("w3", k.Number, queue.CaseUpdate{State: queue.CaseDone}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.UpdateCase("w3", k.Number, queue.CaseUpdate{State: queue.CasePickedUp}); err != nil {
		t.Fatal(err) // a later change of a finished case: not counted again
	}
	if _, err := e.UpdateFollowUp(login("admin", 0), bad.ID, queue.FollowUpUpdate{State: queue.FollowClosed, Note: "已回访致歉"}); err != nil {
		t.Fatal(err)
	}
	l := NewLedger(e, e.Hall(), e.Calendar())
	r, err := l.Month("2026-11")
	if err != nil {
		t.Fatal(err)
	}
	dep := scoreOf(t, r, "自然资源和规划局")
	want := []wantItem{{BadRating, 1, -1, false}, {OverdueCaseDay, 1, -8, false}, {OverdueFollowUp, 1, -1, false}}
	if g := got(dep); g.total != 90 || !equalItems(g.items, want) || dep.Ratings != 4 || dep.VerySatisfied != 2 {
		t.Errorf("自然资源和规划局 = %+v, want 90 with %+v", g, want)
	}
	if it := dep.Items[1]; it.Sources[0].Ref != k.Number || it.Sources[0].Qty != 4 || it.Sources[0].Seq == 0 {
		t.Errorf("overdue case source = %+v", it.Sources)
	}
	staff := scoreOf(t, r, "w3")
	if g := got(staff); g.total != 98 || !equalItems(g.items, []wantItem{{BadRating, 1, -1, false}, {OverdueFollowUp, 1, -1, false}}) {
		t.Errorf("w3 = %+v", g)
	}
	// Each source is the event it names.
	for _, it := range dep.Items {
		for _, s := range it.Sources {
			evs, err := e.ReadEvents(s.Seq-1, 1)
			if err != nil || len(evs) != 1 || !evs[0].At.Equal(s.At) {
				t.Errorf("source %+v is not event %d (%v)", s, s.Seq, err)
			}
		}
	}
	// November is not over yet: not kept. Once December has an event it is.
	if _, ok := l.over["2026-11"]; ok {
		t.Error("November kept before it was over")
	}
	if _, ok := l.over["2026-10"]; !ok {
		t.Error("October (over, and empty) not kept")
	}
	clk.to(t, e, at("2026-12-01 09:00"))
	served(t, e, login("w3", 3), 2)
	again, err := l.Month("2026-11")
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := l.over["2026-11"]; !ok {
		t.Error("November not kept once over")
	}
	if got(scoreOf(t, again, "自然资源和规划局")).total != 90 {
		t.Error("recomputing November changed it")
	}
	dec, err := l.Month("2026-12")
	if err != nil {
		t.Fatal(err)
	}
	if sc := scoreOf(t, dec, "w3"); sc.Total != 99 || dec.Period == nil {
		t.Errorf("December: w3 %v, period %+v", sc.Total, dec.Period)
	}
	if _, err := l.Month("2026-1"); err == nil {
		t.Error("bad month accepted")
	}
}

func equalItems(a, b []wantItem) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
